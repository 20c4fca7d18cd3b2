// Which CloudWatch metrics describe the health of each kind of deployed resource (data, not code):
// adding a resource type is one entry in CATALOGUE, plus its mapping in metric-catalogue.ts.
import type { MetricDimension } from "../../../core/services/metrics.js";

export type MonitorKind =
  | "lambda"
  | "ecs"
  | "alb"
  | "target-group"
  | "api-rest"
  | "api-http"
  | "rds-instance"
  | "rds-cluster"
  | "s3";

export interface MetricSpec {
  /** Stable key in reports, unit included where it helps: "errors", "durationMs", "cpuPct". */
  key: string;
  namespace: string;
  metricName: string;
  /** The statistic a health check asks for, and how its per-period values fold into one number. */
  stat: "Sum" | "Average" | "Maximum" | "Minimum";
  fold: "sum" | "mean" | "max" | "min";
  /** Unit after scaling. */
  unit: "count" | "ms" | "percent" | "bytes";
  /** Provider value × scale = reported value (CloudWatch gives some latencies in seconds). */
  scale?: number;
  /** Latency-like metrics, for which p95/p99 are worth requesting. */
  percentiles?: boolean;
  /** Dimensions added for this metric only. */
  extraDimensions?: readonly MetricDimension[];
}

/** How a statistic's per-period values fold into one number. */
const FOLD = { Sum: "sum", Average: "mean", Maximum: "max", Minimum: "min" } as const satisfies Record<
  MetricSpec["stat"],
  MetricSpec["fold"]
>;

const spec = (
  key: string,
  namespace: string,
  metricName: string,
  stat: MetricSpec["stat"],
  unit: MetricSpec["unit"],
  more: Partial<MetricSpec> = {},
): MetricSpec => ({ key, namespace, metricName, stat, fold: FOLD[stat], unit, ...more });

const LAMBDA = "AWS/Lambda";
const ECS = "AWS/ECS";
const ALB = "AWS/ApplicationELB";
const APIGW = "AWS/ApiGateway";
const RDS = "AWS/RDS";
const S3 = "AWS/S3";
const SECONDS_TO_MS = 1000;

const API_REST = [
  spec("requests", APIGW, "Count", "Sum", "count"),
  spec("errors4xx", APIGW, "4XXError", "Sum", "count"),
  spec("errors5xx", APIGW, "5XXError", "Sum", "count"),
  spec("latencyMs", APIGW, "Latency", "Average", "ms", { percentiles: true }),
  spec("integrationLatencyMs", APIGW, "IntegrationLatency", "Average", "ms", { percentiles: true }),
];

const RDS_METRICS = [
  spec("cpuPct", RDS, "CPUUtilization", "Average", "percent"),
  spec("connections", RDS, "DatabaseConnections", "Average", "count"),
  spec("freeableMemoryBytes", RDS, "FreeableMemory", "Minimum", "bytes"),
  spec("readLatencyMs", RDS, "ReadLatency", "Average", "ms", { scale: SECONDS_TO_MS, percentiles: true }),
  spec("writeLatencyMs", RDS, "WriteLatency", "Average", "ms", { scale: SECONDS_TO_MS, percentiles: true }),
];

const S3_REQUESTS = [{ name: "FilterId", value: "EntireBucket" }] as const;

export const CATALOGUE: Readonly<Record<MonitorKind, readonly MetricSpec[]>> = {
  lambda: [
    spec("invocations", LAMBDA, "Invocations", "Sum", "count"),
    spec("errors", LAMBDA, "Errors", "Sum", "count"),
    spec("durationMs", LAMBDA, "Duration", "Average", "ms", { percentiles: true }),
    spec("throttles", LAMBDA, "Throttles", "Sum", "count"),
    spec("concurrentExecutions", LAMBDA, "ConcurrentExecutions", "Maximum", "count"),
  ],
  ecs: [
    spec("cpuPct", ECS, "CPUUtilization", "Average", "percent"),
    spec("memoryPct", ECS, "MemoryUtilization", "Average", "percent"),
  ],
  alb: [
    spec("requests", ALB, "RequestCount", "Sum", "count"),
    spec("elb5xx", ALB, "HTTPCode_ELB_5XX_Count", "Sum", "count"),
    spec("target5xx", ALB, "HTTPCode_Target_5XX_Count", "Sum", "count"),
    spec("latencyMs", ALB, "TargetResponseTime", "Average", "ms", { scale: SECONDS_TO_MS, percentiles: true }),
  ],
  "target-group": [
    spec("healthyHosts", ALB, "HealthyHostCount", "Minimum", "count"),
    spec("unhealthyHosts", ALB, "UnHealthyHostCount", "Maximum", "count"),
  ],
  "api-rest": API_REST,
  "api-http": [
    spec("requests", APIGW, "Count", "Sum", "count"),
    spec("errors4xx", APIGW, "4xx", "Sum", "count"),
    spec("errors5xx", APIGW, "5xx", "Sum", "count"),
    spec("latencyMs", APIGW, "Latency", "Average", "ms", { percentiles: true }),
    spec("integrationLatencyMs", APIGW, "IntegrationLatency", "Average", "ms", { percentiles: true }),
  ],
  "rds-instance": RDS_METRICS,
  "rds-cluster": RDS_METRICS,
  s3: [
    spec("requests", S3, "AllRequests", "Sum", "count", { extraDimensions: S3_REQUESTS }),
    spec("errors4xx", S3, "4xxErrors", "Sum", "count", { extraDimensions: S3_REQUESTS }),
    spec("errors5xx", S3, "5xxErrors", "Sum", "count", { extraDimensions: S3_REQUESTS }),
  ],
};
