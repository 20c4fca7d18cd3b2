// Turns the tests of one run into the seed's report: summary counts, the findings analysis, the
// verdict with its threshold violations, recommendations and next steps. Pure.
import type { TestEntry, TestPhase, TestReport } from "../../../records/test-reports.js";
import type { SecurityFinding, Severity } from "./types.js";
import { decideVerdict, type VerdictInput } from "./verdict.js";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export function countBySeverity(findings: readonly SecurityFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

export interface AssembleInput {
  phase: TestPhase;
  environment: string;
  now: Date;
  tests: TestEntry[];
  findings: SecurityFinding[];
  /** The facts the verdict judges besides the tests' own statuses. */
  verdict: Omit<VerdictInput, "tests" | "findings">;
  /** Extra counts by category beyond the findings' own (e.g. compliance items, missing resources). */
  categories?: Record<string, number>;
  recommendations: string[];
  costAnalysis?: TestReport["analysis"]["cost_analysis"];
  nextSteps: TestReport["analysis"]["next_steps"];
  plan?: { id: string; hash: string };
  deploymentId?: string;
}

export function assembleReport(input: AssembleInput): TestReport {
  const counts = countBySeverity(input.findings);
  const verdict = decideVerdict({ ...input.verdict, findings: counts, tests: input.tests });
  const byCategory: Record<string, number> = { security: 0, cost: 0, configuration: 0, compliance: 0 };
  for (const finding of input.findings) byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
  for (const [category, count] of Object.entries(input.categories ?? {}))
    byCategory[category] = (byCategory[category] ?? 0) + count;
  const count = (status: TestEntry["status"]) => input.tests.filter((t) => t.status === status).length;
  const blocking = verdict.threshold_violations.filter(
    (v) => v.level === "fail" && v.rule !== "max_critical_findings",
  ).length;
  const timestamp = input.now.toISOString();
  return {
    schema_version: 1,
    phase: input.phase,
    environment: input.environment,
    timestamp,
    overall_status: verdict.overall_status,
    ...(input.plan === undefined ? {} : { plan: input.plan }),
    ...(input.deploymentId === undefined ? {} : { deployment_id: input.deploymentId }),
    tests: input.tests,
    summary: {
      total_tests: input.tests.length,
      passed: count("pass"),
      warnings: count("warn"),
      failed: count("fail"),
      skipped: count("skipped"),
      critical_issues: counts.critical + blocking,
      total_duration_ms: input.tests.reduce((sum, t) => sum + t.duration_ms, 0),
    },
    findings: input.findings.map((finding) => ({ ...finding })),
    recommendations: [...new Set(input.recommendations)],
    analysis: {
      timestamp,
      overall_status: verdict.overall_status,
      reason: verdict.reason,
      findings_summary: { ...counts, total: input.findings.length },
      findings_by_category: byCategory,
      threshold_violations: verdict.threshold_violations,
      ...(input.costAnalysis === undefined ? {} : { cost_analysis: input.costAnalysis }),
      next_steps: input.nextSteps,
    },
  };
}

/** What a test reports before its name and duration are stamped on: a status, a summary, its own facts. */
export interface TestOutcome {
  status: TestEntry["status"];
  summary: string;
  [fact: string]: unknown;
}

/** Runs one test and stamps its duration; a test that throws becomes a failing test naming the error. */
export async function timed(name: string, work: () => Promise<TestOutcome> | TestOutcome): Promise<TestEntry> {
  const started = performance.now();
  try {
    const result = await work();
    return { name, ...result, duration_ms: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      name,
      status: "fail",
      summary: `${name} could not run: ${message}`,
      errors: [message],
      duration_ms: Math.round(performance.now() - started),
    };
  }
}

/** A short text of a failed run, for the debugger's issue log. */
export function failureSummary(report: TestReport): string {
  const failed = report.tests.filter((t) => t.status === "fail").map((t) => `${t.name}: ${t.summary}`);
  const reasons = report.analysis.threshold_violations.filter((v) => v.level === "fail").map((v) => v.message);
  const lines = [...new Set([...reasons, ...failed])];
  return `${report.phase} tests ${report.overall_status} in ${report.environment}: ${lines.length === 0 ? report.analysis.reason : lines.join("; ")}`;
}
