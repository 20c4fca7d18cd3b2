// The ops monitor's health check of an environment's recorded resources, in the shape the infra
// tester's post-deployment tests take it: the workflows hand it in, so infra never depends on ops.
import type { ProjectContext } from "../../../core/context.js";
import type { TimeRange } from "../../../core/timeframe.js";
import type { Registry } from "../../../records/registry.js";
import type { Infra } from "../../infra/target.js";
import type { PostDeploymentTarget } from "../../infra/tester/post-deployment.js";
import { runHealthCheck } from "./monitor.js";

export function deployedHealthCheck(project: ProjectContext, infra: Infra): PostDeploymentTarget["healthCheck"] {
  const services = infra.hosting.services(project, infra.env);
  const { period_seconds: periodSeconds, thresholds } = project.config.monitoring;
  return (registry: Registry, range: TimeRange) =>
    runHealthCheck(
      project,
      { env: infra.env, hosting: infra.hosting, services, registry, resources: registry.resources },
      { resources: registry.resources, range, periodSeconds, thresholds },
    );
}
