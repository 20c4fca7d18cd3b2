// Performance recommendations as a pure rule table: a resource's window statistics and trends (and a
// Lambda function's memory, timeout and reserved concurrency) → what to change, and why.
import { formatNumber } from "../../../core/format.js";
import type { Thresholds } from "./health-classify.js";
import type { MonitorKind } from "./metric-catalogue.js";
import type { SummaryStats, Trend } from "./performance-stats.js";

export interface MetricFigures {
  stats: SummaryStats;
  trend: Trend;
}

export interface AdviceInput {
  kind: MonitorKind;
  name: string;
  /** By catalogue key (durationMs, cpuPct, …), values already in the key's unit. */
  metrics: Readonly<Record<string, MetricFigures>>;
  lambda?: { memoryMb?: number; timeoutSeconds?: number; reservedConcurrency?: number };
}

export type AdviceCategory =
  | "memory"
  | "concurrency"
  | "throttles"
  | "cpu"
  | "memory-utilisation"
  | "latency"
  | "errors"
  | "trend";

export interface Recommendation {
  resource: string;
  category: AdviceCategory;
  severity: "high" | "medium" | "low";
  message: string;
}

const DEFAULT_TIMEOUT_S = 3;
const SLOW_LAMBDA_MS = 1000;
const SMALL_LAMBDA_MB = 512;
const FAST_LAMBDA_MS = 100;
const LARGE_LAMBDA_MB = 1024;
const IDLE_CPU = { average: 20, maximum: 40 };
const IDLE_MEMORY = { average: 30, maximum: 50 };
/** p99 this many times p95 is a long tail worth a look. */
const TAIL_FACTOR = 3;
const RISING_PCT = 25;
const LATENCY_KEYS = ["latencyMs", "integrationLatencyMs", "readLatencyMs", "writeLatencyMs"] as const;
const TREND_KEYS = [
  "durationMs",
  "cpuPct",
  "memoryPct",
  "errors",
  "errors5xx",
  "elb5xx",
  "target5xx",
  ...LATENCY_KEYS,
] as const;

type Rule = (
  input: AdviceInput,
  t: Thresholds,
  add: (category: AdviceCategory, severity: Recommendation["severity"], message: string) => void,
) => void;

const n = formatNumber;
const LABELS: Readonly<Record<string, string>> = {
  cpuPct: "CPU",
  memoryPct: "memory use",
  errors5xx: "5XX errors",
  elb5xx: "load balancer 5XX errors",
  target5xx: "target 5XX errors",
};
/** A catalogue key as words: "integrationLatencyMs" → "integration latency". */
const label = (key: string) => LABELS[key] ?? key.replace(/Ms$/, "").replace(/([A-Z])/g, (c) => ` ${c.toLowerCase()}`);

