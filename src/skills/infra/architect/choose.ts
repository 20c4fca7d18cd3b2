// Picks the pattern for a feature request: every cue found in the text adds its weight; the best score
// wins, ties go to catalogue order, and the runners-up are kept so the design can say why not them.
import { UserError } from "../../../core/errors.js";
import { closest } from "../../../core/suggest.js";
import { cuePattern } from "./patterns/cue.js";
import { findPattern, PATTERN_IDS, PATTERNS, type Pattern } from "./patterns/index.js";

export interface PatternScore {
  id: string;
  score: number;
  /** Labels of the cues found in the text. */
  matched: string[];
}

export interface PatternChoice {
  pattern: Pattern;
  /** "forced" when --pattern named it. */
  reason: "scored" | "forced";
  /** Every pattern, best first. */
  scores: PatternScore[];
}

export function scorePatterns(feature: string): PatternScore[] {
  const text = feature.toLowerCase().replace(/[_/]+/g, " ");
  const scores = PATTERNS.map((pattern, order) => {
    const matched = pattern.cues.filter((cue) => cuePattern(cue).test(text));
    return {
      order,
      id: pattern.id,
      score: matched.reduce((sum, cue) => sum + cue.weight, 0),
      matched: matched.map((cue) => cue.label),
    };
  });
  return scores
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ id, score, matched }) => ({ id, score, matched }));
}

export function unknownPattern(id: string): UserError {
  const guess = closest(id, PATTERN_IDS);
  return new UserError(
    "PATTERN_UNKNOWN",
    `pattern "${id}" is not in the catalogue; known patterns: ${PATTERN_IDS.join(", ")}`,
    {
      suggestion:
        guess === undefined ? `use --pattern with one of: ${PATTERN_IDS.join(", ")}` : `did you mean "${guess}"?`,
      details: { pattern: id, patterns: PATTERN_IDS },
    },
  );
}

export function choosePattern(feature: string, forced?: string): PatternChoice {
  const scores = scorePatterns(feature);
  if (forced !== undefined) {
    const pattern = findPattern(forced);
    if (pattern === undefined) throw unknownPattern(forced);
    return { pattern, reason: "forced", scores };
  }
  const best = scores[0];
  const pattern = best === undefined || best.score === 0 ? undefined : findPattern(best.id);
  if (pattern === undefined) {
    throw new UserError("PATTERN_UNDETERMINED", `no pattern in the catalogue matches "${feature}"`, {
      suggestion: `describe what the feature stores or serves (uploads, an API, a web service, a job queue, a website), or pass --pattern with one of: ${PATTERN_IDS.join(", ")}`,
      details: { feature, patterns: PATTERN_IDS },
    });
  }
  return { pattern, reason: "scored", scores };
}
