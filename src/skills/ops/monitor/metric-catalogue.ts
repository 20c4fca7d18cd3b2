// How a registry entry maps to the monitor's metrics (metric-catalogue.data.ts), their dimensions and
// a status call, and the metric queries a health check sends.
import type { MetricDimension, MetricQuery, StatusTarget } from "../../../core/services/metrics.js";
import type { RegistryResource } from "../../../records/registry.js";
import { CATALOGUE, type MetricSpec, type MonitorKind } from "./metric-catalogue.data.js";

export type { MetricSpec, MonitorKind } from "./metric-catalogue.data.js";

export interface MonitorTarget {
  resource: RegistryResource;
  kind: MonitorKind;
  dimensions: MetricDimension[];
  metrics: readonly MetricSpec[];
  status?: StatusTarget;
}

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
