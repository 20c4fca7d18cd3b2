// The configuration `devops init` writes: the documented structure, filled in for this project,
// or a sandbox whose environments target a local AWS emulator. The chosen handlers write their own blocks.
import type { HandlerRegistry, InitialSettings, ModuleInspection } from "./handler-config.js";
import type { DevopsConfigInput } from "./schema.js";

/** `.devops/.gitignore`: saved plans, state backups, run settings and locks never belong in git. */
export const STATE_GITIGNORE = [
  "# devops: local-only files (saved plans, state backups, run settings, locks)",
  "plans/",
  "backups/",
  "runs/",
  "*.lock",
  "*.lock.break-*",
  ".*.tmp",
  "",
].join("\n");

export const SANDBOX_ENDPOINT = "http://127.0.0.1:5000";
/** The account id the local AWS emulator (moto) reports by default. */
export const SANDBOX_ACCOUNT_ID = "123456789012";

export interface TemplateInput {
  project: string;
  subsystem: string;
  organization?: string;
  region: string;
  hosting: string;
  iac: string;
  sandbox: boolean;
  endpoint: string;
  /** What init found or was told about the code and the profiles (see InitialSettings). */
  directory?: string;
  profiles?: Readonly<Record<string, string>>;
  module?: ModuleInspection;
  adopt?: string;
}

/** The environments a new config defines. */
export const INITIAL_ENVIRONMENTS = ["test", "prod"] as const;

function handlerBlock(
  kind: "hosting" | "iac",
  id: string,
  registered: HandlerRegistry[typeof kind],
  settings: InitialSettings,
): DevopsConfigInput["handlers"][typeof kind] {
  const handler = registered.get(id)?.config;
  // init checks the ids against the registry before writing anything, so reaching this is a bug.
  if (handler === undefined) throw new Error(`no ${kind} handler "${id}" is registered`);
  return { active: id, [id]: handler.initial(settings) };
}

export function initialConfig(input: TemplateInput, registry: HandlerRegistry): DevopsConfigInput {
  const project = {
    name: input.project,
    subsystem: input.subsystem,
    ...(input.organization === undefined ? {} : { organization: input.organization }),
  };
  const settings: InitialSettings = {
    project: input.project,
    region: input.region,
    sandbox: input.sandbox,
    environments: INITIAL_ENVIRONMENTS,
    ...(input.directory === undefined ? {} : { directory: input.directory }),
    ...(input.profiles === undefined ? {} : { profiles: input.profiles }),
    ...(input.module === undefined ? {} : { module: input.module }),
    ...(input.adopt === undefined ? {} : { adopt: input.adopt }),
  };
  // What the chosen handlers add under environments.<name> (an adopted environment's workspace, var file).
  const own = (name: string) => ({
    ...registry.hosting.get(input.hosting)?.config.initialEnvironment?.(name, settings),
    ...registry.iac.get(input.iac)?.config.initialEnvironment?.(name, settings),
  });
  const handlers = {
    hosting: handlerBlock(
      "hosting",
      input.hosting,
      registry.hosting,
      settings,
    ) as DevopsConfigInput["handlers"]["hosting"],
    iac: handlerBlock("iac", input.iac, registry.iac, settings) as DevopsConfigInput["handlers"]["iac"],
  };
  const naming = { pattern: "{project}-{subsystem}-{environment}-{resource}", separator: "-" };
  if (input.sandbox) {
    const sandboxEnv = { endpoint: input.endpoint, account_id: SANDBOX_ACCOUNT_ID };
    return {
      version: "1.0",
      project,
      handlers,
      resource_naming: naming,
      environments: {
        test: {
          auto_approve: false,
          cost_threshold: 100,
          require_confirmation: false,
          ...sandboxEnv,
          description: "local AWS emulator",
          ...own("test"),
        },
        prod: {
          auto_approve: false,
          cost_threshold: 500,
          require_confirmation: true,
          ...sandboxEnv,
          description: "local AWS emulator, approvals as in production",
          ...own("prod"),
        },
      },
    };
  }
  return {
    version: "1.0",
    project,
    handlers,
    resource_naming: naming,
    environments: {
      test: { auto_approve: false, cost_threshold: 100, require_confirmation: false, ...own("test") },
      prod: { auto_approve: false, cost_threshold: 500, require_confirmation: true, ...own("prod") },
    },
  };
}
