// remediate (the ops-responder skill's workflow): resolve the resource → risk class → account check →
// plan against live state → approval (a plan-bound code, or a person at the terminal) → apply → verify
// → remediation log (+ history). Every attempt in a known environment leaves one log entry.
import type { Context, ProjectContext } from "../core/context.js";
import { warn } from "../core/io.js";
import { isDevopsError, UserError } from "../core/errors.js";
import type { CallerIdentity } from "../core/handler-contract.js";
import type { CommandResult } from "../core/result.js";
import { newPlanId, recordOutcome, type RemediationPlanRecord } from "../records/plans.js";
import { readRemediationLog, remediationLogPath } from "../records/remediation-log.js";
import {
  checkRemediationApproval,
  consumeApproval,
  issueApproval,
  loadPendingRemediation,
} from "../skills/infra/approval.js";
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
export interface RemediationRequest {
  environment: string;
  service: string;
  action: RemediationAction;
  prodLike: boolean;
  protected: boolean;
  description: string;
  resource: { kind: string; name: string; arn: string };
  account: string;
  changes: Change[];
  notes: string[];
  /** Why a person must approve (environment rules, risk class, scaling to zero). */
  reasons: string[];
}

export type RemediationApprover = (request: RemediationRequest) => Promise<boolean>;

export interface RemediateInput {
  env: string;
  service: string;
  action: RemediationAction;
  count?: number;
  plan?: string;
  confirm?: string;
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
  /** `code` is the confirmation code (named so that secret redaction leaves it visible). */
  approval?: { code: string; expiresAt: string; command: string };
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

function command(input: RemediateInput, env: string, extra = ""): string {
  return `devops ops remediate --env ${env} --service ${input.service} --action ${input.action}${input.count === undefined ? "" : ` --count ${input.count}`}${extra}`;
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
              command: `devops ops check-health --env ${env} --service ${attempt.data.resource.name}`,
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

async function redeem(
  attempt: Attempt,
  confirm: string,
  identity: CallerIdentity,
  target: RemediationTarget,
): Promise<CommandResult<RemediationData>> {
  const { project, ops, input } = attempt;
  const again = `run ${command(input, ops.env.name)} again (without --confirm) for a new plan and code`;
  const record = await checkRemediationApproval(project, ops.env.name, identity, {
    token: confirm,
    again,
    ...(input.plan === undefined ? {} : { planId: input.plan }),
  });
  attempt.entry.plan_id = record.id;
  attempt.data.planId = record.id;
  await revalidateRemediation(
    ops,
    record,
    { target, action: input.action, ...(input.count === undefined ? {} : { count: input.count }) },
    again,
  );
  usePlan(attempt, planOf(record));
  await consumeApproval(project, record, again);
  return execute(attempt, planOf(record), "code", record);
}

async function run(attempt: Attempt): Promise<CommandResult<RemediationData>> {
  const { project, ops, input, data, entry } = attempt;
  checkFlags(input);
  const target = resolveRemediationTarget(ops, input.service);
  const key = actionKey(target.kind, input.action);
  const risk = riskClassOf(project.config.remediation, key);
  Object.assign(data, { actionKey: key, risk, resource: { kind: target.kind, name: target.name, arn: target.id } });
  Object.assign(entry, { action_key: key, risk, resource: data.resource });
  const policy = confirmationPolicy({
    risk,
    key,
    environment: ops.env,
    action: input.action,
    ...(input.count === undefined ? {} : { count: input.count }),
  });
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
  Object.assign(entry, { identity: identity.arn, account: identity.account });
  data.account = identity.account;
  if (input.confirm !== undefined) return redeem(attempt, input.confirm, identity, target);

  let record: RemediationPlanRecord | undefined;
  let plan: RemediationPlan;
  if (input.plan !== undefined) {
    const again = `run ${command(input, ops.env.name)} again for a new plan`;
    record = await loadPendingRemediation(project, ops.env.name, input.plan, again);
    await revalidateRemediation(
      ops,
      record,
      { target, action: input.action, ...(input.count === undefined ? {} : { count: input.count }) },
      again,
    );
    plan = planOf(record);
  } else {
    try {
      plan = await planRemediation(ops, target, input.action, input.count === undefined ? {} : { count: input.count });
    } catch (error) {
      if (!(error instanceof NothingToChange)) throw error;
      data.description = error.reason;
      return finish(attempt, "no_changes", "no_changes");
    }
  }
  usePlan(attempt, plan);
  if (policy.decision === "auto") return execute(attempt, plan, "not_required");

  const request: RemediationRequest = {
    environment: ops.env.name,
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
  };
  if (input.approver !== undefined) {
    if (!(await input.approver(request))) return finish(attempt, "cancelled", "cancelled");
    if (record !== undefined) await consumeApproval(project, record, `run ${command(input, ops.env.name)} again`);
    return execute(attempt, plan, "terminal", record);
  }
  record ??= await saveRemediationPlan(project, ops, identity, plan, {
    key,
    risk: risk === "auto" ? "auto" : "confirm",
  });
  const issued = await issueApproval(project, record);
  const confirmCommand = command(input, ops.env.name, ` --plan ${record.id} --confirm ${issued.token}`);
  Object.assign(data, {
    planId: record.id,
    approval: { code: issued.token, expiresAt: issued.expiresAt, command: confirmCommand },
  });
  return {
    ...(await finish(attempt, "needs_confirmation", "needs_confirmation", { plan_id: record.id })),
    next: [
      {
        command: confirmCommand,
        why: `apply exactly this change once a human has approved it (the code expires at ${issued.expiresAt} and works once)`,
      },
    ],
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
  try {
    return await run(attempt);
  } catch (error) {
    const failure = isDevopsError(error)
      ? { code: error.code, message: error.message }
      : { code: "INTERNAL", message: String(error) };
    // Refused: stopped by a rule before any change was attempted. Failed: AWS or this tool broke.
    const refused =
      !attempt.calledAws && (error instanceof UserError || (isDevopsError(error) && error.code === "ACCOUNT_MISMATCH"));
    const outcome = refused ? "refused" : "failed";
    // The original error is what the caller must see; a log that cannot take this entry is only a warning.
    await recordRemediation(
      project,
      ops,
      { ...attempt.entry, outcome, error: failure, duration_ms: Date.now() - attempt.started },
      attempt.calledAws,
    ).catch((logError: unknown) =>
      warn(
        ctx.io,
        `this attempt could not be written to ${log}: ${logError instanceof Error ? logError.message : String(logError)}`,
        "REMEDIATION_LOG_FAILED",
      ),
    );
    throw error;
  }
}
