// AWS implementation of the posture service (security, cost and compliance facts for audits).
import type { PostureService } from "../../../../core/services/posture.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";

export function createPostureService(_env: ResolvedEnvironment): PostureService {
  return { service: "posture" };
}
