// The test run's verdict: PASS, WARN or FAIL from the findings, the validation, the cost against the
// budget and the required tags, with every reason named (threshold_violations). The limits are
// testing.thresholds; the budget is the environment's cost_threshold, else max_monthly_cost.
import type { Severity } from "./types.js";

export type OverallStatus = "PASS" | "WARN" | "FAIL";
export type TestStatus = "pass" | "warn" | "fail" | "skipped";

export interface Thresholds {
  max_critical_findings: number;
  max_high_findings: number;
}

export interface VerdictInput {
  findings: Record<Severity, number>;
  thresholds: Thresholds;
  /** terraform validate's outcome, when it ran. */
  validation?: "passed" | "failed";
  cost?: { monthly: number; threshold: number };
  /** Resources missing a tag listed in tagging.required. */
  missingRequiredTags?: number;
  /** Every test's own status: a failing or warning test the rules below do not cover still counts. */
  tests: ReadonlyArray<{ name: string; status: TestStatus; summary?: string }>;
}

export interface ThresholdViolation {
  rule: string;
  level: "fail" | "warn";
  message: string;
}

export interface Verdict {
  overall_status: OverallStatus;
  reason: string;
  threshold_violations: ThresholdViolation[];
}

/** Medium findings from this many on make a run WARN (seed rule). */
export const MEDIUM_WARN_AT = 5;
/** Cost from this share of the budget on makes a run WARN (seed rule: 80–100 %). */
export const COST_WARN_RATIO = 0.8;

const money = (n: number) => `$${n.toFixed(2)}`;

/** The rules that already judge a test from its facts: such a test adds a reason only when none of them fired. */
const RULES_OF_TEST: Readonly<Record<string, readonly string[]>> = {
  security_scan: ["max_critical_findings", "max_high_findings", "high_findings", "medium_findings"],
  terraform_validation: ["terraform_validation"],
  cost_estimation: ["cost_threshold"],
  tagging_compliance: ["required_tags"],
};

export function decideVerdict(input: VerdictInput): Verdict {
  const violations: ThresholdViolation[] = [];
  const add = (rule: string, level: ThresholdViolation["level"], message: string) =>
    violations.push({ rule, level, message });
  const { critical, high, medium } = input.findings;
  const { max_critical_findings: maxCritical, max_high_findings: maxHigh } = input.thresholds;

  if (critical > maxCritical)
    add("max_critical_findings", "fail", `${critical} critical finding(s), more than the ${maxCritical} allowed`);
  if (high > maxHigh) add("max_high_findings", "fail", `${high} high finding(s), more than the ${maxHigh} allowed`);
  else if (high > 0) add("high_findings", "warn", `${high} high finding(s) (at most ${maxHigh} allowed)`);
  if (medium >= MEDIUM_WARN_AT)
    add("medium_findings", "warn", `${medium} medium finding(s) (${MEDIUM_WARN_AT} or more)`);
  if (input.validation === "failed") add("terraform_validation", "fail", "terraform validate reported errors");
  if (input.cost !== undefined) {
    const { monthly, threshold } = input.cost;
    if (monthly > threshold)
      add("cost_threshold", "fail", `estimated ${money(monthly)}/month is over the ${money(threshold)} budget`);
    else if (threshold > 0 && monthly >= COST_WARN_RATIO * threshold) {
      add(
        "cost_threshold",
        "warn",
        `estimated ${money(monthly)}/month is ${Math.round((monthly / threshold) * 100)} % of the ${money(threshold)} budget`,
      );
    }
  }
  if ((input.missingRequiredTags ?? 0) > 0)
    add("required_tags", "fail", `${input.missingRequiredTags} resource(s) miss a required tag (tagging.required)`);
  for (const test of input.tests) {
    if (test.status !== "fail" && test.status !== "warn") continue;
    const rules = RULES_OF_TEST[test.name] ?? [];
    if (violations.some((v) => rules.includes(v.rule))) continue;
    add(test.name, test.status, test.summary ?? `${test.name} ${test.status === "fail" ? "failed" : "has warnings"}`);
  }

  const overall: OverallStatus = violations.some((v) => v.level === "fail")
    ? "FAIL"
    : violations.length > 0
      ? "WARN"
      : "PASS";
  const reason =
    overall === "PASS"
      ? "every test passed within the thresholds"
      : violations
          .filter((v) => v.level === (overall === "FAIL" ? "fail" : "warn"))
          .map((v) => v.message)
          .join("; ");
  return { overall_status: overall, reason, threshold_violations: violations };
}
