// Applying a consumed plan: the deploy or teardown as the approval component sees it, the apply with
// its records and post-deployment tests, and — after a failed apply — the diagnosis and the one
// permission fix and retry.
import { hostname } from "node:os";
import { commandLine } from "../../core/commands/command-line.js";
import { errorSummary, Interrupted, isDevopsError, RecordError } from "../../core/errors.js";
import type { CommandResult, Step } from "../../core/result.js";
import type { StateResource } from "../../core/handler-contract.js";
import { inFlightPath, markInFlight } from "../../records/in-flight.js";
import { failureOf, writeLastFailure } from "../../records/last-failure.js";
import type { PlanRecord } from "../../records/plans.js";
import { decide } from "../../skills/approval/flow.js";
import type { Signer } from "../../skills/approval/ssh.js";
import type { ApprovedAction, ApprovedBy } from "../../skills/approval/types.js";
import { diagnoseFailure, withDiagnosis } from "../../skills/infra/debugger/failure.js";
import { applyPlan, checkSavedPlan, deployedOutputs, verifyAgainstPlan } from "../../skills/infra/deployer.js";
import { recordChange } from "../../skills/infra/documenter.js";
import {
  grantMissingPermission,
  recordFixOutcome,
  wantsPermissionFix,
} from "../../skills/infra/permissions/auto-grant.js";
import { previewChanges } from "../../skills/infra/previewer.js";
import { backupState } from "../../skills/infra/teardown.js";
import { postDeploymentStep } from "../../skills/infra/tester/deploy-gates.js";
import { deployedHealthCheck } from "../../skills/ops/monitor/deployed-health.js";
import { protectResources } from "../../skills/protected-target.js";
import {
  hooks,
  progressReporter,
  result,
  scope,
  type ApprovalRequest,
  type ChangeData,
  type Workflow,
} from "./workflow.js";

const APPROVAL_STEPS: Record<ApprovedBy, (flow: Workflow, record: PlanRecord, signer?: Signer) => Step> = {
  signature: (_flow, record, signer) => ({
    name: "approval",
    status: "passed",
    detail: `plan ${record.id} signed by ${signer?.principal ?? "an approver"} (${signer?.key ?? "key unknown"})`,
  }),
  terminal: () => ({ name: "approval", status: "passed", detail: "approved at the terminal" }),
  not_required: (flow) => ({
    name: "approval",
    status: "skipped",
    detail: `"${flow.infra.env.name}" does not require confirmation`,
  }),
};

/** A deploy or teardown as the approval component sees it: the saved engine plan is the plan. */
export function changeAction(
  flow: Workflow,
): ApprovedAction<PlanRecord, PlanRecord, CommandResult<ChangeData>, ApprovalRequest> {
  const { project, infra, kind } = flow;
  const env = infra.env.name;
  return {
    kind,
    again: `run ${commandLine(`infra ${kind}`, { env })} again for a new plan`,
    describe: (record) => ({
      kind,
      environment: env,
      prodLike: infra.env.prodLike,
      protected: infra.env.protected,
      account: record.account,
      planId: record.id,
      summary: record.summary,
    }),
    // Every preview saves its plan: the record already exists.
    save: async (record) => record,
    revalidate: async (record) => {
      await infra.iac.prepare(project, infra.target);
      await checkSavedPlan(project, infra, flow.identity, record);
      return record;
    },
    apply: async (record, approval) => {
      // A retry's new plan was approved with the deploy it retries.
      if (flow.retried !== true) {
        flow.approval = {
          by: approval.by,
          ...(approval.signer === undefined ? {} : { principal: approval.signer.principal, key: approval.signer.key }),
        };
        flow.steps.push(APPROVAL_STEPS[approval.by](flow, record, approval.signer));
        if (kind === "deploy") await hooks(flow, "pre-deploy");
      }
      return applyAndRecord(flow, record);
    },
    planCommand: (record) => commandLine(`infra ${kind}`, { env, plan: record.id }),
  };
}

/** A failed or stopped apply in the history, with the resources the state now holds. */
async function recordUnfinished(
  flow: Workflow,
  record: PlanRecord,
  outcome: "failed" | "interrupted",
  error: unknown,
): Promise<void> {
  const { project, infra, kind, identity } = flow;
  await recordChange(project, infra, {
    kind,
    outcome,
    deploymentId: record.id,
    identity,
    planId: record.id,
    summary: record.summary,
    durationMs: Date.now() - flow.started,
    resources: await infra.iac.state(project, infra.target).catch(() => undefined),
    error: errorSummary(error),
    ...(flow.approval === undefined ? {} : { approval: flow.approval }),
  }).catch(() => undefined);
}

