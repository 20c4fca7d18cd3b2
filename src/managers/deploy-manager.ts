// The deploy and teardown workflows: preview → pre-deployment tests (they need the plan) → approval →
// apply → verify → records → post-deployment tests. The approval is the shared component's
// (skills/approval): bound to the exact saved plan, redeemed once (DESIGN §5). A failed apply is
// diagnosed, and may be fixed and retried once (skills/infra/permissions/auto-grant.ts).
import { commandLine } from "../core/commands/command-line.js";
import { type Context, type ProjectContext, runLimits } from "../core/context.js";
import { cancellable } from "../core/interrupt.js";
import { UserError } from "../core/errors.js";
import { warn } from "../core/io.js";
import type { CommandResult, Step } from "../core/result.js";
import { readPlanRecord, STACK_SET_KIND, type PlanRecord } from "../records/plans.js";
import { selectStacks } from "../core/config/stacks.js";
import { applySavedSet, oneAfterAnother, planSet } from "./deploy-manager/stacks.js";
import { decide, handoffSteps, reuse } from "../skills/approval/flow.js";
import { checkRecordsWritable, recordChange, settleAbandonedRun } from "../skills/infra/documenter.js";
import { runHooks } from "../skills/infra/lifecycle-hooks.js";
import {
  planScopeOf,
  planVariablesOf,
  statesElsewhereMessage,
  type PlanScopeInput,
} from "../skills/infra/previewer.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { preDeploymentStep } from "../skills/infra/tester/deploy-gates.js";
import { changeAction } from "./deploy-manager/apply.js";
import {
  planData,
  result,
  scope,
  type ChangeData,
  type ChangeInput,
  type ChangeKind,
  type DeployInput,
  type RunOptions,
  type Workflow,
  previewNow,
} from "./deploy-manager/workflow.js";
import { openProject } from "../skills/project.js";
import { guardTarget } from "../skills/protected-target.js";

export type { Step } from "../core/result.js";
export type { TestsSummary } from "../skills/infra/tester/deploy-gates.js";
export type { ApprovalRequest, Approver, ChangeData, ChangeInput, DeployInput } from "./deploy-manager/workflow.js";

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

/**
 * A plan that would create every resource while an existing state is known elsewhere is refused: the
 * environment most likely points at a new, empty state, and applying would duplicate the infrastructure.
 */
export function refuseEmptyStatePlan(infra: Infra, record: PlanRecord, allowed: boolean): void {
  const elsewhere = record.states_elsewhere ?? [];
  if (allowed || elsewhere.length === 0) return;
  throw new UserError("STATE_ELSEWHERE", statesElsewhereMessage(infra.env.name, elsewhere), {
    suggestion: `point "${infra.env.name}" at the existing state, or, if new infrastructure beside it is really meant, run ${commandLine("infra deploy", { env: infra.env.name, plan: record.id, allowEmptyState: true })}`,
    details: { planId: record.id, statesElsewhere: elsewhere },
  });
}

