// Turns a pattern's cue words into the expression that finds them in a feature request.
import type { Cue } from "./types.js";

const compiled = new WeakMap<Cue, RegExp>();

/** Each word matches as a whole word (a plural "s" included; a space also matches a hyphen). */
export function cuePattern(cue: Cue): RegExp {
  let pattern = compiled.get(cue);
  if (pattern === undefined) {
    const words = cue.words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "[\\s-]+"));
    pattern = new RegExp(`\\b(?:${words.join("|")})s?\\b`, "i");
    compiled.set(cue, pattern);
  }
  return pattern;
}
