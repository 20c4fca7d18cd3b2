// AWS implementation of the compute service (ECS services and Lambda functions: status, events, versions, and the remediation actions).
import type { ComputeService } from "../../../../core/services/compute.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";

export function createComputeService(_env: ResolvedEnvironment): ComputeService {
  return { service: "compute" };
}
