// The Terraform handler's configuration: the `handlers.iac.terraform` block, the settings it
// resolves for an environment (binary, directory, var file, workspace, backend), and its rules.
// Loaded eagerly by the registry, so it must stay free of the runner and of the handler itself.
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import * as z from "zod";
import { InternalError, UserError } from "../../../core/errors.js";
import type {
  ConfigCheck,
  HandlerConfig,
  InitialSettings,
  ModuleInspection,
  ResolvedEnvironment,
  ResolvedIac,
} from "../../../core/config/handler-config.js";
import { borrowedStateWarnings, type StateSetting } from "../../../core/config/borrowed-state.js";
import { AwsRegion } from "../../../core/config/schema.js";
import { Duration, durationOf } from "../../../core/timeframe.js";
import { BACKEND_OVERRIDE_FILE, declaredBackend } from "./inspect.js";
import { SANDBOX_OVERRIDE_FILE } from "./sandbox-override.js";
import type { VarFileSetting } from "./var-files.js";

export const BackendConfig = z
  .object({
    type: z.enum(["s3", "local", "gcs", "azurerm", "remote", "http", "pg", "consul"]).default("s3"),
    bucket: z.string().min(1).optional().describe("S3 bucket; {placeholders} allowed"),
    key: z.string().min(1).optional().describe("state object key; {placeholders} allowed"),
    region: AwsRegion.optional(),
    dynamodb_table: z.string().min(1).optional().describe("legacy DynamoDB lock table"),
    use_lockfile: z.boolean().optional().describe("S3-native state locking (Terraform ≥ 1.10)"),
    encrypt: z.boolean().optional(),
    path: z.string().min(1).optional().describe("local backend: state file path; {placeholders} allowed"),
  })
  .strict();
export type BackendConfig = z.infer<typeof BackendConfig>;

export const TerraformConfig = z
  .object({
    directory: z.string().min(1).default("./infrastructure/terraform"),
    var_file_pattern: z
      .string()
      .min(1)
      .default("{environment}.tfvars")
      .describe("the environment's var file when environments.<name>.var_file is unset; used only if it exists"),
    var_files: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'var files every environment uses, applied before the environment\'s own (e.g. ["common.tfvars"]); {placeholders} allowed; each must exist',
      ),
    binary: z.string().min(1).default("terraform").describe('"terraform", "tofu", or a path to either binary'),
    workspace: z
      .union([z.string().min(1), z.literal(false)])
      .default("{environment}")
      .describe(
        "workspace per environment; false turns workspaces off (then the backend key must contain {environment})",
      ),
    backend: BackendConfig.optional(),
    backend_source: z
      .enum(["code", "config"])
      .optional()
      .describe(
        'which backend settings win when the code\'s backend block and handlers.iac.terraform.backend disagree (type, bucket, key, region, path, …): "code" uses the code\'s block as written, "config" overrides it with these settings; unset, every command stops with BACKEND_SETTINGS_DIFFER naming both values',
      ),
    provider_mirror: z
      .string()
      .min(1)
      .optional()
      .describe(
        "a local provider mirror directory (terraform providers mirror): devops runs install every provider from it",
      ),
    plugin_cache_dir: z
      .string()
      .min(1)
      .optional()
      .describe("a provider plugin cache directory shared by devops runs (TF_PLUGIN_CACHE_DIR)"),
    run_timeout: Duration.optional().describe(
      'how long a deploy, teardown or preview may keep the engine running before it is interrupted (e.g. "45m"); --timeout overrides it; unset: 2h for an apply, 30m for a plan',
    ),
    stall_warning: Duration.default("5m").describe(
      "warn when the engine has written nothing for this long (it may be stuck on a resource)",
    ),
    interrupt_grace: Duration.default("60s").describe(
      "after an interrupt (Ctrl-C, SIGTERM, a timeout), how long the engine gets to stop and release its state lock before it is killed",
    ),
  })
  .strict();
export type TerraformConfig = z.infer<typeof TerraformConfig>;

export interface ResolvedBackend {
  type: string;
  bucket?: string;
  key?: string;
  region?: string;
  path?: string;
  dynamodbTable?: string;
  useLockfile?: boolean;
  encrypt?: boolean;
}

