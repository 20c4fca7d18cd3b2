// The threshold rules per kind of resource: a resource's folded metrics and status → findings (what is
// wrong, how badly, the metric, value and threshold, and what to do). health-classify.ts weighs them.
import type { DevopsConfig } from "../../../core/config/schema.js";
import { formatNumber } from "../../../core/format.js";
import type { ResourceStatus } from "../../../core/services/metrics.js";
import type { MonitorKind } from "./metric-catalogue.js";

export type Thresholds = DevopsConfig["monitoring"]["thresholds"];
export interface HealthFacts {
  kind: MonitorKind;
  name: string;
  /** Folded metric values by catalogue key; a key is absent when the window had no data points. */
  metrics: Readonly<Record<string, number>>;
  /** Why the metrics could not be read (access denied), when they could not. */
  metricsError?: string;
  status?: ResourceStatus;
  /** Names of this resource's alarms that are in ALARM. */
  alarms?: readonly string[];
  /** The Lambda timeout recorded in the registry, used when no status call said. */
  timeoutSeconds?: number;
}

export type Level = "UNHEALTHY" | "DEGRADED" | "NOTE";

export interface Finding {
  level: Level;
  message: string;
  metric?: string;
  value?: number | string;
  threshold?: number | string;
  recommendation?: string;
}

const DEFAULT_LAMBDA_TIMEOUT_S = 3;
/** The seed rule: Lambda's duration limit defaults to 80 % of the function's timeout. */
const TIMEOUT_SHARE = 0.8;

/** value > limit: UNHEALTHY; value > ratio × limit: DEGRADED; else nothing. */
function limit(
  metric: string,
  value: number | undefined,
  max: number,
  ratio: number,
  what: string,
  unit: string,
  recommendation: string,
): Finding[] {
  if (value === undefined) return [];
  const shown = `${what} ${formatNumber(value)}${unit}`;
  if (value > max)
    return [
      {
        level: "UNHEALTHY",
        metric,
        value,
        threshold: max,
        message: `${shown} exceeds ${formatNumber(max)}${unit}`,
        recommendation,
      },
    ];
  if (value > ratio * max) {
    return [
      {
        level: "DEGRADED",
        metric,
        value,
        threshold: max,
        message: `${shown} is above ${formatNumber(ratio * 100)}% of the ${formatNumber(max)}${unit} limit`,
        recommendation,
      },
    ];
  }
  return [];
}

/** Share of failed requests in percent, or undefined without traffic. */
function rate(failed: number | undefined, total: number | undefined): number | undefined {
  if (total === undefined || total <= 0) return undefined;
  return ((failed ?? 0) / total) * 100;
}

function errorRateFindings(pct: number | undefined, invocations: number, t: Thresholds, name: string): Finding[] {
  if (pct === undefined) return [];
  const shown = `error rate ${formatNumber(pct)}% over ${formatNumber(invocations)} invocations`;
  const recommendation = `investigate the errors of ${name}: its logs and recent deployments`;
  if (pct > t.error_rate_unhealthy_pct)
    return [
      {
        level: "UNHEALTHY",
        metric: "errorRatePct",
        value: pct,
        threshold: t.error_rate_unhealthy_pct,
        message: `${shown} (above ${t.error_rate_unhealthy_pct}%)`,
        recommendation,
      },
    ];
  if (pct >= t.error_rate_degraded_pct)
    return [
      {
        level: "DEGRADED",
        metric: "errorRatePct",
        value: pct,
        threshold: t.error_rate_degraded_pct,
        message: `${shown} (${t.error_rate_degraded_pct}–${t.error_rate_unhealthy_pct}%)`,
        recommendation,
      },
    ];
  return [{ level: "NOTE", message: shown }];
}

