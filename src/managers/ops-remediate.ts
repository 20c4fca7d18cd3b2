// remediate (the ops-responder skill's workflow): resolve the resource → risk class → account check →
// plan against live state → approval (a plan-bound code, or a person at the terminal) → apply → verify
// → remediation log (+ history). Every attempt in a known environment leaves one log entry.
import { commandLine } from "../core/commands/command-line.js";
import type { Context, ProjectContext } from "../core/context.js";
import { warn } from "../core/io.js";
import { UserError } from "../core/errors.js";
import type { CallerIdentity } from "../core/handler-contract.js";
import type { CommandResult } from "../core/result.js";
import { newPlanId, recordOutcome, type RemediationPlanRecord } from "../records/plans.js";
import { readRemediationLog, remediationLogPath } from "../records/remediation-log.js";
import { decide, handoffSteps, reuse, settle } from "../skills/approval/flow.js";
import { approvalTarget } from "../skills/approval/target.js";
import { guardActiveTarget, guardResource } from "../skills/protected-target.js";
import type { ApprovalRequestBase, ApprovedAction, Approver, Handoff } from "../skills/approval/types.js";
import {
  NothingToChange,
  remediationHash,
  type Change,
  type Facts,
  type RemediationPlan,
  type RemediationTarget,
  type RemediationVerification,
  type VerifyOptions,
} from "../skills/ops/responder/actions.js";
import {
  actionKey,
  confirmationPolicy,
  riskClassOf,
  type RemediationAction,
  type RiskClass,
} from "../skills/ops/responder/risk.js";
import {
  applyRemediation,
  DEFAULT_VERIFY,
  guardOpsAccount,
  planOf,
  planRemediation,
  recordRemediation,
  resolveRemediationTarget,
  revalidateRemediation,
  saveRemediationPlan,
  verifyRemediation,
  type LogInput,
} from "../skills/ops/responder/responder.js";
import { openOps, type Ops } from "../skills/ops/target.js";
import { openProject } from "../skills/project.js";

/** What a person at a terminal is asked before a remediation; filled in by the responder. */
export interface RemediationRequest extends ApprovalRequestBase {
  kind: "remediation";
  service: string;
  action: RemediationAction;
  description: string;
  resource: { kind: string; name: string; arn: string };
  changes: Change[];
  notes: string[];
  /** Why a person must approve (environment rules, risk class, scaling to zero). */
  reasons: string[];
}

export type RemediationApprover = Approver<RemediationRequest>;

export interface RemediateInput {
  env: string;
  service: string;
  action: RemediationAction;
  count?: number;
  plan?: string;
  approver?: RemediationApprover;
  /** How long to wait for the change to settle (tests shorten it). */
  verify?: Partial<VerifyOptions>;
}

export interface RemediationData {
  environment: string;
  account?: string;
  service: string;
  action: RemediationAction;
  actionKey: string;
  risk: RiskClass;
  resource: { kind: string; name: string; arn: string };
  params: Facts;
  description: string;
  changes: Change[];
  notes: string[];
  reasons: string[];
  before?: Facts;
  target?: Facts;
  after?: Facts;
  planId?: string;
  approval?: Handoff;
  verification?: RemediationVerification;
  logEntry: string;
  log: string;
  durationMs: number;
}

interface Attempt {
  project: ProjectContext;
  ops: Ops;
  input: RemediateInput;
  entry: LogInput;
  data: RemediationData;
  started: number;
  calledAws: boolean;
}

function checkFlags(input: RemediateInput): void {
  if (input.action === "scale" && input.count === undefined) {
    throw new UserError(
      "FLAG_REQUIRED",
      "--action scale needs --count (desired ECS tasks, or Lambda reserved concurrency)",
      { suggestion: `add --count, e.g. --count 3` },
    );
  }
  if (input.action !== "scale" && input.count !== undefined) {
    throw new UserError(
      "FLAG_NOT_ALLOWED",
      `--count ${input.count} applies only to --action scale, not ${input.action}`,
      { suggestion: "drop --count" },
    );
  }
}

function command(input: RemediateInput, env: string, approval: { plan?: string } = {}): string {
  const { service, action, count } = input;
  return commandLine("ops remediate", { env, service, action, count, ...approval });
}

