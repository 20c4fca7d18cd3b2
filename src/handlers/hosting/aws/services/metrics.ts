// AWS implementation of the metrics service (CloudWatch metrics (GetMetricData) and alarms).
import type { MetricsService } from "../../../../core/services/metrics.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";

export function createMetricsService(_env: ResolvedEnvironment): MetricsService {
  return { service: "metrics" };
}
