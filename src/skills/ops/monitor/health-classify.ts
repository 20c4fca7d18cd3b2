// Health classification as a pure function: a resource's folded metrics, its status call and its
// alarms → HEALTHY / DEGRADED / UNHEALTHY / UNKNOWN, with the reasons, the issues (metric, value,
// threshold) and what to do. Thresholds come from config.monitoring.thresholds; the rules per kind of
// resource are in health-findings.ts.
import { kindFindings, type Finding, type HealthFacts, type Level, type Thresholds } from "./health-findings.js";

export type { HealthFacts, Thresholds } from "./health-findings.js";

export type HealthStatus = "HEALTHY" | "DEGRADED" | "UNHEALTHY" | "UNKNOWN";

export interface HealthIssue {
  severity: "critical" | "warning";
  metric: string;
  value: number | string;
  threshold: number | string;
  message: string;
}

export interface HealthVerdict {
  status: HealthStatus;
  reasons: string[];
  issues: HealthIssue[];
  /** Figures computed from the metrics: errorRatePct, http5xxPct. */
  derived: Record<string, number>;
  recommendations: string[];
}

/** Classifies one resource. Without metric data and without a status signal, it is UNKNOWN. */
export function classifyHealth(facts: HealthFacts, thresholds: Thresholds): HealthVerdict {
  const derived: Record<string, number> = {};
  const findings: Finding[] = [];
  const status = facts.status;
  if (status?.outcome === "not_found") {
    findings.push({
      level: "UNHEALTHY",
      metric: "exists",
      value: "not found",
      threshold: "exists",
      message: "not found in AWS although the registry records it (deleted outside Terraform?)",
      recommendation: "redeploy it, or refresh the registry if it was removed on purpose",
    });
  } else {
    findings.push(...kindFindings(facts, thresholds, derived));
    if (status?.outcome === "error") findings.push({ level: "NOTE", message: `status unavailable (${status.code})` });
  }
  for (const alarm of facts.alarms ?? [])
    findings.push({
      level: "DEGRADED",
      metric: "alarm",
      value: alarm,
      threshold: "OK",
      message: `alarm ${alarm} is in ALARM`,
    });

  const hasData = Object.keys(facts.metrics).length > 0;
  const statusSignal = status?.outcome === "not_found" || (status?.outcome === "found" && status.kind === "ecs");
  const worst = findings.some((x) => x.level === "UNHEALTHY")
    ? "UNHEALTHY"
    : findings.some((x) => x.level === "DEGRADED")
      ? "DEGRADED"
      : undefined;
  const verdict: HealthStatus = worst ?? (hasData || statusSignal ? "HEALTHY" : "UNKNOWN");
  const order: Record<Level, number> = { UNHEALTHY: 0, DEGRADED: 1, NOTE: 2 };
  const sorted = [...findings].sort((a, b) => order[a.level] - order[b.level]);
  const reasons = sorted.map((x) => x.message);
  if (!hasData) reasons.push(facts.metricsError ?? "no metric data in the window (a new or idle resource)");
  return {
    status: verdict,
    reasons,
    issues: sorted
      .filter((x) => x.level !== "NOTE")
      .map((x) => ({
        severity: x.level === "UNHEALTHY" ? "critical" : "warning",
        metric: x.metric ?? "status",
        value: x.value ?? "",
        threshold: x.threshold ?? "",
        message: x.message,
      })),
    derived,
    recommendations: [
      ...new Set(
        sorted.filter((x) => x.level !== "NOTE" && x.recommendation !== undefined).map((x) => x.recommendation!),
      ),
    ],
  };
}

/** The environment's health: the worst known status; UNKNOWN only when nothing is known. */
export function overallHealth(statuses: readonly HealthStatus[]): HealthStatus {
  for (const status of ["UNHEALTHY", "DEGRADED", "HEALTHY"] as const) if (statuses.includes(status)) return status;
  return "UNKNOWN";
}
