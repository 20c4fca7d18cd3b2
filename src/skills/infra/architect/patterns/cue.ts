// Builds the cues of the pattern catalogue from plain word lists.
import type { Cue } from "./types.js";

/** A cue from a word list: each alternative matches as a whole word (an "s" plural included). */
export function cue(label: string, weight: number, ...alternatives: string[]): Cue {
  const words = alternatives.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "[\\s-]+"));
  return { label, weight, pattern: new RegExp(`\\b(?:${words.join("|")})s?\\b`, "i") };
}
