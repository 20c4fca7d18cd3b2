import { describe, expect, it } from "vitest";
import { MonitoringConfig } from "../../../../src/core/config/schema.js";
import type { RegistryResource } from "../../../../src/records/registry.js";
import { planMonitoring } from "../../../../src/skills/ops/monitor/metric-catalogue.js";
import { advise, type AdviceInput, type MetricFigures } from "../../../../src/skills/ops/monitor/performance-advice.js";
import {
  anomalies,
  periodAverages,
  summarize,
  trend,
  type Point,
} from "../../../../src/skills/ops/monitor/performance-stats.js";
import { analysisPeriod, selectMetrics } from "../../../../src/skills/ops/monitor/performance.js";

const thresholds = MonitoringConfig.parse({}).thresholds;
const T0 = Date.parse("2026-11-23T00:00:00Z");
const MIN = 60_000;
const series = (...values: number[]): Point[] => values.map((v, i) => ({ t: T0 + i * 5 * MIN, v }));

describe("summarize", () => {
  it("averages over the whole window (sum / samples), not over the period averages", () => {
    const stats = summarize({
      sum: series(100, 900),
      sampleCount: series(10, 10),
      minimum: series(5, 20),
      maximum: series(30, 200),
    });

    expect(stats).toEqual({ sum: 1000, sampleCount: 20, average: 50, minimum: 5, maximum: 200 });
  });

  it("gives the worst period's percentiles when they were fetched", () => {
    expect(
      summarize({
        sum: [],
        sampleCount: [],
        minimum: [],
        maximum: [],
        p95: series(120, 340, 200),
        p99: series(400, 900),
      }),
    ).toEqual({ p95: 340, p99: 900 });
  });

  it("has nothing to say without data", () => {
    expect(summarize({ sum: [], sampleCount: [], minimum: [], maximum: [] })).toEqual({});
  });

  it("turns per-period sums and counts into per-period averages, skipping empty periods", () => {
    expect(periodAverages(series(100, 50, 30), series(4, 0, 3))).toEqual([
      { t: T0, v: 25 },
      { t: T0 + 10 * MIN, v: 10 },
    ]);
  });
});

describe("trend", () => {
  it.each<[string, Point[], string]>([
    ["steady", series(100, 101, 99, 100, 100), "flat"],
    ["doubling", series(100, 125, 150, 175, 200), "rising"],
    ["halving", series(200, 175, 150, 125, 100), "falling"],
    ["all zero", series(0, 0, 0, 0), "flat"],
    ["two points", series(1, 2), "insufficient_data"],
  ])("%s → %s", (_case, points, direction) => {
    expect(trend(points).direction).toBe(direction);
  });

  it("states the change over the window as a share of the mean, and the slope per hour", () => {
    const result = trend(series(100, 125, 150, 175, 200));

    expect(result.changePct).toBeCloseTo(66.67, 1);
    expect(result.slopePerHour).toBeCloseTo(300, 6);
  });
});

describe("anomalies", () => {
  it("finds a spike far from the median", () => {
    const found = anomalies(series(100, 102, 98, 101, 99, 100, 480, 101));

    expect(found).toEqual([
      {
        time: new Date(T0 + 30 * MIN).toISOString(),
        value: 480,
        expected: 100.5,
        score: expect.any(Number),
        direction: "spike",
      },
    ]);
    expect(found[0]!.score).toBeGreaterThan(3.5);
  });

  it("finds a drop, even when most points are equal (MAD of 0)", () => {
    expect(anomalies(series(50, 50, 50, 50, 50, 0)).map((a) => a.direction)).toEqual(["drop"]);
  });

  it.each<[string, Point[]]>([
    ["ordinary noise", series(100, 110, 90, 105, 95, 100)],
    ["a constant series", series(7, 7, 7, 7, 7)],
    ["too few points", series(1, 1, 100)],
  ])("finds nothing in %s", (_case, points) => {
    expect(anomalies(points)).toEqual([]);
  });
});

describe("analysisPeriod", () => {
  const now = T0 + 100 * 86_400_000;
  const last = (hours: number) => ({ startMs: now - hours * 3_600_000, endMs: now });

  it.each([
    ["24 hours at the configured 300 s", last(24), 300, 300],
    ["1 hour at a configured 60 s", last(1), 60, 60],
    ["7 days: widened to keep 500 points", last(24 * 7), 300, 1260],
    ["30 days ago: 5-minute data only", { startMs: now - 30 * 86_400_000, endMs: now - 29 * 86_400_000 }, 60, 300],
    ["90 days ago: hourly data only", { startMs: now - 90 * 86_400_000, endMs: now - 89 * 86_400_000 }, 60, 3600],
  ])("%s", (_case, range, configured, expected) => {
    expect(analysisPeriod(range, configured, now)).toBe(expected);
  });
});

