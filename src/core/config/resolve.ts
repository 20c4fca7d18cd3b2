// The semantic rules that a schema cannot express, and the resolved view of one environment that
// every command works from: its confirmation rule and deploy policy (core), its region, account and
// credentials source (the active hosting handler), and its engine settings (the active IaC handler).
import { isDevopsError } from "../errors.js";
import { substitute, type PatternVars } from "../naming.js";
import { closest } from "../suggest.js";
import type { ConfigIssue } from "./issues.js";
import { environmentNames, isProdLike } from "./environments.js";
import type {
  ConfigCheck,
  HandlerConfig,
  HandlerRegistry,
  RegisteredHandler,
  ResolvedEnvironment,
} from "./handler-config.js";
import type { DevopsConfig, EnvironmentConfig } from "./schema.js";
import { checkStacks, stackConfig, stackOrder } from "./stacks.js";

export type { ConfigCheck, ResolvedEnvironment, ResolvedHosting, ResolvedIac } from "./handler-config.js";

type Kind = "hosting" | "iac";

function patternVars(config: DevopsConfig, environment: string): PatternVars {
  return {
    project: config.project.name,
    environment,
    ...(config.project.subsystem === undefined ? {} : { subsystem: config.project.subsystem }),
    ...(config.project.organization === undefined ? {} : { organization: config.project.organization }),
  };
}

function envSettings(config: DevopsConfig, name: string): EnvironmentConfig {
  const settings = config.environments[name];
  if (settings === undefined) throw new Error(`environment ${name} is not configured`);
  return settings;
}

/** The active handler's configuration and its block (parsed, so a config built in code gets its defaults). */
function active<R>(
  config: DevopsConfig,
  kind: Kind,
  registered: ReadonlyMap<string, RegisteredHandler<R, unknown>>,
): { handler: HandlerConfig<R>; block: unknown } {
  const id = config.handlers[kind].active;
  const handler = registered.get(id)?.config;
  // checkConfig reports an unknown id before anything is resolved, so reaching this is a bug.
  if (handler === undefined) throw new Error(`no ${kind} handler "${id}" is registered`);
  const raw = config.handlers[kind][id];
  return { handler, block: raw === undefined ? undefined : handler.schema.parse(raw) };
}

/**
 * Resolves one configured environment, for one stack when the project lists stacks (the first in
 * apply order when none is named). Throws a UserError when a template cannot be substituted.
 */
export function resolveEnvironment(
  config: DevopsConfig,
  root: string,
  name: string,
  registry: HandlerRegistry,
  stackName?: string,
): ResolvedEnvironment {
  const env = envSettings(config, name);
  const stackNamed = stackName ?? stackOrder(config)[0];
  const stack = stackNamed === undefined ? undefined : stackConfig(config, stackNamed);
  if (stackNamed !== undefined && stack === undefined) throw new Error(`stack ${stackNamed} is not configured`);
  const vars = patternVars(config, name);
  const prodLike = isProdLike(name);
  const isProtected = env.protected ?? false;
  const requireConfirmation = isProtected || (env.require_confirmation ?? prodLike);
  const scope = {
    name,
    root,
    settings: env,
    prodLike,
    requireConfirmation,
    ...(stack === undefined ? {} : { stack }),
    substitute: (field: string, template: string) => substitute(template, vars, field),
  };
  const hosting = active(config, "hosting", registry.hosting);
  const iac = active(config, "iac", registry.iac);

  return {
    name,
    prodLike,
    protected: isProtected,
    requireConfirmation,
    autoApprove: requireConfirmation ? false : env.auto_approve,
    ...(env.cost_threshold === undefined ? {} : { costThreshold: env.cost_threshold }),
    ...hosting.handler.resolve(hosting.block, scope),
    autoFixPermissions: env.auto_fix_permissions,
    deployPolicy:
      env.deploy_policy ??
      [config.project.name, config.project.subsystem, name, "deploy"].filter((part) => part !== undefined).join("-"),
    ...(stack === undefined ? {} : { stack: stack.name }),
    iac: iac.handler.resolve(iac.block, scope),
  };
}

