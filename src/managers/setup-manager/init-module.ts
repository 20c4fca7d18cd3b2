// What `devops init` learns about a project that already has Terraform: the root module's directory
// (given, or asked on a terminal), what the module holds (backend, states, var files), the profiles a
// person has, and which environment takes over the existing state (--adopt, or asked).
import { isAbsolute, relative, resolve } from "node:path";
import { commandLine } from "../../core/commands/command-line.js";
import type { Context } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import type { ModuleInspection } from "../../core/handler-contract.js";
import { info, warn } from "../../core/io.js";
import { INITIAL_ENVIRONMENTS } from "../../core/config/template.js";
import { closest } from "../../core/suggest.js";
import type { Handlers } from "../../handlers/registry.js";

export const DEFAULT_DIRECTORY = "./infrastructure/terraform";
const DISCOVER = "discover";

/** `test=a,prod=b` → { test: "a", prod: "b" }; only the config's environments and "discover". */
export function parseProfiles(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const pairs = text.split(",").map((pair) => pair.split("=") as [string, string]);
  const allowed: readonly string[] = [...INITIAL_ENVIRONMENTS, DISCOVER];
  for (const [name] of pairs) {
    if (allowed.includes(name)) continue;
    const close = closest(name, allowed);
    throw new UserError("ENV_UNKNOWN", `--profiles names "${name}", which is not an environment init writes`, {
      suggestion: `name one of ${allowed.join(", ")}${close === undefined ? "" : ` (did you mean "${close}"?)`}`,
    });
  }
  return Object.fromEntries(pairs);
}

/** The directory as the config writes it: relative to the project root when it is inside it. */
function configPath(root: string, directory: string): string {
  const absolute = resolve(root, directory);
  const inside = relative(root, absolute);
  if (inside === "") return ".";
  return inside.startsWith("..") || isAbsolute(inside) ? absolute : `./${inside}`;
}

export async function askDirectory(ctx: Context, root: string, given: string | undefined): Promise<string> {
  if (given !== undefined || !ctx.io.interactive) return configPath(root, given ?? DEFAULT_DIRECTORY);
  const answer = await ctx.io.prompt("Terraform directory (the root module)", {
    default: DEFAULT_DIRECTORY,
    validate: (text) => (text.trim() === "" ? "name a directory, e.g. ./terraform" : undefined),
  });
  return configPath(root, answer.trim());
}

/** One line per finding, for a person deciding whether to adopt. */
export function describeModule(module: ModuleInspection): string[] {
  if (!module.exists) return [`${module.directory} does not exist yet`];
  const backend = module.backend;
  const settings =
    backend === undefined
      ? ""
      : Object.entries(backend.settings)
          .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
          .join(" ");
  return [
    backend === undefined
      ? `${module.directory}: no backend block (local state)`
      : `${module.directory}: backend "${backend.type}"${settings === "" ? "" : ` ${settings}`}`,
    ...module.states.map(
      (state) => `existing state ${state.path} (workspace "${state.workspace}", ${state.resources} resources)`,
    ),
    ...(module.selectedWorkspace === undefined ? [] : [`selected workspace "${module.selectedWorkspace}"`]),
    ...(module.varFiles.length === 0 ? [] : [`var files: ${module.varFiles.join(", ")}`]),
  ];
}

export async function inspectDirectory(
  ctx: Context,
  handlers: Handlers,
  iac: string,
  root: string,
  directory: string,
): Promise<ModuleInspection | undefined> {
  const handler = await handlers.iac.get(iac)?.load();
  if (handler === undefined) return undefined;
  const module = await handler.inspect(resolve(root, directory));
  for (const line of describeModule(module)) info(ctx.io, line);
  if (module.exists && !module.hasCode)
    warn(ctx.io, `${module.directory} holds no Terraform code (.tf files)`, "IAC_NO_CODE");
  return module;
}

/** Whether the module has something to adopt: a state with resources, or a backend declared in its code. */
function hasExistingState(module: ModuleInspection): boolean {
  return module.states.some((state) => state.resources > 0) || module.backend !== undefined;
}

/** `--adopt ENV` must name an environment of the config init writes; checked before anything is asked. */
export function checkAdoptEnvironment(given: string | undefined): void {
  const names: readonly string[] = INITIAL_ENVIRONMENTS;
  if (given === undefined || names.includes(given)) return;
  const close = closest(given, names);
  throw new UserError(
    "ADOPT_ENVIRONMENT_UNKNOWN",
    `--adopt "${given}" is not an environment of the configuration init writes (${names.join(", ")}); nothing was written`,
    { suggestion: `use --adopt ${close ?? names[0]}`, details: { environments: names } },
  );
}

export async function askAdopt(
  ctx: Context,
  module: ModuleInspection | undefined,
  given: string | undefined,
): Promise<string | undefined> {
  const names: readonly string[] = INITIAL_ENVIRONMENTS;
  if (given !== undefined) {
    checkAdoptEnvironment(given);
    if (module === undefined || !module.exists || !module.hasCode) {
      throw new UserError(
        "ADOPT_NOTHING",
        `--adopt ${given}: ${module?.directory ?? "the Terraform directory"} holds no Terraform code to adopt; nothing was written`,
        { suggestion: "name the existing root module with --directory DIR" },
      );
    }
    return given;
  }
  if (module === undefined || !hasExistingState(module)) return undefined;
  if (!ctx.io.interactive) {
    warn(
      ctx.io,
      `the module already has state (${describeModule(module).slice(0, 2).join("; ")}); no environment was configured to use it`,
      "EXISTING_STATE_NOT_ADOPTED",
    );
    info(ctx.io, `to adopt it: ${commandLine("init", { directory: module.directory, adopt: "test", force: true })}`);
    return undefined;
  }
  const answer = await ctx.io.prompt(`Which environment manages this existing state? (${names.join(", ")}, none)`, {
    default: "none",
    validate: (text) => (text === "none" || names.includes(text) ? undefined : `answer ${names.join(", ")} or none`),
  });
  return answer === "none" ? undefined : answer;
}

/** On a terminal: a deploy profile per environment (and the discover profile), offering those found. */
export async function askProfiles(
  ctx: Context,
  known: readonly string[],
  given: Record<string, string>,
  project: string,
): Promise<Record<string, string>> {
  const profiles = { ...given };
  for (const name of [...INITIAL_ENVIRONMENTS, DISCOVER]) {
    if (name in given) continue;
    const fallback =
      known.find((profile) => profile === `${project}-${name}-deploy` || profile === name) ??
      `${project}-${name}-deploy`;
    if (!ctx.io.interactive) {
      profiles[name] = fallback;
      continue;
    }
    if (name === INITIAL_ENVIRONMENTS[0]) {
      info(
        ctx.io,
        known.length === 0
          ? "no AWS profiles found in the shared config files"
          : `AWS profiles found: ${known.join(", ")}`,
      );
    }
    profiles[name] = await ctx.io.prompt(
      name === DISCOVER ? "AWS profile allowed to grant IAM permissions (discover)" : `AWS profile for ${name}`,
      { default: fallback, validate: (text) => (text.trim() === "" ? "name a profile" : undefined) },
    );
  }
  for (const [name, profile] of Object.entries(profiles)) {
    if (known.length > 0 && !known.includes(profile)) {
      warn(
        ctx.io,
        `the profile "${profile}" for ${name} is not in the shared AWS config or credentials files`,
        "PROFILE_NOT_FOUND",
      );
    }
  }
  return profiles;
}
