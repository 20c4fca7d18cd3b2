// The ops-monitor skill's performance analysis: per-period Sum / SampleCount / Minimum / Maximum for
// each catalogue metric, p95/p99 in a separate query group (an emulator or account that cannot
// compute percentiles makes them "unavailable", never the command fail), then window statistics,
// trend, anomalies and recommendations.
import type { Context } from "../../../core/context.js";
import { isDevopsError, UserError } from "../../../core/errors.js";
import { warn } from "../../../core/io.js";
import type { MetricQuery, MetricSeries, ResourceStatus } from "../../../core/services/metrics.js";
import type { TimeRange } from "../../../core/timeframe.js";
import type { RegistryResource } from "../../../records/registry.js";
import type { Thresholds } from "./health-classify.js";
import {
  metricQuery,
  planMonitoring,
  type MetricSpec,
  type MonitorKind,
  type MonitorTarget,
} from "./metric-catalogue.js";
import { advise, type MetricFigures, type Recommendation } from "./performance-advice.js";
import {
  anomalies,
  periodAverages,
  scalePoints,
  summarize,
  trend,
  type Anomaly,
  type Point,
  type SummaryStats,
  type Trend,
} from "./performance-stats.js";
import type { Ops } from "../target.js";

export interface PerformanceOptions {
  resources: readonly RegistryResource[];
  range: TimeRange;
  /** The configured period; widened for long windows (see analysisPeriod). */
  periodSeconds: number;
  metric?: string;
  thresholds: Thresholds;
}

export interface MetricAnalysis {
  metric: string;
  key: string;
  namespace: string;
  unit: MetricSpec["unit"];
  /** What each point of `series` is: the period's sum (counts), average, maximum or minimum. */
  statistic: "sum" | "average" | "maximum" | "minimum";
  stats: SummaryStats;
  trend: Trend;
  anomalies: Anomaly[];
  /** The per-period series the trend and anomalies were computed on (sums for counts, else averages). */
  series: Point[];
  p95Series?: Point[];
}

export interface ResourcePerformance {
  resource: string;
  address: string;
  type: string;
  kind: MonitorKind;
  metrics: MetricAnalysis[];
}

export interface PerformanceAnalysis {
  periodSeconds: number;
  percentiles: { requested: number; available: boolean; reason?: string };
  resources: ResourcePerformance[];
  recommendations: Recommendation[];
  notMonitored: Record<string, number>;
  metricQueries: number;
}

const MAX_POINTS = 500;
const DAY_S = 86_400;
const PERIOD_STATS = ["Sum", "SampleCount", "Minimum", "Maximum"] as const;
const PERCENTILES = ["p95", "p99"] as const;

/**
 * The period for a window: the configured one, widened so a series keeps at most 500 points and to
 * what CloudWatch still keeps for old data (1-minute data for 15 days, 5-minute data for 63).
 */
