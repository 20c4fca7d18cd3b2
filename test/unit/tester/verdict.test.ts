import { describe, expect, it } from "vitest";
import { decideVerdict, type VerdictInput } from "../../../src/skills/infra/tester/verdict.js";

const base: VerdictInput = {
  findings: { critical: 0, high: 0, medium: 0, low: 0 },
  thresholds: { max_critical_findings: 0, max_high_findings: 2 },
  tests: [],
};
const findings = (critical: number, high: number, medium: number, low = 0) => ({
  findings: { critical, high, medium, low },
});

describe("verdict (seed thresholds: max_critical_findings 0, max_high_findings 2, cost 80–100 % warns)", () => {
  it.each<[string, Partial<VerdictInput>, "PASS" | "WARN" | "FAIL", string[]]>([
    ["nothing found", {}, "PASS", []],
    ["low findings only", findings(0, 0, 0, 9), "PASS", []],
    ["one critical finding", findings(1, 0, 0), "FAIL", ["max_critical_findings"]],
    ["three high findings", findings(0, 3, 0), "FAIL", ["max_high_findings"]],
    ["two high findings", findings(0, 2, 0), "WARN", ["high_findings"]],
    ["one high finding", findings(0, 1, 0), "WARN", ["high_findings"]],
    ["five medium findings", findings(0, 0, 5), "WARN", ["medium_findings"]],
    ["four medium findings", findings(0, 0, 4), "PASS", []],
    ["validation failed", { validation: "failed" }, "FAIL", ["terraform_validation"]],
    ["validation passed", { validation: "passed" }, "PASS", []],
    ["cost over the budget", { cost: { monthly: 100.01, threshold: 100 } }, "FAIL", ["cost_threshold"]],
    ["cost at the budget", { cost: { monthly: 100, threshold: 100 } }, "WARN", ["cost_threshold"]],
    ["cost at 80 % of the budget", { cost: { monthly: 80, threshold: 100 } }, "WARN", ["cost_threshold"]],
    ["cost just under 80 %", { cost: { monthly: 79.99, threshold: 100 } }, "PASS", []],
    ["zero budget, zero cost", { cost: { monthly: 0, threshold: 0 } }, "PASS", []],
    ["missing required tags", { missingRequiredTags: 2 }, "FAIL", ["required_tags"]],
    [
      "a failing test no rule covers",
      { tests: [{ name: "naming_compliance", status: "fail", summary: "bad names" }] },
      "FAIL",
      ["naming_compliance"],
    ],
    [
      "a warning test no rule covers",
      { tests: [{ name: "naming_compliance", status: "warn" }] },
      "WARN",
      ["naming_compliance"],
    ],
    [
      "a failing test its rule already names",
      { cost: { monthly: 200, threshold: 100 }, tests: [{ name: "cost_estimation", status: "fail" }] },
      "FAIL",
      ["cost_threshold"],
    ],
    ["skipped tests", { tests: [{ name: "lambda_invoke", status: "skipped" }] }, "PASS", []],
    [
      "FAIL beats WARN",
      { ...findings(0, 1, 6), validation: "failed" },
      "FAIL",
      ["high_findings", "medium_findings", "terraform_validation"],
    ],
  ])("%s → %s", (_what, input, overall, rules) => {
    const verdict = decideVerdict({ ...base, ...input });

    expect(verdict.overall_status).toBe(overall);
    expect(verdict.threshold_violations.map((v) => v.rule)).toEqual(rules);
  });

  it.each<[string, Partial<VerdictInput["thresholds"]>, Partial<VerdictInput>, "PASS" | "WARN" | "FAIL"]>([
    ["one critical allowed", { max_critical_findings: 1 }, findings(1, 0, 0), "PASS"],
    ["no high allowed", { max_high_findings: 0 }, findings(0, 1, 0), "FAIL"],
    ["five high allowed", { max_high_findings: 5 }, findings(0, 5, 0), "WARN"],
  ])("configurable: %s", (_what, thresholds, input, overall) => {
    expect(decideVerdict({ ...base, ...input, thresholds: { ...base.thresholds, ...thresholds } }).overall_status).toBe(
      overall,
    );
  });

  it("names the reasons of the worst level", () => {
    const verdict = decideVerdict({ ...base, ...findings(0, 1, 0), cost: { monthly: 150, threshold: 100 } });

    expect(verdict.reason).toBe("estimated $150.00/month is over the $100.00 budget");
    expect(verdict.threshold_violations).toEqual([
      { rule: "high_findings", level: "warn", message: "1 high finding(s) (at most 2 allowed)" },
      { rule: "cost_threshold", level: "fail", message: "estimated $150.00/month is over the $100.00 budget" },
    ]);
  });
});