function usePlan(attempt: Attempt, plan: RemediationPlan): void {
  const { resource, action, params, before, target, changes, description, notes } = plan;
  Object.assign(attempt.data, {
    params,
    before,
    target,
    changes,
    description,
    notes: [...attempt.data.notes, ...notes],
  });
  attempt.data.resource = { kind: resource.kind, name: resource.name, arn: resource.arn };
  Object.assign(attempt.entry, {
    resource: attempt.data.resource,
    params,
    before,
    target,
    changes,
    plan_hash: remediationHash(attempt.ops.env.name, { resource, action, params, before, target }),
  });
}

async function finish(
  attempt: Attempt,
  status: string,
  outcome: LogInput["outcome"],
  extra: Partial<LogInput> = {},
): Promise<CommandResult<RemediationData>> {
  attempt.data.durationMs = Date.now() - attempt.started;
  await recordRemediation(
    attempt.project,
    attempt.ops,
    { ...attempt.entry, ...extra, outcome, duration_ms: attempt.data.durationMs },
    attempt.calledAws,
  );
  const env = attempt.ops.env.name;
  const verified = attempt.data.verification?.status;
  return {
    status,
    environment: env,
    data: attempt.data,
    ...(verified === undefined ? {} : { verdict: verified === "verified" ? "pass" : "fail" }),
    next:
      status === "applied"
        ? [
            {
              command: commandLine("ops check-health", { env, service: attempt.data.resource.name }),
              why: "confirm the service is healthy after the remediation",
            },
          ]
        : [],
  };
}

async function execute(
  attempt: Attempt,
  plan: RemediationPlan,
  approval: LogInput["approval"],
  record?: RemediationPlanRecord,
): Promise<CommandResult<RemediationData>> {
  const { project, ops } = attempt;
  attempt.calledAws = true;
  const progress = project.io.progress(plan.description);
  let after: Facts;
  try {
    after = await applyRemediation(ops, plan, project.clock.now());
  } catch (error) {
    progress.fail(`${plan.action} of ${plan.resource.name} failed`);
    if (record !== undefined) await recordOutcome(project.paths.stateDir, record, "failed").catch(() => undefined);
    throw error;
  }
  if (record !== undefined) await recordOutcome(project.paths.stateDir, record, "applied");
  progress.update(`verifying ${plan.resource.name}`);
  // The change is made: a failure to look at it afterwards is a failed verification, not a failed remediation.
  const verification = await verifyRemediation(ops, plan, after, { ...DEFAULT_VERIFY, ...attempt.input.verify }).catch(
    (error: unknown): RemediationVerification => ({
      status: "failed",
      detail: `applied, but could not be verified: ${error instanceof Error ? error.message : String(error)}`,
      observed: {},
      polls: 0,
      waitedMs: 0,
    }),
  );
  if (verification.status === "verified") progress.done(`${plan.resource.name}: ${verification.detail}`);
  else progress.fail(`${plan.resource.name}: ${verification.detail}`);
  Object.assign(attempt.data, { after, verification });
  const { waitedMs, ...rest } = verification;
  return finish(attempt, "applied", "applied", { after, approval, verification: { ...rest, waited_ms: waitedMs } });
}

/** A remediation as the approval component sees it: the computed plan, bound to the live state it read. */
function remediationAction(
  attempt: Attempt,
  target: RemediationTarget,
  identity: CallerIdentity,
  policy: { key: ReturnType<typeof actionKey>; risk: RiskClass; reasons: string[] },
): ApprovedAction<RemediationPlan, RemediationPlanRecord, CommandResult<RemediationData>, RemediationRequest> {
  const { project, ops, input, data } = attempt;
  const env = ops.env.name;
  const count = input.count === undefined ? {} : { count: input.count };
  return {
    kind: "remediation",
    again: `run ${command(input, env)} again (without --plan) for a new plan`,
    describe: (plan) => ({
      kind: "remediation",
      environment: env,
      service: input.service,
      action: input.action,
      prodLike: ops.env.prodLike,
      protected: ops.env.protected,
      description: plan.description,
      resource: data.resource,
      account: identity.account,
      changes: plan.changes,
      notes: data.notes,
      reasons: policy.reasons,
    }),
    save: (plan) =>
      saveRemediationPlan(project, ops, identity, plan, {
        key: policy.key,
        risk: policy.risk === "auto" ? "auto" : "confirm",
      }),
    revalidate: async (record) => {
      attempt.entry.plan_id = record.id;
      data.planId = record.id;
      await revalidateRemediation(
        ops,
        record,
        { target, action: input.action, ...count },
        `run ${command(input, env)} again for a new plan`,
      );
      const plan = planOf(record);
      usePlan(attempt, plan);
      return plan;
    },
    apply: (plan, approval) => execute(attempt, plan, approval.by, approval.record),
    planCommand: (record) => command(input, env, { plan: record.id }),
  };
}

