import { describe, expect, it } from "vitest";
import { AuditReport, renderAuditMarkdown, summarize, type AuditCheck } from "../../../src/records/audit-report.js";

const checks: AuditCheck[] = [
  {
    id: "account.cloudtrail",
    area: "account",
    title: "CloudTrail logging",
    status: "pass",
    detail: "multi-region trail org is logging",
    recommendation: "keep it",
  },
  {
    id: "security.sg-open-ingress",
    area: "security",
    title: "Security group not open to the world on non-web ports",
    status: "fail",
    resource: "app (sg-1)",
    detail: "open: tcp port 22 from 0.0.0.0/0",
    recommendation: "use SSM Session Manager",
  },
  {
    id: "compliance.naming",
    area: "compliance",
    title: "Resource name follows the naming pattern",
    status: "warn",
    resource: "legacy | uploads",
    detail: "does not start with shop-api-test-",
    recommendation: "rename",
  },
];

const report: AuditReport = {
  environment: "test",
  focus: "all",
  checkedAt: "2026-11-23T10:15:00.000Z",
  scope: { registryResources: 4, discoveredResources: 1 },
  summary: summarize(checks),
  verdict: "fail",
  checks,
  cost: {
    source: "estimate",
    scope: "project-resources",
    currency: "USD",
    period: { start: "2026-11-01", end: "2026-11-24" },
    projectedMonthly: 19.17,
    limits: { cost_threshold: 5, max_monthly_cost: 1000 },
    drivers: [{ name: "shop-api-test-web (aws_ecs_service)", amount: 18.02, share: 0.94 }],
    daily: [],
    trend: "unknown",
    estimate: {
      lines: [
        {
          resource: "shop-api-test-web",
          type: "aws_ecs_service",
          monthly: 18.02,
          basis: "Fargate 2 × (0.25 vCPU, 0.5 GB) × 730 h",
        },
      ],
      assumptions: ["730 hours a month"],
      notEstimated: ["mq (aws_mq_broker)"],
      prices: "us-east-1 list prices",
    },
    costExplorer: { used: false, reason: "no cost data for this month yet" },
    suggestions: ["Set a retention period on /aws/lambda/x"],
  },
  skipped: [{ check: "security.rds-encryption", reason: "no RDS client" }],
};

describe("the audit report", () => {
  it("counts the checks by status", () => {
    expect(report.summary).toEqual({ pass: 1, warn: 1, fail: 1 });
  });

  it("is valid against its schema", () => {
    expect(AuditReport.parse(report)).toEqual(report);
  });

  it("renders markdown with failures first, the estimate stated as such, and what was not checked", () => {
    expect(renderAuditMarkdown(report)).toMatchSnapshot();
  });
});