/** What the engine runs with for one environment; substituted and absolute. */
export type TerraformSettings = {
  binary: string;
  /** Absolute path of the Terraform root module. */
  directory: string;
  /** The environment's own var file (the last of its list), relative to the directory. */
  varFile: string;
  /** Every var file in the order the engine reads them: the common ones, then the environment's. */
  varFiles: VarFileSetting[];
  workspace?: string;
  backend?: ResolvedBackend;
  /** Which side wins when the code's backend block and the config's backend disagree; unset: neither, stop. */
  backendSource?: "code" | "config";
  /** Absolute path of the provider mirror devops runs install from. */
  providerMirror?: string;
  /** Absolute path of the provider plugin cache of devops runs. */
  pluginCacheDir?: string;
  /** run_timeout, stall_warning and interrupt_grace in milliseconds (unset: the runner's defaults). */
  runTimeoutMs?: number;
  stallWarningMs?: number;
  interruptGraceMs?: number;
};

const ENGINES = ["terraform", "tofu"];

/** The backend fields devops.json can hold, and the type each takes in the code. */
const BACKEND_FIELDS = {
  bucket: "string",
  key: "string",
  region: "string",
  path: "string",
  dynamodb_table: "string",
  use_lockfile: "boolean",
  encrypt: "boolean",
} as const;

/**
 * The backend a new config gets: the code's own when it declares one (same type and literal settings,
 * so nothing is redirected), local state when an adopted module has none, otherwise the template's.
 */
function initialBackend(settings: InitialSettings): Record<string, unknown> {
  const declared = settings.module?.backend;
  if (declared !== undefined && BackendConfig.shape.type.unwrap().safeParse(declared.type).success) {
    const fields = Object.entries(BACKEND_FIELDS).filter(
      ([field, kind]) =>
        typeof declared.settings[field] === kind &&
        (field !== "region" || AwsRegion.safeParse(declared.settings[field]).success),
    );
    return { type: declared.type, ...Object.fromEntries(fields.map(([field]) => [field, declared.settings[field]])) };
  }
  if (settings.sandbox || (settings.adopt !== undefined && settings.module?.exists === true)) return { type: "local" };
  return { type: "s3", bucket: "{project}-terraform-state", key: "{subsystem}/terraform.tfstate", use_lockfile: true };
}

/** The workspace holding a module's existing state: the one its last init selected, else the fullest. */
function adoptedWorkspace(module: ModuleInspection): string {
  const selected = module.selectedWorkspace;
  if (selected !== undefined && (module.states.length === 0 || module.states.some((s) => s.workspace === selected)))
    return selected;
  const fullest = [...module.states].sort((a, b) => b.resources - a.resources)[0];
  return fullest?.workspace ?? "default";
}

/** An adopted environment: the existing workspace (default included) and the var file that names it. */
function adoptedEnvironment(name: string, module: ModuleInspection): Record<string, unknown> {
  const workspace = adoptedWorkspace(module);
  const named = (word: string) =>
    module.varFiles.find((file) => file === `${word}.tfvars`) ??
    module.varFiles.find((file) => !file.includes(".auto.") && file.split(/[^A-Za-z0-9]+/).includes(word));
  const varFile = named(name) ?? (workspace === "default" ? undefined : named(workspace));
  return {
    workspace,
    ...(varFile === undefined || varFile === `${name}.tfvars` ? {} : { var_file: varFile }),
  };
}

/** The Terraform settings of an environment, when Terraform is the engine that resolved it. */
export function terraformSettingsOf(env: Pick<ResolvedEnvironment, "iac">): TerraformSettings | undefined {
  const { binary, varFile } = env.iac;
  // Only this handler's resolve puts a binary and a var file beside the directory.
  return typeof binary === "string" && typeof varFile === "string" ? (env.iac as TerraformSettings) : undefined;
}

/** The Terraform settings of an environment resolved with this handler active. */
export function terraformSettings(env: Pick<ResolvedEnvironment, "name" | "iac">): TerraformSettings {
  const settings = terraformSettingsOf(env);
  if (settings === undefined) {
    throw new InternalError(`environment "${env.name}" was not resolved by the terraform handler`);
  }
  return settings;
}

