// preview-changes: one stack's plan saved for deploy --plan, or over several stacks each stack's plan
// in apply order with one summary; where confirmation is required, the set of plans is saved too, so
// one approval covers every stack (deploy --plan <set>).
import { commandLine } from "../../core/commands/command-line.js";
import { type Context, type ProjectContext, runLimits } from "../../core/context.js";
import { cancellable } from "../../core/interrupt.js";
import { formatDuration } from "../../core/timeframe.js";
import { errorSummary } from "../../core/errors.js";
import type { PlanSummary, StateElsewhere } from "../../core/handler-contract.js";
import type { CommandResult } from "../../core/result.js";
import { selectStacks } from "../../core/config/stacks.js";
import { isEnginePlan, readPlanRecord, type PlanRecord } from "../../records/plans.js";
import {
  planScopeOf,
  planVariablesOf,
  previewChanges as preview,
  type PlanScopeInput,
} from "../../skills/infra/previewer.js";
import { saveStackSet, totalCounts } from "../../skills/infra/stack-set.js";
import { guardAccount, openInfra, type Infra } from "../../skills/infra/target.js";
import { openProject } from "../../skills/project.js";
import { guardTarget } from "../../skills/protected-target.js";

export interface PreviewData {
  environment: string;
  account: string;
  planId: string;
  planHash: string;
  expiresAt: string;
  summary: PlanSummary;
  /** Existing states found while the plan creates every resource from an empty one (deploy refuses it). */
  statesElsewhere?: StateElsewhere[];
  /** The stack planned, when the project lists stacks. */
  stack?: string;
  /** Over several stacks: each stack's plan (or why it could not be planned yet), in apply order. */
  stacks?: StackPreview[];
}

/** One stack of a preview over several. */
export interface StackPreview {
  stack: string;
  status: "changes" | "no_changes" | "not_planned";
  planId?: string;
  planHash?: string;
  summary?: PlanSummary;
  /** Why it was not planned (a stack it reads from has changes not applied yet). */
  detail?: string;
}

function scopeOption(input: Partial<PlanScopeInput>) {
  const scope = planScopeOf(input);
  return { ...(scope === undefined ? {} : { scope }), ...planVariablesOf(input) };
}

export async function previewInfraChanges(
  ctx: Context,
  input: { env: string; stack?: string; timeout?: string } & Partial<PlanScopeInput>,
): Promise<CommandResult<PreviewData>> {
  // --timeout bounds the whole command, every stack's plan together.
  const project = await openProject({ ...ctx, ...runLimits(input.timeout) });
  const stacks = selectStacks(project.config, input.stack);
  if (stacks.length > 1)
    return previewStacks(
      project,
      input,
      stacks.filter((s): s is string => s !== undefined),
    );
  const infra = await openInfra(project, input.env, stacks[0]);
  return previewOne(project, infra, input);
}

/** One stack's plan, saved for deploy --plan. */
async function previewOne(
  opened: ProjectContext,
  infra: Infra,
  input: Partial<PlanScopeInput>,
): Promise<CommandResult<PreviewData>> {
  // A failed account check stops the plan: its error is the precise one, and planning on only delays it.
  const stop = cancellable(opened.interrupts);
  const project: ProjectContext = { ...opened, interrupts: stop.interrupts };
  // The target check waits for STS; both run while the engine plans, and the plan is saved only after them.
  const identityCheck = guardAccount(project, infra).then(async (identity) => {
    await guardTarget(project, infra.env, infra.iac, identity.account, identity.arn);
    return identity;
  });
  identityCheck.catch(() => stop.cancel());
  const progress = project.io.progress(`planning ${infra.env.name}`);
  const started = Date.now();
  let result;
  try {
    result = await preview(project, infra, identityCheck, {
      kind: "deploy",
      ...scopeOption(input),
      onProgress: (event) =>
        progress.update(
          `[${formatDuration(Date.now() - started)}] ${event.address === undefined || event.elapsedSeconds !== undefined ? event.message : `${event.kind} ${event.address}`}`,
        ),
    });
    progress.done(`planned ${infra.env.name}`);
  } catch (error) {
    progress.fail(`planning ${infra.env.name} failed`);
    // Nothing this command started may outlive it: the target check may still be recording.
    const accountError = await identityCheck.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    throw accountError ?? error;
  }
  const { record, summary } = result;
  const identity = await identityCheck;
  const env = infra.env.name;
  return {
    status: summary.hasChanges ? "changes" : "no_changes",
    environment: env,
    data: {
      environment: env,
      account: identity.account,
      planId: record.id,
      planHash: record.plan_hash,
      expiresAt: record.expires_at,
      summary,
      ...(record.states_elsewhere === undefined ? {} : { statesElsewhere: record.states_elsewhere }),
      ...(infra.env.stack === undefined ? {} : { stack: infra.env.stack }),
    },
    next: summary.hasChanges
      ? [{ command: commandLine("infra deploy", { env, plan: record.id }), why: "apply exactly this plan" }]
      : [],
  };
}

