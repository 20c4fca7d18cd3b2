// AWS implementation of the logs service (CloudWatch Logs queries).
import type { LogsService } from "../../../../core/services/logs.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";

export function createLogsService(_env: ResolvedEnvironment): LogsService {
  return { service: "logs" };
}
