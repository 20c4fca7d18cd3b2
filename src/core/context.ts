// The context every layer receives instead of importing globals: where we run, the environment
// variables, the IoHost, the clock, the handler registry, and (once a project is open) its config and paths.
import { join } from "node:path";
import type { HandlerRegistry } from "./config/handler-config.js";
import type { ConfigLocation } from "./config/load.js";
import type { ResolvedEnvironment } from "./config/resolve.js";
import type { DevopsConfig } from "./config/schema.js";
import type { IoHost } from "./io.js";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Context {
  /** The directory the command works from (--project-dir or the process's working directory). */
  cwd: string;
  /** A snapshot of the environment variables; the only place code may read them. */
  env: Readonly<Record<string, string | undefined>>;
  io: IoHost;
  clock: Clock;
  /** --config, when given. */
  configPath?: string;
  verbose: boolean;
  /** The handlers to use instead of the registered ones (src/handlers/registry.ts); tests inject them. */
  handlers?: HandlerRegistry;
}

export interface ProjectPaths {
  root: string;
  /** `.devops/` under the project root: every record the tool writes lives here. */
  stateDir: string;
  deployments(environment: string): string;
}

export function projectPaths(root: string): ProjectPaths {
  const stateDir = join(root, ".devops");
  return {
    root,
    stateDir,
    deployments: (environment) => join(stateDir, "deployments", environment),
  };
}

export interface ProjectContext extends Context {
  location: ConfigLocation;
  config: DevopsConfig;
  paths: ProjectPaths;
  /** Resolves a word ("Production", "live") to a configured environment, or throws ENV_UNKNOWN. */
  environment(word: string): ResolvedEnvironment;
}

export function createContext(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  io: IoHost;
  clock?: Clock;
  configPath?: string;
  verbose?: boolean;
  handlers?: HandlerRegistry;
}): Context {
  return {
    cwd: options.cwd,
    env: options.env,
    io: options.io,
    clock: options.clock ?? systemClock,
    verbose: options.verbose ?? false,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
    ...(options.handlers === undefined ? {} : { handlers: options.handlers }),
  };
}