/**
 * Every stack planned in apply order. A stack that cannot be planned while a stack it depends on has
 * changes not applied yet (it reads that stack's outputs) is reported, not failed: a deploy plans it
 * once the other is applied. Where confirmation is required and every stack was planned, the set of
 * plans is saved so one approval covers them all.
 */
async function previewStacks(
  project: ProjectContext,
  input: { env: string } & Partial<PlanScopeInput>,
  stacks: readonly string[],
): Promise<CommandResult<PreviewData>> {
  const previews: StackPreview[] = [];
  const members: { infra: Infra; record: PlanRecord }[] = [];
  let account = "";
  for (const stack of stacks) {
    const infra = await openInfra(project, input.env, stack);
    const waitingOn = (project.config.stacks ?? [])
      .find((s) => s.name === stack)
      ?.depends_on.filter((dependency) => previews.some((p) => p.stack === dependency && p.status !== "no_changes"));
    let result: CommandResult<PreviewData>;
    try {
      result = await previewOne(project, infra, input);
    } catch (error) {
      if (waitingOn === undefined || waitingOn.length === 0) throw error;
      previews.push({
        stack,
        status: "not_planned",
        detail: `depends on ${waitingOn.join(", ")}, which has changes not applied yet (${errorSummary(error).message})`,
      });
      continue;
    }
    const { data } = result;
    account = data.account;
    previews.push({
      stack,
      status: data.summary.hasChanges ? "changes" : "no_changes",
      planId: data.planId,
      planHash: data.planHash,
      summary: data.summary,
    });
    if (data.summary.hasChanges) members.push({ infra, record: await planRecordOf(project, infra, data.planId) });
  }
  const env = project.environment(input.env);
  const changed = previews.some((p) => p.status !== "no_changes");
  const blocked = previews.some((p) => p.status === "not_planned");
  const totals = totalSummary(previews);
  const set =
    env.requireConfirmation && !blocked && members.length > 0
      ? await saveStackSet(project, "deploy", { account, arn: members[0]!.record.identity_arn }, members)
      : undefined;
  const deployLine =
    set === undefined
      ? commandLine("infra deploy", { env: env.name })
      : commandLine("infra deploy", { env: env.name, plan: set.id });
  return {
    status: changed ? "changes" : "no_changes",
    environment: env.name,
    data: {
      environment: env.name,
      account,
      planId: set?.id ?? "",
      planHash: set?.plan_hash ?? "",
      expiresAt: set?.expires_at ?? members.map(({ record }) => record.expires_at).sort()[0] ?? "",
      summary: totals,
      stacks: previews,
    },
    next: changed
      ? [
          {
            command: deployLine,
            why:
              set === undefined
                ? blocked
                  ? "deploy plans each stack once the stacks it depends on are applied"
                  : "apply every stack in order"
                : "apply exactly these plans, one approval for every stack",
          },
        ]
      : [],
  };
}

async function planRecordOf(project: ProjectContext, infra: Infra, id: string): Promise<PlanRecord> {
  const record = await readPlanRecord(project.paths.stateDir, infra.env.name, id);
  if (record === undefined || !isEnginePlan(record)) throw new Error(`plan ${id} was saved but cannot be read back`);
  return record;
}

/** The plans of every stack as one summary: counts added up, changes listed stack by stack. */
function totalSummary(previews: readonly StackPreview[]): PlanSummary {
  const summaries = previews.flatMap((p) => (p.summary === undefined ? [] : [p.summary]));
  return {
    counts: totalCounts(summaries),
    destructive: summaries.flatMap((s) => s.destructive),
    changes: summaries.flatMap((s) => s.changes),
    outputs: summaries.flatMap((s) => s.outputs),
    drift: summaries.flatMap((s) => s.drift),
    hasChanges: summaries.some((s) => s.hasChanges) || previews.some((p) => p.status === "not_planned"),
    planHash: "",
  };
}
