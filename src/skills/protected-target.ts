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
 * requiring confirmation records its target (and, outside an emulator, the identity its credentials
 * reach); one that does not is refused when its target was recorded (same account and location), or
 * when its credentials reach a protected environment's identity, and then nothing is written.
 * Emulator identities are shared by every environment and prove nothing, so they are not recorded.
 */
export async function guardTarget(
  project: ProjectContext,
  env: ResolvedEnvironment,
  iac: IacHandler,
  account: string,
  identityArn?: string,
): Promise<void> {
  const files = filesOf(project);
  const location = iac.stateLocation(env);
  const read = await readProtectedTargets(files);
  const recorded = read.targets.find((target) => sameTarget({ account, location }, target));
  const arn = env.endpoint === undefined ? identityArn : undefined;
  if (!needsConfirmation(env)) {
    if (recorded !== undefined) throw targetProtected(project, env, recorded);
    const borrowed = arn === undefined ? undefined : read.targets.find((t) => t.identities?.includes(arn) === true);
    if (borrowed !== undefined) throw identityProtected(project, env, borrowed, arn ?? "");
    await healProtectedTargets(read);
    return;
  }
  if (recorded !== undefined && (arn === undefined || recorded.identities?.includes(arn) === true)) {
    await healProtectedTargets(read);
    return;
  }
  await recordProtectedTarget(files, read, {
    ...(recorded ?? {
      account,
      location,
      environment: env.name,
      config: project.location.path,
      recorded_at: project.clock.now().toISOString(),
    }),
    ...(arn === undefined ? {} : { identities: [arn] }),
  });
  if (recorded === undefined) {
    info(project.io, `recorded ${location} in account ${account} as a protected target of "${env.name}"`);
  }
}

/** guardTarget with the project's active engine, for flows that hold no IaC handler (remediate, grant). */
export async function guardActiveTarget(
  project: ProjectContext,
  env: ResolvedEnvironment,
  account: string,
  identityArn?: string,
): Promise<void> {
  const iac = await loadIacHandler(project, project.config.handlers.iac.active);
  await guardTarget(project, env, iac, account, identityArn);
}

/** After a change in a protected environment: its deployed resources belong to its target. */
export async function protectResources(
  project: ProjectContext,
  env: ResolvedEnvironment,
  iac: IacHandler,
  account: string,
  arns: readonly string[],
): Promise<void> {
  if (!needsConfirmation(env) || arns.length === 0) return;
  const files = filesOf(project);
  const location = iac.stateLocation(env);
  const read = await readProtectedTargets(files);
  const recorded = read.targets.find((target) => sameTarget({ account, location }, target));
  if (recorded === undefined) return;
  await recordProtectedTarget(files, read, { ...recorded, resources: [...arns] });
}

/**
 * Refuses to change, from an environment that does not require confirmation, a resource a protected
 * environment deployed (whatever this environment's own registry says it owns).
 */
export async function guardResource(
  project: ProjectContext,
  env: ResolvedEnvironment,
  account: string,
  arn: string,
): Promise<void> {
  if (needsConfirmation(env)) return;
  const { targets } = await readProtectedTargets(filesOf(project));
  const owner = targets.find((target) => target.account === account && target.resources?.includes(arn) === true);
  if (owner === undefined) return;
  throw new UserError(
    "TARGET_PROTECTED",
    `${arn} was deployed by "${owner.environment}", a protected target (${owner.location}, account ${owner.account}); "${env.name}" does not require confirmation, so it may not change it; nothing was changed`,
    {
      suggestion: `run it against "${owner.environment}" (a person approves it there), or correct "${env.name}"'s records: devops infra show-resources --env ${env.name} --refresh`,
      details: {
        environment: env.name,
        resource: arn,
        recordedEnvironment: owner.environment,
        location: owner.location,
      },
    },
  );
}

function identityProtected(
  project: ProjectContext,
  env: ResolvedEnvironment,
  recorded: ProtectedTarget,
  arn: string,
): UserError {
  return new UserError(
    "TARGET_PROTECTED",
    `"${env.name}" (config ${project.location.path}) does not require confirmation, but its credentials reach ${arn}, the identity of protected environment "${recorded.environment}" (${recorded.location}, account ${recorded.account}); nothing was changed`,
    {
      suggestion: `give "${env.name}" its own profile, or make it require confirmation (${confirmationSetting(env)}: true)`,
      details: {
        environment: env.name,
        identity: arn,
        recordedEnvironment: recorded.environment,
        location: recorded.location,
      },
    },
  );
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