function checkHandlers(config: DevopsConfig, registry: HandlerRegistry, errors: ConfigIssue[]): void {
  for (const kind of ["hosting", "iac"] as const) {
    const path = `handlers.${kind}.active`;
    const id = config.handlers[kind].active;
    const ids = [...registry[kind].keys()];
    if (ids.includes(id)) continue;
    const guess = closest(id, ids);
    errors.push({
      path,
      message: `${path} "${id}" is not a known handler; valid ids: ${ids.join(", ")}`,
      suggestion: guess !== undefined ? `did you mean "${guess}"?` : `set ${path} to one of: ${ids.join(", ")}`,
    });
  }
}

function checkEnvironment(config: DevopsConfig, env: ResolvedEnvironment, warnings: ConfigIssue[]): void {
  const path = `environments.${env.name}`;
  const settings = envSettings(config, env.name);
  if (settings.auto_approve && env.requireConfirmation) {
    warnings.push({
      path: `${path}.auto_approve`,
      message: `${path}.auto_approve is ignored: "${env.name}" requires confirmation`,
    });
  }
  if (env.prodLike && settings.require_confirmation === false && !env.protected) {
    warnings.push({
      path: `${path}.require_confirmation`,
      message: `"${env.name}" looks like production but require_confirmation is false; changes will apply without a human approval`,
    });
  }
}

/**
 * Runs the semantic rules over the whole config: core's, then the active hosting and IaC handlers'
 * (their per-environment rules run when a project is opened). Substitution failures are reported as
 * errors, not thrown.
 */
export function checkConfig(config: DevopsConfig, root: string, registry: HandlerRegistry): ConfigCheck {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  checkHandlers(config, registry, errors);
  if (errors.length > 0) return { errors, warnings };

  const names = environmentNames(config);
  if (names.length === 0) {
    errors.push({
      path: "environments",
      message: "no environments are configured",
      suggestion: 'add at least "test" under "environments"',
    });
  }
  errors.push(...checkStacks(config));
  if (errors.length > 0) return { errors, warnings };
  const stacks = stackOrder(config);
  const resolved: ResolvedEnvironment[] = [];
  // Every environment of every stack: the engine's rules (one state per stack and environment) need them all.
  const everyStack: ResolvedEnvironment[] = [];
  for (const name of names) {
    try {
      const [first, ...others] = stacks.length === 0 ? [undefined] : stacks;
      const env = resolveEnvironment(config, root, name, registry, first);
      resolved.push(env);
      everyStack.push(env, ...others.map((stack) => resolveEnvironment(config, root, name, registry, stack)));
      checkEnvironment(config, env, warnings);
      substitute(
        config.resource_naming.pattern,
        { ...patternVars(config, name), resource: "example" },
        "resource_naming.pattern",
      );
    } catch (error) {
      if (!isDevopsError(error)) throw error;
      const issue = { path: String(error.details?.field ?? `environments.${name}`), message: error.message };
      errors.push(error.suggestion === undefined ? issue : { ...issue, suggestion: error.suggestion });
    }
  }

  for (const [alias, target] of Object.entries(config.environment_aliases)) {
    if (!names.includes(target)) {
      errors.push({
        path: `environment_aliases.${alias}`,
        message: `alias "${alias}" points to unknown environment "${target}"`,
        suggestion: `use one of ${names.join(", ")}`,
      });
    }
  }

  const hosting = active(config, "hosting", registry.hosting);
  const iac = active(config, "iac", registry.iac);
  for (const own of [
    hosting.handler.check(hosting.block, resolved, config),
    iac.handler.check(iac.block, everyStack, config),
  ]) {
    errors.push(...own.errors);
    warnings.push(...own.warnings);
  }
  return { errors, warnings };
}
