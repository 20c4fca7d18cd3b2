// The deploy and teardown workflows: preview → pre-deployment tests (they need the plan) → approval →
// apply → verify → records → post-deployment tests, with the approval bound to the exact saved plan
// (DESIGN §5). A failed apply is diagnosed, and may be fixed and retried once (deploy-recovery.ts).
import type { Context, ProjectContext } from "../core/context.js";
import { isDevopsError, UserError } from "../core/errors.js";
import type { CallerIdentity, IacProgressEvent, PlanSummary } from "../core/handler-contract.js";
import type { NextStep, CommandResult } from "../core/result.js";
import type { HookPoint } from "../core/config/schema.js";
import type { PlanRecord } from "../records/plans.js";
import { issueApproval, loadPendingPlan, redeemApproval } from "../skills/infra/approval.js";
import { applySavedPlan, verifyAgainstPlan, type Verification } from "../skills/infra/deployer.js";
import { recordChange } from "../skills/infra/documenter.js";
import { grantMissingPermission, recordFixOutcome, wantsPermissionFix } from "./deploy-recovery.js";
import { postDeploymentStep, preDeploymentStep, type TestsSummary } from "./deploy-tests.js";
import { diagnoseFailure, withDiagnosis } from "../skills/infra/debugger/failure.js";
import { runHooks } from "../skills/infra/lifecycle-hooks.js";
import { previewChanges } from "../skills/infra/previewer.js";
import { backupState } from "../skills/infra/teardown.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { openProject } from "../skills/project.js";

export interface ApprovalRequest {
  kind: "deploy" | "teardown";
  environment: string;
  prodLike: boolean;
  protected: boolean;
  account: string;
  planId: string;
  summary: PlanSummary;
}

/** Asks a person at a terminal; provided by the CLI only when one is there. */
export type Approver = (request: ApprovalRequest) => Promise<boolean>;

export interface Step {
  name: string;
  status: "passed" | "done" | "skipped" | "not_available" | "failed" | "waiting";
  detail?: string;
}

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
  /** `code` is the confirmation token (named so that secret redaction leaves it visible). */
  approval?: { code: string; expiresAt: string; command: string };
  verification?: Verification;
  backup?: string;
  registry?: { path: string; deployedMd: string; resources: number };
  /** Pre- and post-deployment test results (deploy only). */
  tests?: { pre?: TestsSummary; post?: TestsSummary };
  durationMs: number;
}

function progressReporter(ctx: Context, label: string) {
  const progress = ctx.io.progress(label);
  return {
    onProgress: (event: IacProgressEvent) => {
      if (label.startsWith("planning") || event.kind !== "planning")
        progress.update(event.address === undefined ? event.message : `${event.kind} ${event.address}`);
    },
    done: (text?: string) => progress.done(text),
    fail: (text?: string) => progress.fail(text),
  };
}

