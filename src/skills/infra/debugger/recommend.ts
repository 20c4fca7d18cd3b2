// What the debugger does with its best fix: the seed's confidence × environment decision matrix, and
// its evidence bar for applying a learned fix, in code rather than in a workflow document.
import type { RankedSolution } from "./ranking.js";
import { hasLearnedEvidence } from "./ranking.js";

export type RecommendedAction = "auto-apply" | "ask" | "manual" | "novel";

export interface RecommendEnvironment {
  name: string;
  requireConfirmation: boolean;
  prodLike: boolean;
}

export interface Recommendation {
  action: RecommendedAction;
  reason: string;
}

/**
 * The evidence an automated learned fix needs before it is applied (or offered for approval) rather
 * than shown as manual steps; both bars are strict ("more than"), as the seed wrote them.
 */
export const APPLY_EVIDENCE = {
  confirmation: { minPercentage: 70, minAttempts: 10 },
  other: { minPercentage: 50, minAttempts: 2 },
} as const;

function guarded(env: RecommendEnvironment): boolean {
  return env.requireConfirmation || env.prodLike;
}

/** Undefined when the fix may be applied; otherwise why its record is too thin for this environment. */
function evidenceShortfall(best: RankedSolution, env: RecommendEnvironment): string | undefined {
  if (!hasLearnedEvidence(best) || best.success_rate === null) return undefined;
  const bar = guarded(env) ? APPLY_EVIDENCE.confirmation : APPLY_EVIDENCE.other;
  const { percentage, attempts } = best.success_rate;
  if (percentage > bar.minPercentage && attempts > bar.minAttempts) return undefined;
  return `its record here (${percentage}% over ${attempts} attempts) is below the bar for ${env.name} (more than ${bar.minPercentage}% over more than ${bar.minAttempts} attempts)`;
}

export function recommend(best: RankedSolution | undefined, env: RecommendEnvironment): Recommendation {
  if (best === undefined) {
    return {
      action: "novel",
      reason: "no known fix matches this error: investigate it, and the fix you find will be learned",
    };
  }
  const what = `"${best.description}" (${best.confidence} confidence)`;
  if (best.confidence === "low" || best.confidence === "very_low") {
    return { action: "manual", reason: `${what} is a suggestion only: check that it fits before following its steps` };
  }
  if (!best.automation.automated) {
    return { action: "manual", reason: `${what} cannot be applied by devops: follow its steps` };
  }
  const shortfall = evidenceShortfall(best, env);
  if (shortfall !== undefined)
    return { action: "manual", reason: `${what} is automated, but ${shortfall}: follow its steps` };
  if (best.confidence === "high" && !guarded(env)) {
    return { action: "auto-apply", reason: `${what} is automated and ${env.name} does not require confirmation` };
  }
  const why =
    best.confidence === "high" ? `${env.name} requires confirmation` : "medium confidence needs a person's approval";
  return { action: "ask", reason: `${what} is automated; ${why}` };
}
