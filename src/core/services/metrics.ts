// The metrics service a hosting handler offers to skills: CloudWatch metrics (GetMetricData) and alarms.
// Skills depend on this interface, never on an SDK client.

export interface MetricsService {
  readonly service: "metrics";
}
