// The seam between the config loader and the provider handlers. Core owns the shared part of
// devops.json; each registered handler owns `handlers.<kind>.<id>`: its strict schema, its part of a
// resolved environment, and the rules about it. The handlers layer passes them in (core never imports it).
import type { z } from "zod";
import type { ConfigIssue } from "./issues.js";
import type { DevopsConfig, EnvironmentConfig, StackConfig } from "./schema.js";

/** What the active hosting handler resolves for one environment: where and as whom it runs. */
export interface ResolvedHosting {
  region: string;
  accountId?: string;
  profile?: string;
  discoverProfile?: string;
  endpoint?: string;
}

/**
 * What the active IaC handler resolves for one environment. Every engine has a code directory and
 * may use workspaces; the other settings belong to the engine and only it reads them.
 */
export interface ResolvedIac {
  /** Absolute path of the infrastructure code. */
  directory: string;
  workspace?: string;
  readonly [setting: string]: unknown;
}

export interface ResolvedEnvironment extends ResolvedHosting {
  name: string;
  prodLike: boolean;
  protected: boolean;
  requireConfirmation: boolean;
  /** Effective auto-approval: always false where confirmation is required. */
  autoApprove: boolean;
  costThreshold?: number;
  /** After a deploy fails for a missing deploy permission: grant it (scoped) and retry once. */
  autoFixPermissions: boolean;
  /** The deploy identity's customer-managed policy (name or ARN) that permission grants extend. */
  deployPolicy: string;
  /** The stack resolved (stacks[].name); absent for a project without stacks. */
  stack?: string;
  iac: ResolvedIac;
}

export interface ConfigCheck {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** One environment as a handler sees it while resolving its settings. */
export interface EnvironmentScope {
  name: string;
  /** The project root, for relative paths. */
  root: string;
  /** `environments.<name>`: the per-environment overrides (profile, endpoint, workspace, var_file, …). */
  settings: EnvironmentConfig;
  prodLike: boolean;
  requireConfirmation: boolean;
  /** The stack being resolved: its directory, var files and backend settings replace the engine block's. */
  stack?: StackConfig;
  /** Substitutes the project's {placeholders}; a failure is a UserError naming `field`. */
  substitute(field: string, template: string): string;
}

/** A state the module already has, found by reading the module directory (no engine run). */
export interface FoundState {
  /** The workspace it belongs to ("default" for the module's own state file). */
  workspace: string;
  /** Absolute path of the state file. */
  path: string;
  /** Managed resources recorded in it. */
  resources: number;
}

/** What an existing root module already declares and holds, read before a config is written for it. */
export interface ModuleInspection {
  /** Absolute path of the module. */
  directory: string;
  exists: boolean;
  /** The directory holds engine code (at least one .tf or .tf.json file). */
  hasCode: boolean;
  /** The backend the code declares, with the settings written in it (literal values only). */
  backend?: { type: string; settings: Record<string, string | number | boolean> };
  /** Local state files: the module's own and each workspace's under terraform.tfstate.d. */
  states: FoundState[];
  /** The workspace the module's last init selected (.terraform/environment), when one is recorded. */
  selectedWorkspace?: string;
  /** Variable files in the module, relative to it. */
  varFiles: string[];
}

/** What `devops init` knows when it writes a new config. */
export interface InitialSettings {
  project: string;
  region: string;
  /** Environments target a local emulator instead of real accounts. */
  sandbox: boolean;
  /** The names of the environments the new config defines. */
  environments: readonly string[];
  /** The infrastructure code's directory, relative to the project root, when one was given or asked. */
  directory?: string;
  /** The profile each environment deploys with (and "discover"), when given or asked. */
  profiles?: Readonly<Record<string, string>>;
  /** The module as found, and the environment that takes over its existing state (init --adopt). */
  module?: ModuleInspection;
  adopt?: string;
}

/** What a machine check may look at: the environment variables and the working directory. */
export interface MachineView {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** A handler's configuration: loaded eagerly (small), unlike the handler itself. */
export interface HandlerConfig<Resolved, Block = unknown> {
  readonly id: string;
  /** `handlers.<kind>.<id>`, strict. */
  readonly schema: z.ZodType<Block>;
  /** This handler's part of one environment; `block` is absent when the config has none. */
  resolve(block: Block | undefined, scope: EnvironmentScope): Resolved;
  /** Rules over the block and every resolved environment together (active handler only). */
  check(block: Block | undefined, environments: readonly ResolvedEnvironment[], config: DevopsConfig): ConfigCheck;
  /** Rules for one resolved environment (active handler only), also what the handler's checkEnvironment runs. */
  checkEnvironment(env: ResolvedEnvironment): ConfigCheck;
  /**
   * Rules for one resolved environment against this machine (files, PATH, the shared credential
   * files): run by `config validate`, not on every command, since they read the disk.
   */
  checkMachine?(env: ResolvedEnvironment, machine: MachineView): Promise<ConfigCheck>;
  /** The block `devops init` writes when this handler is chosen. */
  initial(settings: InitialSettings): Record<string, unknown>;
  /** Hosting handlers: the profile names a person already has (shared config files), for init to offer. */
  knownProfiles?(env: Readonly<Record<string, string | undefined>>): Promise<string[]>;
  /** Settings `devops init` writes under `environments.<name>` (an adopted environment's workspace, var file). */
  initialEnvironment?(name: string, settings: InitialSettings): Record<string, unknown>;
}

/** A registered handler: its configuration now, its implementation when a command needs it. */
export interface RegisteredHandler<Resolved, Implementation> {
  readonly config: HandlerConfig<Resolved>;
  load(): Promise<Implementation>;
}

/**
 * The registered handlers per kind. Core reads only their configuration; the implementation types
 * are filled in by the handlers layer (src/handlers/registry.ts).
 */
export interface HandlerRegistry<Hosting = unknown, Iac = unknown> {
  readonly hosting: ReadonlyMap<string, RegisteredHandler<ResolvedHosting, Hosting>>;
  readonly iac: ReadonlyMap<string, RegisteredHandler<ResolvedIac, Iac>>;
}