function refuseShortcuts(infra: Infra, input: DeployInput): void {
  if (!infra.env.requireConfirmation) return;
  for (const [flag, used] of [
    ["--skip-tests", input.skipTests],
    ["--skip-preview", input.skipPreview],
  ] as const) {
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

async function hooks(project: ProjectContext, infra: Infra, point: HookPoint, steps: Step[]): Promise<void> {
  const runs = await runHooks(project, infra.env, point);
  if (runs.length > 0)
    steps.push({
      name: `${point} hooks`,
      status: runs.every((r) => r.outcome === "passed") ? "passed" : "failed",
      detail: runs.map((r) => `${r.name}: ${r.outcome}`).join(", "),
    });
}

function confirmCommand(kind: "deploy" | "teardown", env: string, planId: string, token: string): string {
  return `devops infra ${kind} --env ${env} --plan ${planId} --confirm ${token}`;
}

interface Workflow {
  project: ProjectContext;
  infra: Infra;
  identity: CallerIdentity;
  steps: Step[];
  started: number;
  /** Set once a failed deploy was retried after a permission fix: there is only one retry. */
  retried?: boolean;
  /** Run the pre- and post-deployment tests (deploy without --skip-tests). */
  tests?: boolean;
  pre?: TestsSummary;
}

/** Decides whether the plan may be applied now: a redeemed token, a person at a terminal, or neither. */
async function approve(
  flow: Workflow,
  record: PlanRecord,
  input: ChangeInput,
  required: boolean,
): Promise<"approved" | "declined" | "token"> {
  const { infra } = flow;
  const request: ApprovalRequest = {
    kind: record.kind,
    environment: infra.env.name,
    prodLike: infra.env.prodLike,
    protected: infra.env.protected,
    account: record.account,
    planId: record.id,
    summary: record.summary,
  };
  if (input.approver !== undefined && (required || !infra.env.autoApprove)) {
    const approved = await input.approver(request);
    flow.steps.push({
      name: "approval",
      status: approved ? "passed" : "failed",
      detail: approved ? "approved at the terminal" : "declined at the terminal",
    });
    return approved ? "approved" : "declined";
  }
  if (required) return "token";
  flow.steps.push({ name: "approval", status: "skipped", detail: `"${infra.env.name}" does not require confirmation` });
  return "approved";
}

function result(
  flow: Workflow,
  status: string,
  data: Partial<ChangeData>,
  next: NextStep[] = [],
): CommandResult<ChangeData> {
  return {
    status,
    environment: flow.infra.env.name,
    data: {
      environment: flow.infra.env.name,
      account: flow.identity.account,
      steps: flow.steps,
      durationMs: Date.now() - flow.started,
      ...data,
    },
    next,
  };
}

async function applyAndRecord(
  flow: Workflow,
  record: PlanRecord,
  kind: "deploy" | "teardown",
  alreadyConsumed: boolean,
  fresh = false,
): Promise<CommandResult<ChangeData>> {
  const { project, infra, identity, steps } = flow;
  let backup: string | undefined;
  if (kind === "teardown") {
    backup = await backupState(project, infra, record.id);
    steps.push({ name: "state backup", status: "done", detail: backup });
  }
  const progress = progressReporter(project, `${kind === "deploy" ? "applying" : "destroying"} ${infra.env.name}`);
  try {
    await applySavedPlan(project, infra, identity, record, {
      alreadyConsumed,
      planJustMade: fresh,
      onProgress: progress.onProgress,
    });
    progress.done(`${kind === "deploy" ? "applied" : "destroyed"} ${infra.env.name}`);
  } catch (error) {
    progress.fail(`${kind} of ${infra.env.name} failed`);
    steps.push({ name: "apply", status: "failed" });
    const failure = isDevopsError(error)
      ? { code: error.code, message: error.message }
      : { code: "INTERNAL", message: String(error) };
    await recordChange(project, infra, {
      kind,
      outcome: "failed",
      deploymentId: record.id,
      identity,
      planId: record.id,
      summary: record.summary,
      durationMs: Date.now() - flow.started,
      resources: await infra.iac.state(project, infra.target).catch(() => undefined),
      error: failure,
    }).catch(() => undefined);
    const diagnosis = await diagnoseFailure(
      project,
      infra.env,
      kind === "deploy" ? "deploy" : "destroy",
      error,
      record.id,
    );
    if (kind === "deploy" && flow.retried !== true && wantsPermissionFix(infra, diagnosis)) {
      const fix = await grantMissingPermission(project, infra, diagnosis, record.id, steps);
      if (fix.outcome !== "granted" && fix.outcome !== "already_granted")
        throw withDiagnosis(error, diagnosis, { permission_fix: fix });
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
    throw withDiagnosis(error, diagnosis);
  }
  steps.push({ name: "apply", status: "done" });
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
  await hooks(project, infra, kind === "deploy" ? "post-deploy" : "post-destroy", steps);
  const post =
    kind === "deploy" && flow.tests === true
      ? await postDeploymentStep(project, infra, recorded, record, resources, steps)
      : undefined;
  const env = infra.env.name;
  const base = {
    planId: record.id,
    planHash: record.plan_hash,
    summary: record.summary,
    verification,
    ...(backup === undefined ? {} : { backup }),
    registry: { path: recorded.paths.registry, deployedMd: recorded.paths.deployedMd, resources: resources.length },
    ...(flow.pre === undefined && post === undefined
      ? {}
      : { tests: { ...(flow.pre === undefined ? {} : { pre: flow.pre }), ...(post === undefined ? {} : { post }) } }),
  };
  const outcome = result(flow, kind === "deploy" ? "applied" : "destroyed", base, [
    { command: `devops infra show-resources --env ${env}`, why: "see what is deployed, with console links" },
    { command: `devops infra check-status --env ${env}`, why: "confirm there is no drift" },
  ]);
  return verification.verified && post?.overall_status !== "FAIL" ? outcome : { ...outcome, verdict: "fail" };
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
    return await applyAndRecord(flow, record, "deploy", true);
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
  return applyAndRecord(flow, fresh, "deploy", false, true);
}

async function run(
  ctx: Context,
  input: ChangeInput,
  kind: "deploy" | "teardown",
  prepare: (flow: Workflow) => Promise<void>,
  tests = false,
): Promise<CommandResult<ChangeData>> {
  const project = await openProject(ctx);
  const infra = await openInfra(project, input.env);
  const started = Date.now();
  // The account check (STS) runs while the engine prepares and plans, which change nothing; every
  // step that records or applies anything waits for it first.
  const accountCheck = guardAccount(project, infra);
  accountCheck.catch(() => undefined);
  const checked = async (): Promise<Workflow> => {
    const identity = await accountCheck;
    const flow: Workflow = { project, infra, identity, steps: [], started, tests };
    flow.steps.push({ name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` });
    return flow;
  };
  const required =
    kind === "teardown" ? infra.env.requireConfirmation || infra.env.protected : infra.env.requireConfirmation;

  if (input.confirm !== undefined) {
    const flow = await checked();
    const record = await redeemApproval(project, infra, flow.identity, {
      token: input.confirm,
      kind,
      ...(input.plan === undefined ? {} : { planId: input.plan }),
    });
    flow.steps.push({ name: "approval", status: "passed", detail: `token for plan ${record.id}` });
    await infra.iac.prepare(project, infra.target);
    if (kind === "deploy") await hooks(project, infra, "pre-deploy", flow.steps);
    return applyAndRecord(flow, record, kind, true);
  }

  const shortcuts: Step[] = [];
  await prepare({ project, infra, identity: { account: "", arn: "", userId: "" }, steps: shortcuts, started });
  let record: PlanRecord;
  let flow: Workflow;
  let fresh = false;
  if (input.plan !== undefined) {
    flow = await checked();
    flow.steps.push(...shortcuts);
    record = await loadPendingPlan(project, infra.env.name, input.plan, kind);
    await infra.iac.prepare(project, infra.target);
    flow.steps.push({ name: "preview", status: "done", detail: `saved plan ${record.id}` });
  } else {
    await runHooks(project, infra.env, kind === "deploy" ? "pre-plan" : "pre-destroy");
    const progress = progressReporter(project, `planning ${infra.env.name}`);
    try {
      record = (await previewChanges(project, infra, accountCheck, { kind, onProgress: progress.onProgress })).record;
      progress.done(`planned ${infra.env.name}`);
    } catch (error) {
      progress.fail(`planning ${infra.env.name} failed`);
      throw withDiagnosis(error, await diagnoseFailure(project, infra.env, "preview", error));
    }
    flow = await checked();
    flow.steps.push(...shortcuts);
    fresh = true;
    flow.steps.push({ name: "preview", status: "done", detail: `plan ${record.id}` });
    if (kind === "deploy") await runHooks(project, infra.env, "post-plan");
  }
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
  if (tests) {
    flow.pre = await preDeploymentStep(project, infra, record, flow.steps);
  }
  const planData = {
    planId: record.id,
    planHash: record.plan_hash,
    summary: record.summary,
    ...(flow.pre === undefined ? {} : { tests: { pre: flow.pre } }),
  };
  if (flow.pre?.overall_status === "FAIL") {
    return {
      ...result(flow, "tests_failed", planData, [
        {
          command: `devops infra test-changes --env ${infra.env.name} --phase pre-deployment`,
          why: `see every finding (${flow.pre.report_path}); fix the code, then deploy again`,
        },
      ]),
      verdict: "fail",
    };
  }

  const decision = await approve(flow, record, input, required);
  if (decision === "declined") return result(flow, "cancelled", planData);
  if (decision === "token") {
    const issued = await issueApproval(project, record);
    const command = confirmCommand(kind, infra.env.name, record.id, issued.token);
    flow.steps.push({ name: "approval", status: "waiting", detail: "a human must approve this plan" });
    return result(
      flow,
      "needs_confirmation",
      { ...planData, approval: { code: issued.token, expiresAt: issued.expiresAt, command } },
      [
        {
          command,
          why: `apply exactly this plan once a human has approved it (the token expires at ${issued.expiresAt})`,
        },
      ],
    );
  }
  if (kind === "deploy") await hooks(project, infra, "pre-deploy", flow.steps);
  return applyAndRecord(flow, record, kind, false, fresh);
}

export function deploy(ctx: Context, input: DeployInput): Promise<CommandResult<ChangeData>> {
  // --skip-preview (refused where confirmation is required) skips showing the plan and asking.
  const { approver, ...rest } = input;
  const effective = input.skipPreview || approver === undefined ? rest : { ...rest, approver };
  return run(
    ctx,
    effective,
    "deploy",
    async (flow) => {
      refuseShortcuts(flow.infra, input);
      if (input.skipTests) flow.steps.push({ name: "pre-deployment tests", status: "skipped", detail: "--skip-tests" });
    },
    !input.skipTests,
  );
}

export function teardown(ctx: Context, input: ChangeInput): Promise<CommandResult<ChangeData>> {
  return run(ctx, input, "teardown", async () => undefined);
}