export function analysisPeriod(range: TimeRange, configured: number, nowMs: number): number {
  const windowS = Math.max(1, (range.endMs - range.startMs) / 1000);
  const ageDays = (nowMs - range.startMs) / 1000 / DAY_S;
  const retention = ageDays > 63 ? 3600 : ageDays > 15 ? 300 : 60;
  const dense = Math.ceil(windowS / MAX_POINTS / 60) * 60;
  return Math.max(configured, dense, retention);
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Keeps the metrics a --metric value names (exact metric name or key first, then a part of one). */
export function selectMetrics(targets: readonly MonitorTarget[], metric: string | undefined): MonitorTarget[] {
  if (metric === undefined) return [...targets];
  const wanted = squash(metric);
  const pick = (test: (m: MetricSpec) => boolean) =>
    targets.map((t) => ({ ...t, metrics: t.metrics.filter(test) })).filter((t) => t.metrics.length > 0);
  const exact = pick((m) => squash(m.metricName) === wanted || squash(m.key) === wanted);
  if (exact.length > 0) return exact;
  const partial =
    wanted === "" ? [] : pick((m) => squash(m.metricName).includes(wanted) || squash(m.key).includes(wanted));
  if (partial.length > 0) return partial;
  const known = [...new Set(targets.flatMap((t) => t.metrics.map((m) => m.metricName)))].sort();
  throw new UserError("METRIC_UNKNOWN", `no analysed resource has a metric matching "${metric}"`, {
    suggestion:
      known.length === 0 ? "nothing deployed here has performance metrics" : `use one of: ${known.join(", ")}`,
    details: { metric, known },
  });
}

const points = (series: MetricSeries | undefined, scale = 1): Point[] =>
  series === undefined || series.status === "forbidden"
    ? []
    : scalePoints(
        series.timestamps.map((t, i) => ({ t, v: series.values[i]! })),
        scale,
      );

function primarySeries(spec: MetricSpec, sum: Point[], count: Point[], min: Point[], max: Point[]): Point[] {
  if (spec.stat === "Sum") return sum;
  if (spec.stat === "Maximum") return max;
  if (spec.stat === "Minimum") return min;
  return periodAverages(sum, count);
}

async function fetchPercentiles(ctx: Context, ops: Ops, queries: MetricQuery[], range: TimeRange) {
  if (queries.length === 0)
    return {
      series: new Map<string, MetricSeries>(),
      available: false,
      reason: "no latency metric among the analysed ones",
    };
  try {
    const { series } = await ops.services.metrics.getMetricData(queries, range);
    return { series: new Map(series.map((s) => [s.id, s])), available: true };
  } catch (error) {
    const code = isDevopsError(error) ? error.code : "ERROR";
    const reason = `percentiles unavailable: the metrics provider could not compute p95/p99 (${code}); averages, minimum and maximum are shown instead`;
    warn(ctx.io, reason, "PERCENTILES_UNAVAILABLE");
    return { series: new Map<string, MetricSeries>(), available: false, reason };
  }
}

export async function runPerformanceAnalysis(
  ctx: Context,
  ops: Ops,
  options: PerformanceOptions,
): Promise<PerformanceAnalysis> {
  const plan = planMonitoring(options.resources);
  const targets = selectMetrics(plan.targets, options.metric);
  const period = analysisPeriod(options.range, options.periodSeconds, ctx.clock.now().getTime());
  const id = (t: number, m: number, stat: string) => `r${t}m${m}${stat.toLowerCase()}`;
  const main = targets.flatMap((target, t) =>
    target.metrics.flatMap((metric, m) =>
      PERIOD_STATS.map((stat) => metricQuery(id(t, m, stat), target, metric, stat, period)),
    ),
  );
  const tail = targets.flatMap((target, t) =>
    target.metrics.flatMap((metric, m) =>
      metric.percentiles ? PERCENTILES.map((stat) => metricQuery(id(t, m, stat), target, metric, stat, period)) : [],
    ),
  );
  const lambdas = targets.flatMap((t) => (t.status?.kind === "lambda" ? [t.status] : []));
  const [primary, percentiles, statuses] = await Promise.all([
    main.length === 0
      ? Promise.resolve({ series: [] as MetricSeries[] })
      : ops.services.metrics.getMetricData(main, options.range),
    fetchPercentiles(ctx, ops, tail, options.range),
    lambdas.length === 0
      ? Promise.resolve(new Map<string, ResourceStatus>())
      : ops.services.metrics.resourceStatus(lambdas),
  ]);
  const byId = new Map(primary.series.map((s) => [s.id, s]));

  const resources: ResourcePerformance[] = [];
  const recommendations: Recommendation[] = [];
  targets.forEach((target, t) => {
    const figures: Record<string, MetricFigures> = {};
    const metrics = target.metrics.map((metric, m): MetricAnalysis => {
      const scale = metric.scale ?? 1;
      const [sum, count, min, max] = PERIOD_STATS.map((stat) =>
        points(byId.get(id(t, m, stat)), stat === "SampleCount" ? 1 : scale),
      ) as [Point[], Point[], Point[], Point[]];
      const p95 = points(percentiles.series.get(id(t, m, "p95")), scale);
      const p99 = points(percentiles.series.get(id(t, m, "p99")), scale);
      const stats = summarize({
        sum,
        sampleCount: count,
        minimum: min,
        maximum: max,
        ...(p95.length > 0 ? { p95 } : {}),
        ...(p99.length > 0 ? { p99 } : {}),
      });
      const series = primarySeries(metric, sum, count, min, max);
      const statistic = ({ Sum: "sum", Average: "average", Maximum: "maximum", Minimum: "minimum" } as const)[
        metric.stat
      ];
      const analysis = {
        metric: metric.metricName,
        key: metric.key,
        namespace: metric.namespace,
        unit: metric.unit,
        statistic,
        stats,
        trend: trend(series),
        anomalies: anomalies(series),
        series,
        ...(p95.length > 0 ? { p95Series: p95 } : {}),
      };
      figures[metric.key] = { stats, trend: analysis.trend };
      return analysis;
    });
    const state = target.status === undefined ? undefined : statuses.get(target.status.key);
    const lambda = state?.outcome === "found" && state.kind === "lambda" ? state : undefined;
    const timeout = target.resource.metadata.timeout;
    const memory = target.resource.metadata.memory_size;
    recommendations.push(
      ...advise(
        {
          kind: target.kind,
          name: target.resource.name,
          metrics: figures,
          ...(target.kind === "lambda"
            ? {
                lambda: {
                  ...((lambda?.memoryMb ?? memory) === undefined
                    ? {}
                    : { memoryMb: Number(lambda?.memoryMb ?? memory) }),
                  ...((lambda?.timeoutSeconds ?? timeout) === undefined
                    ? {}
                    : { timeoutSeconds: Number(lambda?.timeoutSeconds ?? timeout) }),
                  ...(lambda?.reservedConcurrency === undefined
                    ? {}
                    : { reservedConcurrency: lambda.reservedConcurrency }),
                },
              }
            : {}),
        },
        options.thresholds,
      ),
    );
    resources.push({
      resource: target.resource.name,
      address: target.resource.terraform_address,
      type: target.resource.type,
      kind: target.kind,
      metrics,
    });
  });

  const order = { high: 0, medium: 1, low: 2 } as const;
  return {
    periodSeconds: period,
    percentiles: {
      requested: tail.length,
      available: percentiles.available,
      ...(percentiles.reason === undefined ? {} : { reason: percentiles.reason }),
    },
    resources,
    recommendations: recommendations.sort((a, b) => order[a.severity] - order[b.severity]),
    notMonitored: plan.notMonitored,
    metricQueries: main.length + tail.length,
  };
}
