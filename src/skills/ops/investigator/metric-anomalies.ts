// The few error-like metrics an investigation reads per resource type, and the anomaly rule: a period
// more than 3× the window's median (above a noise floor), or above a configured threshold.
import type { MetricSeries, MetricSeriesQuery } from "../../../core/services/logs.js";
import type { RegistryResource } from "../../../records/registry.js";

export type AnomalyKind = "errors" | "throttles" | "5xx" | "memory" | "cpu";

export interface AnomalyRule {
  kind: AnomalyKind;
  /** The 3×-median test only counts values at least this high. */
  floor: number;
  /** Any value above this is anomalous, whatever the median. */
  threshold?: number;
}

export interface InvestigatedSeries {
  query: MetricSeriesQuery;
  resource: string;
  rule: AnomalyRule;
}

export interface AnomalyThresholds {
  cpu_pct: number;
  memory_pct: number;
  throttles: number;
}

export interface MetricAnomaly {
  resource: string;
  metric: string;
  kind: AnomalyKind;
  /** ISO-8601 of the first and last anomalous period of the run. */
  start: string;
  end: string;
  peak: number;
  median: number;
  points: number;
  reason: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** `arn:…:loadbalancer/app/name/id` → `app/name/id`, the LoadBalancer dimension. */
function loadBalancerDimension(arn: string | undefined): string | undefined {
  const match = /:loadbalancer\/(.+)$/.exec(arn ?? "");
  return match?.[1];
}

/** The series to read for the selected resources (unknown types have none). */
export function seriesFor(resources: readonly RegistryResource[], thresholds: AnomalyThresholds): InvestigatedSeries[] {
  const series: InvestigatedSeries[] = [];
  const add = (
    resource: string,
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
    stat: MetricSeriesQuery["stat"],
    rule: AnomalyRule,
  ) => series.push({ resource, rule, query: { id: `s${series.length}`, namespace, metricName, dimensions, stat } });
  for (const resource of resources) {
    if (resource.type === "aws_lambda_function") {
      const dims = { FunctionName: resource.name };
      add(resource.name, "AWS/Lambda", "Errors", dims, "Sum", { kind: "errors", floor: 1 });
      add(resource.name, "AWS/Lambda", "Throttles", dims, "Sum", {
        kind: "throttles",
        floor: 1,
        threshold: thresholds.throttles,
      });
    } else if (resource.type === "aws_ecs_service") {
      const cluster = text(resource.metadata.cluster)?.split("/").pop();
      if (cluster === undefined) continue;
      const dims = { ClusterName: cluster, ServiceName: resource.name };
      add(resource.name, "AWS/ECS", "MemoryUtilization", dims, "Maximum", {
        kind: "memory",
        floor: 10,
        threshold: thresholds.memory_pct,
      });
      add(resource.name, "AWS/ECS", "CPUUtilization", dims, "Maximum", {
        kind: "cpu",
        floor: 10,
        threshold: thresholds.cpu_pct,
      });
    } else if (resource.type === "aws_lb" || resource.type === "aws_alb") {
      const lb = loadBalancerDimension(resource.arn);
      if (lb === undefined || !lb.startsWith("app/")) continue;
      add(resource.name, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", { LoadBalancer: lb }, "Sum", {
        kind: "5xx",
        floor: 1,
      });
      add(resource.name, "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", { LoadBalancer: lb }, "Sum", {
        kind: "5xx",
        floor: 1,
      });
    } else if (resource.type === "aws_dynamodb_table") {
      add(resource.name, "AWS/DynamoDB", "ThrottledRequests", { TableName: resource.name }, "Sum", {
        kind: "throttles",
        floor: 1,
        threshold: thresholds.throttles,
      });
    }
  }
  return series;
}

/** A period long enough to keep a series under ~1,440 points, in whole minutes. */
export function periodFor(window: { startMs: number; endMs: number }): number {
  const seconds = Math.max(60, (window.endMs - window.startMs) / 1000 / 1440);
  return Math.ceil(seconds / 60) * 60;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Pure: runs of consecutive anomalous periods of one series. */
export function findAnomalies(
  series: MetricSeries,
  meta: { resource: string; metric: string; rule: AnomalyRule },
): MetricAnomaly[] {
  const mid = median(series.points.map((point) => point.v));
  const { rule } = meta;
  const why = (v: number): string | undefined => {
    if (rule.threshold !== undefined && v > rule.threshold) return `above the threshold ${rule.threshold}`;
    if (v >= rule.floor && v > 3 * mid) return `more than 3× the window median ${round(mid)}`;
    return undefined;
  };
  const anomalies: MetricAnomaly[] = [];
  let run: { start: number; end: number; peak: number; points: number; reason: string } | undefined;
  const close = () => {
    if (run === undefined) return;
    anomalies.push({
      resource: meta.resource,
      metric: meta.metric,
      kind: rule.kind,
      start: new Date(run.start).toISOString(),
      end: new Date(run.end).toISOString(),
      peak: round(run.peak),
      median: round(mid),
      points: run.points,
      reason: run.reason,
    });
    run = undefined;
  };
  for (const point of series.points) {
    const reason = why(point.v);
    if (reason === undefined) {
      close();
      continue;
    }
    if (run === undefined) run = { start: point.t, end: point.t, peak: point.v, points: 1, reason };
    else {
      run.end = point.t;
      run.points++;
      run.peak = Math.max(run.peak, point.v);
    }
  }
  close();
  return anomalies;
}
