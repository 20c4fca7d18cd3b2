// The read-only infrastructure workflows: validate-config, preview-changes, show-resources and
// check-status. None of them changes the environment; preview saves a plan that deploy can apply.
import { commandLine } from "../core/commands/command-line.js";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Context, ProjectContext } from "../core/context.js";
import { isDevopsError, ProviderError } from "../core/errors.js";
import { warn } from "../core/io.js";
import type { CallerIdentity, PlanSummary, PlanVariables } from "../core/handler-contract.js";
import type { CommandResult } from "../core/result.js";
import { readHistory, type HistoryEntry } from "../records/history.js";
import { inFlightPath, readInFlight, type InFlight } from "../records/in-flight.js";
import { buildRegistry, readRegistry, registryPaths, writeRegistry, type Registry } from "../records/registry.js";
import { planVariablesOf, type PlanScopeInput } from "../skills/infra/previewer.js";
import { discoverResources, type DiscoveredResource } from "../skills/ops/discovery.js";
import { guardAccount, openInfra, type Infra } from "../skills/infra/target.js";
import { settleAbandonedRun } from "../skills/infra/documenter.js";
import { validateInfrastructure, type ValidationReport } from "../skills/infra/validator.js";
import { openProject } from "../skills/project.js";
import { oneStack } from "../core/config/stacks.js";
import { eachStack, type EachStackData } from "../skills/infra/each-stack.js";

export { isEachStack, type EachStackData, type StackSection } from "../skills/infra/each-stack.js";

/** The environment of the one stack a command reads: --stack, the only one, or an error listing them. */
async function open(ctx: Context, env: string, stack: string | undefined, command: string) {
  const project = await openProject(ctx);
  const infra = await openInfra(project, env, oneStack(project.config, stack, command));
  return { project, infra };
}

export interface ValidateData extends ValidationReport {
  environment: string;
  directory: string;
}

type ReadInput = { env: string; stack?: string } & Partial<Pick<PlanScopeInput, "var">>;

/** validate-config on --stack, or on every stack in order with one combined verdict. */
export function validateEachStack(
  ctx: Context,
  input: ReadInput,
): Promise<CommandResult<ValidateData | EachStackData<ValidateData>>> {
  return eachStack(ctx, input, ["invalid", "valid"], (stack) =>
    validateInfraConfig(ctx, { ...input, ...(stack === undefined ? {} : { stack }) }),
  );
}

export async function validateInfraConfig(ctx: Context, input: ReadInput): Promise<CommandResult<ValidateData>> {
  const { project, infra } = await open(ctx, input.env, input.stack, "infra validate-config");
  await guardAccount(project, infra);
  const report = await validateInfrastructure(project, infra, planVariablesOf(input).variables);
  return {
    status: report.valid ? "valid" : "invalid",
    environment: infra.env.name,
    verdict: report.valid ? "pass" : "fail",
    data: { environment: infra.env.name, directory: infra.env.iac.directory, ...report },
    next: report.valid
      ? [
          {
            command: commandLine("infra preview-changes", { env: infra.env.name }),
            why: "see what a deploy would change",
          },
        ]
      : [],
  };
}

export { previewInfraChanges, type PreviewData, type StackPreview } from "./infra-manager/preview.js";

/** How the last deploy or teardown ended, from the records alone: nothing here is a guess. */
export interface LastChange {
  /** The last deploy or teardown in the history, whatever its outcome. */
  lastDeployment?: HistoryEntry;
  /** A deploy or teardown that started applying and has no outcome in the history. */
  interrupted?: InFlight;
}

async function lastChange(project: ProjectContext, infra: Infra): Promise<LastChange> {
  const abandoned = await settleAbandonedRun(project, infra);
  if (abandoned !== undefined) warn(project.io, abandoned.error?.message ?? "", "RUN_ABANDONED");
  return readLastChange(project.paths.stateDir, infra.env.name);
}

async function readLastChange(stateDir: string, env: string): Promise<LastChange> {
  const history = await readHistory(registryPaths(stateDir, env).history);
  const lastDeployment = history.findLast((entry) => entry.kind === "deploy" || entry.kind === "teardown");
  const interrupted = await readInFlight(inFlightPath(stateDir, env));
  return {
    ...(lastDeployment === undefined ? {} : { lastDeployment }),
    ...(interrupted === undefined ? {} : { interrupted }),
  };
}

export interface ResourcesData extends LastChange {
  environment: string;
  registryPath: string;
  deployedMd: string;
  registry?: Registry;
  /** With --refresh: resources tagged Project/Environment for this environment that the Terraform state does not hold. */
  discovered?: DiscoveredResource[];
  /** Why discovery by tags could not run, when it could not. */
  discoveryError?: string;
}

