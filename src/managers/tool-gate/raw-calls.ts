// The gate's judgement of raw terraform/tofu and aws calls: a state-changing engine call aimed at a
// configured Terraform directory whose workspace belongs to an environment that requires a human
// approval (or cannot be known), and a mutating aws call with such an environment's profile.
import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { resolveEnvironmentName } from "../../core/config/environments.js";
import type { ResolvedEnvironment } from "../../core/config/resolve.js";
import type { ShellWord } from "../../core/shell-words.js";
import type { AwsCall, EngineCall, Setting } from "../../skills/gate/command-scan.js";
import { names, type Projects } from "./projects.js";

type Env = Readonly<Record<string, string | undefined>>;
/** A value the command would use; undefined when only the running shell knows it. */
type Candidate = string | undefined;

function candidates(setting: Setting | undefined, fallback: () => Promise<Candidate[]>): Promise<Candidate[]> {
  if (setting === undefined) return fallback();
  const value = setting.word.dynamic ? undefined : setting.word.text;
  return setting.certain ? Promise.resolve([value]) : fallback().then((rest) => [value, ...rest]);
}

async function workspaceFile(dataDir: string): Promise<Candidate> {
  try {
    return (await readFile(join(dataDir, "environment"), "utf8")).trim() || "default";
  } catch (error) {
    return (error as { code?: unknown }).code === "ENOENT" ? "default" : undefined;
  }
}

/** The workspaces the call may use: TF_WORKSPACE, else the data directory's environment file, else default. */
function workspaces(call: EngineCall, moduleDir: string, env: Env): Promise<Candidate[]> {
  if (call.command.verb === "workspace delete") {
    const named = call.command.workspace;
    return Promise.resolve([named === undefined || named.dynamic ? undefined : named.text]);
  }
  const fromFile = (): Promise<Candidate[]> =>
    candidates(call.variables.TF_DATA_DIR, async () => [env.TF_DATA_DIR]).then((dataDirs) =>
      Promise.all(
        dataDirs.map((dataDir) =>
          call.selected !== undefined
            ? Promise.resolve(call.selected.dynamic ? undefined : call.selected.text)
            : workspaceFile(resolve(moduleDir, dataDir ?? ".terraform")),
        ),
      ),
    );
  const ambient = env.TF_WORKSPACE;
  return candidates(call.variables.TF_WORKSPACE, () =>
    ambient !== undefined ? Promise.resolve([ambient]) : fromFile(),
  );
}

/** The environments a workspace belongs to, as devops resolves them. */
function owners(
  workspace: string,
  modules: readonly ResolvedEnvironment[],
  config: Parameters<typeof resolveEnvironmentName>[0],
) {
  const exact = modules.filter((env) => env.iac.workspace === workspace);
  if (exact.length > 0) return exact;
  try {
    const name = resolveEnvironmentName(config, workspace);
    return modules.filter((env) => env.name === name);
  } catch {
    return [];
  }
}

async function judgeEngineAt(call: EngineCall, dir: string, projects: Projects, env: Env, label: string) {
  const chdir = call.command.chdir;
  if (chdir?.dynamic)
    return `${label}: -chdir is only known when the shell runs, so the gate cannot tell which module it changes`;
  const moduleDir = chdir === null ? dir : isAbsolute(chdir.text) ? chdir.text : resolve(dir, chdir.text);
  const project = await projects.at(moduleDir);
  if (project.kind === "unreadable")
    return `${label}: cannot tell whether ${moduleDir} belongs to a protected environment (${project.error})`;
  if (project.kind === "none" || project.guarded.length === 0) return undefined;
  const modules = project.environments.filter(
    (environment) => resolve(environment.iac.directory) === resolve(moduleDir),
  );
  if (modules.length === 0) return undefined;
  const reasons: string[] = [];
  for (const workspace of await workspaces(call, moduleDir, env)) {
    if (workspace === undefined) {
      reasons.push(
        `${label} in ${moduleDir}: the workspace is only known when it runs; ${names(project.guarded)} requires a human approval`,
      );
      continue;
    }
    const unworkspaced = modules.filter(
      (environment) => environment.iac.workspace === undefined && environment.requireConfirmation,
    );
    const guarded = [...owners(workspace, modules, project.loaded.config), ...unworkspaced].filter(
      (environment) => environment.requireConfirmation,
    );
    if (guarded.length > 0)
      reasons.push(
        `${label} changes the Terraform state of ${names(guarded)} (workspace "${workspace}" in ${moduleDir}), which requires a human approval`,
      );
  }
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

export async function judgeEngine(call: EngineCall, cwd: string, projects: Projects, env: Env): Promise<string[]> {
  if (!call.command.mutating) return [];
  const label = `${call.program} ${call.command.verb || "(no subcommand)"}`;
  if (call.command.dynamic) {
    const project = await projects.at(cwd);
    if (project.kind === "found" && project.guarded.length === 0) return [];
    if (project.kind === "none") return [];
    return [
      `${label}: the subcommand is only known when the shell runs, so the gate cannot tell whether it changes state`,
    ];
  }
  if (call.dirs === undefined) {
    const project = await projects.at(cwd);
    if (project.kind !== "found" || project.guarded.length === 0) return [];
    return [
      `${label}: a cd hides which Terraform directory it runs in; ${names(project.guarded)} requires a human approval`,
    ];
  }
  const reasons = await Promise.all(call.dirs.map((dir) => judgeEngineAt(call, dir, projects, env, label)));
  return reasons.filter((reason): reason is string => reason !== undefined);
}

function word(value: ShellWord | null | undefined): Candidate[] | undefined {
  if (value === null) return undefined;
  return [value === undefined || value.dynamic ? undefined : value.text];
}

/** The profiles the call may use: --profile, else AWS_PROFILE as set, else the hook's environment, else "default". */
async function profiles(call: AwsCall, env: Env): Promise<Candidate[]> {
  const given = word(call.command.profile);
  if (given !== undefined) return given;
  return candidates(call.profileVariable, async () => {
    if (call.credentials !== undefined || env.AWS_ACCESS_KEY_ID !== undefined) return [undefined];
    return [env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? "default"];
  });
}

export async function judgeAws(call: AwsCall, cwd: string, projects: Projects, env: Env): Promise<string[]> {
  if (!call.command.mutating) return [];
  const label = `aws ${call.command.operation}`;
  const reasons: string[] = [];
  for (const dir of call.dirs ?? [cwd]) {
    const project = await projects.at(dir);
    if (project.kind === "unreadable") {
      reasons.push(`${label}: cannot tell whether its profile belongs to a protected environment (${project.error})`);
      continue;
    }
    if (project.kind === "none" || project.guarded.length === 0) continue;
    for (const profile of await profiles(call, env)) {
      if (profile === undefined) {
        reasons.push(
          `${label}: its credentials are only known when it runs; ${names(project.guarded)} requires a human approval`,
        );
        continue;
      }
      const owners = project.guarded.filter(
        (environment) =>
          environment.profile === profile ||
          environment.discoverProfile === profile ||
          (environment.profile === undefined && profile === "default"),
      );
      if (owners.length > 0)
        reasons.push(
          `${label} changes AWS resources with the profile "${profile}" of ${names(owners)}, which requires a human approval`,
        );
    }
  }
  return reasons;
}
