// Opening a project: find and parse the config (with the handlers' own blocks), run the semantic
// rules (core's and the active handlers'), and hand back a ProjectContext. A config with errors never
// gets past here. Only the handlers' configuration is read: no handler is loaded.
import { warn } from "../core/io.js";
import type { Context, ProjectContext } from "../core/context.js";
import { projectPaths } from "../core/context.js";
import { resolveEnvironmentName } from "../core/config/environments.js";
import { invalidConfig, loadConfig, type LoadedConfig } from "../core/config/load.js";
import { checkConfig, resolveEnvironment, type ConfigCheck } from "../core/config/resolve.js";
import { selectStacks, stackOrder } from "../core/config/stacks.js";
import { handlersOf } from "../handlers/registry.js";

/**
 * Every rule: the schema (already applied by loadConfig), core's and the active handlers' semantics,
 * then each active handler's rules for every environment.
 */
export function checkLoadedConfig(ctx: Pick<Context, "handlers">, loaded: LoadedConfig): ConfigCheck {
  const { config, location } = loaded;
  const handlers = handlersOf(ctx);
  const check = checkConfig(config, location.root, handlers);
  if (check.errors.some((issue) => issue.path.startsWith("handlers.") && issue.path.endsWith(".active"))) return check;

  const hosting = handlers.hosting.get(config.handlers.hosting.active)!.config;
  const iac = handlers.iac.get(config.handlers.iac.active)!.config;
  for (const name of Object.keys(config.environments)) {
    let env;
    try {
      env = resolveEnvironment(config, location.root, name, handlers);
    } catch {
      continue; // already reported by checkConfig
    }
    for (const own of [hosting.checkEnvironment(env), iac.checkEnvironment(env)]) {
      check.errors.push(...own.errors);
      check.warnings.push(...own.warnings);
    }
  }
  check.errors = dedupe(check.errors);
  check.warnings = dedupe(check.warnings);
  return check;
}

/**
 * The active handlers' rules for every environment against this machine: the directories, binaries
 * and credential profiles the config names exist here.
 */
export async function checkMachine(ctx: Context, loaded: LoadedConfig): Promise<ConfigCheck> {
  const { config, location } = loaded;
  const handlers = handlersOf(ctx);
  const check: ConfigCheck = { errors: [], warnings: [] };
  const active = [
    handlers.hosting.get(config.handlers.hosting.active)?.config,
    handlers.iac.get(config.handlers.iac.active)?.config,
  ];
  const stacks = stackOrder(config);
  for (const name of Object.keys(config.environments)) {
    for (const stack of stacks.length === 0 ? [undefined] : stacks) {
      const env = resolveEnvironment(config, location.root, name, handlers, stack);
      for (const handler of active) {
        const own = await handler?.checkMachine?.(env, { env: ctx.env, cwd: location.root });
        check.errors.push(...(own?.errors ?? []).map((issue) => inStack(issue, stack)));
        check.warnings.push(...(own?.warnings ?? []).map((issue) => inStack(issue, stack)));
      }
    }
  }
  return { errors: dedupe(check.errors), warnings: dedupe(check.warnings) };
}

/** A machine check's issue about a stack's directory names the stack's setting, not the engine block's. */
function inStack<T extends { path: string; message: string }>(issue: T, stack: string | undefined): T {
  if (stack === undefined || !issue.path.endsWith(".directory")) return issue;
  return { ...issue, path: `stacks[${stack}].directory`, message: `stack "${stack}": ${issue.message}` };
}

function dedupe<T extends { path: string; message: string }>(issues: T[]): T[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Finds and parses the project's config with the handlers of this run. */
export function loadProjectConfig(ctx: Context): Promise<LoadedConfig> {
  return loadConfig(ctx.cwd, ctx.configPath, handlersOf(ctx));
}

export async function openProject(ctx: Context): Promise<ProjectContext> {
  const loaded = await loadProjectConfig(ctx);
  for (const notice of loaded.notices) warn(ctx.io, notice, "CONFIG_LEGACY_LOCATION");
  const check = checkLoadedConfig(ctx, loaded);
  if (check.errors.length > 0) throw invalidConfig(loaded.location.path, check.errors);
  for (const issue of check.warnings) warn(ctx.io, issue.message, "CONFIG_WARNING");
  return projectOf(ctx, loaded);
}

/** The project of a loaded config; the caller has checked it (checkLoadedConfig). */
export function projectOf(ctx: Context, loaded: LoadedConfig): ProjectContext {
  const { config, location } = loaded;
  const handlers = handlersOf(ctx);
  return {
    ...ctx,
    location,
    config,
    paths: projectPaths(location.root),
    environment: (word, stack) => {
      const name = resolveEnvironmentName(config, word);
      // An unknown --stack is the caller's mistake, named with the stacks there are.
      if (stack !== undefined) selectStacks(config, stack);
      return resolveEnvironment(config, location.root, name, handlers, stack);
    },
  };
}
