// The deploy and teardown workflows: preview → pre-deployment tests (they need the plan) → approval →
// apply → verify → records → post-deployment tests. The approval is the shared component's
// (skills/approval): bound to the exact saved plan, redeemed once (DESIGN §5). A failed apply is
// diagnosed, and may be fixed and retried once (skills/infra/permissions/auto-grant.ts).
import type { Context, ProjectContext } from "../core/context.js";
import { errorSummary, isDevopsError, UserError } from "../core/errors.js";
import type { CallerIdentity, IacProgressEvent, PlanSummary } from "../core/handler-contract.js";
import type { CommandResult, NextStep, Step } from "../core/result.js";
import type { HookPoint } from "../core/config/schema.js";
import type { PlanRecord } from "../records/plans.js";
import { decide, redeem, reuse } from "../skills/approval/flow.js";
import type {
  ApprovalRequestBase,
  ApprovedAction,
  ApprovedBy,
  Approver as ApproverOf,
  Handoff,
} from "../skills/approval/types.js";
import { diagnoseFailure, withDiagnosis } from "../skills/infra/debugger/failure.js";
import { applyPlan, checkSavedPlan, verifyAgainstPlan, type Verification } from "../skills/infra/deployer.js";
import { recordChange } from "../skills/infra/documenter.js";
import { runHooks } from "../skills/infra/lifecycle-hooks.js";
import {
  grantMissingPermission,
  recordFixOutcome,
  wantsPermissionFix,
} from "../skills/infra/permissions/auto-grant.js";
import { previewChanges } from "../skills/infra/previewer.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { backupState } from "../skills/infra/teardown.js";
import { postDeploymentStep, preDeploymentStep, type TestsSummary } from "../skills/infra/tester/deploy-gates.js";
import { openProject } from "./project.js";

export type { Step } from "../core/result.js";
export type { TestsSummary } from "../skills/infra/tester/deploy-gates.js";

type ChangeKind = "deploy" | "teardown";

/** What a person at a terminal is asked before a deploy or teardown. */
export interface ApprovalRequest extends ApprovalRequestBase {
  kind: ChangeKind;
  planId: string;
  summary: PlanSummary;
}

/** Asks a person at a terminal; provided by the CLI only when one is there. */
export type Approver = ApproverOf<ApprovalRequest>;

export interface ChangeInput {
  env: string;
  plan?: string;
  confirm?: string;
  approver?: Approver;
}

export interface DeployInput extends ChangeInput {
  skipTests: boolean;
  skipPreview: boolean;
}

export interface ChangeData {
  environment: string;
  account: string;
  planId?: string;
  planHash?: string;
  summary?: PlanSummary;
  steps: Step[];
  approval?: Handoff;
  verification?: Verification;
  backup?: string;
  registry?: { path: string; deployedMd: string; resources: number };
  /** Pre- and post-deployment test results (deploy only). */
  tests?: { pre?: TestsSummary; post?: TestsSummary };
  durationMs: number;
}

interface Workflow {
  project: ProjectContext;
  infra: Infra;
  kind: ChangeKind;
  identity: CallerIdentity;
  steps: Step[];
  started: number;
  /** Run the pre- and post-deployment tests (deploy without --skip-tests). */
  tests: boolean;
  pre?: TestsSummary;
  /** Set once a failed deploy was retried after a permission fix: there is only one retry. */
  retried?: boolean;
}

function progressReporter(ctx: Context, label: string) {
  const progress = ctx.io.progress(label);
  return {
    onProgress: (event: IacProgressEvent) => {
      if (label.startsWith("planning") || event.kind !== "planning") {
        progress.update(event.address === undefined ? event.message : `${event.kind} ${event.address}`);
      }
    },
    done: (text?: string) => progress.done(text),
    fail: (text?: string) => progress.fail(text),
  };
}

function refuseShortcuts(infra: Infra, input: DeployInput): void {
  if (!infra.env.requireConfirmation) return;
  const shortcuts = [
    ["--skip-tests", input.skipTests],
    ["--skip-preview", input.skipPreview],
  ] as const;
  for (const [flag, used] of shortcuts) {
    if (used) {
      throw new UserError(
        "FLAG_NOT_ALLOWED",
        `${flag} is not allowed for "${infra.env.name}": it requires confirmation`,
        {
          suggestion: `run without ${flag}; every change to "${infra.env.name}" is previewed and approved`,
        },
      );
    }
  }
}

async function hooks(flow: Workflow, point: HookPoint): Promise<void> {
  const runs = await runHooks(flow.project, flow.infra.env, point);
  if (runs.length === 0) return;
  flow.steps.push({
    name: `${point} hooks`,
    status: runs.every((r) => r.outcome === "passed") ? "passed" : "failed",
    detail: runs.map((r) => `${r.name}: ${r.outcome}`).join(", "),
  });
}

