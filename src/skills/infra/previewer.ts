// infra-previewer: plans the environment into a saved plan file and records the plan's facts
// (hash, account, workspace, summary) so a later apply can be bound to exactly this plan.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { commandLine } from "../../core/commands/command-line.js";
import type { ProjectContext } from "../../core/context.js";
import type {
  CallerIdentity,
  IacProgressEvent,
  PlanScope,
  PlanSummary,
  PlanVariables,
  StateElsewhere,
} from "../../core/handler-contract.js";
import { warn } from "../../core/io.js";
import { newPlanId, PLAN_TTL_MS, plansDir, savePlanRecord, type PlanRecord } from "../../records/plans.js";
import type { Infra } from "./target.js";

/** The plan-scope flags of preview-changes and deploy (--target, --replace, --refresh, --var). */
export interface PlanScopeInput {
  target: string[];
  replace: string[];
  refresh: boolean;
  /** --var key=value, by key. */
  var: PlanVariables;
}

/** The flags as a plan scope (the --var names, never their values); none for a full, refreshed plan. */
export function planScopeOf(input: Partial<PlanScopeInput>): PlanScope | undefined {
  const variables = Object.keys(input.var ?? {}).sort();
  const scope = {
    targets: input.target ?? [],
    replace: input.replace ?? [],
    refresh: input.refresh ?? true,
    ...(variables.length === 0 ? {} : { variables }),
  };
  return scope.targets.length > 0 || scope.replace.length > 0 || !scope.refresh || variables.length > 0
    ? scope
    : undefined;
}

/** The --var values to plan with, when there are any. */
export function planVariablesOf(input: Partial<PlanScopeInput>): { variables?: PlanVariables } {
  return Object.keys(input.var ?? {}).length === 0 ? {} : { variables: input.var ?? {} };
}

export interface Preview {
  record: PlanRecord;
  summary: PlanSummary;
}

export async function previewChanges(
  project: ProjectContext,
  infra: Infra,
  /** The account check, awaited only once the (read-only) plan exists, so both run at once. */
  identityCheck: Promise<CallerIdentity> | CallerIdentity,
  options: {
    kind: "deploy" | "teardown";
    onProgress?: (event: IacProgressEvent) => void;
    scope?: PlanScope;
    /** --var values: they reach the engine and the plan file; the scope names them. */
    variables?: PlanVariables;
  },
): Promise<Preview> {
  const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress };
  await infra.iac.prepare(project, infra.target, progress);
  const now = project.clock.now();
  const id = newPlanId(now);
  const planFile = join(plansDir(project.paths.stateDir, infra.env.name), `${id}.tfplan`);
  await savePlanDirectory(project, infra);
  const saved = await infra.iac.plan(project, infra.target, planFile, {
    ...progress,
    destroy: options.kind === "teardown",
    // The pre-deployment tests (and checkov) read the plan's JSON: kept now, it is not shown twice.
    keepJson: true,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    ...(options.variables === undefined ? {} : { variables: options.variables }),
  });
  const elsewhere = options.kind === "deploy" ? await statesElsewhereIfEmpty(project, infra, saved.summary) : [];
  // A refused run (another account, a protected target) keeps no plan it could be handed later.
  const identity = await Promise.resolve(identityCheck).catch(async (error: unknown) => {
    await Promise.all([planFile, saved.jsonFile].map((file) => file !== undefined && rm(file, { force: true })));
    throw error;
  });
  const record = await savePlanRecord(project.paths.stateDir, {
    schema_version: 1,
    id,
    kind: options.kind,
    environment: infra.env.name,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
    plan_file: planFile,
    plan_hash: saved.summary.planHash,
    ...(infra.env.iac.workspace === undefined ? {} : { workspace: infra.env.iac.workspace }),
    ...(infra.env.stack === undefined ? {} : { stack: infra.env.stack }),
    account: identity.account,
    identity_arn: identity.arn,
    summary: saved.summary,
    ...(elsewhere.length === 0 ? {} : { states_elsewhere: elsewhere }),
  });
  if (elsewhere.length > 0) warn(project.io, statesElsewhereMessage(infra.env.name, elsewhere), "STATE_ELSEWHERE");
  return { record, summary: saved.summary };
}

/**
 * A plan that only creates, against an empty state, while other states of the module hold resources:
 * most likely the environment points at a new, empty state instead of the team's existing one.
 */
async function statesElsewhereIfEmpty(
  project: ProjectContext,
  infra: Infra,
  summary: PlanSummary,
): Promise<StateElsewhere[]> {
  const { create, update, delete: deleted, replace } = summary.counts;
  if (create === 0 || update + deleted + replace > 0) return [];
  if ((await infra.iac.state(project, infra.target)).length > 0) return [];
  const others = Object.keys(project.config.environments)
    .filter((name) => name !== infra.env.name)
    .map((name) => project.environment(name, infra.env.stack));
  return infra.iac.statesElsewhere(project, infra.target, others);
}

export function statesElsewhereMessage(env: string, elsewhere: readonly StateElsewhere[]): string {
  const where = elsewhere
    .map((state) =>
      state.resources === undefined ? state.location : `${state.location}: ${state.resources} resources`,
    )
    .join("; ");
  return `the plan for "${env}" creates every resource from an empty state, but existing state is known elsewhere (${where}); if this environment should manage that infrastructure, point it at that state (${commandLine("init", { adopt: env, force: true })}, or the environment's workspace and backend settings) instead of deploying`;
}

async function savePlanDirectory(project: ProjectContext, infra: Infra): Promise<void> {
  await mkdir(plansDir(project.paths.stateDir, infra.env.name), { recursive: true, mode: 0o700 });
}
