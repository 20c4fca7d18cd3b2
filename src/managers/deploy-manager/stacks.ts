// A deploy or teardown over several stacks. Where no approval is required, the stacks are changed one
// after another (each planned once the ones it depends on are applied, so it can read their outputs);
// where one is, every stack is planned first and one signature covers the whole set. Either way a
// failing stack stops the ones after it, and the result says which were changed, which failed and
// which were not touched.
import { commandLine } from "../../core/commands/command-line.js";
import type { ProjectContext } from "../../core/context.js";
import { errorSummary, isDevopsError, UserError, type DevopsError, type ErrorCode } from "../../core/errors.js";
import type { ErrorOptions } from "../../core/errors.js";
import type { CommandResult, NextStep, Step } from "../../core/result.js";
import { selectStacks } from "../../core/config/stacks.js";
import { consumePlan, type ActionPlanRecord, type PlanRecord } from "../../records/plans.js";
import { decide, handoffSteps, loadPending, reuse } from "../../skills/approval/flow.js";
import type { ApprovedAction } from "../../skills/approval/types.js";
import { checkRecordsWritable } from "../../skills/infra/documenter.js";
import { checkStackSet, saveStackSet, setTarget, stackSetSpec, totalCounts } from "../../skills/infra/stack-set.js";
import { guardAccount, openInfra, type Infra } from "../../skills/infra/target.js";
import { preDeploymentStep } from "../../skills/infra/tester/deploy-gates.js";
import { guardTarget } from "../../skills/protected-target.js";
import { changeAction } from "./apply.js";
import {
  previewNow,
  type ApprovalRequest,
  type ChangeData,
  type ChangeInput,
  type ChangeKind,
  type RunOptions,
  type StackOutcome,
  type Workflow,
} from "./workflow.js";

type RunOne = (
  project: ProjectContext,
  input: ChangeInput,
  kind: ChangeKind,
  options: RunOptions,
) => Promise<CommandResult<ChangeData>>;

const FINISHED: ReadonlySet<string> = new Set(["applied", "destroyed", "no_changes"]);

function outcomeOf(stack: string, result: CommandResult<ChangeData>): StackOutcome {
  const { planId, planHash, summary } = result.data;
  return {
    stack,
    status: result.status,
    ...(planId === undefined ? {} : { planId }),
    ...(planHash === undefined ? {} : { planHash }),
    ...(summary === undefined ? {} : { summary }),
  };
}

function skipped(stacks: readonly string[], from: number, why: string): StackOutcome[] {
  return stacks.slice(from).map((stack) => ({ stack, status: "skipped", detail: why }));
}

/** One line on how far a change over several stacks got. */
function progressLine(outcomes: readonly StackOutcome[]): string {
  const named = (status: (s: string) => boolean) =>
    outcomes
      .filter((outcome) => status(outcome.status))
      .map((outcome) => outcome.stack)
      .join(", ") || "none";
  return `changed: ${named((s) => FINISHED.has(s))}; failed: ${named((s) => s === "failed")}; not changed: ${named((s) => !FINISHED.has(s) && s !== "failed")}`;
}

/** The error of the stack that failed, saying which stacks were changed and which were not. */
function stoppedAt(error: unknown, env: string, kind: ChangeKind, stack: string, outcomes: StackOutcome[]): unknown {
  if (!isDevopsError(error)) return error;
  const original: DevopsError = error;
  const Kind = original.constructor as new (code: ErrorCode, message: string, options: ErrorOptions) => DevopsError;
  const again = commandLine(`infra ${kind}`, { env });
  const stopped = new Kind(original.code, `stack "${stack}": ${original.message} (${progressLine(outcomes)})`, {
    suggestion: `${original.suggestion ?? `fix stack "${stack}"`}; then run ${again} again (stacks already changed show no changes)`,
    details: { ...(original.details ?? {}), stack, stacks: outcomes },
    cause: original.cause ?? original,
  });
  stopped.stack = original.stack ?? "";
  return stopped;
}

function combined(
  env: string,
  account: string,
  started: number,
  status: string,
  outcomes: StackOutcome[],
  steps: Step[],
  extra: Partial<ChangeData> = {},
  next: NextStep[] = [],
): CommandResult<ChangeData> {
  return {
    status,
    environment: env,
    data: { environment: env, account, steps, durationMs: Date.now() - started, stacks: outcomes, ...extra },
    next,
  };
}

const named = (stack: string, steps: readonly Step[]): Step[] =>
  steps.map((step) => ({ ...step, name: `${stack}: ${step.name}` }));

