// AWS implementation of the posture service (security, cost and compliance facts for audits): IAM,
// resource settings, account controls and Cost Explorer, each with its SDK client made on first use.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type { PostureService } from "../../../../core/services/posture.js";
import { accountPosture } from "./posture-account.js";
import { costPosture } from "./posture-cost.js";
import { iamPosture } from "./posture-iam.js";
import { resourcePosture } from "./posture-resources.js";

export function createPostureService(env: ResolvedEnvironment): PostureService {
  return {
    service: "posture",
    ...iamPosture(env),
    ...resourcePosture(env),
    ...accountPosture(env),
    ...costPosture(env),
  };
}
