// Opening a project: find and parse the config, run the semantic rules and each active handler's own
// rules, and hand back a ProjectContext. A config with errors never gets past here.
import { warn } from "../core/io.js";
import type { Context, ProjectContext } from "../core/context.js";
import { projectPaths } from "../core/context.js";
import { resolveEnvironmentName } from "../core/config/environments.js";
import { invalidConfig, loadConfig, type LoadedConfig } from "../core/config/load.js";
import { checkConfig, resolveEnvironment, type ConfigCheck } from "../core/config/resolve.js";
import { knownHandlers, loadHostingHandler, loadIacHandler } from "../handlers/registry.js";

/** Every rule: the schema (already applied by loadConfig), semantics, then the handlers' own checks. */
export async function checkLoadedConfig(loaded: LoadedConfig): Promise<ConfigCheck> {
  const { config, location } = loaded;
  const check = checkConfig(config, location.root, knownHandlers);
  if (check.errors.some((issue) => issue.path.startsWith("handlers.") && issue.path.endsWith(".active"))) return check;

  const [hosting, iac] = await Promise.all([
    loadHostingHandler(config.handlers.hosting.active),
    loadIacHandler(config.handlers.iac.active),
  ]);
  for (const name of Object.keys(config.environments)) {
    let env;
    try {
      env = resolveEnvironment(config, location.root, name);
    } catch {
      continue; // already reported by checkConfig
    }
    for (const handlerCheck of [hosting.checkEnvironment(env), iac.checkEnvironment(env)]) {
      check.errors.push(...handlerCheck.errors);
      check.warnings.push(...handlerCheck.warnings);
    }
  }
  check.errors = dedupe(check.errors);
  check.warnings = dedupe(check.warnings);
  return check;
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

export async function openProject(ctx: Context): Promise<ProjectContext> {
  const loaded = await loadConfig(ctx.cwd, ctx.configPath);
  for (const notice of loaded.notices) warn(ctx.io, notice, "CONFIG_LEGACY_LOCATION");
  const check = await checkLoadedConfig(loaded);
  if (check.errors.length > 0) throw invalidConfig(loaded.location.path, check.errors);
  for (const issue of check.warnings) warn(ctx.io, issue.message, "CONFIG_WARNING");

  const { config, location } = loaded;
  return {
    ...ctx,
    location,
    config,
    paths: projectPaths(location.root),
    environment: (word) => resolveEnvironment(config, location.root, resolveEnvironmentName(config, word)),
  };
}