function resolveBackend(backend: BackendConfig, at: (field: string, template: string) => string): ResolvedBackend {
  return {
    type: backend.type,
    ...(backend.bucket === undefined ? {} : { bucket: at("handlers.iac.terraform.backend.bucket", backend.bucket) }),
    ...(backend.key === undefined ? {} : { key: at("handlers.iac.terraform.backend.key", backend.key) }),
    ...(backend.path === undefined ? {} : { path: at("handlers.iac.terraform.backend.path", backend.path) }),
    ...(backend.region === undefined ? {} : { region: backend.region }),
    ...(backend.dynamodb_table === undefined ? {} : { dynamodbTable: backend.dynamodb_table }),
    ...(backend.use_lockfile === undefined ? {} : { useLockfile: backend.use_lockfile }),
    ...(backend.encrypt === undefined ? {} : { encrypt: backend.encrypt }),
  };
}

/**
 * The common var files, then the environment's: its own list or file, else the pattern's file. Later
 * files win, as with Terraform's repeated -var-file.
 */
function resolveVarFiles(
  block: TerraformConfig | undefined,
  environment: string,
  own: string | readonly string[] | undefined,
  at: (field: string, template: string) => string,
  ownSetting = `environments.${environment}.var_file`,
): VarFileSetting[] {
  const common = (block?.var_files ?? []).map((template, index) => {
    const setting = `handlers.iac.terraform.var_files[${index}]`;
    return { file: at(setting, template), setting, required: true };
  });
  if (own === undefined) {
    const setting = "handlers.iac.terraform.var_file_pattern";
    const pattern = block?.var_file_pattern ?? "{environment}.tfvars";
    return [...common, { file: at(setting, pattern), setting, required: false }];
  }
  const list = typeof own === "string" ? [own] : own;
  return [
    ...common,
    ...list.map((template, index) => {
      const setting = typeof own === "string" ? ownSetting : `${ownSetting}[${index}]`;
      return { file: at(setting, template), setting, required: true };
    }),
  ];
}

/**
 * A stack's backend: its own settings over the engine block's (a stack usually changes only the key).
 * The stack's settings are checked with the same schema, so a mistyped field stops the config.
 */
function stackBackend(
  base: BackendConfig | undefined,
  own: Record<string, unknown> | undefined,
  stack: string | undefined,
): BackendConfig | undefined {
  if (own === undefined) return base;
  const parsed = BackendConfig.partial().safeParse(own);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      "CONFIG_INVALID",
      `stacks[${stack}].backend: ${issue?.path.join(".") || "a field"} ${issue?.message ?? "is invalid"}`,
      {
        suggestion: `use the fields of handlers.iac.terraform.backend (${Object.keys(BackendConfig.shape).join(", ")})`,
        details: { field: `stacks[${stack}].backend` },
      },
    );
  }
  // Only the fields the stack writes: the schema's defaults (type s3) must not replace the engine block's.
  const written = Object.fromEntries(Object.entries(parsed.data).filter(([field]) => field in own));
  const merged = { ...(base ?? {}), ...written };
  return BackendConfig.parse(merged);
}

const MAX_LINKS = 40;

/**
 * A path with every symbolic link on it followed, as far as it exists (the rest is kept as written),
 * so two names for one file compare equal. A dangling link is followed to where it points.
 */
function realLocation(path: string, depth = 0): string {
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    const stat = lstatOf(existing);
    if (stat?.isSymbolicLink() === true && depth < MAX_LINKS) {
      const target = resolve(dirname(existing), readlinkSync(existing));
      return realLocation(join(target, ...missing), depth + 1);
    }
    if (stat !== undefined) return join(realpathSync(existing), ...missing);
    const parent = dirname(existing);
    if (parent === existing) return path;
    missing.unshift(basename(existing));
    existing = parent;
  }
}

function lstatOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Where an environment's state lives, after following links: a local state file (the module's own,
 * or a workspace's under terraform.tfstate.d), or a remote backend's object and workspace. Two
 * environments with the same address share one state, whatever names the config gives them.
 */