/**
 * An apply stopped by a signal or the time limit: the history says `interrupted` (which also closes the
 * in-flight mark) with the resources the state now holds, and `debug --last` finds it. Nothing is
 * diagnosed: the change did not fail, it was stopped.
 */
async function recordInterrupted(flow: Workflow, record: PlanRecord, error: Interrupted): Promise<void> {
  const { project, infra, kind } = flow;
  await recordUnfinished(flow, record, "interrupted", error);
  await writeLastFailure(project.paths.stateDir, {
    at: project.clock.now().toISOString(),
    environment: infra.env.name,
    operation: kind === "deploy" ? "deploy" : "destroy",
    ...failureOf(error),
    plan_id: record.id,
  }).catch(() => undefined);
}

/** Applies a consumed plan (a teardown backs the state up first); a failure is recorded and diagnosed. */
async function applyAndRecord(flow: Workflow, record: PlanRecord): Promise<CommandResult<ChangeData>> {
  const { project, infra, kind, steps } = flow;
  let backup: string | undefined;
  if (kind === "teardown") {
    backup = await backupState(project, infra, record.id);
    steps.push({ name: "state backup", status: "done", detail: backup });
  }
  const progress = progressReporter(project, `${kind === "deploy" ? "applying" : "destroying"} ${infra.env.name}`);
  // Cleared by recordChange once the outcome is in the history; left behind, it tells of a killed run.
  await markInFlight(inFlightPath(project.paths.stateDir, infra.env.name), {
    schema_version: 1,
    id: record.id,
    kind,
    environment: infra.env.name,
    started_at: project.clock.now().toISOString(),
    plan_id: record.id,
    pid: process.pid,
    host: hostname(),
  });
  try {
    await applyPlan(project, infra, record, progress.onProgress);
    progress.done(`${kind === "deploy" ? "applied" : "destroyed"} ${infra.env.name}`);
  } catch (error) {
    if (error instanceof Interrupted) {
      progress.fail(
        `${kind} of ${infra.env.name} ${error.code === "ENGINE_TIMEOUT" ? "timed out" : "was interrupted"}`,
      );
      await recordInterrupted(flow, record, error);
      throw error;
    }
    progress.fail(`${kind} of ${infra.env.name} failed`);
    steps.push({ name: "apply", status: "failed" });
    await recordUnfinished(flow, record, "failed", error);
    return recover(flow, record, error);
  }
  steps.push({ name: "apply", status: "done" });
  return recordApplied(flow, record, backup);
}

/** After a failed apply: the diagnosis, and for a denied deploy permission one grant and one retry. */
async function recover(flow: Workflow, record: PlanRecord, error: unknown): Promise<CommandResult<ChangeData>> {
  const { project, infra, kind, steps } = flow;
  const diagnosis = await diagnoseFailure(
    project,
    infra.env,
    kind === "deploy" ? "deploy" : "destroy",
    error,
    record.id,
  );
  if (kind !== "deploy" || flow.retried === true || !wantsPermissionFix(infra, diagnosis)) {
    throw withDiagnosis(error, diagnosis);
  }
  const fix = await grantMissingPermission(project, infra, diagnosis, record.id, steps);
  if (fix.outcome !== "granted" && fix.outcome !== "already_granted") {
    throw withDiagnosis(error, diagnosis, { permission_fix: fix });
  }
  flow.retried = true;
  try {
    const outcome = await retryDeploy(flow, record);
    await recordFixOutcome(project, diagnosis, true);
    return outcome;
  } catch (retryError) {
    await recordFixOutcome(project, diagnosis, false);
    throw retryError;
  }
}

/**
 * The one retry after a permission fix: the same saved plan, or — when the failed apply changed the
 * state so Terraform refuses that plan — a new plan, only where the environment needs no approval.
 */