/** Each stack planned, approved where asked and applied before the next one is planned. */
export async function oneAfterAnother(
  project: ProjectContext,
  input: ChangeInput,
  kind: ChangeKind,
  stacks: readonly string[],
  options: RunOptions,
  runOne: RunOne,
): Promise<CommandResult<ChangeData>> {
  const started = Date.now();
  const env = project.environment(input.env).name;
  const outcomes: StackOutcome[] = [];
  const steps: Step[] = [];
  let account = "";
  for (const [index, stack] of stacks.entries()) {
    let result: CommandResult<ChangeData>;
    try {
      result = await runOne(project, { ...input, stack }, kind, options);
    } catch (error) {
      outcomes.push({ stack, status: "failed", detail: errorSummary(error).message });
      outcomes.push(
        ...skipped(stacks, index + 1, `not ${kind === "deploy" ? "deployed" : "torn down"}: "${stack}" failed`),
      );
      throw stoppedAt(error, env, kind, stack, outcomes);
    }
    account = result.data.account;
    outcomes.push(outcomeOf(stack, result));
    steps.push(...named(stack, result.data.steps));
    if (!FINISHED.has(result.status) || result.verdict === "fail") {
      outcomes.push(...skipped(stacks, index + 1, `not changed: "${stack}" ended ${result.status}`));
      return {
        ...combined(env, account, started, result.status, outcomes, steps, { ...result.data, steps, stacks: outcomes }),
        ...(result.verdict === undefined ? {} : { verdict: result.verdict }),
        next: [
          ...(result.next ?? []),
          { command: commandLine(`infra ${kind}`, { env }), why: `then the stacks after "${stack}"` },
        ],
      };
    }
  }
  const changed = outcomes.some((outcome) => outcome.status !== "no_changes");
  return combined(
    env,
    account,
    started,
    changed ? (kind === "deploy" ? "applied" : "destroyed") : "no_changes",
    outcomes,
    steps,
    {},
    [{ command: commandLine("infra show-resources", { env }), why: "see what is deployed, stack by stack" }],
  );
}

/** The stacks opened, their records checked writable, the account and each stack's state target guarded. */
async function openStacks(project: ProjectContext, env: string, stacks: readonly string[]) {
  const opened: Infra[] = [];
  for (const stack of stacks) {
    const infra = await openInfra(project, env, stack);
    await checkRecordsWritable(project, infra);
    opened.push(infra);
  }
  const first = opened[0];
  if (first === undefined) throw new Error("no stacks to open");
  const identity = await guardAccount(project, first);
  for (const infra of opened) await guardTarget(project, infra.env, infra.iac, identity.account, identity.arn);
  return { opened, identity, first };
}