const lambdaRules: Rule = ({ metrics: m, lambda = {} }, t, add) => {
  const throttles = m.throttles?.stats.sum ?? 0;
  const reserved = lambda.reservedConcurrency;
  if (throttles > 0)
    add(
      "throttles",
      "high",
      `throttled ${n(throttles)} times: raise the reserved concurrency${reserved === undefined ? "" : ` (now ${reserved})`} or ask AWS for a higher account concurrency limit`,
    );
  const peak = m.concurrentExecutions?.stats.maximum;
  if (reserved !== undefined && reserved > 0 && peak !== undefined && peak >= t.degraded_ratio * reserved) {
    add(
      "concurrency",
      "medium",
      `peak concurrency ${n(peak)} is ${n((peak / reserved) * 100)}% of the reserved ${reserved}: raise it before throttling starts`,
    );
  }
  const duration = m.durationMs?.stats;
  const timeoutMs = (lambda.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  const slowest = duration?.p95 ?? duration?.maximum;
  if (slowest !== undefined && slowest >= t.degraded_ratio * timeoutMs) {
    add(
      "latency",
      "high",
      `${duration?.p95 === undefined ? "maximum" : "p95"} duration ${n(slowest)} ms is close to the ${n(timeoutMs / 1000)} s timeout: make it faster or raise the timeout`,
    );
  }
  const average = duration?.average;
  if (average !== undefined && lambda.memoryMb !== undefined) {
    if (average > SLOW_LAMBDA_MS && lambda.memoryMb <= SMALL_LAMBDA_MB) {
      add(
        "memory",
        "medium",
        `average duration ${n(average)} ms at ${lambda.memoryMb} MB: try ${lambda.memoryMb * 2} MB (CPU grows with memory) and compare duration and cost`,
      );
    } else if (average < FAST_LAMBDA_MS && lambda.memoryMb >= LARGE_LAMBDA_MB) {
      add(
        "memory",
        "low",
        `average duration ${n(average)} ms at ${lambda.memoryMb} MB: the memory may be oversized; try ${lambda.memoryMb / 2} MB`,
      );
    }
  }
  const invocations = m.invocations?.stats.sum ?? 0;
  const errors = m.errors?.stats.sum ?? 0;
  if (invocations > 0 && (errors / invocations) * 100 >= t.error_rate_degraded_pct) {
    add(
      "errors",
      (errors / invocations) * 100 > t.error_rate_unhealthy_pct ? "high" : "medium",
      `error rate ${n((errors / invocations) * 100)}% (${n(errors)} of ${n(invocations)} invocations): investigate the errors`,
    );
  }
};

function utilisation(
  m: AdviceInput["metrics"],
  key: "cpuPct" | "memoryPct",
  limit: number,
  idle: { average: number; maximum: number },
  t: Thresholds,
  add: Parameters<Rule>[2],
) {
  const stats = m[key]?.stats;
  if (stats?.average === undefined) return;
  const label = key === "cpuPct" ? "CPU" : "memory";
  const category = key === "cpuPct" ? "cpu" : "memory-utilisation";
  const max = stats.maximum ?? stats.average;
  if (max > limit || stats.average > t.degraded_ratio * limit) {
    add(
      category,
      "high",
      `${label} averages ${n(stats.average)}% (peak ${n(max)}%): scale out or give the tasks more ${label}`,
    );
  } else if (stats.average < idle.average && max < idle.maximum) {
    add(
      category,
      "low",
      `${label} averages ${n(stats.average)}% (peak ${n(max)}%): the tasks may be oversized; a smaller size or fewer tasks would cost less`,
    );
  }
}

const utilisationRules: Rule = ({ kind, metrics: m }, t, add) => {
  if (kind === "ecs" || kind === "rds-instance" || kind === "rds-cluster")
    utilisation(m, "cpuPct", t.cpu_pct, IDLE_CPU, t, add);
  if (kind === "ecs") utilisation(m, "memoryPct", t.memory_pct, IDLE_MEMORY, t, add);
};

const latencyRules: Rule = ({ metrics: m }, t, add) => {
  for (const key of LATENCY_KEYS) {
    const stats = m[key]?.stats;
    if (stats === undefined) continue;
    const figure = stats.p95 ?? stats.average;
    const which = stats.p95 === undefined ? "average" : "p95";
    if (figure !== undefined && figure > t.latency_ms)
      add(
        "latency",
        "medium",
        `${which} ${label(key)} ${n(figure)} ms is over the ${n(t.latency_ms)} ms target: find the slow path (dependencies, capacity, cold starts)`,
      );
    if (stats.p95 !== undefined && stats.p99 !== undefined && stats.p95 > 0 && stats.p99 > TAIL_FACTOR * stats.p95) {
      add(
        "latency",
        "low",
        `${label(key)} has a long tail: p99 ${n(stats.p99)} ms is ${n(stats.p99 / stats.p95)}× p95`,
      );
    }
  }
};

const httpErrorRules: Rule = ({ kind, metrics: m }, t, add) => {
  if (!["alb", "api-rest", "api-http", "s3"].includes(kind)) return;
  const requests = m.requests?.stats.sum ?? 0;
  const failed = (m.errors5xx?.stats.sum ?? 0) + (m.elb5xx?.stats.sum ?? 0) + (m.target5xx?.stats.sum ?? 0);
  const pct = requests > 0 ? (failed / requests) * 100 : 0;
  if (pct > t.degraded_ratio * t.http_5xx_pct)
    add(
      "errors",
      pct > t.http_5xx_pct ? "high" : "medium",
      `${n(pct)}% of ${n(requests)} requests failed with 5XX: investigate the server errors`,
    );
};

const trendRules: Rule = ({ metrics: m }, _t, add) => {
  for (const key of TREND_KEYS) {
    const change = m[key]?.trend;
    if (change?.direction === "rising" && (change.changePct ?? 0) >= RISING_PCT)
      add("trend", "low", `${label(key)} rose ${n(change.changePct ?? 0)}% over the window`);
  }
};

const RULES: readonly Rule[] = [
  (input, t, add) => input.kind === "lambda" && lambdaRules(input, t, add),
  utilisationRules,
  latencyRules,
  httpErrorRules,
  trendRules,
];

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

export function advise(input: AdviceInput, thresholds: Thresholds): Recommendation[] {
  const out: Recommendation[] = [];
  const add = (category: AdviceCategory, severity: Recommendation["severity"], message: string) =>
    out.push({ resource: input.name, category, severity, message });
  for (const rule of RULES) rule(input, thresholds, add);
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
