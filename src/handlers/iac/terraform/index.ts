// The Terraform / OpenTofu handler: drives the `terraform` or `tofu` binary with machine-readable
// output (-json, show -json, validate -json, output -json) and maps it to the IacHandler contract.
import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "../../../core/context.js";
import { ProviderError, UserError } from "../../../core/errors.js";
import type {
  IacHandler,
  IacRunOptions,
  IacTarget,
  PlanScope,
  PlanSummary,
  PlanVariables,
  StateResource,
} from "../../../core/handler-contract.js";
import {
  ConfigReferences,
  OutputsJson,
  PlanJson,
  RawStateHead,
  StateJson,
  ValidateJson,
  type ConfigModule,
  type ModuleJson,
} from "./schema.js";
import { summarisePlan } from "./summary.js";
import { checkTerraformEnvironment, terraformSettings, terraformStateLocation } from "./config.js";
import { runEngine, TIMEOUTS, toDiagnostic } from "./runner.js";
import { inspectModule } from "./inspect.js";
import { statesElsewhere } from "./states-elsewhere.js";
import { varFileArgs, variableArgs } from "./var-files.js";
import { prepareWorkdir } from "./workdir.js";

function parseJson<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: Error } },
  text: string,
  what: string,
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProviderError("ENGINE_OUTPUT_INVALID", `could not read ${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProviderError("ENGINE_OUTPUT_INVALID", `unexpected ${what}: ${parsed.error.message}`);
  return parsed.data;
}

function collectResources(module: ModuleJson, into: StateResource[]): StateResource[] {
  for (const resource of module.resources) {
    if (resource.mode !== "managed") continue;
    into.push({
      address: resource.address,
      type: resource.type,
      name: resource.name,
      ...(module.address === undefined ? {} : { module: module.address }),
      ...(resource.index === undefined ? {} : { index: resource.index }),
      providerName: resource.provider_name,
      values: resource.values,
    });
  }
  for (const child of module.child_modules) collectResources(child, into);
  return into;
}

/** The managed resources of a `terraform show -json` state document, child modules included. */
export function stateResources(json: unknown): StateResource[] {
  const parsed = StateJson.safeParse(json);
  if (!parsed.success)
    throw new ProviderError("ENGINE_OUTPUT_INVALID", `unexpected state JSON: ${parsed.error.message}`);
  const root = parsed.data.values?.root_module;
  return root === undefined ? [] : collectResources(root, []);
}

/** `module.a[0].aws_s3_bucket.b["x"]` → `module.a.aws_s3_bucket.b`: the address in the configuration. */
function configAddressOf(address: string): string {
  return address.replace(/\[[^\]]*\]/g, "");
}

interface ConfigFacts {
  references: Record<string, string[]>;
  arguments: string[];
  constants: Record<string, string>;
}

/** The arguments written in a resource's configuration: top-level names and `block.argument` one level down. */
function writtenArguments(expressions: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [name, expression] of Object.entries(expressions)) {
    names.push(name);
    const nested = Array.isArray(expression) ? expression : [];
    for (const block of nested)
      if (typeof block === "object" && block !== null)
        for (const key of Object.keys(block)) names.push(`${name}.${key}`);
  }
  return [...new Set(names)];
}

/** Configuration address → what its configuration says: the addresses each argument refers to, the arguments written. */
function configFacts(module: ConfigModule | undefined, prefix: string, into = new Map<string, ConfigFacts>()) {
  if (module === undefined) return into;
  for (const resource of module.resources ?? []) {
    const args: Record<string, string[]> = {};
    const constants: Record<string, string> = {};
    for (const [name, expression] of Object.entries(resource.expressions ?? {})) {
      const parsed = ConfigReferences.safeParse(expression);
      if (parsed.success && parsed.data.references !== undefined) args[name] = parsed.data.references;
      if (parsed.success && typeof parsed.data.constant_value === "string")
        constants[name] = parsed.data.constant_value;
    }
    into.set(`${prefix}${resource.address}`, {
      references: args,
      arguments: writtenArguments(resource.expressions ?? {}),
      constants,
    });
  }
  for (const [name, call] of Object.entries(module.module_calls ?? {}))
    configFacts(call.module, `${prefix}module.${name}.`, into);
  return into;
}

/** The resources a `terraform show -json <plan>` document would leave in the state (planned values). */
export function plannedResourcesOf(json: unknown): StateResource[] {
  const parsed = PlanJson.safeParse(json);
  if (!parsed.success)
    throw new ProviderError("ENGINE_OUTPUT_INVALID", `unexpected plan JSON: ${parsed.error.message}`);
  const root = parsed.data.planned_values?.root_module;
  const resources = root === undefined ? [] : collectResources(root, []);
  const facts = configFacts(parsed.data.configuration?.root_module, "");
  return facts.size === 0
    ? resources
    : resources.map((resource) => {
        const found = facts.get(configAddressOf(resource.address));
        if (found === undefined) return resource;
        return {
          ...resource,
          ...(Object.keys(found.references).length > 0 ? { references: found.references } : {}),
          arguments: found.arguments,
          ...(Object.keys(found.constants).length > 0 ? { constants: found.constants } : {}),
        };
      });
}

async function showPlanJson(ctx: Context, target: IacTarget, planFile: string): Promise<string> {
  const result = await runEngine(ctx, target, "show", {
    args: ["show", "-json", "-no-color", planFile],
    timeoutMs: TIMEOUTS.plan,
  });
  return result.stdout;
}

async function readPlan(ctx: Context, target: IacTarget, planFile: string) {
  return parseJson(PlanJson, await showPlanJson(ctx, target, planFile), "the plan JSON");
}

async function showPlan(ctx: Context, target: IacTarget, planFile: string, scope?: PlanScope): Promise<PlanSummary> {
  return summarisePlan(await readPlan(ctx, target, planFile), scope);
}

/** Where `plan` keeps a plan's JSON document: next to the plan file, named for it (checkov wants `.json`). */
export function keptJsonFile(planFile: string): string {
  return `${planFile}.json`;
}

/**
 * The kept JSON of a saved plan when it is still the recorded plan (same hash): test-changes after a
 * preview reads it instead of running `terraform show -json` (and loading the provider) again.
 */
async function keptPlanJson(planFile: string, expected: { planHash: string; scope?: PlanScope }) {
  const file = keptJsonFile(planFile);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch {
    // Missing, unreadable or cut short: the caller asks the engine instead.
    return undefined;
  }
  const parsed = PlanJson.safeParse(raw);
  if (!parsed.success || summarisePlan(parsed.data, expected.scope).planHash !== expected.planHash) return undefined;
  return { file, resources: plannedResourcesOf(raw) };
}

/** -target, -replace and -refresh=false; every address after its flag's `=`, never a word of its own. */
function scopeArgs(scope: PlanScope | undefined): string[] {
  if (scope === undefined) return [];
  return [
    ...scope.targets.map((address) => `-target=${address}`),
    ...scope.replace.map((address) => `-replace=${address}`),
    ...(scope.refresh ? [] : ["-refresh=false"]),
  ];
}

async function pullState(ctx: Context, target: IacTarget): Promise<string> {
  return (await runEngine(ctx, target, "state pull", { args: ["state", "pull"] })).stdout;
}

/**
 * Plans into `planFile` (a teardown with `destroy`), narrowed or forced by `scope`. A plan file holds the
 * variables' values, so it is private from its first byte (the engine rewrites the file it is given, keeping
 * its mode) and removed when planning fails, since the engine saves an errored plan too.
 */
async function planModule(
  ctx: Context,
  target: IacTarget,
  planFile: string,
  options: IacRunOptions & { destroy?: boolean; scope?: PlanScope; variables?: PlanVariables; keepJson?: boolean } = {},
) {
  await writeFile(planFile, "", { mode: 0o600 });
  await chmod(planFile, 0o600);
  const jsonFile = keptJsonFile(planFile);
  try {
    await runPlan(ctx, target, planFile, options);
    // In case the engine replaced the file rather than rewriting it.
    await chmod(planFile, 0o600);
    const text = await showPlanJson(ctx, target, planFile);
    const summary = summarisePlan(parseJson(PlanJson, text, "the plan JSON"), options.scope);
    if (options.keepJson !== true) return { file: planFile, summary };
    // Its readers need the planned changes and the configuration, not the variables' values (a token
    // given by --var or a var file): those are left out. The planned values may still hold secrets, as
    // the plan file does, so it is owner-only from its first byte.
    const { variables: _values, ...kept } = JSON.parse(text) as Record<string, unknown>;
    await writeFile(jsonFile, JSON.stringify(kept), { mode: 0o600 });
    await chmod(jsonFile, 0o600);
    return { file: planFile, summary, jsonFile };
  } catch (error) {
    await Promise.all([rm(planFile, { force: true }), rm(jsonFile, { force: true })]);
    throw error;
  }
}

async function runPlan(
  ctx: Context,
  target: IacTarget,
  planFile: string,
  options: IacRunOptions & { destroy?: boolean; scope?: PlanScope; variables?: PlanVariables },
): Promise<void> {
  const args = ["plan", "-input=false", "-no-color", "-json", "-detailed-exitcode", `-out=${planFile}`];
  args.push(...(await varFileArgs(terraformSettings(target.env))), ...variableArgs(options.variables));
  if (options.destroy === true) args.push("-destroy");
  args.push(...scopeArgs(options.scope));
  await runEngine(ctx, target, options.destroy === true ? "plan -destroy" : "plan", {
    args,
    json: true,
    okExitCodes: [0, 2],
    timeoutMs: TIMEOUTS.plan,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
}

/** The managed, short-lived file holding the one import block a planned import is made from. */
const IMPORT_FILE = "devops_import.tf";

function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
}

/** An import block for `address`; an address with a template sequence is refused, never interpolated. */
function importBlock(address: string, id: string): string {
  if (/[$%]\{/.test(address)) {
    throw new UserError("FLAG_INVALID", `"${address}" is not a static resource address`, {
      suggestion: "name the resource by its literal address",
    });
  }
  return `# Written by devops for one planned import; removed once the plan is saved.\nimport {\n  to = ${address}\n  id = ${hclString(id)}\n}\n`;
}

