// ops-responder: plans a remediation against the resource's live state, saves the plan a confirmation
// code is bound to, re-validates a redeemed plan (same resource, action, parameters and state; an
// untampered spec), applies and verifies it, and writes the remediation log and history.
import type { ProjectContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import type { CallerIdentity } from "../../../core/handler-contract.js";
import { appendHistory } from "../../../records/history.js";
import {
  newPlanId,
  PLAN_TTL_MS,
  savePlanRecord,
  type RemediationPlanRecord,
  type RemediationSpec,
} from "../../../records/plans.js";
import { registryPaths } from "../../../records/registry.js";
import { appendRemediationLog, type RemediationLogEntry } from "../../../records/remediation-log.js";
import { actor } from "../../infra/documenter.js";
import {
  factDifferences,
  remediationHash,
  type Facts,
  type RemediationDriver,
  type RemediationPlan,
  type RemediationTarget,
  type RemediationVerification,
  type VerifyOptions,
} from "./actions.js";
import { ecsDriver } from "./ecs-actions.js";
import { lambdaDriver, rollbackAlias } from "./lambda-actions.js";
import type { RemediationAction, RemediationActionKey, RemediationResourceKind, RiskClass } from "./risk.js";
import type { Ops } from "../target.js";

export { guardOpsAccount, resolveRemediationTarget } from "./target.js";

/** How long verification waits for a deployment to settle, and how often it looks. */
export const DEFAULT_VERIFY: VerifyOptions = { timeoutMs: 5 * 60_000, intervalMs: 5_000 };

function driverFor(kind: RemediationResourceKind): RemediationDriver {
  return kind === "ecs_service" ? ecsDriver : lambdaDriver;
}

export function planRemediation(
  ops: Ops,
  target: RemediationTarget,
  action: RemediationAction,
  params: Facts,
): Promise<RemediationPlan> {
  return driverFor(target.kind).plan(ops.services.compute, target, action, params);
}

/** Saves the plan an approval will be bound to (0600, .devops/plans/<env>/). */
export async function saveRemediationPlan(
  project: ProjectContext,
  ops: Ops,
  identity: CallerIdentity,
  plan: RemediationPlan,
  meta: { key: RemediationActionKey; risk: Exclude<RiskClass, "never"> },
): Promise<RemediationPlanRecord> {
  const now = project.clock.now();
  const { resource, action, params, before, target, changes, description } = plan;
  const spec: RemediationSpec = { resource, action, params, before, target };
  return savePlanRecord(project.paths.stateDir, {
    schema_version: 1,
    id: newPlanId(now),
    kind: "remediation",
    environment: ops.env.name,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
    plan_hash: remediationHash(ops.env.name, spec),
    account: identity.account,
    identity_arn: identity.arn,
    remediation: { ...spec, action_key: meta.key, risk: meta.risk, changes, description },
  });
}

/** The plan as it was approved, in the shape the drivers and the log use. */
export function planOf(record: RemediationPlanRecord): RemediationPlan {
  const { resource, action, params, before, target, changes, description } = record.remediation;
  return { resource, action, params, before, target, changes, description, notes: [] };
}

export interface RemediationRequestFacts {
  target: RemediationTarget;
  action: RemediationAction;
  count?: number;
}

/**
 * Checks that a plan found through its code is exactly what this command asks for (resource, action,
 * --count), that nobody edited its spec, and that the resource is still in the state the plan was
 * computed from. Throws with nothing changed otherwise.
 */
export async function revalidateRemediation(
  ops: Ops,
  record: RemediationPlanRecord,
  request: RemediationRequestFacts,
  again: string,
): Promise<void> {
  const spec = record.remediation;
  const mismatch = (what: string) =>
    new UserError("CONFIRMATION_MISMATCH", `the approval was asked for ${what}; it cannot approve this command`, {
      suggestion: again,
      details: { plan: record.id, resource: spec.resource.name, action: spec.action, params: spec.params },
    });
  const { target } = request;
  const sameResource =
    spec.resource.kind === target.kind &&
    (target.id.startsWith("arn:") ? spec.resource.arn === target.id : spec.resource.name === target.name);
  if (!sameResource) throw mismatch(`${spec.resource.name}, not ${target.name}`);
  if (spec.action !== request.action) throw mismatch(`a ${spec.action}, not a ${request.action}`);
  if ((spec.params.count ?? null) !== (request.count ?? null))
    throw mismatch(
      `--count ${String(spec.params.count ?? "(none)")}, not --count ${String(request.count ?? "(none)")}`,
    );
  if (
    spec.action === "rollback" &&
    target.kind === "lambda_function" &&
    spec.params.alias !== rollbackAlias(target.aliases)
  ) {
    throw mismatch(`alias ${String(spec.params.alias)}, not ${String(rollbackAlias(target.aliases))}`);
  }
  if (remediationHash(record.environment, spec) !== record.plan_hash) {
    throw new UserError("PLAN_CHANGED", `the remediation plan ${record.id} was changed after it was saved`, {
      suggestion: again,
    });
  }
  const now = await driverFor(spec.resource.kind).current(ops.services.compute, spec);
  const differences = factDifferences(spec.before, now);
  if (differences.length > 0) {
    throw new UserError(
      "REMEDIATION_STALE",
      `${spec.resource.name} changed since the plan was made (${differences.join("; ")}); the approved change no longer applies as described`,
      {
        suggestion: again,
        details: { plan: record.id, planned: spec.before, current: now },
      },
    );
  }
}

export function applyRemediation(ops: Ops, spec: RemediationSpec, now: Date): Promise<Facts> {
  return driverFor(spec.resource.kind).apply(ops.services.compute, spec, now);
}

export function verifyRemediation(
  ops: Ops,
  spec: RemediationSpec,
  after: Facts,
  options: VerifyOptions,
): Promise<RemediationVerification> {
  return driverFor(spec.resource.kind).verify(ops.services.compute, spec, after, options);
}

export type LogInput = Omit<RemediationLogEntry, "at" | "actor" | "environment">;

/** One remediation-log entry per attempt; applied (and failed after the call) ones also go into history.ndjson. */
export async function recordRemediation(
  project: ProjectContext,
  ops: Ops,
  entry: LogInput,
  calledAws: boolean,
): Promise<void> {
  const at = project.clock.now().toISOString();
  const who = actor(project);
  await appendRemediationLog(project.paths.stateDir, { ...entry, at, actor: who, environment: ops.env.name });
  if (!calledAws || (entry.outcome !== "applied" && entry.outcome !== "failed")) return;
  await appendHistory(registryPaths(project.paths.stateDir, ops.env.name).history, {
    schema_version: 1,
    id: entry.id,
    kind: "remediation",
    environment: ops.env.name,
    at,
    actor: who,
    outcome: entry.outcome,
    ...(entry.plan_id === undefined ? {} : { plan_id: entry.plan_id }),
    ...(entry.plan_hash === undefined ? {} : { plan_hash: entry.plan_hash }),
    duration_ms: entry.duration_ms,
    ...(entry.account === undefined ? {} : { account: entry.account }),
    ...(entry.error === undefined ? {} : { error: entry.error }),
  });
}
