import { describe, expect, it } from "vitest";
import type { CostByService, DailyCost } from "../../../../src/core/services/posture.js";
import {
  costPeriods,
  costSuggestions,
  estimateResources,
  evaluateCost,
  limitChecks,
  limitStatus,
  trendOf,
} from "../../../../src/skills/ops/auditor/cost.js";
import type { AuditResource } from "../../../../src/skills/ops/auditor/scope.js";

const NOW = new Date("2026-11-10T15:00:00Z");
const resource = (type: string, name: string, metadata: Record<string, unknown> = {}): AuditResource => ({
  source: "registry",
  label: `${type}.${name}`,
  type,
  name,
  tags: {},
  metadata,
});
const series = (amounts: number[]): DailyCost[] =>
  amounts.map((amount, i) => ({ date: `2026-11-${String(i + 1).padStart(2, "0")}`, amount }));

describe("periods", () => {
  it.each([
    [
      "2026-11-10T15:00:00Z",
      { start: "2026-11-01", end: "2026-11-11" },
      { start: "2026-10-27", end: "2026-11-10" },
      10,
      30,
    ],
    [
      "2026-12-01T00:30:00Z",
      { start: "2026-12-01", end: "2026-12-02" },
      { start: "2026-11-17", end: "2026-12-01" },
      1,
      31,
    ],
    [
      "2028-02-29T23:59:00Z",
      { start: "2028-02-01", end: "2028-03-01" },
      { start: "2028-02-15", end: "2028-02-29" },
      29,
      29,
    ],
  ])("at %s", (at, monthToDate, trend, dayOfMonth, daysInMonth) => {
    expect(costPeriods(new Date(at))).toEqual({ monthToDate, trend, dayOfMonth, daysInMonth });
  });
});

describe("trend", () => {
  it.each([
    [[1, 1, 1, 2, 2, 2], "rising"],
    [[2, 2, 2, 1, 1, 1], "falling"],
    [[1, 1.1, 0.9, 1, 1.05, 1], "flat"],
    [[0, 0, 0, 0, 0, 0], "flat"],
    [[0, 0, 0, 1, 1, 1], "rising"],
    [[1, 2, 3], "unknown"],
  ])("%j: %s", (amounts, trend) => {
    expect(trendOf(series(amounts))).toBe(trend);
  });
});

describe("limits", () => {
  it.each([
    [50, 100, "pass"],
    [79.99, 100, "pass"],
    [80, 100, "warn"],
    [100, 100, "warn"],
    [100.01, 100, "fail"],
    [0, 0, "pass"],
    [1, 0, "fail"],
  ])("%d against %d: %s", (amount, limit, status) => {
    expect(limitStatus(amount, limit)).toBe(status);
  });

  it("checks the environment's cost_threshold and the testing threshold separately", () => {
    const checks = limitChecks(90, { cost_threshold: 100, max_monthly_cost: 1000 }, "estimate");

    expect(checks.map((c) => `${c.id}:${c.status}`)).toEqual(["cost.threshold:warn", "cost.max-monthly-cost:pass"]);
    expect(checks[0]?.detail).toBe("estimated monthly cost $90.00 against $100.00 (90 %)");
  });

  it("leaves out cost_threshold when the environment sets none", () => {
    expect(limitChecks(10, { max_monthly_cost: 5 }, "cost-explorer").map((c) => `${c.id}:${c.status}`)).toEqual([
      "cost.max-monthly-cost:fail",
    ]);
  });
});

describe("estimate from the registry", () => {
  it.each([
    ["a 128 MB Lambda function", [resource("aws_lambda_function", "api", { memory_size: 128 })], 0.62],
    ["a 1024 MB Lambda function", [resource("aws_lambda_function", "api", { memory_size: 1024 })], 3.53],
    [
      "a Fargate service with its task definition",
      [
        resource("aws_ecs_service", "web", { desired_count: 2 }),
        resource("aws_ecs_task_definition", "web", { cpu: "512", memory: "1024" }),
      ],
      36.04,
    ],
    [
      "a Fargate service with no task definition recorded",
      [resource("aws_ecs_service", "web", { desired_count: 1 })],
      9.01,
    ],
    ["an application load balancer", [resource("aws_lb", "alb", { load_balancer_type: "application" })], 22.27],
    ["an on-demand DynamoDB table", [resource("aws_dynamodb_table", "t", { billing_mode: "PAY_PER_REQUEST" })], 1.0],
    [
      "a bucket, a log group and two alarms",
      [
        resource("aws_s3_bucket", "b"),
        resource("aws_cloudwatch_log_group", "l"),
        resource("aws_cloudwatch_metric_alarm", "a"),
        resource("aws_cloudwatch_metric_alarm", "b"),
      ],
      0.96,
    ],
    [
      "IAM, security groups and aliases cost nothing",
      [resource("aws_iam_role", "r"), resource("aws_security_group", "s"), resource("aws_lambda_alias", "live")],
      0,
    ],
    [
      "an m5.large instance and its 8 GB gp3 root volume",
      [resource("aws_instance", "i", { instance_type: "m5.large" })],
      70.72,
    ],
  ])("%s", (_name, resources, total) => {
    expect(estimateResources(resources, "us-east-1").monthly_total).toBeCloseTo(total, 2);
  });

  it("prices provisioned DynamoDB capacity from the recorded capacity", () => {
    const estimate = estimateResources(
      [resource("aws_dynamodb_table", "p", { billing_mode: "PROVISIONED", read_capacity: 10, write_capacity: 5 })],
      "us-east-1",
    );

    expect(estimate.lines[0]).toMatchObject({ basis: "provisioned 10 RCU + 5 WCU × 730 h", usage_based: false });
  });

  it("prices a KMS key as test-changes does (one estimator for both)", () => {
    const estimate = estimateResources([resource("aws_kms_key", "main")], "us-east-1");

    expect(estimate.lines).toEqual([
      expect.objectContaining({ address: "aws_kms_key.main", monthly: 1, usage_based: false }),
    ]);
  });

  it("names what it cannot price", () => {
    const estimate = estimateResources(
      [
        resource("aws_instance", "big", { instance_type: "x2iedn.32xlarge" }),
        resource("aws_mq_broker", "mq"),
        resource("terraform_data", "x"),
      ],
      "us-east-1",
    );

    expect(estimate.lines).toEqual([]);
    expect(estimate.not_priced).toEqual(["aws_instance.big (aws_instance)", "aws_mq_broker.mq (aws_mq_broker)"]);
  });
});

