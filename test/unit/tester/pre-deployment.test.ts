import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import { TestReport } from "../../../src/records/test-reports.js";
import { failureSummary } from "../../../src/skills/infra/tester/post-deployment.js";
import {
  dedupeFindings,
  runPreDeploymentTests,
  type PreDeploymentInput,
} from "../../../src/skills/infra/tester/pre-deployment.js";
import type { SecurityFinding, SecurityScanner } from "../../../src/skills/infra/tester/types.js";
import { NOW, planned, project, TAGS } from "./project.js";

const env = {
  name: "test",
  region: "us-east-1",
  costThreshold: 100,
  prodLike: false,
  iac: { directory: "/projects/shop/infra" },
} as unknown as ResolvedEnvironment;

const finding = (
  rule: string,
  address: string,
  severity: SecurityFinding["severity"],
  scanner = "fake",
): SecurityFinding => ({
  rule,
  scanner,
  severity,
  category: "security",
  address,
  resourceType: address.split(".")[0]!,
  title: rule,
  message: `${rule} on ${address}`,
  remediation: `fix ${rule}`,
});

/** A scanner fake that reports the given findings (or is unavailable, or throws). */
const scanner = (
  id: string,
  findings: SecurityFinding[],
  options: { available?: boolean; error?: string } = {},
): SecurityScanner => ({
  id,
  available: async () => options.available ?? true,
  scan: async () => {
    if (options.error !== undefined) throw new Error(options.error);
    return findings;
  },
});

const compliant = [
  planned("aws_s3_bucket", "assets", { bucket: "shop-api-test-assets", tags: TAGS }),
  planned("aws_lambda_function", "api", { function_name: "shop-api-test-api", memory_size: 128, tags: TAGS }),
];

const run = (input: Partial<PreDeploymentInput>, extra: Record<string, unknown> = {}) =>
  runPreDeploymentTests(
    project(extra),
    { env },
    { resources: compliant, scanners: [scanner("builtin", [])], pricing: { mode: "table" }, ...input },
  );

