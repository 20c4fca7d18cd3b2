// The projects a gated command may touch: each directory's config, loaded once per decision, and the
// environments in it that require a human approval.
import { environmentNames } from "../../core/config/environments.js";
import { loadConfig, type LoadedConfig } from "../../core/config/load.js";
import { type ResolvedEnvironment, resolveEnvironment } from "../../core/config/resolve.js";
import type { Handlers } from "../../handlers/registry.js";

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A directory's project: none found, one that cannot be read, or its resolved environments. */
export type Project =
  | { kind: "none" }
  | { kind: "unreadable"; error: string }
  | { kind: "found"; loaded: LoadedConfig; environments: ResolvedEnvironment[]; guarded: ResolvedEnvironment[] };

export class Projects {
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();
  private readonly projects = new Map<string, Promise<Project>>();

  constructor(readonly handlers: Handlers) {}

  /** One loadConfig per (start directory, --config) pair within a decision. */
  load(startDir: string, configPath: string | undefined): Promise<LoadedConfig> {
    const key = `${startDir}\0${configPath ?? ""}`;
    let promise = this.loaded.get(key);
    if (promise === undefined) {
      promise = loadConfig(startDir, configPath, this.handlers);
      promise.catch(() => undefined);
      this.loaded.set(key, promise);
    }
    return promise;
  }

  /** The project found from `dir` upwards, with the environments that require a human approval. */
  at(dir: string): Promise<Project> {
    let project = this.projects.get(dir);
    if (project === undefined) {
      project = this.read(dir);
      this.projects.set(dir, project);
    }
    return project;
  }

  private async read(dir: string): Promise<Project> {
    let loaded: LoadedConfig;
    try {
      loaded = await this.load(dir, undefined);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return code === "CONFIG_NOT_FOUND" ? { kind: "none" } : { kind: "unreadable", error: messageOf(error) };
    }
    try {
      const environments = environmentNames(loaded.config).map((name) =>
        resolveEnvironment(loaded.config, loaded.location.root, name, this.handlers),
      );
      return { kind: "found", loaded, environments, guarded: environments.filter((env) => env.requireConfirmation) };
    } catch (error) {
      return { kind: "unreadable", error: messageOf(error) };
    }
  }
}

export function names(environments: readonly ResolvedEnvironment[]): string {
  return environments.map((env) => `"${env.name}"`).join(", ");
}

/**
 * Why code the gate cannot read must be asked about in these directories: a project there has
 * environments that require a human approval, or its config cannot be read. Undefined otherwise.
 */
export async function guardedAt(projects: Projects, dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const project = await projects.at(dir);
    if (project.kind === "unreadable")
      return `cannot tell whether this project has environments that require a human approval (${project.error})`;
    if (project.kind === "found" && project.guarded.length > 0)
      return `${names(project.guarded)} in this project ${project.guarded.length === 1 ? "requires" : "require"} a human approval`;
  }
  return undefined;
}