function result(
  flow: Workflow,
  status: string,
  data: Partial<ChangeData>,
  next: NextStep[] = [],
): CommandResult<ChangeData> {
  const { infra, identity, steps, started } = flow;
  return {
    status,
    environment: infra.env.name,
    data: { environment: infra.env.name, account: identity.account, steps, durationMs: Date.now() - started, ...data },
    next,
  };
}

function planData(flow: Workflow, record: PlanRecord): Partial<ChangeData> {
  return {
    planId: record.id,
    planHash: record.plan_hash,
    summary: record.summary,
    ...(flow.pre === undefined ? {} : { tests: { pre: flow.pre } }),
  };
}

const APPROVAL_STEPS: Record<ApprovedBy, (flow: Workflow, record: PlanRecord) => Step> = {
  code: (_flow, record) => ({ name: "approval", status: "passed", detail: `code for plan ${record.id}` }),
  terminal: () => ({ name: "approval", status: "passed", detail: "approved at the terminal" }),
  not_required: (flow) => ({
    name: "approval",
    status: "skipped",
    detail: `"${flow.infra.env.name}" does not require confirmation`,
  }),
};

/** A deploy or teardown as the approval component sees it: the saved engine plan is the plan. */
function changeAction(
  flow: Workflow,
): ApprovedAction<PlanRecord, PlanRecord, CommandResult<ChangeData>, ApprovalRequest> {
  const { project, infra, kind } = flow;
  const env = infra.env.name;
  return {
    kind,
    again: `run devops infra ${kind} --env ${env} again for a new plan and code`,
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
        flow.steps.push(APPROVAL_STEPS[approval.by](flow, record));
        if (kind === "deploy") await hooks(flow, "pre-deploy");
      }
      return applyAndRecord(flow, record);
    },
    confirmCommand: (record, code) => `devops infra ${kind} --env ${env} --plan ${record.id} --confirm ${code}`,
  };
}

async function recordFailure(flow: Workflow, record: PlanRecord, error: unknown): Promise<void> {
  const { project, infra, kind, identity } = flow;
  await recordChange(project, infra, {
    kind,
    outcome: "failed",
    deploymentId: record.id,
    identity,
    planId: record.id,
    summary: record.summary,
    durationMs: Date.now() - flow.started,
    resources: await infra.iac.state(project, infra.target).catch(() => undefined),
    error: errorSummary(error),
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
  try {
    await applyPlan(project, infra, record, progress.onProgress);
    progress.done(`${kind === "deploy" ? "applied" : "destroyed"} ${infra.env.name}`);
  } catch (error) {
    progress.fail(`${kind} of ${infra.env.name} failed`);
    steps.push({ name: "apply", status: "failed" });
    await recordFailure(flow, record, error);
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
  }
  const fresh = (await previewChanges(flow.project, flow.infra, Promise.resolve(flow.identity), { kind: "deploy" }))
    .record;
  flow.steps.push({
    name: "preview",
    status: "done",
    detail: `plan ${fresh.id} (the failed apply had changed the state)`,
  });
  const outcome = await decide(scope(flow), changeAction(flow), fresh, fresh, { required: false });
  if (outcome.status !== "applied") throw new Error(`a retry that needs no approval ended ${outcome.status}`);
  return outcome.result;
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
  });
  steps.push({ name: "records", status: "done", detail: recorded.paths.registry });
  await hooks(flow, kind === "deploy" ? "post-deploy" : "post-destroy");
  const post =
    kind === "deploy" && flow.tests
      ? await postDeploymentStep(project, infra, recorded, record, resources, steps)
      : undefined;
  const env = infra.env.name;
  const tests = { ...(flow.pre === undefined ? {} : { pre: flow.pre }), ...(post === undefined ? {} : { post }) };
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
    },
    [
      { command: `devops infra show-resources --env ${env}`, why: "see what is deployed, with console links" },
      { command: `devops infra check-status --env ${env}`, why: "confirm there is no drift" },
    ],
  );
  return verification.verified && post?.overall_status !== "FAIL" ? outcome : { ...outcome, verdict: "fail" };
}

function scope(flow: Workflow) {
  return { project: flow.project, environment: flow.infra.env.name, identity: flow.identity };
}

/** A new preview of the environment (the account check overlaps with it), diagnosed when it fails. */
async function previewNow(
  project: ProjectContext,
  infra: Infra,
  kind: ChangeKind,
  accountCheck: Promise<CallerIdentity>,
): Promise<PlanRecord> {
  await runHooks(project, infra.env, kind === "deploy" ? "pre-plan" : "pre-destroy");
  const progress = progressReporter(project, `planning ${infra.env.name}`);
  try {
    const { record } = await previewChanges(project, infra, accountCheck, { kind, onProgress: progress.onProgress });
    progress.done(`planned ${infra.env.name}`);
    return record;
  } catch (error) {
    progress.fail(`planning ${infra.env.name} failed`);
    throw withDiagnosis(error, await diagnoseFailure(project, infra.env, "preview", error));
  }
}

