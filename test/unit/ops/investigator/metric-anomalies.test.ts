import { describe, expect, it } from "vitest";
import type { RegistryResource } from "../../../../src/records/registry.js";
import {
  findAnomalies,
  median,
  periodFor,
  seriesFor,
} from "../../../../src/skills/ops/investigator/metric-anomalies.js";
import { relevantAlarms } from "../../../../src/skills/ops/investigator/sources.js";

const t0 = Date.parse("2026-11-23T10:00:00Z");
const series = (values: number[]) => ({ id: "s0", points: values.map((v, i) => ({ t: t0 + i * 60_000, v })) });
const at = (minute: number) => new Date(t0 + minute * 60_000).toISOString();

function resource(type: string, name: string, extra: Partial<RegistryResource> = {}): RegistryResource {
  return {
    type,
    terraform_address: `${type}.x`,
    name,
    tags: {},
    metadata: {},
    created: at(0),
    last_seen: at(0),
    deployment_id: "d",
    ...extra,
  };
}

describe("findAnomalies", () => {
  it.each([
    [
      "errors far above a zero median form one run",
      [0, 0, 0, 4, 9, 0, 0],
      { kind: "errors" as const, floor: 1 },
      [{ start: at(3), end: at(4), peak: 9, median: 0, points: 2, reason: "more than 3× the window median 0" }],
    ],
    ["a steady error rate is not an anomaly", [5, 6, 5, 7, 6], { kind: "errors" as const, floor: 1 }, []],
    ["values under the noise floor are ignored", [0, 0, 0.5, 0], { kind: "errors" as const, floor: 1 }, []],
    [
      "any throttle above the threshold 0 counts",
      [0, 1, 0],
      { kind: "throttles" as const, floor: 1, threshold: 0 },
      [{ start: at(1), end: at(1), peak: 1, median: 0, points: 1, reason: "above the threshold 0" }],
    ],
    [
      "memory above its threshold counts even when usual",
      [95, 96, 95],
      { kind: "memory" as const, floor: 10, threshold: 90 },
      [{ start: at(0), end: at(2), peak: 96, median: 95, points: 3, reason: "above the threshold 90" }],
    ],
    [
      "two separate runs",
      [0, 0, 3, 0, 0, 4, 0],
      { kind: "errors" as const, floor: 1 },
      [
        { start: at(2), points: 1 },
        { start: at(5), points: 1 },
      ],
    ],
  ])("%s", (_what, values, rule, expected) => {
    const anomalies = findAnomalies(series(values), { resource: "api", metric: "Errors", rule });

    expect(anomalies).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it("is empty for an empty series", () => {
    expect(
      findAnomalies(series([]), { resource: "api", metric: "Errors", rule: { kind: "errors", floor: 1 } }),
    ).toEqual([]);
  });
});

describe("median and periodFor", () => {
  it.each([
    [[], 0],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])("median %j = %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it.each([
    [3_600_000, 60],
    [24 * 3_600_000, 60],
    [7 * 24 * 3_600_000, 420],
  ])("a %d ms window reads %d-second periods", (span, period) => {
    expect(periodFor({ startMs: 0, endMs: span })).toBe(period);
  });
});

describe("seriesFor", () => {
  const thresholds = { cpu_pct: 90, memory_pct: 85, throttles: 0 };

  it("reads errors and throttles of functions, utilisation of ECS services, 5xx of load balancers", () => {
    const resources = [
      resource("aws_lambda_function", "api"),
      resource("aws_ecs_service", "worker", {
        metadata: { cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/main" },
      }),
      resource("aws_lb", "web", {
        arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
      }),
      resource("aws_iam_role", "role"),
    ];

    const found = seriesFor(resources, thresholds);

    expect(
      found.map((s) => [s.resource, s.query.namespace, s.query.metricName, s.query.dimensions, s.rule.threshold]),
    ).toEqual([
      ["api", "AWS/Lambda", "Errors", { FunctionName: "api" }, undefined],
      ["api", "AWS/Lambda", "Throttles", { FunctionName: "api" }, 0],
      ["worker", "AWS/ECS", "MemoryUtilization", { ClusterName: "main", ServiceName: "worker" }, 85],
      ["worker", "AWS/ECS", "CPUUtilization", { ClusterName: "main", ServiceName: "worker" }, 90],
      [
        "web",
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        { LoadBalancer: "app/web/50dc6c495c0c9188" },
        undefined,
      ],
      ["web", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", { LoadBalancer: "app/web/50dc6c495c0c9188" }, undefined],
    ]);
    expect(new Set(found.map((s) => s.query.id)).size).toBe(found.length);
  });
});

describe("relevantAlarms", () => {
  const alarm = (name: string, dimensions: Record<string, string>) => ({ name, state: "OK", dimensions });

  it("keeps alarm resources and alarms whose dimensions name a selected resource", () => {
    const selected = [resource("aws_lambda_function", "api"), resource("aws_cloudwatch_metric_alarm", "queue-depth")];
    const alarms = [
      alarm("api-errors", { FunctionName: "api" }),
      alarm("queue-depth", { QueueName: "q" }),
      alarm("someone-else", { FunctionName: "other" }),
    ];

    expect(relevantAlarms(alarms, selected).map((a) => a.name)).toEqual(["api-errors", "queue-depth"]);
  });
});