export const terraformIac = {
  kind: "iac",
  id: "terraform",
  name: "Terraform / OpenTofu",
  description: "the terraform or tofu binary, driven with machine-readable (-json) output",
  checkEnvironment: checkTerraformEnvironment,
  stateLocation: terraformStateLocation,

  async prepare(ctx: Context, target: IacTarget, options?: IacRunOptions) {
    await prepareWorkdir(ctx, target, options);
  },

  async validate(ctx: Context, target: IacTarget) {
    const result = await runEngine(ctx, target, "validate", {
      args: ["validate", "-json", "-no-color"],
      okExitCodes: [0, 1],
    });
    const parsed = parseJson(ValidateJson, result.stdout, "terraform validate -json output");
    return { valid: parsed.valid, diagnostics: parsed.diagnostics.map(toDiagnostic) };
  },

  plan: planModule,

  showPlan,

  async plannedResources(ctx: Context, target: IacTarget, planFile: string) {
    return plannedResourcesOf(await readPlan(ctx, target, planFile));
  },

  keptPlanJson,

  async apply(ctx: Context, target: IacTarget, planFile: string, options: IacRunOptions = {}) {
    await runEngine(ctx, target, "apply", {
      args: ["apply", "-input=false", "-no-color", "-json", planFile],
      json: true,
      timeoutMs: TIMEOUTS.apply,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  },

  async state(ctx: Context, target: IacTarget) {
    const result = await runEngine(ctx, target, "show", {
      args: ["show", "-json", "-no-color"],
      timeoutMs: TIMEOUTS.plan,
    });
    return stateResources(parseJson(StateJson, result.stdout, "the state JSON"));
  },

  async outputs(ctx: Context, target: IacTarget) {
    const result = await runEngine(ctx, target, "output", { args: ["output", "-json", "-no-color"] });
    const parsed = parseJson(OutputsJson, result.stdout === "" ? "{}" : result.stdout, "terraform output -json");
    return Object.fromEntries(
      Object.entries(parsed).map(([name, output]) => [name, { value: output.value, sensitive: output.sensitive }]),
    );
  },

  pullState,

  async stateVersion(ctx: Context, target: IacTarget) {
    const raw = (await pullState(ctx, target)).trim();
    if (raw === "") return undefined;
    const head = parseJson(RawStateHead, raw, "the raw state");
    return { lineage: head.lineage, serial: head.serial };
  },

  async stateRemove(ctx: Context, target: IacTarget, addresses: readonly string[]) {
    await runEngine(ctx, target, "state rm", { args: ["state", "rm", "-no-color", "--", ...addresses] });
  },

  async stateMove(ctx: Context, target: IacTarget, from: string, to: string) {
    await runEngine(ctx, target, "state mv", { args: ["state", "mv", "-no-color", "--", from, to] });
  },

  async planImport(
    ctx: Context,
    target: IacTarget,
    planFile: string,
    address: string,
    id: string,
    variables: PlanVariables = {},
  ) {
    const file = join(terraformSettings(target.env).directory, IMPORT_FILE);
    // "wx": a file left by another run is never overwritten (nor its import planned by this one).
    await writeFile(file, importBlock(address, id), { flag: "wx", mode: 0o600 }).catch((error: unknown) => {
      throw new ProviderError("IMPORT_IN_PROGRESS", `cannot write ${file}: ${(error as Error).message}`, {
        suggestion: `if no other devops run is importing into this module, remove ${file} and run the command again`,
        cause: error,
      });
    });
    try {
      return await planModule(ctx, target, planFile, {
        scope: { targets: [address], replace: [], refresh: true },
        variables,
      });
    } finally {
      await rm(file, { force: true });
    }
  },

  async forceUnlock(ctx: Context, target: IacTarget, lockId: string) {
    await runEngine(ctx, target, "force-unlock", { args: ["force-unlock", "-force", "-no-color", lockId] });
  },

  inspect: inspectModule,
  statesElsewhere,
} as const satisfies IacHandler;