async function run(attempt: Attempt): Promise<CommandResult<RemediationData>> {
  const { project, ops, input, data, entry } = attempt;
  checkFlags(input);
  const target = resolveRemediationTarget(ops, input.service);
  const key = actionKey(target.kind, input.action);
  const risk = riskClassOf(project.config.remediation, key);
  Object.assign(data, { actionKey: key, risk, resource: { kind: target.kind, name: target.name, arn: target.id } });
  Object.assign(entry, { action_key: key, risk, resource: data.resource });
  const count = input.count === undefined ? {} : { count: input.count };
  const policy = confirmationPolicy({ risk, key, environment: ops.env, action: input.action, ...count });
  data.reasons = policy.reasons;
  if (policy.decision === "forbidden") {
    throw new UserError(
      "REMEDIATION_FORBIDDEN",
      `${key} is never allowed by this project's configuration (remediation.never); nothing was changed`,
      {
        suggestion:
          "change the resource through Terraform (devops infra deploy), or move the action out of remediation.never in .devops/devops.json",
      },
    );
  }
  const identity = await guardOpsAccount(project, ops);
  await guardActiveTarget(project, ops.env, identity.account, identity.arn);
  await guardResource(project, ops.env, identity.account, target.id);
  Object.assign(entry, { identity: identity.arn, account: identity.account });
  data.account = identity.account;
  const scope = { project, environment: ops.env.name, identity, target: await approvalTarget(project, ops.env) };
  const action = remediationAction(attempt, target, identity, { key, risk, reasons: policy.reasons });

  let record: RemediationPlanRecord | undefined;
  let plan: RemediationPlan;
  if (input.plan !== undefined) {
    ({ plan, record } = await reuse(scope, action, input.plan));
  } else {
    try {
      plan = await planRemediation(ops, target, input.action, input.count === undefined ? {} : { count: input.count });
    } catch (error) {
      if (!(error instanceof NothingToChange)) throw error;
      data.description = error.reason;
      return finish(attempt, "no_changes", "no_changes");
    }
    usePlan(attempt, plan);
  }
  const outcome = await decide(scope, action, plan, record, {
    required: policy.decision !== "auto",
    ...(input.approver === undefined ? {} : { approver: input.approver }),
  });
  if (outcome.status === "applied") return outcome.result;
  if (outcome.status === "declined") return finish(attempt, "cancelled", "cancelled");
  const { handoff } = outcome;
  Object.assign(data, { planId: outcome.record.id, approval: handoff });
  return {
    ...(await finish(attempt, "needs_confirmation", "needs_confirmation", { plan_id: outcome.record.id })),
    next: handoffSteps(handoff),
  };
}

export async function remediate(ctx: Context, input: RemediateInput): Promise<CommandResult<RemediationData>> {
  const project = await openProject(ctx);
  const ops = await openOps(project, input.env);
  const log = remediationLogPath(project.paths.stateDir, ops.env.name);
  // A log that cannot take the entry stops the attempt before anything is read or changed.
  await readRemediationLog(project.paths.stateDir, ops.env.name);
  const id = `rem-${newPlanId(project.clock.now())}`;
  const params: Facts = input.count === undefined ? {} : { count: input.count };
  const attempt: Attempt = {
    project,
    ops,
    input,
    started: Date.now(),
    calledAws: false,
    entry: { id, service: input.service, action: input.action, params, outcome: "refused", duration_ms: 0 },
    data: {
      environment: ops.env.name,
      service: input.service,
      action: input.action,
      actionKey: "",
      risk: "confirm",
      resource: { kind: "", name: input.service, arn: "" },
      params,
      description: "",
      changes: [],
      notes: [],
      reasons: [],
      logEntry: id,
      log,
      durationMs: 0,
    },
  };
  // The original error is what the caller must see; a log that cannot take this entry is only a warning.
  return settle(() => run(attempt), {
    changing: () => attempt.calledAws,
    audit: (outcome, error) =>
      recordRemediation(
        project,
        ops,
        { ...attempt.entry, outcome, error, duration_ms: Date.now() - attempt.started },
        attempt.calledAws,
      ),
    onAuditError: (logError) =>
      warn(
        ctx.io,
        `this attempt could not be written to ${log}: ${logError instanceof Error ? logError.message : String(logError)}`,
        "REMEDIATION_LOG_FAILED",
      ),
  });
}