/** One stack's deploy or teardown (the project's only one, or the one --stack or a saved plan names). */
async function run(
  opened: ProjectContext,
  input: ChangeInput,
  kind: ChangeKind,
  options: RunOptions,
): Promise<CommandResult<ChangeData>> {
  // A failed account check stops the plan at once: planning against unusable credentials or a
  // down endpoint only delays the precise error.
  const stop = cancellable(opened.interrupts);
  const project: ProjectContext = { ...opened, interrupts: stop.interrupts };
  const infra = await openInfra(project, input.env, input.stack);
  const started = Date.now();
  // The account check (STS) runs while the engine prepares and plans, which change nothing; every
  // step that records or applies anything waits for it first.
  // Nothing is changed unless every record it will write can be written.
  await checkRecordsWritable(project, infra);
  const abandoned = await settleAbandonedRun(project, infra);
  if (abandoned !== undefined) warn(project.io, abandoned.error?.message ?? "", "RUN_ABANDONED");
  // A target recorded as protected stays protected, whatever this run's config says (DESIGN §5).
  const accountCheck = guardAccount(project, infra).then(async (identity) => {
    await guardTarget(project, infra.env, infra.iac, identity.account, identity.arn);
    return identity;
  });
  accountCheck.catch(() => stop.cancel());
  const open = async (before: Step[]): Promise<Workflow> => {
    const identity = await accountCheck;
    const checked: Step = { name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` };
    return {
      project,
      infra,
      kind,
      identity,
      steps: [checked, ...before],
      started,
      tests: options.tests,
      ...(options.variables === undefined ? {} : { variables: options.variables }),
    };
  };
  const required =
    kind === "teardown" ? infra.env.requireConfirmation || infra.env.protected : infra.env.requireConfirmation;

  try {
    const before = options.before(infra);
    if (input.plan !== undefined) {
      const flow = await open(before);
      const { record } = await reuse(scope(flow), changeAction(flow), input.plan);
      options.checkPlan?.(infra, record);
      flow.steps.push({ name: "preview", status: "done", detail: `saved plan ${record.id}` });
      return await settleChange(flow, record, required, options);
    }
    const record = await previewNow(project, infra, kind, accountCheck, options.scope, options.variables);
    options.checkPlan?.(infra, record);
    const flow = await open(before);
    flow.steps.push({ name: "preview", status: "done", detail: `plan ${record.id}` });
    if (kind === "deploy") await runHooks(project, infra.target, "post-plan", { beforeApproval: true });
    return await settleChange(flow, record, required, options);
  } catch (error) {
    // A run refused before the account check ended must not return while that check still records
    // the target: nothing this command does may outlive it.
    await accountCheck.catch(() => undefined);
    throw error;
  }
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
      command: commandLine("infra test-changes", { env: infra.env.name, phase: "pre-deployment" }),
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
  flow.steps.push({ name: "approval", status: "waiting", detail: "a person must sign the approval of this plan" });
  return result(flow, "needs_confirmation", { ...planData(flow, record), approval: handoff }, handoffSteps(handoff));
}

/**
 * The stacks a deploy or teardown works on: the one --stack or a saved plan names, the project's only
 * one, or all of them (dependency order; reversed for a teardown) — applied one after another where no
 * approval is required, planned together and approved once where it is.
 */
async function over(
  ctx: Context,
  input: ChangeInput,
  kind: ChangeKind,
  options: RunOptions,
): Promise<CommandResult<ChangeData>> {
  // --timeout bounds the whole command, every stack's engine runs together.
  const project = await openProject({ ...ctx, ...runLimits(input.timeout) });
  if (input.plan !== undefined) {
    const environment = project.environment(input.env).name;
    const saved = await readPlanRecord(project.paths.stateDir, environment, input.plan);
    if (saved?.kind === STACK_SET_KIND) return applySavedSet(project, input, kind, saved, options);
    const stack = input.stack ?? (saved !== undefined && "stack" in saved ? saved.stack : undefined);
    return run(project, { ...input, ...(stack === undefined ? {} : { stack }) }, kind, options);
  }
  const selected = selectStacks(project.config, input.stack);
  const [only] = selected;
  if (selected.length === 1)
    return run(project, { ...input, ...(only === undefined ? {} : { stack: only }) }, kind, options);
  const stacks = (kind === "teardown" ? [...selected].reverse() : selected).filter((s): s is string => s !== undefined);
  const env = project.environment(input.env);
  const required = kind === "teardown" ? env.requireConfirmation || env.protected : env.requireConfirmation;
  return required
    ? planSet(project, input, kind, stacks, options)
    : oneAfterAnother(project, input, kind, stacks, options, run);
}

export async function deploy(ctx: Context, input: DeployInput): Promise<CommandResult<ChangeData>> {
  // --skip-preview (refused where confirmation is required) skips showing the plan and asking.
  const approver = input.skipPreview ? undefined : input.approver;
  const scope = planScopeOf(input);
  if (scope !== undefined && input.plan !== undefined) {
    throw new UserError(
      "FLAG_CONFLICT",
      `--plan ${input.plan} was given with --target, --replace, --refresh or --var`,
      {
        suggestion:
          "a saved plan keeps the scope and variables it was previewed with: give --plan alone, or those flags alone",
      },
    );
  }
  return over(ctx, input, "deploy", {
    before: (infra) => {
      refuseShortcuts(infra, input);
      return input.skipTests ? [{ name: "pre-deployment tests", status: "skipped", detail: "--skip-tests" }] : [];
    },
    checkPlan: (infra, record) => refuseEmptyStatePlan(infra, record, input.allowEmptyState === true),
    tests: !input.skipTests,
    ...(scope === undefined ? {} : { scope }),
    ...planVariablesOf(input),
    ...(approver === undefined ? {} : { approver }),
  });
}

export async function teardown(
  ctx: Context,
  input: ChangeInput & Partial<Pick<PlanScopeInput, "var">>,
): Promise<CommandResult<ChangeData>> {
  const scope = planScopeOf({ var: input.var ?? {} });
  if (scope !== undefined && input.plan !== undefined) {
    throw new UserError("FLAG_CONFLICT", `--plan ${input.plan} was given with --var`, {
      suggestion: "a saved destroy plan keeps the variables it was previewed with: give --plan alone, or --var alone",
    });
  }
  return over(ctx, input, "teardown", {
    before: () => [],
    tests: false,
    ...(scope === undefined ? {} : { scope }),
    ...planVariablesOf(input),
    ...(input.approver === undefined ? {} : { approver: input.approver }),
  });
}