function flowOf(
  project: ProjectContext,
  infra: Infra,
  kind: ChangeKind,
  identity: Workflow["identity"],
  options: RunOptions,
  started: number,
): Workflow {
  return {
    project,
    infra,
    kind,
    identity,
    steps: [{ name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` }],
    started,
    tests: options.tests,
    ...(options.variables === undefined ? {} : { variables: options.variables }),
  };
}

/** Every stack planned first, then one approval for the set (where confirmation is required). */
export async function planSet(
  project: ProjectContext,
  input: ChangeInput,
  kind: ChangeKind,
  stacks: readonly string[],
  options: RunOptions,
): Promise<CommandResult<ChangeData>> {
  const started = Date.now();
  const { opened, identity, first } = await openStacks(project, input.env, stacks);
  const env = first.env.name;
  const before = options.before(first);
  const members: { infra: Infra; record: PlanRecord }[] = [];
  const outcomes: StackOutcome[] = [];
  for (const [index, infra] of opened.entries()) {
    const stack = infra.env.stack ?? "";
    let record: PlanRecord;
    try {
      record = await previewNow(project, infra, kind, Promise.resolve(identity), options.scope, options.variables);
      options.checkPlan?.(infra, record);
    } catch (error) {
      outcomes.push({ stack, status: "failed", detail: errorSummary(error).message });
      outcomes.push(...skipped(stacks, index + 1, "not planned"));
      throw notPlanned(error, env, kind, stack, members, outcomes);
    }
    outcomes.push({
      stack,
      status: record.summary.hasChanges ? "planned" : "no_changes",
      planId: record.id,
      planHash: record.plan_hash,
      summary: record.summary,
    });
    if (record.summary.hasChanges) members.push({ infra, record });
  }
  const steps: Step[] = [
    { name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` },
    ...before,
  ];
  if (members.length === 0) return combined(env, identity.account, started, "no_changes", outcomes, steps);
  const flows = members.map(({ infra }) => flowOf(project, infra, kind, identity, options, started));
  for (const [index, flow] of flows.entries()) {
    const record = members[index]!.record;
    if (!flow.tests) continue;
    flow.pre = await preDeploymentStep(project, flow.infra, record, flow.steps);
    if (flow.pre.overall_status === "FAIL") {
      const stack = flow.infra.env.stack ?? "";
      const next = {
        command: commandLine("infra test-changes", { env, stack, phase: "pre-deployment" }),
        why: `see every finding (${flow.pre.report_path}); fix the code, then deploy again`,
      };
      return {
        ...combined(
          env,
          identity.account,
          started,
          "tests_failed",
          outcomes,
          [...steps, ...named(stack, flow.steps)],
          {},
          [next],
        ),
        verdict: "fail",
      };
    }
  }
  const set = await saveStackSet(project, kind, identity, members);
  return settleSet(project, kind, flows, members, set, outcomes, steps, started, input, true);
}

/**
 * A dependent stack that cannot be planned before the stacks it reads from are applied: say so, and
 * how to apply them first (one stack at a time, each approved on its own).
 */
function notPlanned(
  error: unknown,
  env: string,
  kind: ChangeKind,
  stack: string,
  planned: readonly { infra: Infra }[],
  outcomes: StackOutcome[],
): unknown {
  const pending = planned.map(({ infra }) => infra.env.stack).filter((name): name is string => name !== undefined);
  if (pending.length === 0 || !isDevopsError(error)) return stoppedAt(error, env, kind, stack, outcomes);
  const first = pending[0] ?? "";
  const wrapped = stoppedAt(error, env, kind, stack, outcomes) as DevopsError;
  const Kind = wrapped.constructor as new (code: ErrorCode, message: string, options: ErrorOptions) => DevopsError;
  return new Kind(
    wrapped.code,
    `${wrapped.message}; it may read outputs of ${pending.join(", ")}, which have changes not applied yet`,
    {
      suggestion: `apply those first, one stack at a time: ${commandLine(`infra ${kind}`, { env, stack: first })}, then ${commandLine(`infra ${kind}`, { env })} again`,
      details: wrapped.details ?? {},
      cause: wrapped.cause ?? wrapped,
    },
  );
}

/** The set as the approval component sees it: one record, every stack re-checked, applied in order. */
function setAction(
  project: ProjectContext,
  kind: ChangeKind,
  flows: Workflow[],
  members: { infra: Infra; record: PlanRecord }[],
  outcomes: StackOutcome[],
  steps: Step[],
  started: number,
): ApprovedAction<ActionPlanRecord, ActionPlanRecord, CommandResult<ChangeData>, ApprovalRequest> {
  const first = flows[0]!;
  const env = first.infra.env;
  const summaries = members.map(({ record }) => record.summary);
  const counts = totalCounts(summaries);
  return {
    kind: "stack_set",
    again: `run ${commandLine(`infra ${kind}`, { env: env.name })} again for new plans of every stack`,
    describe: (set) => ({
      kind,
      environment: env.name,
      prodLike: env.prodLike,
      protected: env.protected,
      account: set.account,
      planId: set.id,
      summary: {
        ...summaries[0]!,
        counts,
        planHash: set.plan_hash,
        changes: summaries.flatMap((s) => s.changes),
        destructive: summaries.flatMap((s) => s.destructive),
        hasChanges: true,
      },
    }),
    save: async (set) => set,
    revalidate: async (set) => {
      await checkStackSet(project, first.identity, set, members);
      return set;
    },
    apply: async (_set, approval) => {
      for (const [index, flow] of flows.entries()) {
        const { record } = members[index]!;
        const stack = flow.infra.env.stack ?? "";
        const at = outcomes.findIndex((outcome) => outcome.stack === stack);
        let result: CommandResult<ChangeData>;
        try {
          if (!(await consumePlan(project.paths.stateDir, record, project.clock.now()))) {
            throw new UserError(
              "CONFIRMATION_USED",
              `the plan ${record.id} of stack "${stack}" was used by another command`,
              {
                suggestion: `run ${commandLine(`infra ${kind}`, { env: env.name })} again`,
              },
            );
          }
          result = await changeAction(flow).apply(record, {
            by: approval.by,
            ...(approval.signer === undefined ? {} : { signer: approval.signer }),
          });
        } catch (error) {
          outcomes[at] = { ...outcomes[at]!, status: "failed", detail: errorSummary(error).message };
          for (const later of flows.slice(index + 1)) {
            const name = later.infra.env.stack ?? "";
            const i = outcomes.findIndex((outcome) => outcome.stack === name);
            outcomes[i] = { ...outcomes[i]!, status: "skipped", detail: `not changed: "${stack}" failed` };
          }
          throw stoppedAt(error, env.name, kind, stack, outcomes);
        }
        outcomes[at] = outcomeOf(stack, result);
        steps.push(...named(stack, result.data.steps));
        if (!FINISHED.has(result.status) || result.verdict === "fail") {
          for (const later of flows.slice(index + 1)) {
            const name = later.infra.env.stack ?? "";
            const i = outcomes.findIndex((outcome) => outcome.stack === name);
            outcomes[i] = {
              ...outcomes[i]!,
              status: "skipped",
              detail: `not changed: "${stack}" ended ${result.status}`,
            };
          }
          return {
            ...combined(env.name, first.identity.account, started, result.status, outcomes, steps),
            verdict: "fail",
          };
        }
      }
      return combined(
        env.name,
        first.identity.account,
        started,
        kind === "deploy" ? "applied" : "destroyed",
        outcomes,
        steps,
        {},
        [
          {
            command: commandLine("infra show-resources", { env: env.name }),
            why: "see what is deployed, stack by stack",
          },
        ],
      );
    },
    planCommand: (set) => commandLine(`infra ${kind}`, { env: env.name, plan: set.id }),
  };
}

async function settleSet(
  project: ProjectContext,
  kind: ChangeKind,
  flows: Workflow[],
  members: { infra: Infra; record: PlanRecord }[],
  set: ActionPlanRecord,
  outcomes: StackOutcome[],
  steps: Step[],
  started: number,
  input: ChangeInput,
  fresh: boolean,
): Promise<CommandResult<ChangeData>> {
  const first = flows[0]!;
  const env = first.infra.env;
  const action = setAction(project, kind, flows, members, outcomes, steps, started);
  const scope = { project, environment: env.name, identity: first.identity, target: setTarget(members) };
  const record = fresh ? set : (await reuse(scope, action, set.id)).record;
  const required = kind === "teardown" ? env.requireConfirmation || env.protected : env.requireConfirmation;
  const outcome = await decide(scope, action, record, record, {
    required,
    askAnyway: !env.autoApprove,
    ...(input.approver === undefined ? {} : { approver: input.approver }),
  });
  const extra = { planId: set.id, planHash: set.plan_hash };
  if (outcome.status === "applied") return { ...outcome.result, data: { ...outcome.result.data, ...extra } };
  if (outcome.status === "declined") {
    steps.push({ name: "approval", status: "failed", detail: "declined at the terminal" });
    return combined(env.name, first.identity.account, started, "cancelled", outcomes, steps, extra);
  }
  steps.push({
    name: "approval",
    status: "waiting",
    detail: `a person must sign the approval of the ${members.length} stacks' plans`,
  });
  return combined(
    env.name,
    first.identity.account,
    started,
    "needs_confirmation",
    outcomes,
    steps,
    { ...extra, approval: outcome.handoff },
    handoffSteps(outcome.handoff),
  );
}

/** `--plan` naming a saved set: every stack's plan re-checked, then the one approval, then each applied in order. */
export async function applySavedSet(
  project: ProjectContext,
  input: ChangeInput,
  kind: ChangeKind,
  saved: ActionPlanRecord,
  options: RunOptions,
): Promise<CommandResult<ChangeData>> {
  const started = Date.now();
  const envName = project.environment(input.env).name;
  const again = `preview again: ${commandLine("infra preview-changes", { env: envName })}`;
  const spec = stackSetSpec(saved, again);
  if (spec.change !== kind) {
    throw new UserError("PLAN_NOT_FOUND", `plan ${saved.id} is a ${spec.change} of several stacks, not a ${kind}`, {
      suggestion: commandLine(`infra ${spec.change}`, { env: envName, plan: saved.id }),
    });
  }
  for (const entry of spec.stacks) selectStacks(project.config, entry.stack);
  const { opened, identity, first } = await openStacks(
    project,
    input.env,
    spec.stacks.map((entry) => entry.stack),
  );
  const before = options.before(first);
  const members: { infra: Infra; record: PlanRecord }[] = [];
  for (const [index, infra] of opened.entries()) {
    const entry = spec.stacks[index]!;
    const record = await loadPending<PlanRecord>(project, envName, entry.plan, kind, again);
    options.checkPlan?.(infra, record);
    members.push({ infra, record });
  }
  const flows = members.map(({ infra }) => flowOf(project, infra, kind, identity, options, started));
  const outcomes: StackOutcome[] = members.map(({ infra, record }) => ({
    stack: infra.env.stack ?? "",
    status: "planned",
    planId: record.id,
    planHash: record.plan_hash,
    summary: record.summary,
  }));
  const steps: Step[] = [
    { name: "account check", status: "passed", detail: `${identity.account} (${identity.arn})` },
    ...before,
    { name: "preview", status: "done", detail: `saved plan ${saved.id} (${members.length} stacks)` },
  ];
  return settleSet(project, kind, flows, members, saved, outcomes, steps, started, input, false);
}
