// The status calls behind a health check: Lambda GetFunction (state, last update, timeout, reserved
// concurrency) one function at a time, and ECS DescribeServices ten services per request per cluster.
// A failure of one target becomes that target's outcome; it never fails the whole check.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import { isDevopsError } from "../../../../core/errors.js";
import type { ResourceStatus, StatusTarget } from "../../../../core/services/metrics.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { loadSdk } from "../sdk/load.js";
import { mapLimit } from "./shared.js";

/** Parallel status requests: fast against a large registry, well below Lambda's control-plane limits. */
const PARALLEL_STATUS_CALLS = 10;
/** DescribeServices accepts at most ten services per request. */
const ECS_SERVICES_PER_CALL = 10;

type Counter = (operation: string) => void;
type Kind = StatusTarget["kind"];
type LambdaTarget = Extract<StatusTarget, { kind: "lambda" }>;
type EcsTarget = Extract<StatusTarget, { kind: "ecs" }>;

function failed(kind: Kind, error: unknown): ResourceStatus {
  if (isDevopsError(error) && error.code === "AWS_NOT_FOUND") return { outcome: "not_found", kind };
  const code = isDevopsError(error) ? error.code : "AWS_REQUEST_FAILED";
  return { outcome: "error", kind, code, message: error instanceof Error ? error.message : String(error) };
}

async function lambdaStatuses(
  env: ResolvedEnvironment,
  targets: readonly LambdaTarget[],
  count: Counter,
  out: Map<string, ResourceStatus>,
) {
  if (targets.length === 0) return;
  const { LambdaClient, GetFunctionCommand } = await loadSdk("lambda-status");
  const client = new LambdaClient(clientConfig(env));
  try {
    await mapLimit(targets, PARALLEL_STATUS_CALLS, async (target) => {
      count("lambda:GetFunction");
      try {
        const answer = await call("lambda:GetFunction", env, () =>
          client.send(new GetFunctionCommand({ FunctionName: target.functionName })),
        );
        const config = answer.Configuration ?? {};
        const reserved = answer.Concurrency?.ReservedConcurrentExecutions;
        out.set(target.key, {
          outcome: "found",
          kind: "lambda",
          ...(config.State === undefined ? {} : { state: config.State }),
          ...(config.StateReason === undefined ? {} : { stateReason: config.StateReason }),
          ...(config.LastUpdateStatus === undefined ? {} : { lastUpdateStatus: config.LastUpdateStatus }),
          ...(config.LastUpdateStatusReason === undefined
            ? {}
            : { lastUpdateStatusReason: config.LastUpdateStatusReason }),
          ...(config.Timeout === undefined ? {} : { timeoutSeconds: config.Timeout }),
          ...(config.MemorySize === undefined ? {} : { memoryMb: config.MemorySize }),
          ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
          ...(config.LastModified === undefined ? {} : { lastModified: config.LastModified }),
        });
      } catch (error) {
        out.set(target.key, failed("lambda", error));
      }
    });
  } finally {
    client.destroy();
  }
}

async function ecsStatuses(
  env: ResolvedEnvironment,
  targets: readonly EcsTarget[],
  count: Counter,
  out: Map<string, ResourceStatus>,
) {
  if (targets.length === 0) return;
  const { ECSClient, DescribeServicesCommand } = await loadSdk("ecs-status");
  const client = new ECSClient(clientConfig(env));
  const batches: EcsTarget[][] = [];
  const byCluster = new Map<string, EcsTarget[]>();
  for (const target of targets) byCluster.set(target.cluster, [...(byCluster.get(target.cluster) ?? []), target]);
  for (const group of byCluster.values()) {
    for (let i = 0; i < group.length; i += ECS_SERVICES_PER_CALL)
      batches.push(group.slice(i, i + ECS_SERVICES_PER_CALL));
  }
  try {
    await mapLimit(batches, PARALLEL_STATUS_CALLS, async (batch) => {
      count("ecs:DescribeServices");
      try {
        const answer = await call("ecs:DescribeServices", env, () =>
          client.send(
            new DescribeServicesCommand({ cluster: batch[0]!.cluster, services: batch.map((t) => t.service) }),
          ),
        );
        for (const target of batch) {
          const found = (answer.services ?? []).find(
            (s) => s.serviceName === target.service || s.serviceArn === target.service,
          );
          if (found === undefined) {
            out.set(target.key, { outcome: "not_found", kind: "ecs" });
            continue;
          }
          out.set(target.key, {
            outcome: "found",
            kind: "ecs",
            ...(found.status === undefined ? {} : { status: found.status }),
            desired: found.desiredCount ?? 0,
            running: found.runningCount ?? 0,
            pending: found.pendingCount ?? 0,
            deployments: (found.deployments ?? []).map((d) => ({
              status: d.status ?? "UNKNOWN",
              ...(d.rolloutState === undefined ? {} : { rolloutState: d.rolloutState }),
              desired: d.desiredCount ?? 0,
              running: d.runningCount ?? 0,
              pending: d.pendingCount ?? 0,
              failedTasks: d.failedTasks ?? 0,
            })),
          });
        }
      } catch (error) {
        // A missing cluster (ClusterNotFoundException) means every service in it is missing.
        for (const target of batch) out.set(target.key, failed("ecs", error));
      }
    });
  } finally {
    client.destroy();
  }
}

export async function resourceStatus(
  env: ResolvedEnvironment,
  targets: readonly StatusTarget[],
  count: Counter,
): Promise<Map<string, ResourceStatus>> {
  const out = new Map<string, ResourceStatus>();
  await Promise.all([
    lambdaStatuses(
      env,
      targets.filter((t): t is LambdaTarget => t.kind === "lambda"),
      count,
      out,
    ),
    ecsStatuses(
      env,
      targets.filter((t): t is EcsTarget => t.kind === "ecs"),
      count,
      out,
    ),
  ]);
  return out;
}
