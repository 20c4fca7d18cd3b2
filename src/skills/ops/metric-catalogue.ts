// Which CloudWatch metrics describe the health of each kind of deployed resource, and how a registry
// entry maps to the metrics' dimensions and to a status call. Data, not code: adding a resource type
// is one entry in KINDS.
import type { MetricDimension, MetricQuery, StatusTarget } from "../../core/services/metrics.js";
import type { RegistryResource } from "../../records/registry.js";

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

export interface MonitorTarget {
  resource: RegistryResource;
  kind: MonitorKind;
  dimensions: MetricDimension[];
  metrics: readonly MetricSpec[];
  status?: StatusTarget;
}

const spec = (
  key: string,
  namespace: string,
  metricName: string,
  stat: MetricSpec["stat"],
  unit: MetricSpec["unit"],
  more: Partial<MetricSpec> = {},
): MetricSpec => ({
  key,
  namespace,
  metricName,
  stat,
  fold: stat === "Sum" ? "sum" : stat === "Average" ? "mean" : stat === "Maximum" ? "max" : "min",
  unit,
  ...more,
});

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

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The part of an ARN after `marker` ("…:loadbalancer/app/web/123" → "app/web/123"). */
function arnTail(arn: string | undefined, marker: string): string | undefined {
  const at = arn?.indexOf(marker) ?? -1;
  return arn !== undefined && at >= 0 ? arn.slice(at + marker.length) : undefined;
}

/** An ECS cluster given as a name or an ARN, or found in the service's own ARN. */
function ecsCluster(resource: RegistryResource): string | undefined {
  const cluster = str(resource.metadata.cluster);
  if (cluster !== undefined) return cluster;
  // arn:aws:ecs:region:account:service/<cluster>/<service> (the long ARN format)
  const parts = arnTail(resource.arn ?? resource.aws_id, ":service/")?.split("/");
  return parts !== undefined && parts.length === 2 ? parts[0] : undefined;
}

const clusterName = (cluster: string) => cluster.slice(cluster.lastIndexOf("/") + 1);

/** Where a resource type cannot be monitored, undefined; else its kind, dimensions and status call. */
export function monitorTarget(resource: RegistryResource): MonitorTarget | undefined {
  const make = (kind: MonitorKind, dimensions: MetricDimension[], status?: StatusTarget): MonitorTarget => ({
    resource,
    kind,
    dimensions,
    metrics: CATALOGUE[kind],
    ...(status === undefined ? {} : { status }),
  });
  const key = resource.terraform_address;
  const name = resource.name;
  switch (resource.type) {
    case "aws_lambda_function":
      return make("lambda", [{ name: "FunctionName", value: name }], { key, kind: "lambda", functionName: name });
    case "aws_ecs_service": {
      const cluster = ecsCluster(resource);
      if (cluster === undefined) return undefined;
      return make(
        "ecs",
        [
          { name: "ClusterName", value: clusterName(cluster) },
          { name: "ServiceName", value: name },
        ],
        { key, kind: "ecs", cluster, service: name },
      );
    }
    case "aws_lb":
    case "aws_alb": {
      const lb = arnTail(resource.arn ?? resource.aws_id, ":loadbalancer/");
      const type = str(resource.metadata.load_balancer_type) ?? "application";
      return lb === undefined || type !== "application"
        ? undefined
        : make("alb", [{ name: "LoadBalancer", value: lb }]);
    }
    case "aws_lb_target_group":
    case "aws_alb_target_group": {
      // Host counts exist only per (target group, load balancer); the registry must name the load balancer.
      const tg = arnTail(resource.arn ?? resource.aws_id, ":targetgroup/");
      const lbs = resource.metadata.load_balancer_arns;
      const lb = arnTail(Array.isArray(lbs) ? str(lbs[0]) : str(lbs), ":loadbalancer/");
      return tg === undefined || lb === undefined
        ? undefined
        : make("target-group", [
            { name: "TargetGroup", value: `targetgroup/${tg}` },
            { name: "LoadBalancer", value: lb },
          ]);
    }
    case "aws_api_gateway_rest_api":
      return make("api-rest", [{ name: "ApiName", value: name }]);
    case "aws_apigatewayv2_api": {
      const protocol = str(resource.metadata.protocol_type) ?? "HTTP";
      return protocol !== "HTTP" || resource.aws_id === undefined
        ? undefined
        : make("api-http", [{ name: "ApiId", value: resource.aws_id }]);
    }
    case "aws_db_instance":
      return make("rds-instance", [{ name: "DBInstanceIdentifier", value: name }]);
    case "aws_rds_cluster":
      return make("rds-cluster", [{ name: "DBClusterIdentifier", value: name }]);
    case "aws_s3_bucket":
      return make("s3", [{ name: "BucketName", value: name }]);
    default:
      return undefined;
  }
}

export interface MonitorPlan {
  targets: MonitorTarget[];
  /** Resources without health metrics, counted per type (IAM roles, log groups, …). */
  notMonitored: Record<string, number>;
}

export function planMonitoring(resources: readonly RegistryResource[]): MonitorPlan {
  const targets: MonitorTarget[] = [];
  const notMonitored: Record<string, number> = {};
  for (const resource of resources) {
    const target = monitorTarget(resource);
    if (target !== undefined) targets.push(target);
    else notMonitored[resource.type] = (notMonitored[resource.type] ?? 0) + 1;
  }
  return { targets, notMonitored };
}

/** The metric query of one (target, metric) pair with a given statistic. */
export function metricQuery(
  id: string,
  target: MonitorTarget,
  metric: MetricSpec,
  stat: string,
  periodSeconds: number,
): MetricQuery {
  return {
    id,
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: [...target.dimensions, ...(metric.extraDimensions ?? [])],
    stat,
    periodSeconds,
  };
}

/** A health check's queries: one per (target, metric), ids `r<target>m<metric>`. */
export function healthQueries(targets: readonly MonitorTarget[], periodSeconds: number): MetricQuery[] {
  return targets.flatMap((target, t) =>
    target.metrics.map((metric, m) => metricQuery(`r${t}m${m}`, target, metric, metric.stat, periodSeconds)),
  );
}