function lambdaFindings(f: HealthFacts, t: Thresholds, derived: Record<string, number>): Finding[] {
  const out: Finding[] = [];
  const status = f.status?.outcome === "found" && f.status.kind === "lambda" ? f.status : undefined;
  if (status?.state === "Failed")
    out.push({
      level: "UNHEALTHY",
      metric: "state",
      value: "Failed",
      threshold: "Active",
      message: `function state is Failed${status.stateReason ? `: ${status.stateReason}` : ""}`,
      recommendation: `fix the cause in the state reason and redeploy ${f.name}`,
    });
  else if (status?.state === "Pending")
    out.push({
      level: "DEGRADED",
      metric: "state",
      value: "Pending",
      threshold: "Active",
      message: "function is still being created or updated (Pending)",
    });
  else if (status?.state === "Inactive")
    out.push({
      level: "NOTE",
      message: "function is Inactive after a long idle time; the next invocation re-activates it",
    });
  if (status?.lastUpdateStatus === "Failed")
    out.push({
      level: "DEGRADED",
      metric: "lastUpdateStatus",
      value: "Failed",
      threshold: "Successful",
      message: `the last configuration update failed${status.lastUpdateStatusReason ? `: ${status.lastUpdateStatusReason}` : ""}`,
      recommendation: `redeploy ${f.name}; the previous configuration is still serving`,
    });

  const m = f.metrics;
  const errorRate = rate(m.errors, m.invocations);
  if (errorRate !== undefined) derived.errorRatePct = errorRate;
  out.push(...errorRateFindings(errorRate, m.invocations ?? 0, t, f.name));
  out.push(
    ...limit(
      "throttles",
      m.throttles,
      t.throttles,
      t.degraded_ratio,
      "throttles",
      "",
      `raise the reserved concurrency of ${f.name} or ask AWS for a higher concurrency limit`,
    ),
  );
  const timeoutMs = (status?.timeoutSeconds ?? f.timeoutSeconds ?? DEFAULT_LAMBDA_TIMEOUT_S) * 1000;
  out.push(
    ...limit(
      "durationMs",
      m.durationMs,
      t.lambda_duration_ms ?? TIMEOUT_SHARE * timeoutMs,
      t.degraded_ratio,
      "average duration",
      " ms",
      `make ${f.name} faster (more memory also gives more CPU) or raise its ${formatNumber(timeoutMs / 1000)} s timeout`,
    ),
  );
  const reserved = status?.reservedConcurrency;
  if (reserved === 0)
    out.push({
      level: "UNHEALTHY",
      metric: "reservedConcurrency",
      value: 0,
      threshold: 1,
      message: "reserved concurrency is 0: every invocation is throttled",
      recommendation: `raise the reserved concurrency of ${f.name} above 0`,
    });
  else if (reserved !== undefined)
    out.push(
      ...limit(
        "concurrentExecutions",
        m.concurrentExecutions,
        reserved,
        t.degraded_ratio,
        "peak concurrency",
        "",
        `raise the reserved concurrency of ${f.name} (now ${reserved})`,
      ),
    );
  return out;
}

