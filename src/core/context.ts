// The context every layer receives instead of importing globals: where we run, the environment
// variables, the IoHost, the clock, the handler registry, and (once a project is open) its config and paths.
import { userInfo } from "node:os";
import { join } from "node:path";
import type { HandlerRegistry } from "./config/handler-config.js";
import type { ConfigLocation } from "./config/load.js";
import type { ResolvedEnvironment } from "./config/resolve.js";
import type { DevopsConfig } from "./config/schema.js";
import { type Interrupts, noInterrupts } from "./interrupt.js";
import type { IoHost } from "./io.js";
import { durationOf } from "./timeframe.js";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The person's own trust settings, outside every project and every environment variable: a caller
 * that can pass --config, --project-dir or a changed HOME cannot move them (DESIGN §5).
 */
export interface TrustPaths {
  /** Who may approve protected changes (allowed-signers files); the first that exists is the one used. */
  approvers: readonly string[];
  /** The person's devops state outside any project: protected targets, used approvals. */
  stateDir: string;
  /** The person's approval settings: which key signs their approvals. */
  settingsFile: string;
}

/** The trust paths of the account running the process, from the password database (not $HOME). */
export function personalTrust(): TrustPaths {
  const home = userInfo().homedir;
  return {
    approvers: ["/etc/devops/approvers", join(home, ".config", "devops", "approvers")],
    stateDir: join(home, ".local", "state", "devops"),
    settingsFile: join(home, ".config", "devops", "approval.json"),
  };
}

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
  /** Where approvers, protected targets and used approvals are kept. */
  trust: TrustPaths;
  /** Signals the process received, for engine runs to stop their child in order. */
  interrupts: Interrupts;
  /** Limits of the engine runs of this command (--timeout); unset, the engine's config decides. */
  runLimits?: RunLimits;
}

export interface RunLimits {
  /** How long the whole command may keep engines running before they are interrupted. */
  timeoutMs?: number;
  /** When that budget started, epoch ms. */
  startedAtMs?: number;
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
  /**
   * Resolves a word ("Production", "live") to a configured environment, or throws ENV_UNKNOWN; for a
   * stack (stacks[].name) when given, else the first stack in apply order.
   */
  environment(word: string, stack?: string): ResolvedEnvironment;
}

export function createContext(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  io: IoHost;
  clock?: Clock;
  configPath?: string;
  verbose?: boolean;
  handlers?: HandlerRegistry;
  trust?: TrustPaths;
  interrupts?: Interrupts;
}): Context {
  return {
    cwd: options.cwd,
    env: options.env,
    io: options.io,
    clock: options.clock ?? systemClock,
    verbose: options.verbose ?? false,
    trust: options.trust ?? personalTrust(),
    interrupts: options.interrupts ?? noInterrupts,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
    ...(options.handlers === undefined ? {} : { handlers: options.handlers }),
  };
}

/** The limits a command's --timeout (a duration already checked by its flag schema) sets, from now. */
export function runLimits(timeout: string | undefined): { runLimits?: RunLimits } {
  const timeoutMs = timeout === undefined ? undefined : durationOf(timeout);
  return timeoutMs === undefined ? {} : { runLimits: { timeoutMs, startedAtMs: Date.now() } };
}
