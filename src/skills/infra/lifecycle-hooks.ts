// Runs the lifecycle hooks configured in devops.json at a point of a workflow (pre-deploy, …):
// argv without a shell, with a timeout, filtered by environment; a failing critical hook stops.
// A hook sees only its own environment's credentials, and before a human has approved a protected
// environment's plan only hooks marked read-only run at all: a hook is code that could change the
// environment itself.
import type { ProjectContext } from "../../core/context.js";
import { ProviderError, UserError } from "../../core/errors.js";
import { warn } from "../../core/io.js";
import type { HookPoint } from "../../core/config/schema.js";
import { run, SubprocessError } from "../../core/subprocess.js";
import type { ResolvedEnvironment } from "../../core/config/resolve.js";

export interface HookRun {
  name: string;
  point: HookPoint;
  outcome: "passed" | "failed";
  critical: boolean;
  durationMs: number;
  message?: string;
}

/** Variables a hook never inherits from devops's own environment: other credentials, engine overrides. */
const SCRUBBED = [/^AWS_/, /^TF_CLI_ARGS/, /^TF_WORKSPACE$/, /^TF_VAR_/];

function hookEnv(project: ProjectContext, target: HookTarget, point: HookPoint): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(project.env)) {
    if (!SCRUBBED.some((pattern) => pattern.test(key))) env[key] = value;
  }
  return {
    ...env,
    ...target.credentials,
    DEVOPS_ENVIRONMENT: target.env.name,
    DEVOPS_HOOK: point,
    DEVOPS_PROJECT: project.config.project.name,
  };
}

/** The environment a hook runs for, and the credentials that environment's own commands use. */
export interface HookTarget {
  env: ResolvedEnvironment;
  credentials: Readonly<Record<string, string | undefined>>;
}

export async function runHooks(
  project: ProjectContext,
  target: HookTarget,
  point: HookPoint,
  options: { beforeApproval: boolean },
): Promise<HookRun[]> {
  const { env } = target;
  const hooks = project.config.hooks[point].filter(
    (hook) => hook.environments === undefined || hook.environments.includes(env.name),
  );
  const guarded = options.beforeApproval && (env.requireConfirmation || env.protected);
  const unapproved = guarded ? hooks.find((hook) => !hook.read_only) : undefined;
  if (unapproved !== undefined) {
    throw new UserError(
      "HOOK_BEFORE_APPROVAL",
      `the ${point} hook "${unapproved.name}" would run before a human approves the plan for "${env.name}"; only hooks marked "read_only": true run then`,
      {
        suggestion: `mark it "read_only": true in hooks.${point} if it changes nothing, run it at pre-deploy (after the approval), or leave "${env.name}" out of its "environments"`,
      },
    );
  }
  const runs: HookRun[] = [];
  for (const hook of hooks) {
    const started = Date.now();
    const [file, ...args] = hook.command;
    try {
      await run(file!, args, {
        cwd: project.paths.root,
        env: hookEnv(project, target, point),
        timeoutMs: hook.timeout * 1000,
        onLine: (_stream, line) => project.io.notify({ level: "debug", message: `hook ${hook.name}: ${line}` }),
      });
      runs.push({
        name: hook.name,
        point,
        outcome: "passed",
        critical: hook.critical,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      if (!(error instanceof SubprocessError)) throw error;
      const message = `${error.message}${error.result.stderr === "" ? "" : `: ${error.result.stderr.split("\n").slice(-3).join(" ")}`}`;
      runs.push({
        name: hook.name,
        point,
        outcome: "failed",
        critical: hook.critical,
        durationMs: Date.now() - started,
        message,
      });
      if (hook.critical) {
        throw new ProviderError("HOOK_FAILED", `the critical ${point} hook "${hook.name}" failed: ${message}`, {
          suggestion: `fix the hook, or mark it "critical": false in hooks.${point} of .devops/devops.json`,
          details: { hooks: runs },
          cause: error,
        });
      }
      warn(project.io, `the ${point} hook "${hook.name}" failed (not critical, continuing): ${message}`, "HOOK_FAILED");
    }
  }
  return runs;
}
