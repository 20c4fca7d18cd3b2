// Remediation of an ECS service. restart = a new deployment of the same task definition (every task
// replaced); scale = a new desired count; rollback = the previous ACTIVE revision of the service's
// task-definition family. Verified by describing the service until its deployment settles.
import { commandLine } from "../../../core/commands/command-line.js";
import { ProviderError, UserError } from "../../../core/errors.js";
import type { ComputeService, EcsServiceRef, EcsServiceState } from "../../../core/services/compute.js";
import type { RemediationSpec } from "../../../records/plans.js";
import {
  noPrevious,
  poll,
  NothingToChange,
  type Facts,
  type RemediationDriver,
  type RemediationPlan,
  type RemediationTarget,
} from "./actions.js";

/** `family:revision` of a task-definition ARN. */
export function revisionName(taskDefinition: string): string {
  return taskDefinition.split("/").pop() ?? taskDefinition;
}

function familyOf(taskDefinition: string): string {
  return revisionName(taskDefinition).replace(/:\d+$/, "");
}

function revisionOf(taskDefinition: string): number {
  return Number(revisionName(taskDefinition).split(":").pop());
}

/** The newest ACTIVE revision older than the current one, from a newest-first list. */
export function previousRevision(current: string, active: readonly string[]): string | undefined {
  const now = revisionOf(current);
  return active.filter((arn) => revisionOf(arn) < now).sort((a, b) => revisionOf(b) - revisionOf(a))[0];
}

function refOf(spec: RemediationSpec): EcsServiceRef {
  return { cluster: spec.resource.cluster ?? "default", service: spec.resource.arn };
}

async function describe(compute: ComputeService, ref: EcsServiceRef, label: string): Promise<EcsServiceState> {
  const state = await compute.describeEcsService(ref);
  if (state === undefined) {
    throw new ProviderError("RESOURCE_NOT_FOUND", `ECS does not know the service ${label} (cluster ${ref.cluster})`, {
      suggestion: `the registry may be out of date: run ${commandLine("infra show-resources", { refresh: true })}, or deploy again`,
    });
  }
  return state;
}

function primary(state: EcsServiceState) {
  return state.deployments.find((d) => d.status === "PRIMARY") ?? state.deployments[0];
}

async function facts(
  compute: ComputeService,
  state: EcsServiceState,
  action: RemediationSpec["action"],
): Promise<Facts> {
  if (action === "scale") return { status: state.status, desiredCount: state.desiredCount };
  if (action === "restart")
    return { status: state.status, taskDefinition: state.taskDefinition, deployment: primary(state)?.id ?? null };
  const active = await compute.listTaskDefinitionRevisions(familyOf(state.taskDefinition));
  return {
    status: state.status,
    taskDefinition: state.taskDefinition,
    previous: previousRevision(state.taskDefinition, active) ?? null,
  };
}

function observe(state: EcsServiceState): Facts {
  const first = primary(state);
  return {
    status: state.status,
    desiredCount: state.desiredCount,
    runningCount: state.runningCount,
    pendingCount: state.pendingCount,
    taskDefinition: state.taskDefinition,
    deployments: state.deployments.length,
    primaryDeployment: first?.id ?? null,
    primaryTaskDefinition: first?.taskDefinition ?? null,
    rolloutState: first?.rolloutState ?? null,
  };
}

