// The gate's judgement of one devops CLI call: a mutating call asks when it targets an environment that
// requires a human approval, when its reading is uncertain, or when it names another config or project
// from inside a project with such environments.
import { resolve } from "node:path";
import { resolveEnvironmentName } from "../../core/config/environments.js";
import type { LoadedConfig } from "../../core/config/load.js";
import { resolveEnvironment } from "../../core/config/resolve.js";
import type { MutatingCommand } from "../../core/commands/index.js";
import { type CliCall, isMutating } from "../../skills/gate/command-scan.js";
import { guardedAt, messageOf, type Projects } from "./projects.js";

export interface GatedInvocation {
  /** The program as written (the CLI path, or the program a lookalike call runs through). */
  program: string;
  /** The subcommand as read, e.g. "infra deploy". */
  command: string;
  mutating: boolean;
  /** The --env values as written. */
  environments: string[];
  decision: "ask" | "none";
  reasons: string[];
}

const REVIEW: Readonly<Record<string, string>> = {
  "infra deploy": "review the plan summary",
  "infra teardown": "review what it destroys",
  "ops remediate": "review the remediation",
  "infra permissions grant": "review the permissions it grants",
  "infra state rm": "review which resources it makes Terraform forget",
  "infra state mv": "review the state move",
  "infra import": "review the resource it imports",
  "infra unlock": "make sure no run still holds the lock",
  "approval setup": "only you change who may approve; run it in your own terminal instead",
  "approval sign": "only you sign an approval; run it in your own terminal instead",
} satisfies Record<MutatingCommand, string>;

export const CANNOT_TELL = "cannot tell whether it changes an environment that requires a human approval";

/** Why the call cannot be checked against the config at all, if it cannot. */
function unreadable(call: CliCall, label: string): string | undefined {
  if (call.kind === "lookalike")
    return `${label} runs through "${call.program}", which the gate does not recognise as the devops CLI: ${CANNOT_TELL}`;
  if (call.preload !== undefined)
    return `${label} runs with ${call.preload}, which loads code first that can rewrite its arguments: ${CANNOT_TELL}`;
  if (call.pathDynamic)
    return `${label}: the subcommand is only known when the shell runs (${call.dynamic?.text ?? "?"}): ${CANNOT_TELL}`;
  if (call.appends)
    return `${label} runs through xargs, which can append arguments such as another --env: ${CANNOT_TELL}`;
  if (call.unclear && REVIEW[call.path.join(" ")] === undefined)
    return `${label}: an unknown flag before the subcommand hides which subcommand runs: ${CANNOT_TELL}`;
  if (call.dirs === undefined)
    return `${label}: a cd (or env -C, sudo -D) hides which project it runs in: ${CANNOT_TELL}`;
  if (call.dynamic !== undefined)
    return `${label} has an argument only known when the shell runs (${call.dynamic.text}): ${CANNOT_TELL}`;
  if (call.missingValue !== undefined) return `${label} ends with ${call.missingValue} and no value: ${CANNOT_TELL}`;
  if (call.path.join(" ") === "approval setup")
    return `${label} changes who may approve protected changes: only you run it, in your own terminal`;
  if (call.envs.length === 0)
    return `${label} names no --env: cannot tell whether its environment requires a human approval`;
  return undefined;
}

async function checkTarget(
  projects: Projects,
  startDir: string,
  configPath: string | undefined,
  word: string,
  label: string,
  review: string,
): Promise<string | undefined> {
  let loaded: LoadedConfig;
  try {
    loaded = await projects.load(startDir, configPath);
  } catch (error) {
    return `${label} --env ${word}: cannot tell whether "${word}" requires a human approval (${messageOf(error)})`;
  }
  try {
    const name = resolveEnvironmentName(loaded.config, word);
    const env = resolveEnvironment(loaded.config, loaded.location.root, name, projects.handlers);
    if (!env.requireConfirmation) return undefined;
    const why = env.protected ? "is protected and requires" : "requires";
    return `${label} targets "${name}", which ${why} a human approval: ${review} before allowing this command`;
  } catch (error) {
    return `${label} --env ${word}: cannot tell whether it requires a human approval (${messageOf(error)})`;
  }
}

export async function judgeCall(call: CliCall, projects: Projects): Promise<GatedInvocation> {
  const command = call.path.join(" ");
  const mutating = isMutating(call);
  const base = { program: call.program, command, mutating, environments: call.envs };
  if (!mutating) return { ...base, decision: "none", reasons: [] };

  const label = `devops ${command || "(no subcommand)"}`;
  const problem = unreadable(call, label);
  if (problem !== undefined) return { ...base, decision: "ask", reasons: [problem] };

  const review = REVIEW[command] ?? "review the command";
  const checks: Promise<string | undefined>[] = [];
  if (call.projectDirs.length + call.configs.length > 0) {
    // Protection belongs to the project, not to whichever config file a call passes.
    checks.push(
      guardedAt(projects, call.dirs ?? []).then((guarded) =>
        guarded === undefined
          ? undefined
          : `${label} passes --config or --project-dir, and ${guarded}: protection does not depend on which config file is passed`,
      ),
    );
  }
  const projectDirs = call.projectDirs.length > 0 ? call.projectDirs : ["."];
  const configPaths = call.configs.length > 0 ? call.configs : [undefined];
  for (const dir of call.dirs ?? []) {
    for (const projectDir of projectDirs) {
      for (const configPath of configPaths) {
        for (const word of call.envs)
          checks.push(checkTarget(projects, resolve(dir, projectDir), configPath, word, label, review));
      }
    }
  }
  const reasons = (await Promise.all(checks)).filter((reason): reason is string => reason !== undefined);
  return { ...base, decision: reasons.length > 0 ? "ask" : "none", reasons: [...new Set(reasons)] };
}
