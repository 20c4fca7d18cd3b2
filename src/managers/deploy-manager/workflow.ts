// The shared parts of the deploy and teardown workflows: their inputs and data, the workflow state
// one run carries, and the small helpers every step uses.
import type { Context, ProjectContext } from "../../core/context.js";
import type { HookPoint } from "../../core/config/schema.js";
import type {
  CallerIdentity,
  IacProgressEvent,
  PlanScope,
  PlanSummary,
  PlanVariables,
} from "../../core/handler-contract.js";
import type { CommandResult, NextStep, Step } from "../../core/result.js";
import { formatDuration } from "../../core/timeframe.js";
import type { HistoryEntry } from "../../records/history.js";
import type { PlanRecord } from "../../records/plans.js";
import type {
  ApprovalRequestBase,
  ApprovalScope,
  Approver as ApproverOf,
  Handoff,
} from "../../skills/approval/types.js";
import type { OutputValue, Verification } from "../../skills/infra/deployer.js";
import { runHooks } from "../../skills/infra/lifecycle-hooks.js";
import { previewChanges, type PlanScopeInput } from "../../skills/infra/previewer.js";
import { diagnoseFailure, withDiagnosis } from "../../skills/infra/debugger/failure.js";
import type { Infra } from "../../skills/infra/target.js";
import type { TestsSummary } from "../../skills/infra/tester/deploy-gates.js";

export type ChangeKind = "deploy" | "teardown";

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
  /** --stack: only this stack; without it, every stack of the project. */
  stack?: string;
  plan?: string;
  approver?: Approver;
  /** --timeout: how long the engine may run in all before it is interrupted. */
  timeout?: string;
}

export interface DeployInput extends ChangeInput, Partial<PlanScopeInput> {
  skipTests: boolean;
  skipPreview: boolean;
  /** Deploy a plan that creates everything although an existing state is known elsewhere. */
  allowEmptyState?: boolean;
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
  /** Over several stacks: how each one ended, in the order they were (or would have been) changed. */
  stacks?: StackOutcome[];
  /** The root module's outputs after a deploy; sensitive values are never shown. */
  outputs?: OutputValue[];
  durationMs: number;
}

/** How one stack of a change over several stacks ended. */
export interface StackOutcome {
  stack: string;
  status: "applied" | "destroyed" | "no_changes" | "failed" | "skipped" | "planned" | string;
  planId?: string;
  planHash?: string;
  summary?: PlanSummary;
  /** Why it failed or was skipped. */
  detail?: string;
}

export interface Workflow {
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
  /** How the applied plan was approved, for the history. */
  approval?: HistoryEntry["approval"];
  /** The --var values the plan was made with (in memory only), for a new plan on a retry. */
  variables?: PlanVariables;
}

/**
 * The engine's progress as one line: the time since the operation started, then what the engine says
 * now (its own "Still creating... [10s elapsed]" while a resource takes long).
 */
export function progressReporter(ctx: Context, label: string) {
  const progress = ctx.io.progress(label);
  const started = Date.now();
  return {
    onProgress: (event: IacProgressEvent) => {
      if (label.startsWith("planning") || event.kind !== "planning") {
        const text =
          event.address === undefined || event.elapsedSeconds !== undefined
            ? event.message
            : `${event.kind} ${event.address}`;
        progress.update(`[${formatDuration(Date.now() - started)}] ${text}`);
      }
    },
    done: (text?: string) => progress.done(text),
    fail: (text?: string) => progress.fail(text),
  };
}

export async function hooks(flow: Workflow, point: HookPoint): Promise<void> {
  // These points come after the approval (pre-deploy) or after the change (post-deploy, post-destroy).
  const runs = await runHooks(flow.project, flow.infra.target, point, { beforeApproval: false });
  if (runs.length === 0) return;
  flow.steps.push({
    name: `${point} hooks`,
    status: runs.every((r) => r.outcome === "passed") ? "passed" : "failed",
    detail: runs.map((r) => `${r.name}: ${r.outcome}`).join(", "),
  });
}

export function result(
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

export function planData(flow: Workflow, record: PlanRecord): Partial<ChangeData> {
  return {
    planId: record.id,
    planHash: record.plan_hash,
    summary: record.summary,
    ...(flow.pre === undefined ? {} : { tests: { pre: flow.pre } }),
  };
}

export function scope(flow: Workflow): ApprovalScope {
  const { project, infra, identity } = flow;
  return { project, environment: infra.env.name, identity, target: infra.iac.stateLocation(infra.env) };
}

export interface RunOptions {
  /** Refuses what this environment does not allow, and returns the steps settled before planning. */
  before: (infra: Infra) => Step[];
  /** Checks a plan before anything is tested, approved or applied. */
  checkPlan?: (infra: Infra, record: PlanRecord) => void;
  tests: boolean;
  /** --target, --replace, --refresh=false, the --var names: part of a new plan (a saved plan keeps its own). */
  scope?: PlanScope;
  /** The --var values of a new plan, kept in memory only (a retry after a permission fix plans with them again). */
  variables?: PlanVariables;
  /** Where a person at a terminal may approve (deploy --skip-preview never asks). */
  approver?: Approver;
}

/** A new preview of the environment (the account check overlaps with it), diagnosed when it fails. */
export async function previewNow(
  project: ProjectContext,
  infra: Infra,
  kind: ChangeKind,
  accountCheck: Promise<CallerIdentity>,
  scope: PlanScope | undefined,
  variables: PlanVariables | undefined,
): Promise<PlanRecord> {
  await runHooks(project, infra.target, kind === "deploy" ? "pre-plan" : "pre-destroy", { beforeApproval: true });
  const progress = progressReporter(project, `planning ${infra.env.name}`);
  try {
    const { record } = await previewChanges(project, infra, accountCheck, {
      kind,
      onProgress: progress.onProgress,
      ...(scope === undefined ? {} : { scope }),
      ...(variables === undefined ? {} : { variables }),
    });
    progress.done(`planned ${infra.env.name}`);
    return record;
  } catch (error) {
    progress.fail(`planning ${infra.env.name} failed`);
    // The account check's failure is why a cancelled plan stopped, and the precise one to report.
    const accountError = await accountCheck.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const cause = accountError ?? error;
    throw withDiagnosis(cause, await diagnoseFailure(project, infra.env, "preview", cause));
  }
}
