// The ops-monitor skill's health check: the registry's resources → the catalogue's metrics, fetched in
// batched GetMetricData calls, plus status calls and alarms in ALARM → one classified result per
// resource and the environment's overall health.
import type { Context } from "../../../core/context.js";
import { isDevopsError } from "../../../core/errors.js";
import { warn } from "../../../core/io.js";
import type { AlarmSummary, MetricSeries, ResourceStatus } from "../../../core/services/metrics.js";
import type { TimeRange } from "../../../core/timeframe.js";
import type { RegistryResource } from "../../../records/registry.js";
import {
  classifyHealth,
  overallHealth,
  type HealthIssue,
  type HealthStatus,
  type Thresholds,
} from "./health-classify.js";
import {
  healthQueries,
  planMonitoring,
  type MetricSpec,
  type MonitorKind,
  type MonitorTarget,
} from "./metric-catalogue.js";
import type { Ops } from "../target.js";

export interface HealthCheckOptions {
  resources: readonly RegistryResource[];
  range: TimeRange;
  periodSeconds: number;
  thresholds: Thresholds;
}

export interface ResourceHealth {
  resource: string;
  address: string;
  type: string;
  kind: MonitorKind;
  status: HealthStatus;
  reasons: string[];
  /** Folded values over the window by catalogue key, plus errorRatePct / http5xxPct where they apply. */
  metrics: Record<string, number>;
  /** The status call's answer (Lambda state, ECS task counts), when there is one. */
  state?: ResourceStatus;
}

export interface HealthCheck {
  overall: HealthStatus;
  resources: { total: number; healthy: number; degraded: number; unhealthy: number; unknown: number };
  results: ResourceHealth[];
  issues: Array<HealthIssue & { resource: string }>;
  recommendations: string[];
  /** Resources without health metrics, counted per type. */
  notMonitored: Record<string, number>;
  metricQueries: number;
  alarms: { checked: boolean; inAlarm: number; error?: string };
}

/** Folds one series into one number (sum, mean, max or min), scaled; undefined without data. */
export function foldSeries(series: MetricSeries | undefined, metric: MetricSpec): number | undefined {
  if (series === undefined || series.status === "forbidden" || series.values.length === 0) return undefined;
  const values = series.values;
  const folded =
    metric.fold === "sum"
      ? values.reduce((a, b) => a + b, 0)
      : metric.fold === "mean"
        ? values.reduce((a, b) => a + b, 0) / values.length
        : metric.fold === "max"
          ? Math.max(...values)
          : Math.min(...values);
  return folded * (metric.scale ?? 1);
}

/** Alarms watching one of the target's metrics: same namespace (when named) and every dimension matching. */
export function alarmsFor(target: MonitorTarget, alarms: readonly AlarmSummary[]): string[] {
  const dims = [...target.dimensions, ...target.metrics.flatMap((m) => m.extraDimensions ?? [])];
  const namespaces = new Set(target.metrics.map((m) => m.namespace));
  return alarms
    .filter(
      (alarm) => alarm.dimensions.length > 0 && (alarm.namespace === undefined || namespaces.has(alarm.namespace)),
    )
    .filter((alarm) => alarm.dimensions.every((d) => dims.some((own) => own.name === d.name && own.value === d.value)))
    .map((alarm) => alarm.name);
}

const STATUS_ORDER: Record<HealthStatus, number> = { UNHEALTHY: 0, DEGRADED: 1, UNKNOWN: 2, HEALTHY: 3 };

interface FetchedMetrics {
  queries: number;
  series: Map<string, MetricSeries>;
  error?: string;
}

async function fetchMetrics(
  ops: Ops,
  targets: readonly MonitorTarget[],
  options: HealthCheckOptions,
): Promise<FetchedMetrics> {
  const queries = healthQueries(targets, options.periodSeconds);
  try {
    const { series } = await ops.services.metrics.getMetricData(queries, options.range);
    return { queries: queries.length, series: new Map(series.map((s) => [s.id, s])) };
  } catch (error) {
    if (!isDevopsError(error) || error.code !== "AWS_ACCESS_DENIED") throw error;
    return {
      queries: queries.length,
      series: new Map<string, MetricSeries>(),
      error: `metrics unavailable: access denied to CloudWatch GetMetricData (${error.message})`,
    };
  }
}

async function fetchAlarms(ctx: Context, ops: Ops): Promise<{ alarms: AlarmSummary[]; error?: string }> {
  try {
    return { alarms: await ops.services.metrics.describeAlarms({ state: "ALARM" }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warn(ctx.io, `alarms were not checked: ${message}`, "ALARMS_UNAVAILABLE");
    return { alarms: [], error: message };
  }
}

export async function runHealthCheck(ctx: Context, ops: Ops, options: HealthCheckOptions): Promise<HealthCheck> {
  const { targets, notMonitored } = planMonitoring(options.resources);
  const statusTargets = targets.flatMap((t) => (t.status === undefined ? [] : [t.status]));
  const [metrics, statuses, alarms]: [
    FetchedMetrics,
    Map<string, ResourceStatus>,
    { alarms: AlarmSummary[]; error?: string },
  ] =
    targets.length === 0
      ? [{ queries: 0, series: new Map() }, new Map(), { alarms: [] }]
      : await Promise.all([
          fetchMetrics(ops, targets, options),
          ops.services.metrics.resourceStatus(statusTargets),
          fetchAlarms(ctx, ops),
        ]);

  const results: ResourceHealth[] = [];
  const issues: HealthCheck["issues"] = [];
  const recommendations = new Set<string>();
  targets.forEach((target, t) => {
    const folded: Record<string, number> = {};
    target.metrics.forEach((metric, m) => {
      const value = foldSeries(metrics.series.get(`r${t}m${m}`), metric);
      if (value !== undefined) folded[metric.key] = value;
    });
    const state = target.status === undefined ? undefined : statuses.get(target.status.key);
    const timeout = target.resource.metadata.timeout;
    const verdict = classifyHealth(
      {
        kind: target.kind,
        name: target.resource.name,
        metrics: folded,
        ...(metrics.error === undefined ? {} : { metricsError: metrics.error }),
        ...(state === undefined ? {} : { status: state }),
        alarms: alarmsFor(target, alarms.alarms),
        ...(typeof timeout === "number" ? { timeoutSeconds: timeout } : {}),
      },
      options.thresholds,
    );
    results.push({
      resource: target.resource.name,
      address: target.resource.terraform_address,
      type: target.resource.type,
      kind: target.kind,
      status: verdict.status,
      reasons: verdict.reasons,
      metrics: { ...folded, ...verdict.derived },
      ...(state === undefined ? {} : { state }),
    });
    for (const issue of verdict.issues) issues.push({ resource: target.resource.name, ...issue });
    for (const recommendation of verdict.recommendations) recommendations.add(recommendation);
  });

  results.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.resource.localeCompare(b.resource));
  issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1));
  const count = (status: HealthStatus) => results.filter((r) => r.status === status).length;
  return {
    overall: overallHealth(results.map((r) => r.status)),
    resources: {
      total: results.length,
      healthy: count("HEALTHY"),
      degraded: count("DEGRADED"),
      unhealthy: count("UNHEALTHY"),
      unknown: count("UNKNOWN"),
    },
    results,
    issues,
    recommendations: [...recommendations],
    notMonitored,
    metricQueries: metrics.queries,
    alarms: {
      checked: targets.length > 0 && alarms.error === undefined,
      inAlarm: alarms.alarms.length,
      ...(alarms.error === undefined ? {} : { error: alarms.error }),
    },
  };
}