describe("selectMetrics", () => {
  const resource = (type: string, name: string, metadata: RegistryResource["metadata"] = {}): RegistryResource => ({
    type,
    terraform_address: `${type}.${name}`,
    name,
    tags: {},
    metadata,
    created: "2026-11-23T10:00:00Z",
    last_seen: "2026-11-23T10:00:00Z",
    deployment_id: "d",
  });
  const { targets } = planMonitoring([
    resource("aws_lambda_function", "api"),
    resource("aws_ecs_service", "worker", { cluster: "main" }),
  ]);

  it.each([
    ["Duration", ["api:Duration"]],
    ["cpu", ["worker:CPUUtilization"]],
    ["CPUUtilization", ["worker:CPUUtilization"]],
    ["errors", ["api:Errors"]],
  ])("--metric %s", (metric, expected) => {
    expect(
      selectMetrics(targets, metric).flatMap((t) => t.metrics.map((m) => `${t.resource.name}:${m.metricName}`)),
    ).toEqual(expected);
  });

  it("keeps everything without --metric", () => {
    expect(selectMetrics(targets, undefined)).toHaveLength(2);
  });

  it("refuses a metric no resource has, listing the ones there are", () => {
    expect(() => selectMetrics(targets, "QueueDepth")).toThrow(
      expect.objectContaining({
        code: "METRIC_UNKNOWN",
        suggestion: expect.stringContaining("CPUUtilization, ConcurrentExecutions, Duration"),
      }),
    );
  });
});

describe("advise", () => {
  const flat = { direction: "flat" } as const;
  const fig = (stats: MetricFigures["stats"], t: MetricFigures["trend"] = flat): MetricFigures => ({ stats, trend: t });
  const lambda = (
    metrics: AdviceInput["metrics"],
    config: AdviceInput["lambda"] = { memoryMb: 256, timeoutSeconds: 10 },
  ): AdviceInput => ({ kind: "lambda", name: "api", metrics, lambda: config });

  it.each<[string, AdviceInput, string[]]>([
    ["throttles", lambda({ throttles: fig({ sum: 12 }) }, { reservedConcurrency: 5 }), ["throttles:high"]],
    [
      "concurrency near the reserved limit",
      lambda({ concurrentExecutions: fig({ maximum: 9 }) }, { reservedConcurrency: 10 }),
      ["concurrency:medium"],
    ],
    ["p95 duration near the timeout", lambda({ durationMs: fig({ average: 400, p95: 8500 }) }), ["latency:high"]],
    ["slow at little memory", lambda({ durationMs: fig({ average: 2500, maximum: 3000 }) }), ["memory:medium"]],
    [
      "fast at a lot of memory",
      lambda({ durationMs: fig({ average: 40, maximum: 90 }) }, { memoryMb: 2048, timeoutSeconds: 10 }),
      ["memory:low"],
    ],
    ["error rate 2 %", lambda({ invocations: fig({ sum: 1000 }), errors: fig({ sum: 20 }) }), ["errors:high"]],
    ["error rate 0.5 %", lambda({ invocations: fig({ sum: 1000 }), errors: fig({ sum: 5 }) }), ["errors:medium"]],
    [
      "a healthy function",
      lambda({
        invocations: fig({ sum: 1000 }),
        errors: fig({ sum: 0 }),
        durationMs: fig({ average: 300, maximum: 900 }),
      }),
      [],
    ],
    [
      "duration rising 60 %",
      lambda({ durationMs: fig({ average: 300, maximum: 600 }, { direction: "rising", changePct: 60 }) }),
      ["trend:low"],
    ],
  ])("Lambda: %s", (_case, input, expected) => {
    expect(advise(input, thresholds).map((r) => `${r.category}:${r.severity}`)).toEqual(expected);
  });

  it.each<[string, AdviceInput["metrics"], string[]]>([
    ["CPU hot", { cpuPct: fig({ average: 85, maximum: 99 }) }, ["cpu:high"]],
    ["CPU idle", { cpuPct: fig({ average: 5, maximum: 12 }) }, ["cpu:low"]],
    ["memory hot", { memoryPct: fig({ average: 60, maximum: 95 }) }, ["memory-utilisation:high"]],
    ["memory idle", { memoryPct: fig({ average: 10, maximum: 20 }) }, ["memory-utilisation:low"]],
    ["comfortable", { cpuPct: fig({ average: 45, maximum: 70 }), memoryPct: fig({ average: 50, maximum: 60 }) }, []],
  ])("ECS: %s", (_case, metrics, expected) => {
    expect(
      advise({ kind: "ecs", name: "worker", metrics }, thresholds).map((r) => `${r.category}:${r.severity}`),
    ).toEqual(expected);
  });

  it.each<[string, AdviceInput, string[]]>([
    [
      "ALB p95 latency over target",
      { kind: "alb", name: "web", metrics: { latencyMs: fig({ average: 300, p95: 1400 }) } },
      ["latency:medium"],
    ],
    [
      "API with a long tail",
      { kind: "api-rest", name: "shop", metrics: { latencyMs: fig({ average: 50, p95: 100, p99: 450 }) } },
      ["latency:low"],
    ],
    [
      "ALB with 3 % 5XX",
      {
        kind: "alb",
        name: "web",
        metrics: { requests: fig({ sum: 1000 }), elb5xx: fig({ sum: 10 }), target5xx: fig({ sum: 20 }) },
      },
      ["errors:high"],
    ],
    [
      "average only when percentiles are unavailable",
      { kind: "api-http", name: "shop", metrics: { latencyMs: fig({ average: 1500 }) } },
      ["latency:medium"],
    ],
  ])("%s", (_case, input, expected) => {
    expect(advise(input, thresholds).map((r) => `${r.category}:${r.severity}`)).toEqual(expected);
  });

  it("orders recommendations high, medium, low and names the resource", () => {
    const result = advise(
      lambda({
        durationMs: fig({ average: 2500, maximum: 3000 }, { direction: "rising", changePct: 40 }),
        throttles: fig({ sum: 3 }),
      }),
      thresholds,
    );

    expect(result.map((r) => r.severity)).toEqual(["high", "medium", "low"]);
    expect(result.every((r) => r.resource === "api")).toBe(true);
  });
});
