import { describe, expect, it } from "vitest";
import type { RankedSolution, SolutionConfidence } from "../../../src/skills/infra/debugger/ranking.js";
import { APPLY_EVIDENCE, recommend } from "../../../src/skills/infra/debugger/recommend.js";

const ENVIRONMENTS = {
  test: { name: "test", requireConfirmation: false, prodLike: false },
  staging: { name: "staging", requireConfirmation: true, prodLike: false },
  prod: { name: "prod", requireConfirmation: true, prodLike: true },
  // Production-like by name even where the config forgot to require confirmation.
  live: { name: "live", requireConfirmation: false, prodLike: true },
} as const;
const { prod } = ENVIRONMENTS;

function solution(
  confidence: SolutionConfidence,
  automated: boolean,
  record: readonly [number, number] | "catalogue" = [20, 95],
): RankedSolution {
  const learned = record !== "catalogue";
  return {
    solution_id: learned ? "a1b2" : "catalogue:terraform-state-locked",
    ...(learned ? { issue_id: "c3d4" } : { catalogue_id: "terraform-state-locked" }),
    source: learned ? "learned" : "catalogue",
    description: "Release the state lock",
    category: "state_fix",
    steps: ["devops infra unlock --env test"],
    automation: { automated },
    score: 20,
    breakdown: { exact: 10, code: 5, resource_type: 3, environment: 0, operation: 0, success_rate: 1, recency: 0.5 },
    success_rate: learned
      ? {
          attempts: record[0],
          successes: Math.round((record[0] * record[1]) / 100),
          failures: 0,
          percentage: record[1],
        }
      : null,
    confidence,
  };
}

describe("recommend", () => {
  it.each([
    // confidence, automated, environment, action
    ["high", true, "test", "auto-apply"],
    ["high", true, "staging", "ask"],
    ["high", true, "prod", "ask"],
    ["high", true, "live", "ask"],
    ["high", false, "test", "manual"],
    ["high", false, "prod", "manual"],
    ["medium", true, "test", "ask"],
    ["medium", true, "prod", "ask"],
    ["medium", false, "test", "manual"],
    ["medium", false, "prod", "manual"],
    ["low", true, "test", "manual"],
    ["low", true, "prod", "manual"],
    ["low", false, "test", "manual"],
    ["very_low", true, "test", "manual"],
    ["very_low", false, "prod", "manual"],
  ] as const)("%s confidence, automated %s, in %s: %s", (confidence, automated, env, action) => {
    const percentage = confidence === "high" ? 95 : 75;

    expect(recommend(solution(confidence, automated, [20, percentage]), ENVIRONMENTS[env]).action).toBe(action);
  });

  it("calls an error without any known fix novel", () => {
    expect(recommend(undefined, prod)).toEqual({ action: "novel", reason: expect.stringContaining("no known fix") });
  });

  it("keeps the seed's bars: more than 70% over more than 10 attempts where confirmation is required, 50% over 2 elsewhere", () => {
    expect(APPLY_EVIDENCE).toEqual({
      confirmation: { minPercentage: 70, minAttempts: 10 },
      other: { minPercentage: 50, minAttempts: 2 },
    });
  });

  it.each([
    // attempts, percentage, environment, action
    [11, 75, "prod", "ask"],
    [10, 75, "prod", "manual"],
    [11, 70, "prod", "manual"],
    [11, 75, "staging", "ask"],
    [10, 100, "staging", "manual"],
    [3, 60, "test", "ask"],
    [2, 60, "test", "manual"],
    [3, 50, "test", "manual"],
  ] as const)(
    "an automated medium-confidence learned fix with %i attempts at %d%% in %s: %s",
    (attempts, percentage, env, action) => {
      const result = recommend(solution("medium", true, [attempts, percentage]), ENVIRONMENTS[env]);

      expect(result.action).toBe(action);
      if (action === "manual") expect(result.reason).toContain(`below the bar for ${env}`);
    },
  );

  it.each([
    [11, "test", "auto-apply"],
    [2, "test", "manual"],
    [10, "prod", "manual"],
  ] as const)("an automated high-confidence learned fix with %i attempts in %s: %s", (attempts, env, action) => {
    expect(recommend(solution("high", true, [attempts, 100]), ENVIRONMENTS[env]).action).toBe(action);
  });

  it.each([
    ["test", "ask"],
    ["prod", "ask"],
  ] as const)("offers an automated catalogue fix without local statistics for approval in %s", (env, action) => {
    expect(recommend(solution("medium", true, "catalogue"), ENVIRONMENTS[env]).action).toBe(action);
  });

  it("says why, naming the fix and the environment", () => {
    const result = recommend(solution("high", true), prod);

    expect(result.reason).toBe('"Release the state lock" (high confidence) is automated; prod requires confirmation');
  });
});