function stateAddress(settings: TerraformSettings): string {
  const { directory } = settings;
  const backend = settings.backendSource === "code" ? (codeBackend(directory) ?? settings.backend) : settings.backend;
  const workspace = settings.workspace ?? "default";
  if (backend === undefined || backend.type === "local") {
    const file =
      workspace !== "default"
        ? join(directory, "terraform.tfstate.d", workspace, "terraform.tfstate")
        : resolve(directory, backend?.path ?? "terraform.tfstate");
    return `local state ${realLocation(file)}`;
  }
  return `${backend.type} state ${backend.bucket ?? ""}/${backend.key ?? backend.path ?? ""}, workspace ${workspace}`;
}

/**
 * The backend the code declares, read now: where the code wins, the state is where the code says, and
 * the protection and isolation rules must compare that place, not the config's.
 */
function codeBackend(directory: string): ResolvedBackend | undefined {
  let sources = "";
  try {
    const files = readdirSync(directory).filter(
      (name) => name.endsWith(".tf") && name !== SANDBOX_OVERRIDE_FILE && name !== BACKEND_OVERRIDE_FILE,
    );
    sources = files.map((file) => readFileSync(join(directory, file), "utf8")).join("\n");
  } catch {
    return undefined;
  }
  const declared = declaredBackend(sources);
  if (declared === undefined) return undefined;
  const text = (field: string) =>
    typeof declared.settings[field] === "string" ? (declared.settings[field] as string) : undefined;
  const bucket = text("bucket");
  const key = text("key");
  const path = text("path");
  return {
    type: declared.type,
    ...(bucket === undefined ? {} : { bucket }),
    ...(key === undefined ? {} : { key }),
    ...(path === undefined ? {} : { path }),
  };
}

/** The state location of an environment resolved by this handler (IacHandler.stateLocation). */
export function terraformStateLocation(env: Pick<ResolvedEnvironment, "name" | "iac">): string {
  return stateAddress(terraformSettings(env));
}

/** The settings that name an environment's state or inputs, for the borrowed-state rule. */
function stateSettings(env: ResolvedEnvironment): StateSetting[] {
  const { workspace, varFile, backend } = terraformSettings(env);
  return [
    ...(workspace === undefined ? [] : [{ label: "workspace", value: workspace }]),
    { label: "var file", value: varFile },
    ...(backend?.key === undefined ? [] : [{ label: "backend key", value: backend.key }]),
    ...(backend?.path === undefined ? [] : [{ label: "backend path", value: backend.path }]),
  ];
}

/** Engine rules for one resolved environment: the binary and the backend. */
export function checkTerraformEnvironment(env: ResolvedEnvironment): ConfigCheck {
  const checks: ConfigCheck = { errors: [], warnings: [] };
  const { binary, backend } = terraformSettings(env);
  const isPath = binary.includes("/");
  if (!isPath && !ENGINES.includes(binary)) {
    checks.errors.push({
      path: "handlers.iac.terraform.binary",
      message: `handlers.iac.terraform.binary "${binary}" is neither terraform nor tofu`,
      suggestion: 'use "terraform", "tofu", or a path to one of them',
    });
  }
  if (isPath && !ENGINES.some((engine) => basename(binary).startsWith(engine))) {
    checks.warnings.push({
      path: "handlers.iac.terraform.binary",
      message: `"${binary}" does not look like a terraform or tofu binary`,
    });
  }
  if (backend?.type === "s3") {
    for (const field of ["bucket", "key"] as const) {
      if (backend[field] === undefined) {
        checks.errors.push({
          path: `handlers.iac.terraform.backend.${field}`,
          message: `the s3 backend needs handlers.iac.terraform.backend.${field}`,
          suggestion: field === "bucket" ? 'e.g. "{project}-terraform-state"' : 'e.g. "{subsystem}/terraform.tfstate"',
        });
      }
    }
  }
  if (backend !== undefined && !["s3", "local"].includes(backend.type)) {
    checks.warnings.push({
      path: "handlers.iac.terraform.backend.type",
      message: `backend type "${backend.type}" is passed to the engine as-is; only s3 and local are checked by devops`,
    });
  }
  return checks;
}

