// The logs service a hosting handler offers to skills: CloudWatch Logs queries, and the few read-only
// facts an investigation puts on its timeline (alarms and their history, ECS service events, Lambda
// versions, error metric series). Skills depend on this interface, never on an SDK client.

export interface LogEvent {
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
  logGroup: string;
  logStream?: string;
}

export interface LogQuery {
  logGroup: string;
  /** Epoch milliseconds, inclusive. */
  startMs: number;
  /** Epoch milliseconds, inclusive. */
  endMs: number;
  /** A CloudWatch Logs filter pattern; absent for every event. */
  filterPattern?: string;
  /** Stop paging once this many events are in hand. */
  maxEvents: number;
  /** Events asked for per page (the API's own limit); the provider's default when absent. */
  pageSize?: number;
}

export interface LogQueryResult {
  /** Oldest first, at most `maxEvents`. */
  events: LogEvent[];
  /** True when paging stopped at `maxEvents` while the provider had more pages. */
  stoppedEarly: boolean;
  /** False when the log group does not exist (nothing was logged yet, or a wrong name). */
  groupExists: boolean;
  pages: number;
}

export interface EcsServiceRef {
  /** Cluster name or ARN. */
  cluster: string;
  /** Service name or ARN. */
  service: string;
}

export interface EcsServiceEvent {
  id?: string;
  /** ISO-8601. */
  at: string;
  message: string;
}

export interface EcsDeployment {
  id: string;
  status: string;
  taskDefinition?: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  createdAt?: string;
  updatedAt?: string;
  failedTasks?: number;
}

export interface EcsServiceFacts {
  serviceName: string;
  taskDefinition?: string;
  desiredCount?: number;
  runningCount?: number;
  events: EcsServiceEvent[];
  deployments: EcsDeployment[];
}

export interface LambdaVersion {
  version: string;
  /** ISO-8601, when the provider reports it. */
  lastModified?: string;
  description?: string;
}

export interface LambdaFacts {
  functionName: string;
  /** When the unpublished configuration ($LATEST) last changed (ISO-8601). */
  lastModified?: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  lastUpdateStatus?: string;
  /** Published versions, $LATEST excluded. */
  versions: LambdaVersion[];
}

export interface AlarmFacts {
  name: string;
  state: string;
  stateReason?: string;
  /** ISO-8601. */
  stateUpdatedAt?: string;
  namespace?: string;
  metricName?: string;
  dimensions: Record<string, string>;
}

export interface AlarmTransition {
  alarmName: string;
  /** ISO-8601. */
  at: string;
  summary: string;
  oldState?: string;
  newState?: string;
}

export interface MetricSeriesQuery {
  /** Caller's key for the series (letters, digits, underscore; starts with a lowercase letter). */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount";
}

export interface MetricPoint {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

export interface MetricSeries {
  id: string;
  /** Oldest first. */
  points: MetricPoint[];
}

export interface LogsService {
  readonly service: "logs";
  /** Events of one log group in a time range, paged until `maxEvents` or the end. */
  filterEvents(query: LogQuery): Promise<LogQueryResult>;
  /** Current service facts: task definition, recent service events, deployments. */
  ecsService(ref: EcsServiceRef): Promise<EcsServiceFacts | undefined>;
  /** The awslogs groups a task definition's containers write to. */
  taskDefinitionLogGroups(taskDefinition: string): Promise<string[]>;
  /** Configuration timestamps and published versions of a function. */
  lambdaFunction(functionName: string): Promise<LambdaFacts | undefined>;
  /** Every metric alarm of the account and region (paged). */
  alarms(): Promise<AlarmFacts[]>;
  /** State changes of alarms in a time range. */
  alarmHistory(range: { startMs: number; endMs: number }): Promise<AlarmTransition[]>;
  /** Error-like metric series (errors, throttles, 5xx, utilisation) in a range, batched. */
  errorMetricSeries(
    queries: readonly MetricSeriesQuery[],
    range: { startMs: number; endMs: number; periodSeconds: number },
  ): Promise<MetricSeries[]>;
}