export async function showResources(
  ctx: Context,
  input: { env: string; stack?: string; refresh: boolean },
): Promise<CommandResult<ResourcesData>> {
  const { project, infra } = await open(ctx, input.env, input.stack, "infra show-resources");
  const paths = registryPaths(project.paths.stateDir, infra.env.name);
  let registry = await readRegistry(paths.registry);
  let discovery: Pick<ResourcesData, "discovered" | "discoveryError"> = {};
  if (input.refresh) {
    await guardAccount(project, infra);
    await infra.iac.prepare(project, infra.target);
    registry = buildRegistry({
      environment: infra.env.name,
      project: project.config.project.name,
      resources: await infra.iac.state(project, infra.target),
      ...(registry === undefined ? {} : { previous: registry }),
      deploymentId: registry?.deployment_id ?? "refresh",
      now: project.clock.now(),
      deployed: false,
      region: infra.env.region,
      consoleUrl: (resource) => infra.hosting.consoleUrl(resource, infra.env),
    });
    await writeRegistry(paths.registry, registry);
    try {
      const inventory = infra.hosting.services(project, infra.env).inventory;
      discovery = {
        discovered: await discoverResources(inventory, {
          project: project.config.project.name,
          environment: infra.env.name,
          known: registry.resources,
        }),
      };
    } catch (error) {
      // The registry is refreshed either way; missing tag-read permission only narrows what is shown.
      if (!(error instanceof ProviderError)) throw error;
      discovery = { discoveryError: error.message };
      warn(ctx.io, `resources were not discovered by tags: ${error.message}`, "DISCOVERY_FAILED");
    }
  }
  const env = infra.env.name;
  const found = discovery.discovered?.length ?? 0;
  const last = await lastChange(project, infra);
  return {
    status: registry === undefined ? "not_deployed" : "shown",
    environment: env,
    data: {
      environment: env,
      registryPath: paths.registry,
      deployedMd: paths.deployedMd,
      ...(registry === undefined ? {} : { registry }),
      ...discovery,
      ...last,
    },
    next:
      registry === undefined
        ? [{ command: commandLine("infra deploy", { env }), why: "nothing is recorded as deployed yet" }]
        : found > 0
          ? [
              {
                command: commandLine("ops audit", { env }),
                why: `${found} tagged resource(s) outside the Terraform state: the audit covers them too`,
              },
            ]
          : [],
  };
}

export interface StatusData extends LastChange {
  environment: string;
  account: string;
  state: "in_sync" | "changes_pending" | "drift" | "locked";
  lock?: { id?: string; message: string };
  summary?: PlanSummary;
  resources: number;
}

async function statusPlan(
  ctx: Context,
  infra: Infra,
  planFile: string,
  options: { variables?: PlanVariables },
): Promise<Pick<StatusData, "state" | "lock" | "summary">> {
  try {
    const { summary } = await infra.iac.plan(ctx, infra.target, planFile, options);
    const state = summary.drift.length > 0 ? "drift" : summary.hasChanges ? "changes_pending" : "in_sync";
    return { state, summary };
  } catch (error) {
    if (!isDevopsError(error) || error.code !== "STATE_LOCKED") throw error;
    const id = error.details?.lockId;
    return { state: "locked", lock: { ...(typeof id === "string" ? { id } : {}), message: error.message } };
  }
}

/** check-status of --stack, or of every stack in order; the combined state is the worst stack's. */
export function checkEachStackStatus(
  ctx: Context,
  input: ReadInput,
): Promise<CommandResult<StatusData | EachStackData<StatusData>>> {
  return eachStack(ctx, input, ["locked", "drift", "changes_pending", "in_sync"], (stack) =>
    checkStatus(ctx, { ...input, ...(stack === undefined ? {} : { stack }) }),
  );
}

export async function checkStatus(ctx: Context, input: ReadInput): Promise<CommandResult<StatusData>> {
  const { project, infra } = await open(ctx, input.env, input.stack, "infra check-status");
  const identity: CallerIdentity = await guardAccount(project, infra);
  await infra.iac.prepare(project, infra.target);
  const paths = registryPaths(project.paths.stateDir, infra.env.name);
  const last = await lastChange(project, infra);
  const planFile = join(infra.target.runsDir, `${infra.env.name}-status.tfplan`);
  let outcome;
  try {
    outcome = await statusPlan(project, infra, planFile, planVariablesOf(input));
  } finally {
    await rm(planFile, { force: true });
  }
  const registry = await readRegistry(paths.registry);
  const env = infra.env.name;
  return {
    status: outcome.state,
    environment: env,
    verdict: outcome.state === "in_sync" ? "pass" : "fail",
    data: {
      environment: env,
      account: identity.account,
      ...last,
      ...outcome,
      resources: registry?.resources.length ?? 0,
    },
    next:
      outcome.state === "in_sync"
        ? []
        : [
            {
              command: commandLine("infra preview-changes", { env }),
              why:
                outcome.state === "locked"
                  ? "retry once the other run has released the lock"
                  : "see exactly what differs",
            },
            ...(outcome.state === "locked" && outcome.lock?.id !== undefined
              ? [
                  {
                    command: commandLine("infra unlock", { env, lockId: outcome.lock.id }),
                    why: "only if the run holding the lock has died: release it (approved like a deploy where required)",
                  },
                ]
              : []),
          ],
  };
}