async function retryDeploy(flow: Workflow, record: PlanRecord): Promise<CommandResult<ChangeData>> {
  flow.steps.push({
    name: "retry",
    status: "done",
    detail: `applying plan ${record.id} again after the permission fix`,
  });
  try {
    return await applyAndRecord(flow, record);
  } catch (error) {
    if (!isDevopsError(error) || error.code !== "PLAN_STALE" || flow.infra.env.requireConfirmation) throw error;
    // A saved plan made with --var cannot be made again: its values were never kept.
    if ((record.summary.scope?.variables ?? []).length > 0 && flow.variables === undefined) throw error;
  }
  const planned = record.summary.scope;
  const fresh = (
    await previewChanges(flow.project, flow.infra, Promise.resolve(flow.identity), {
      kind: "deploy",
      ...(planned === undefined ? {} : { scope: planned }),
      ...(flow.variables === undefined ? {} : { variables: flow.variables }),
    })
  ).record;
  flow.steps.push({
    name: "preview",
    status: "done",
    detail: `plan ${fresh.id} (the failed apply had changed the state)`,
  });
  const outcome = await decide(scope(flow), changeAction(flow), fresh, fresh, { required: false });
  if (outcome.status !== "applied") throw new Error(`a retry that needs no approval ended ${outcome.status}`);
  return outcome.result;
}

/** The ARNs a state names (`arn`, or an `id` that is an ARN, as for ECS services). */
function resourceArns(resources: readonly StateResource[]): string[] {
  const arns = resources.flatMap((resource) =>
    [resource.values.arn, resource.values.id].filter((value): value is string => typeof value === "string"),
  );
  return [...new Set(arns.filter((value) => value.startsWith("arn:")))];
}

async function recordApplied(
  flow: Workflow,
  record: PlanRecord,
  backup: string | undefined,
): Promise<CommandResult<ChangeData>> {
  const { project, infra, kind, identity, steps } = flow;
  const resources = await infra.iac.state(project, infra.target);
  const verification = verifyAgainstPlan(record.summary, resources);
  if (kind === "teardown" && resources.length > 0) verification.verified = false;
  steps.push({
    name: "verify",
    status: verification.verified ? "passed" : "failed",
    detail: `${verification.resources} resources in state`,
  });
  const recorded = await recordChange(project, infra, {
    kind,
    outcome: "applied",
    deploymentId: record.id,
    identity,
    planId: record.id,
    summary: record.summary,
    durationMs: Date.now() - flow.started,
    resources,
    ...(flow.approval === undefined ? {} : { approval: flow.approval }),
  })
    .then(async (written) => {
      // A protected environment's resources stay its own, whatever another environment's records say.
      await protectResources(project, infra.env, infra.iac, identity.account, resourceArns(resources));
      return written;
    })
    .catch((error: unknown) => {
      // The change is made: say so, and how to bring the records back in line with the state.
      const env = infra.env.name;
      throw new RecordError(
        "RECORDS_NOT_WRITTEN",
        `the ${kind} of ${env} was applied (plan ${record.id}), but its records could not be written: ${errorSummary(error).message}`,
        {
          suggestion: `fix that, then run ${commandLine("infra show-resources", { env, refresh: true })} to rebuild the registry from the state`,
          details: { applied: true, plan: record.id, cause: errorSummary(error) },
        },
      );
    });
  steps.push({ name: "records", status: "done", detail: recorded.paths.registry });
  await hooks(flow, kind === "deploy" ? "post-deploy" : "post-destroy");
  const post =
    kind === "deploy" && flow.tests
      ? await postDeploymentStep(
          project,
          infra,
          recorded,
          record,
          resources,
          steps,
          deployedHealthCheck(project, infra),
        )
      : undefined;
  const env = infra.env.name;
  const tests = { ...(flow.pre === undefined ? {} : { pre: flow.pre }), ...(post === undefined ? {} : { post }) };
  const outputs = kind === "deploy" ? await deployedOutputs(project, infra) : undefined;
  const outcome = result(
    flow,
    kind === "deploy" ? "applied" : "destroyed",
    {
      planId: record.id,
      planHash: record.plan_hash,
      summary: record.summary,
      verification,
      ...(backup === undefined ? {} : { backup }),
      registry: { path: recorded.paths.registry, deployedMd: recorded.paths.deployedMd, resources: resources.length },
      ...(Object.keys(tests).length === 0 ? {} : { tests }),
      ...(outputs === undefined ? {} : { outputs }),
    },
    [
      { command: commandLine("infra show-resources", { env }), why: "see what is deployed, with console links" },
      { command: commandLine("infra check-status", { env }), why: "confirm there is no drift" },
    ],
  );
  return verification.verified && post?.overall_status !== "FAIL" ? outcome : { ...outcome, verdict: "fail" };
}