describe("pre-deployment tests", () => {
  it("a compliant plan with no findings passes, with the seed's report fields", async () => {
    const report = await run({
      scanners: [scanner("builtin", [])],
      plan: { id: "20261123T101500Z-abc123", hash: "h" },
    });

    expect(TestReport.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      schema_version: 1,
      phase: "pre-deployment",
      environment: "test",
      timestamp: NOW.toISOString(),
      overall_status: "PASS",
      plan: { id: "20261123T101500Z-abc123", hash: "h" },
      summary: { total_tests: 4, passed: 4, warnings: 0, failed: 0, skipped: 0, critical_issues: 0 },
      analysis: {
        overall_status: "PASS",
        threshold_violations: [],
        findings_summary: { critical: 0, high: 0, medium: 0, low: 0, total: 0 },
        cost_analysis: {
          estimated_monthly_cost: 0.85,
          budget_threshold: 100,
          budget_source: "cost_threshold",
          percentage_of_budget: 0.9,
        },
        next_steps: { if_pass: "devops infra deploy --env test --plan 20261123T101500Z-abc123" },
      },
    });
    expect(report.tests.map((t) => [t.name, t.status])).toEqual([
      ["security_scan", "pass"],
      ["cost_estimation", "pass"],
      ["naming_compliance", "pass"],
      ["tagging_compliance", "pass"],
    ]);
    expect(report.tests.every((t) => typeof t.duration_ms === "number")).toBe(true);
  });

  it("merges every scanner's findings, one per rule and address, the most severe severity kept", () => {
    const merged = dedupeFindings([
      finding("S3_NO_ENCRYPTION", "aws_s3_bucket.a", "medium", "builtin"),
      finding("S3_NO_ENCRYPTION", "aws_s3_bucket.a", "high", "checkov"),
      finding("S3_PUBLIC", "aws_s3_bucket.a", "critical"),
    ]);

    expect(merged.map((f) => [f.rule, f.severity, f.scanner])).toEqual([
      ["S3_PUBLIC", "critical", "fake"],
      ["S3_NO_ENCRYPTION", "high", "builtin"],
    ]);
  });

  it("a critical finding fails the run and is counted as a critical issue", async () => {
    const report = await run({
      scanners: [
        scanner("builtin", [finding("S3_PUBLIC", "aws_s3_bucket.assets", "critical")]),
        scanner("checkov", [finding("S3_PUBLIC", "aws_s3_bucket.assets", "critical", "checkov")]),
      ],
    });

    expect(report.overall_status).toBe("FAIL");
    expect(report.findings).toHaveLength(1);
    expect(report.summary.critical_issues).toBe(1);
    expect(report.tests.find((t) => t.name === "security_scan")?.status).toBe("fail");
    expect(report.recommendations[0]).toBe("aws_s3_bucket.assets: fix S3_PUBLIC");
    expect(failureSummary(report)).toBe(
      "pre-deployment tests FAIL in test: 1 critical finding(s), more than the 0 allowed; security_scan: 1 finding(s) from builtin, checkov (1 critical, 0 high, 0 medium, 0 low)",
    );
  });

  it.each([
    [
      "an unavailable scanner",
      scanner("checkov", [], { available: false }),
      "pass",
      /from builtin.*; checkov not available here$/,
    ],
    ["a scanner that throws", scanner("checkov", [], { error: "checkov crashed" }), "warn", /checkov failed$/],
  ])("%s is named in the security test", async (_what, second, status, summary) => {
    const report = await run({ scanners: [scanner("builtin", []), second] });

    const test = report.tests.find((t) => t.name === "security_scan")!;
    expect(test.status).toBe(status);
    expect(test.summary).toMatch(summary);
  });

  it("a cost over the environment's cost_threshold fails, naming the drivers", async () => {
    const resources = [
      ...compliant,
      planned("aws_nat_gateway", "a", { tags: TAGS }),
      planned("aws_nat_gateway", "b", { tags: TAGS }),
      planned("aws_nat_gateway", "c", { tags: TAGS }),
      planned("aws_nat_gateway", "d", { tags: TAGS }),
    ];

    const report = await run({ resources });

    expect(report.overall_status).toBe("FAIL");
    expect(report.analysis.cost_analysis).toMatchObject({
      estimated_monthly_cost: 134.05,
      budget_threshold: 100,
      percentage_of_budget: 134.1,
    });
    expect(report.analysis.threshold_violations.map((v) => v.rule)).toEqual(["cost_threshold"]);
    expect(report.recommendations).toContain(
      "reduce the largest cost drivers (aws_nat_gateway.a $33.30, aws_nat_gateway.b $33.30, aws_nat_gateway.c $33.30) or raise environments.test.cost_threshold",
    );
  });

  it("missing required tags fail; missing recommended tags only warn", async () => {
    const bare = [planned("aws_s3_bucket", "assets", { bucket: "shop-api-test-assets", tags: { Project: "shop" } })];

    const required = await run({ resources: bare }, { tagging: { required: ["Project", "Owner"] } });
    const recommended = await run({ resources: bare });

    expect([required.overall_status, recommended.overall_status]).toEqual(["FAIL", "WARN"]);
    expect(required.analysis.threshold_violations.map((v) => v.rule)).toEqual(["required_tags"]);
    expect(recommended.analysis.threshold_violations.map((v) => v.rule)).toEqual(["tagging_compliance"]);
  });

  it("a failed terraform validate fails the run with its errors", async () => {
    const report = await run({
      validation: {
        valid: false,
        diagnostics: [{ severity: "error", summary: "Unsupported argument", file: "main.tf", line: 3 }],
      },
    });

    expect(report.overall_status).toBe("FAIL");
    expect(report.tests.find((t) => t.name === "terraform_validation")).toMatchObject({
      status: "fail",
      errors: ["Unsupported argument (main.tf:3)"],
    });
  });
});
