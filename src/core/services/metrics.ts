// The metrics service a hosting handler offers to skills: metric series fetched in batches, alarms,
// and the status calls a health check needs (Lambda function state, ECS service task counts).
// Skills depend on this interface, never on an SDK client.
import type { TimeRange } from "../timeframe.js";

/** The most metric queries one provider request may carry (CloudWatch GetMetricData: 500). */
export const METRIC_QUERIES_PER_CALL = 500;

export interface MetricDimension {
  name: string;
  value: string;
}

/** One series to fetch: a metric, one statistic, one period. */
export interface MetricQuery {
  /** Unique within one getMetricData call; starts with a lower-case letter, then letters, digits, `_`. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: readonly MetricDimension[];
  /** Sum, Average, Minimum, Maximum, SampleCount, or a percentile such as p95. */
  stat: string;
  periodSeconds: number;
}

export interface MetricSeries {
  id: string;
  /** Epoch milliseconds, ascending, one per value. */
  timestamps: number[];
  values: number[];
  /** "complete" unless the provider said the series is partial, forbidden or failed. */
  status: "complete" | "partial" | "forbidden" | "error";
  message?: string;
}

export interface MetricDataResult {
  /** One series per query, in the order of the queries. */
  series: MetricSeries[];
  /** Provider requests this fetch took (pages included): ceil(queries / 500) when nothing pages. */
  calls: number;
}

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmSummary {
  name: string;
  state: AlarmState;
  reason?: string;
  /** ISO instant of the last state change. */
  updatedAt?: string;
  namespace?: string;
  metricName?: string;
  /** Dimensions of the alarm's metric (or of every metric of a metric-math alarm). */
  dimensions: MetricDimension[];
  threshold?: number;
  comparison?: string;
}

/** A resource whose runtime status can be read directly (not only through metrics). */
export type StatusTarget =
  | { key: string; kind: "lambda"; functionName: string }
  | { key: string; kind: "ecs"; cluster: string; service: string };

export interface LambdaStatus {
  kind: "lambda";
  /** Pending | Active | Inactive | Failed */
  state?: string;
  stateReason?: string;
  /** Successful | Failed | InProgress */
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  reservedConcurrency?: number;
  lastModified?: string;
}

export interface EcsDeploymentStatus {
  /** PRIMARY | ACTIVE | INACTIVE */
  status: string;
  /** COMPLETED | FAILED | IN_PROGRESS, when the deployment circuit breaker reports one. */
  rolloutState?: string;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
}

export interface EcsStatus {
  kind: "ecs";
  /** ACTIVE | DRAINING | INACTIVE */
  status?: string;
  desired: number;
  running: number;
  pending: number;
  deployments: EcsDeploymentStatus[];
}

export type ResourceStatus =
  | ({ outcome: "found" } & (LambdaStatus | EcsStatus))
  | { outcome: "not_found"; kind: StatusTarget["kind"] }
  | { outcome: "error"; kind: StatusTarget["kind"]; code: string; message: string };

export interface MetricsService {
  readonly service: "metrics";
  /**
   * Every query's series over `range`, in as few provider requests as the limit allows (500 queries
   * each). A failed request throws a ProviderError; a series the provider marks partial or forbidden
   * comes back with that status.
   */
  getMetricData(queries: readonly MetricQuery[], range: TimeRange): Promise<MetricDataResult>;
  /** Alarms, all pages; optionally only those in one state or whose name starts with a prefix. */
  describeAlarms(options?: { state?: AlarmState; namePrefix?: string }): Promise<AlarmSummary[]>;
  /**
   * Runtime status of each target, keyed by `target.key`. Never throws for one target: a missing
   * resource is `not_found`, any other failure (access denied, throttling) is `error` with its code.
   */
  resourceStatus(targets: readonly StatusTarget[]): Promise<Map<string, ResourceStatus>>;
  /** Provider requests made so far by this service, per operation (e.g. "cloudwatch:GetMetricData"). */
  calls(): Record<string, number>;
}