function ecsFindings(f: HealthFacts, t: Thresholds): Finding[] {
  const out: Finding[] = [];
  const status = f.status?.outcome === "found" && f.status.kind === "ecs" ? f.status : undefined;
  if (status !== undefined) {
    const primary = status.deployments.find((d) => d.status === "PRIMARY");
    const rolling = status.deployments.length > 1 || primary?.rolloutState === "IN_PROGRESS";
    const tasks = `${status.running} of ${status.desired} tasks running`;
    if (status.status !== undefined && status.status !== "ACTIVE")
      out.push({
        level: "UNHEALTHY",
        metric: "status",
        value: status.status,
        threshold: "ACTIVE",
        message: `service is ${status.status}`,
      });
    else if (status.desired === 0)
      out.push({
        level: "UNHEALTHY",
        metric: "desiredCount",
        value: 0,
        threshold: 1,
        message: "service is scaled to 0 tasks (stopped)",
        recommendation: `scale ${f.name} up if it should be serving`,
      });
    else if (status.running === 0)
      out.push({
        level: "UNHEALTHY",
        metric: "runningCount",
        value: 0,
        threshold: status.desired,
        message: tasks,
        recommendation: `find why the tasks of ${f.name} stop (service events, container logs), then restart it`,
      });
    else if (status.running < status.desired)
      out.push({
        level: "DEGRADED",
        metric: "runningCount",
        value: status.running,
        threshold: status.desired,
        message: `${tasks}${rolling ? " while a deployment is in progress" : ""}`,
      });
    else out.push({ level: "NOTE", message: tasks });
    if (primary?.rolloutState === "FAILED")
      out.push({
        level: "UNHEALTHY",
        metric: "rolloutState",
        value: "FAILED",
        threshold: "COMPLETED",
        message: "the latest deployment failed",
        recommendation: `roll ${f.name} back to the last working task definition`,
      });
    else if ((primary?.failedTasks ?? 0) > 0)
      out.push({
        level: "DEGRADED",
        metric: "failedTasks",
        value: primary!.failedTasks,
        threshold: 0,
        message: `${primary!.failedTasks} tasks failed to start in the current deployment`,
      });
  }
  out.push(
    ...limit(
      "cpuPct",
      f.metrics.cpuPct,
      t.cpu_pct,
      t.degraded_ratio,
      "CPU",
      "%",
      `scale ${f.name} out or give its tasks more CPU`,
    ),
  );
  out.push(
    ...limit(
      "memoryPct",
      f.metrics.memoryPct,
      t.memory_pct,
      t.degraded_ratio,
      "memory",
      "%",
      `give the tasks of ${f.name} more memory or scale out`,
    ),
  );
  return out;
}

function httpFindings(
  f: HealthFacts,
  t: Thresholds,
  derived: Record<string, number>,
  failed: number | undefined,
): Finding[] {
  const share = rate(failed, f.metrics.requests);
  if (share !== undefined) derived.http5xxPct = share;
  return [
    ...limit(
      "http5xxPct",
      share,
      t.http_5xx_pct,
      t.degraded_ratio,
      "5XX share",
      "%",
      `investigate the server errors behind ${f.name}`,
    ),
    ...limit(
      "latencyMs",
      f.metrics.latencyMs,
      t.latency_ms,
      t.degraded_ratio,
      "average latency",
      " ms",
      `find the slow path behind ${f.name} (dependencies, cold starts, capacity)`,
    ),
  ];
}

export function kindFindings(f: HealthFacts, t: Thresholds, derived: Record<string, number>): Finding[] {
  const m = f.metrics;
  switch (f.kind) {
    case "lambda":
      return lambdaFindings(f, t, derived);
    case "ecs":
      return ecsFindings(f, t);
    case "alb":
      return httpFindings(
        f,
        t,
        derived,
        m.elb5xx === undefined && m.target5xx === undefined ? undefined : (m.elb5xx ?? 0) + (m.target5xx ?? 0),
      );
    case "api-rest":
    case "api-http":
    case "s3":
      return httpFindings(f, t, derived, m.errors5xx);
    case "target-group": {
      if (m.healthyHosts === 0)
        return [
          {
            level: "UNHEALTHY",
            metric: "healthyHosts",
            value: 0,
            threshold: 1,
            message: "no healthy targets",
            recommendation: `check the health check and the targets behind ${f.name}`,
          },
        ];
      return limit(
        "unhealthyHosts",
        m.unhealthyHosts,
        0,
        1,
        "unhealthy targets",
        "",
        `check the health check and the targets behind ${f.name}`,
      ).map((x) => ({ ...x, level: "DEGRADED" as const }));
    }
    case "rds-instance":
    case "rds-cluster":
      return [
        ...limit(
          "cpuPct",
          m.cpuPct,
          t.cpu_pct,
          t.degraded_ratio,
          "CPU",
          "%",
          `look at the slowest queries of ${f.name} or a larger instance class`,
        ),
        ...limit(
          "readLatencyMs",
          m.readLatencyMs,
          t.latency_ms,
          t.degraded_ratio,
          "read latency",
          " ms",
          `look at the I/O load of ${f.name}`,
        ),
        ...limit(
          "writeLatencyMs",
          m.writeLatencyMs,
          t.latency_ms,
          t.degraded_ratio,
          "write latency",
          " ms",
          `look at the I/O load of ${f.name}`,
        ),
      ];
  }
}
