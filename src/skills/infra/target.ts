// Opens one environment for infrastructure work: its handlers, the engine target (credentials,
// private run folder), and the account guard that every mutation and plan goes through.
import { access, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ProjectContext } from "../../core/context.js";
import { ProviderError } from "../../core/errors.js";
import type { CallerIdentity, HostingHandler, IacHandler, IacTarget } from "../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../core/config/resolve.js";
import { STATE_GITIGNORE } from "../../core/config/template.js";
import { writeAtomic } from "../../core/store.js";
import { loadHostingHandler, loadIacHandler } from "../../handlers/registry.js";

export interface Infra {
  env: ResolvedEnvironment;
  hosting: HostingHandler;
  iac: IacHandler;
  target: IacTarget;
}

/** Opens one environment for one stack (the first in apply order when none is named). */
export async function openInfra(project: ProjectContext, environmentWord: string, stack?: string): Promise<Infra> {
  const env = project.environment(environmentWord, stack);
  const [hosting, iac] = await Promise.all([
    loadHostingHandler(project, project.config.handlers.hosting.active),
    loadIacHandler(project, project.config.handlers.iac.active),
  ]);
  const runsDir = join(project.paths.stateDir, "runs");
  await mkdir(runsDir, { recursive: true, mode: 0o700 });
  await ensureStateGitignore(project.paths.stateDir);
  return { env, hosting, iac, target: { env, credentials: hosting.credentialEnv(project, env), runsDir } };
}

/** Plans, backups and run settings are written below .devops/: keep them out of git even without init. */
async function ensureStateGitignore(stateDir: string): Promise<void> {
  const path = join(stateDir, ".gitignore");
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return;
  await writeAtomic(path, STATE_GITIGNORE);
}

/**
 * STS must confirm the credentials reach the environment's configured account before anything is
 * planned or changed; with no account configured, the account seen is returned and recorded.
 */
export function guardAccount(project: ProjectContext, infra: Infra): Promise<CallerIdentity> {
  return checkAccount(project, infra.hosting, infra.env);
}

/** The account check itself, for any skill holding a hosting handler and an environment. */
export async function checkAccount(
  project: ProjectContext,
  hosting: HostingHandler,
  env: ResolvedEnvironment,
): Promise<CallerIdentity> {
  const identity = await hosting.callerIdentity(project, env);
  const expected = env.accountId;
  if (expected !== undefined && identity.account !== expected) {
    throw new ProviderError(
      "ACCOUNT_MISMATCH",
      `the credentials for "${env.name}" reach AWS account ${identity.account} (${identity.arn}), but the environment is configured for account ${expected}`,
      {
        suggestion: `use the profile that belongs to account ${expected}, or correct environments.${env.name}.account_id; nothing was changed`,
        details: { expected, actual: identity.account, arn: identity.arn },
      },
    );
  }
  return identity;
}