export const ecsDriver: RemediationDriver = {
  async plan(compute, target: RemediationTarget, action, params): Promise<RemediationPlan> {
    const ref = { cluster: target.cluster ?? "default", service: target.id };
    const state = await describe(compute, ref, target.name);
    if (state.status !== "ACTIVE") {
      throw new UserError("REMEDIATION_NOT_ACTIVE", `the ECS service ${state.name} is ${state.status}, not ACTIVE`, {
        suggestion: `deploy the service again with ${commandLine("infra deploy")}`,
      });
    }
    if (action !== "scale" && state.deploymentController !== "ECS") {
      throw new UserError(
        "REMEDIATION_UNSUPPORTED",
        `the ECS service ${state.name} is deployed by ${state.deploymentController}, so ECS cannot ${action} it`,
        {
          suggestion:
            state.deploymentController === "CODE_DEPLOY"
              ? "start a CodeDeploy deployment (or roll back the last one) instead"
              : "use the deployment tool that controls this service",
        },
      );
    }
    const before = await facts(compute, state, action);
    const resource = {
      kind: "ecs_service" as const,
      name: state.name,
      arn: state.arn,
      cluster: state.clusterArn || ref.cluster,
    };
    const label = `ECS service ${state.name}`;
    if (action === "scale") {
      const count = Number(params.count);
      if (count === state.desiredCount) throw new NothingToChange(`${label} already has desired count ${count}`);
      const notes = [
        ...(count === 0
          ? ["desired count 0 stops every task: the service serves nothing until it is scaled up again"]
          : []),
        "if Application Auto Scaling manages this service, its policies may change the desired count again; Terraform's desired_count returns on the next deploy",
      ];
      return {
        resource,
        action,
        params,
        before,
        target: { desiredCount: count },
        notes,
        changes: [{ field: "desiredCount", from: state.desiredCount, to: count }],
        description: `${label}: desired count ${state.desiredCount} → ${count}`,
      };
    }
    if (action === "restart") {
      return {
        resource,
        action,
        params,
        before,
        target: { forceNewDeployment: true },
        changes: [{ field: "deployment", from: primary(state)?.id ?? null, to: "a new deployment" }],
        description: `${label}: new deployment of ${revisionName(state.taskDefinition)}, replacing all ${state.runningCount} running task(s) (desired ${state.desiredCount})`,
        notes: [
          "ECS starts new tasks before stopping old ones within the service's deployment limits; the task definition stays the same",
        ],
      };
    }
    const previous = before.previous;
    if (typeof previous !== "string") {
      throw noPrevious(
        `${revisionName(state.taskDefinition)} is the oldest ACTIVE revision of ${familyOf(state.taskDefinition)}`,
        `deploy a fixed revision with ${commandLine("infra deploy")} instead`,
      );
    }
    return {
      resource,
      action,
      params,
      before,
      target: { taskDefinition: previous },
      changes: [{ field: "taskDefinition", from: state.taskDefinition, to: previous }],
      description: `${label}: task definition ${revisionName(state.taskDefinition)} → ${revisionName(previous)}`,
      notes: [
        `Terraform still names the newer revision: the next ${commandLine("infra deploy")} rolls the service forward again unless the code changes`,
      ],
    };
  },

  async current(compute, spec) {
    return facts(compute, await describe(compute, refOf(spec), spec.resource.name), spec.action);
  },

  async apply(compute, spec): Promise<Facts> {
    const ref = refOf(spec);
    const state =
      spec.action === "scale"
        ? await compute.setEcsDesiredCount(ref, Number(spec.target.desiredCount))
        : spec.action === "rollback"
          ? await compute.setEcsTaskDefinition(ref, String(spec.target.taskDefinition))
          : await compute.restartEcsService(ref);
    return observe(state);
  },

  async verify(compute, spec, _after, options) {
    const ref = refOf(spec);
    return poll(
      options,
      async () => observe(await describe(compute, ref, spec.resource.name)),
      (seen) => {
        const took =
          spec.action === "scale"
            ? seen.desiredCount === spec.target.desiredCount
            : spec.action === "rollback"
              ? seen.taskDefinition === spec.target.taskDefinition
              : seen.primaryDeployment !== spec.before.deployment;
        if (!took) return { status: "failed", detail: `the service does not show the ${spec.action}` };
        if (seen.rolloutState === "FAILED")
          return { status: "failed", detail: "the new deployment FAILED (ECS deployment circuit breaker)" };
        const settled =
          seen.runningCount === seen.desiredCount &&
          seen.pendingCount === 0 &&
          seen.deployments === 1 &&
          (seen.rolloutState === null || seen.rolloutState === "COMPLETED");
        const counts = `${seen.runningCount}/${seen.desiredCount} running, ${seen.pendingCount} pending, ${seen.deployments} deployment(s)`;
        return settled ? { status: "verified", detail: `settled: ${counts}` } : { status: "waiting", detail: counts };
      },
    );
  },
};