function durations(block: TerraformConfig | undefined): Partial<TerraformSettings> {
  const ms = (text: string | undefined) => (text === undefined ? undefined : durationOf(text));
  const runTimeoutMs = ms(block?.run_timeout);
  const stallWarningMs = ms(block?.stall_warning);
  const interruptGraceMs = ms(block?.interrupt_grace);
  return {
    ...(runTimeoutMs === undefined ? {} : { runTimeoutMs }),
    ...(stallWarningMs === undefined ? {} : { stallWarningMs }),
    ...(interruptGraceMs === undefined ? {} : { interruptGraceMs }),
  };
}

export const terraformConfig = {
  id: "terraform",
  schema: TerraformConfig,

  resolve(block, scope): TerraformSettings {
    const env = scope.settings;
    const at = scope.substitute;
    const workspaceTemplate = env.workspace ?? block?.workspace ?? "{environment}";
    const stack = scope.stack;
    const directory =
      stack === undefined
        ? at("handlers.iac.terraform.directory", block?.directory ?? "./infrastructure/terraform")
        : at(`stacks[${stack.name}].directory`, stack.directory);
    const stackVarFiles = stack?.var_files?.[scope.name];
    const varFiles =
      stackVarFiles === undefined
        ? resolveVarFiles(block, scope.name, env.var_file, at)
        : resolveVarFiles(block, scope.name, stackVarFiles, at, `stacks[${stack?.name}].var_files.${scope.name}`);
    const backend = stackBackend(block?.backend, stack?.backend, stack?.name);
    return {
      binary: block?.binary ?? "terraform",
      directory: isAbsolute(directory) ? directory : resolve(scope.root, directory),
      varFile: varFiles.at(-1)?.file ?? "",
      varFiles,
      ...(workspaceTemplate === false
        ? {}
        : {
            workspace: at(
              env.workspace !== undefined ? `environments.${scope.name}.workspace` : "handlers.iac.terraform.workspace",
              workspaceTemplate,
            ),
          }),
      ...(backend === undefined ? {} : { backend: resolveBackend(backend, at) }),
      ...(block?.backend_source === undefined ? {} : { backendSource: block.backend_source }),
      ...(block?.provider_mirror === undefined ? {} : { providerMirror: resolve(scope.root, block.provider_mirror) }),
      ...(block?.plugin_cache_dir === undefined ? {} : { pluginCacheDir: resolve(scope.root, block.plugin_cache_dir) }),
      ...durations(block),
    };
  },

  check(_block, environments, config) {
    const { name, subsystem, organization } = config.project;
    const checks: ConfigCheck = {
      errors: [],
      warnings: borrowedStateWarnings(environments, stateSettings, [name, subsystem ?? "", organization ?? ""]),
    };
    const owners = new Map<string, string>();
    for (const env of environments) {
      const address = terraformStateLocation(env);
      const other = owners.get(address);
      // Stacks of one environment need their own states as much as environments do.
      const label = env.stack === undefined ? env.name : `${env.name}, stack ${env.stack}`;
      if (other === undefined) {
        owners.set(address, label);
        continue;
      }
      checks.errors.push({
        path: "handlers.iac.terraform",
        message: `environments "${other}" and "${label}" would share one Terraform state (${address}): a change to one would change the other`,
        suggestion:
          "give each environment its own state: keep handlers.iac.terraform.workspace as \"{environment}\" (the default) or put {environment} in the backend key, give each stack its own stacks[].backend key, and remove any link that makes one workspace's state folder point at another's",
      });
    }
    return checks;
  },

  checkEnvironment: checkTerraformEnvironment,

  async checkMachine(env, machine) {
    const { checkTerraformMachine } = await import("./machine-check.js");
    return checkTerraformMachine(terraformSettings(env), machine.env, machine.cwd);
  },

  initial(settings) {
    return {
      directory: settings.directory ?? "./infrastructure/terraform",
      var_file_pattern: "{environment}.tfvars",
      backend: initialBackend(settings),
    };
  },

  initialEnvironment(name, settings) {
    if (settings.adopt !== name || settings.module === undefined) return {};
    return adoptedEnvironment(name, settings.module);
  },
} satisfies HandlerConfig<ResolvedIac, TerraformConfig>;
