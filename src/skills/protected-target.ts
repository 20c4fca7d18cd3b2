// Protection follows the target, not the config file: once an environment that requires confirmation
// has used an account and a state location, a run that would reach the same pair without confirmation
// (under another environment name, through another --config) is refused.
import type { ConfigIssue } from "../core/config/issues.js";
import type { ResolvedEnvironment } from "../core/config/resolve.js";
import type { ProjectContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import type { IacHandler } from "../core/handler-contract.js";
import { info } from "../core/io.js";
import { loadIacHandler } from "../handlers/registry.js";
import {
  healProtectedTargets,
  protectedTargetFiles,
  readProtectedTargets,
  recordProtectedTarget,
  sameTarget,
  type ProtectedTarget,
} from "../records/protected-targets.js";

export type { ProtectedTarget } from "../records/protected-targets.js";

const filesOf = (project: ProjectContext) => protectedTargetFiles(project.paths.stateDir, project.trust.stateDir);

const needsConfirmation = (env: ResolvedEnvironment): boolean => env.requireConfirmation || env.protected;

const confirmationSetting = (env: ResolvedEnvironment): string => `environments.${env.name}.require_confirmation`;

/**
 * Call once the account is confirmed (STS), before anything is recorded or changed. An environment
 * requiring confirmation records its target; one that does not is refused when its target was
 * recorded (same account and location), and then nothing is written.
 */
export async function guardTarget(
  project: ProjectContext,
  env: ResolvedEnvironment,
  iac: IacHandler,
  account: string,
): Promise<void> {
  const files = filesOf(project);
  const location = iac.stateLocation(env);
  const read = await readProtectedTargets(files);
  const recorded = read.targets.find((target) => sameTarget({ account, location }, target));
  if (recorded !== undefined && !needsConfirmation(env)) throw targetProtected(project, env, recorded);
  if (recorded !== undefined || !needsConfirmation(env)) {
    await healProtectedTargets(read);
    return;
  }
  await recordProtectedTarget(files, read, {
    account,
    location,
    environment: env.name,
    config: project.location.path,
    recorded_at: project.clock.now().toISOString(),
  });
  info(project.io, `recorded ${location} in account ${account} as a protected target of "${env.name}"`);
}

/** guardTarget with the project's active engine, for flows that hold no IaC handler (remediate, grant). */
export async function guardActiveTarget(
  project: ProjectContext,
  env: ResolvedEnvironment,
  account: string,
): Promise<void> {
  await guardTarget(project, env, await loadIacHandler(project, project.config.handlers.iac.active), account);
}

function targetProtected(project: ProjectContext, env: ResolvedEnvironment, recorded: ProtectedTarget): UserError {
  return new UserError(
    "TARGET_PROTECTED",
    `"${env.name}" (config ${project.location.path}) does not require confirmation, but it reaches ${recorded.location} in AWS account ${recorded.account}, recorded as a protected target of "${recorded.environment}" on ${recorded.recorded_at} (config ${recorded.config}); nothing was changed`,
    {
      suggestion: `make "${env.name}" require confirmation (${confirmationSetting(env)}: true): a target once protected stays protected`,
      details: {
        environment: env.name,
        config: project.location.path,
        account: recorded.account,
        location: recorded.location,
        recordedEnvironment: recorded.environment,
        recordedConfig: recorded.config,
        recordedAt: recorded.recorded_at,
      },
    },
  );
}

/** The target recorded as protected at the environment's state location, in any account. */
export async function protectedTargetOf(
  project: ProjectContext,
  env: ResolvedEnvironment,
  iac: IacHandler,
): Promise<ProtectedTarget | undefined> {
  const location = iac.stateLocation(env);
  const { targets } = await readProtectedTargets(filesOf(project));
  return targets.find((target) => target.location === location);
}

/** Config errors: each environment without confirmation whose state location was recorded as protected. */
export async function protectedTargetIssues(project: ProjectContext): Promise<ConfigIssue[]> {
  const iac = await loadIacHandler(project, project.config.handlers.iac.active);
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(project.config.environments)) {
    const env = project.environment(name);
    if (needsConfirmation(env)) continue;
    const recorded = await protectedTargetOf(project, env, iac);
    if (recorded === undefined) continue;
    issues.push({
      path: confirmationSetting(env),
      message: `"${env.name}" does not require confirmation, but its state (${recorded.location}) is a protected target: recorded for "${recorded.environment}" in AWS account ${recorded.account} on ${recorded.recorded_at} (config ${recorded.config})`,
      suggestion: `set ${confirmationSetting(env)} to true, or give "${env.name}" a state of its own; a target once protected stays protected`,
    });
  }
  return issues;
}