describe("evaluateCost", () => {
  const limits = { cost_threshold: 50, max_monthly_cost: 1000 };
  const seeded = (total: number): CostByService => ({
    unit: "USD",
    total,
    services: [
      { service: "Amazon Elastic Container Service", amount: total * 0.75 },
      { service: "AWS Lambda", amount: total * 0.25 },
    ],
    estimated: true,
    empty: false,
  });

  it("projects Cost Explorer's month to date over the month and fails over the threshold", () => {
    const { cost, checks } = evaluateCost({
      now: NOW,
      region: "us-east-1",
      resources: [],
      limits,
      prodLike: false,
      explorer: { byService: seeded(20), daily: series([1, 1, 1, 3, 3, 3]) },
    });

    expect(cost).toMatchObject({
      source: "cost-explorer",
      scope: "account",
      monthToDate: 20,
      projectedMonthly: 60,
      trend: "rising",
      costExplorer: { used: true },
    });
    expect(cost.drivers).toEqual([
      { name: "Amazon Elastic Container Service", amount: 15, share: 0.75 },
      { name: "AWS Lambda", amount: 5, share: 0.25 },
    ]);
    expect(checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      "cost.threshold:fail",
      "cost.max-monthly-cost:pass",
      "cost.trend:warn",
    ]);
    expect(cost.suggestions[0]).toMatch(/^ECS:/);
  });

  it.each([
    [
      "Cost Explorer returned nothing",
      { byService: { unit: "USD", total: 0, services: [], estimated: false, empty: true }, daily: [] },
      "no cost data for this month yet",
    ],
    ["Cost Explorer is unavailable", { unavailable: "AccessDeniedException" }, "unavailable (AccessDeniedException)"],
  ])("estimates from the registry when %s, and says so", (_name, explorer, reason) => {
    const resources = [
      resource("aws_lambda_function", "api", { memory_size: 128 }),
      resource("aws_cloudwatch_log_group", "logs"),
    ];

    const { cost, checks } = evaluateCost({
      now: NOW,
      region: "us-east-1",
      resources,
      limits,
      prodLike: false,
      explorer,
    });

    expect(cost).toMatchObject({
      source: "estimate",
      scope: "project-resources",
      projectedMonthly: 1.15,
      trend: "unknown",
      costExplorer: { used: false, reason },
    });
    expect(cost.estimate?.assumptions.join(" ")).toContain("1,000,000 requests");
    expect(cost.estimate).toMatchObject({ fixedMonthly: 0, usagePricedMonthly: 1.15 });
    expect(cost.estimate?.lines.every((line) => line.usagePriced === true)).toBe(true);
    expect(checks.map((c) => `${c.id}:${c.status}`)).toEqual(["cost.threshold:pass", "cost.max-monthly-cost:pass"]);
  });
});

describe("suggestions", () => {
  it.each<[string, Parameters<typeof costSuggestions>[0], RegExp]>([
    [
      "log groups without retention",
      {
        drivers: [],
        resources: [resource("aws_cloudwatch_log_group", "/aws/lambda/x")],
        trend: "flat",
        prodLike: true,
      },
      /retention period on \/aws\/lambda\/x/,
    ],
    [
      "several tasks outside production",
      {
        drivers: [],
        resources: [resource("aws_ecs_service", "web", { desired_count: 3 })],
        trend: "flat",
        prodLike: false,
      },
      /more than one task/,
    ],
    ["a NAT-heavy bill", { drivers: ["EC2 - Other"], resources: [], trend: "flat", prodLike: true }, /VPC endpoints/],
    ["a rising trend", { drivers: [], resources: [], trend: "rising", prodLike: true }, /rising/],
  ])("%s", (_name, input, pattern) => {
    expect(costSuggestions(input).join("\n")).toMatch(pattern);
  });

  it("does not suggest scaling production down", () => {
    expect(
      costSuggestions({
        drivers: [],
        resources: [
          resource("aws_ecs_service", "web", { desired_count: 3 }),
          resource("aws_cloudwatch_log_group", "l", { retention_in_days: 30 }),
        ],
        trend: "flat",
        prodLike: true,
      }),
    ).toEqual([]);
  });
});