interface RunOptions {
  /** Refuses what this environment does not allow, and returns the steps settled before planning. */
  before: (infra: Infra) => Step[];
  tests: boolean;
  /** Where a person at a terminal may approve (deploy --skip-preview never asks). */
  approver?: Approver;
}

async function run(
  ctx: Context,
  input: ChangeInput,
  kind: ChangeKind,
  options: RunOptions,
): Promise<CommandResult<ChangeData>> {
  const project = await openProject(ctx);
  const infra = await openInfra(project, input.env);
  const started = Date.now();
  // The account check (STS) runs while the engine prepares and plans, which change nothing; every
  // step that records or applies anything waits for it first.
  const accountCheck = guardAccount(project, infra);
  accountCheck.catch(() => undefined);
  const open = async (before: Step[]): Promise<Workflow> => {
    const identity = await accountCheck;
    const checked: Step = { name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` };
    return { project, infra, kind, identity, steps: [checked, ...before], started, tests: options.tests };
  };
  const required =
    kind === "teardown" ? infra.env.requireConfirmation || infra.env.protected : infra.env.requireConfirmation;

  if (input.confirm !== undefined) {
    const flow = await open([]);
    return redeem(scope(flow), changeAction(flow), input.confirm, input.plan);
  }
  const before = options.before(infra);
  if (input.plan !== undefined) {
    const flow = await open(before);
    const { record } = await reuse(scope(flow), changeAction(flow), input.plan);
    flow.steps.push({ name: "preview", status: "done", detail: `saved plan ${record.id}` });
    return settleChange(flow, record, required, options);
  }
  const record = await previewNow(project, infra, kind, accountCheck);
  const flow = await open(before);
  flow.steps.push({ name: "preview", status: "done", detail: `plan ${record.id}` });
  if (kind === "deploy") await runHooks(project, infra.env, "post-plan");
  return settleChange(flow, record, required, options);
}

async function settleChange(
  flow: Workflow,
  record: PlanRecord,
  required: boolean,
  options: RunOptions,
): Promise<CommandResult<ChangeData>> {
  const { project, infra, kind } = flow;
  if (!record.summary.hasChanges) {
    await recordChange(project, infra, {
      kind,
      outcome: "no_changes",
      deploymentId: record.id,
      identity: flow.identity,
      planId: record.id,
      summary: record.summary,
      durationMs: Date.now() - flow.started,
      resources: await infra.iac.state(project, infra.target),
    });
    return result(flow, "no_changes", { planId: record.id, planHash: record.plan_hash, summary: record.summary });
  }
  if (flow.tests) flow.pre = await preDeploymentStep(project, infra, record, flow.steps);
  if (flow.pre?.overall_status === "FAIL") {
    const next = {
      command: `devops infra test-changes --env ${infra.env.name} --phase pre-deployment`,
      why: `see every finding (${flow.pre.report_path}); fix the code, then deploy again`,
    };
    return { ...result(flow, "tests_failed", planData(flow, record), [next]), verdict: "fail" };
  }
  const outcome = await decide(scope(flow), changeAction(flow), record, record, {
    required,
    askAnyway: !infra.env.autoApprove,
    ...(options.approver === undefined ? {} : { approver: options.approver }),
  });
  if (outcome.status === "applied") return outcome.result;
  if (outcome.status === "declined") {
    flow.steps.push({ name: "approval", status: "failed", detail: "declined at the terminal" });
    return result(flow, "cancelled", planData(flow, record));
  }
  const { handoff } = outcome;
  flow.steps.push({ name: "approval", status: "waiting", detail: "a human must approve this plan" });
  return result(flow, "needs_confirmation", { ...planData(flow, record), approval: handoff }, [
    {
      command: handoff.command,
      why: `apply exactly this plan once a human has approved it (the code expires at ${handoff.expiresAt})`,
    },
  ]);
}

export function deploy(ctx: Context, input: DeployInput): Promise<CommandResult<ChangeData>> {
  // --skip-preview (refused where confirmation is required) skips showing the plan and asking.
  const approver = input.skipPreview ? undefined : input.approver;
  return run(ctx, input, "deploy", {
    before: (infra) => {
      refuseShortcuts(infra, input);
      return input.skipTests ? [{ name: "pre-deployment tests", status: "skipped", detail: "--skip-tests" }] : [];
    },
    tests: !input.skipTests,
    ...(approver === undefined ? {} : { approver }),
  });
}

export function teardown(ctx: Context, input: ChangeInput): Promise<CommandResult<ChangeData>> {
  return run(ctx, input, "teardown", {
    before: () => [],
    tests: false,
    ...(input.approver === undefined ? {} : { approver: input.approver }),
  });
}
