// Runs the lifecycle hooks configured in devops.json at a point of a workflow (pre-deploy, …):
// argv without a shell, with a timeout, filtered by environment; a failing critical hook stops.
import type { ProjectContext } from "../../core/context.js";
import { ProviderError } from "../../core/errors.js";
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

export async function runHooks(
  project: ProjectContext,
  env: ResolvedEnvironment,
  point: HookPoint,
  extraEnv: Record<string, string> = {},
): Promise<HookRun[]> {
  const hooks = project.config.hooks[point].filter(
    (hook) => hook.environments === undefined || hook.environments.includes(env.name),
  );
  const runs: HookRun[] = [];
  for (const hook of hooks) {
    const started = Date.now();
    const [file, ...args] = hook.command;
    try {
      await run(file!, args, {
        cwd: project.paths.root,
        env: {
          ...project.env,
          DEVOPS_ENVIRONMENT: env.name,
          DEVOPS_HOOK: point,
          DEVOPS_PROJECT: project.config.project.name,
          ...extraEnv,
        },
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
