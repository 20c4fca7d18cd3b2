// Test reports (`test-reports/<env>/<timestamp>-<phase>.json`): the seed's aggregated result — every
// test with its status and duration, the summary, the analysis (findings, threshold violations, cost)
// and recommendations — validated here and written through records/reports.ts (atomic, redacted).
import * as z from "zod";
import { readRecord } from "../core/store.js";
import { reportStamp, writeReport } from "./reports.js";

export const SCHEMA_VERSION = 1;

export const TestPhase = z.enum(["pre-deployment", "post-deployment"]);
export type TestPhase = z.infer<typeof TestPhase>;

const Status = z.enum(["pass", "warn", "fail", "skipped"]);
const Overall = z.enum(["PASS", "WARN", "FAIL"]);

/** One test; besides these fields each carries its own facts (findings, non_compliant, missing_tags, cost…). */
export const TestEntry = z.looseObject({
  name: z.string().min(1),
  status: Status,
  summary: z.string(),
  duration_ms: z.number().nonnegative(),
});
export type TestEntry = z.infer<typeof TestEntry>;

export const ReportFinding = z.looseObject({
  rule: z.string(),
  scanner: z.string(),
  severity: z.enum(["critical", "high", "medium", "low"]),
  category: z.string(),
  address: z.string(),
  title: z.string(),
  message: z.string(),
  remediation: z.string(),
});

const Counts = z.object({
  critical: z.number(),
  high: z.number(),
  medium: z.number(),
  low: z.number(),
  total: z.number(),
});

export const CostAnalysis = z.object({
  estimated_monthly_cost: z.number(),
  currency: z.string(),
  budget_threshold: z.number(),
  budget_source: z.enum(["cost_threshold", "max_monthly_cost"]),
  percentage_of_budget: z.number().nullable(),
  top_cost_drivers: z.array(z.object({ resource: z.string(), type: z.string(), cost: z.number() })),
});

export const TestReport = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  phase: TestPhase,
  environment: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  overall_status: Overall,
  plan: z.object({ id: z.string(), hash: z.string() }).optional(),
  deployment_id: z.string().optional(),
  tests: z.array(TestEntry),
  summary: z.object({
    total_tests: z.number().int(),
    passed: z.number().int(),
    warnings: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    critical_issues: z.number().int(),
    total_duration_ms: z.number().nonnegative(),
  }),
  findings: z.array(ReportFinding),
  recommendations: z.array(z.string()),
  analysis: z.object({
    timestamp: z.string(),
    overall_status: Overall,
    reason: z.string(),
    findings_summary: Counts,
    findings_by_category: z.record(z.string(), z.number()),
    threshold_violations: z.array(z.object({ rule: z.string(), level: z.enum(["fail", "warn"]), message: z.string() })),
    cost_analysis: CostAnalysis.optional(),
    next_steps: z.object({ if_pass: z.string(), if_warn: z.string(), if_fail: z.string() }),
  }),
});
export type TestReport = z.infer<typeof TestReport>;

/** Validates and writes the report; returns its path. */
export async function writeTestReport(stateDir: string, report: TestReport): Promise<string> {
  const checked = TestReport.parse(report);
  const written = await writeReport({
    stateDir,
    category: "test-reports",
    environment: checked.environment,
    name: `${reportStamp(new Date(checked.timestamp))}-${checked.phase}`,
    json: checked,
  });
  return written.json;
}

/** The report at `path` (undefined when absent); a corrupt or newer file is refused by the store. */
export function readTestReport(path: string): Promise<TestReport | undefined> {
  return readRecord(path, TestReport, { schemaVersion: SCHEMA_VERSION });
}
