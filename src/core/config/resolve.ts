// The semantic rules that a schema cannot express, and the resolved view of one environment that
// every command works from: its profile, account, region, endpoint, confirmation rule, and the
// substituted Terraform settings (directory, var file, workspace, backend) that isolate its state.
import { isAbsolute, resolve } from "node:path";
import { isDevopsError } from "../errors.js";
import { substitute, type PatternVars } from "../naming.js";
import { closest } from "../suggest.js";
import type { ConfigIssue } from "./issues.js";
import { environmentNames, isProdLike } from "./environments.js";
import type { DevopsConfig, EnvironmentConfig } from "./schema.js";

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

export interface ResolvedEnvironment {
  name: string;
  prodLike: boolean;
  protected: boolean;
  requireConfirmation: boolean;
  /** Effective auto-approval: always false where confirmation is required. */
  autoApprove: boolean;
  costThreshold?: number;
  region: string;
  accountId?: string;
  profile?: string;
  discoverProfile?: string;
  endpoint?: string;
  /** After a deploy fails for a missing deploy permission: grant it (scoped) and retry once. */
  autoFixPermissions: boolean;
  /** The deploy identity's customer-managed policy (name or ARN) that permission grants extend. */
  deployPolicy: string;
  iac: {
    binary: string;
    /** Absolute path of the Terraform root module. */
    directory: string;
    varFile: string;
    workspace?: string;
    backend?: ResolvedBackend;
  };
}

export interface KnownHandlers {
  hosting: readonly string[];
  iac: readonly string[];
}

export interface ConfigCheck {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const DISCOVER = "discover";

function patternVars(config: DevopsConfig, environment: string): PatternVars {
  return {
    project: config.project.name,
    environment,
    ...(config.project.subsystem === undefined ? {} : { subsystem: config.project.subsystem }),
    ...(config.project.organization === undefined ? {} : { organization: config.project.organization }),
  };
}

function envSettings(config: DevopsConfig, name: string): EnvironmentConfig {
  const settings = config.environments[name];
  if (settings === undefined) throw new Error(`environment ${name} is not configured`);
  return settings;
}

/** Resolves one configured environment. Throws a UserError when a template cannot be substituted. */
export function resolveEnvironment(config: DevopsConfig, root: string, name: string): ResolvedEnvironment {
  const env = envSettings(config, name);
  const aws = config.handlers.hosting.aws;
  const terraform = config.handlers.iac.terraform;
  const vars = patternVars(config, name);
  const at = (field: string, template: string) => substitute(template, vars, field);
  const prodLike = isProdLike(name);
  const isProtected = env.protected ?? false;
  const requireConfirmation = isProtected || (env.require_confirmation ?? prodLike);
  const backend = terraform?.backend;
  const workspaceTemplate = env.workspace ?? terraform?.workspace ?? "{environment}";
  const directoryTemplate = terraform?.directory ?? "./infrastructure/terraform";
  const directory = at("handlers.iac.terraform.directory", directoryTemplate);
  const profile = env.profile ?? aws?.profiles[name];
  const accountId = env.account_id ?? aws?.account_id;
  const endpoint = env.endpoint ?? aws?.endpoint;
  const discoverProfile = aws?.profiles[DISCOVER];

  return {
    name,
    prodLike,
    protected: isProtected,
    requireConfirmation,
    autoApprove: requireConfirmation ? false : env.auto_approve,
    ...(env.cost_threshold === undefined ? {} : { costThreshold: env.cost_threshold }),
    region: env.region ?? aws?.region ?? "us-east-1",
    ...(accountId === undefined ? {} : { accountId }),
    ...(profile === undefined ? {} : { profile }),
    ...(discoverProfile === undefined ? {} : { discoverProfile }),
    ...(endpoint === undefined ? {} : { endpoint }),
    autoFixPermissions: env.auto_fix_permissions,
    deployPolicy:
      env.deploy_policy ??
      [config.project.name, config.project.subsystem, name, "deploy"].filter((part) => part !== undefined).join("-"),
    iac: {
      binary: terraform?.binary ?? "terraform",
      directory: isAbsolute(directory) ? directory : resolve(root, directory),
      varFile:
        env.var_file !== undefined
          ? at(`environments.${name}.var_file`, env.var_file)
          : at("handlers.iac.terraform.var_file_pattern", terraform?.var_file_pattern ?? "{environment}.tfvars"),
      ...(workspaceTemplate === false
        ? {}
        : {
            workspace: at(
              env.workspace !== undefined ? `environments.${name}.workspace` : "handlers.iac.terraform.workspace",
              workspaceTemplate,
            ),
          }),
      ...(backend === undefined
        ? {}
        : {
            backend: {
              type: backend.type,
              ...(backend.bucket === undefined
                ? {}
                : { bucket: at("handlers.iac.terraform.backend.bucket", backend.bucket) }),
              ...(backend.key === undefined ? {} : { key: at("handlers.iac.terraform.backend.key", backend.key) }),
              ...(backend.path === undefined ? {} : { path: at("handlers.iac.terraform.backend.path", backend.path) }),
              ...(backend.region === undefined ? {} : { region: backend.region }),
              ...(backend.dynamodb_table === undefined ? {} : { dynamodbTable: backend.dynamodb_table }),
              ...(backend.use_lockfile === undefined ? {} : { useLockfile: backend.use_lockfile }),
              ...(backend.encrypt === undefined ? {} : { encrypt: backend.encrypt }),
            },
          }),
    },
  };
}

/** Where an environment's state lives; two environments with the same address share state. */
function stateAddress(env: ResolvedEnvironment): string {
  const backend = env.iac.backend;
  const location =
    backend === undefined
      ? "local:terraform.tfstate"
      : `${backend.type}:${backend.bucket ?? ""}/${backend.key ?? backend.path ?? ""}`;
  return `${env.iac.directory}|${location}|workspace=${env.iac.workspace ?? "default"}`;
}

function checkHandlers(config: DevopsConfig, known: KnownHandlers, errors: ConfigIssue[]): void {
  const pairs = [
    ["handlers.hosting.active", config.handlers.hosting.active, known.hosting],
    ["handlers.iac.active", config.handlers.iac.active, known.iac],
  ] as const;
  for (const [path, id, ids] of pairs) {
    if (ids.includes(id)) continue;
    const guess = closest(id, ids);
    errors.push({
      path,
      message: `${path} "${id}" is not a known handler; valid ids: ${ids.join(", ")}`,
      suggestion: guess !== undefined ? `did you mean "${guess}"?` : `set ${path} to one of: ${ids.join(", ")}`,
    });
  }
}

function checkEnvironment(
  config: DevopsConfig,
  env: ResolvedEnvironment,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
  const path = `environments.${env.name}`;
  const settings = envSettings(config, env.name);
  if (env.name === DISCOVER) {
    errors.push({
      path,
      message: `"${DISCOVER}" names the IAM-granting profile and cannot be an environment`,
      suggestion: "rename the environment",
    });
  }
  if (env.profile === undefined && env.endpoint === undefined) {
    errors.push({
      path: `handlers.hosting.aws.profiles.${env.name}`,
      message: `environment "${env.name}" has no AWS profile`,
      suggestion: `set handlers.hosting.aws.profiles.${env.name} (or ${path}.profile) to the AWS CLI profile that deploys it`,
    });
  }
  if (env.profile !== undefined && env.profile === env.discoverProfile) {
    errors.push({
      path: `handlers.hosting.aws.profiles.${env.name}`,
      message: `environment "${env.name}" uses the discover profile "${env.profile}"; the IAM-granting profile never deploys`,
      suggestion: "give the environment its own deploy profile",
    });
  }
  if (settings.auto_approve && env.requireConfirmation) {
    warnings.push({
      path: `${path}.auto_approve`,
      message: `${path}.auto_approve is ignored: "${env.name}" requires confirmation`,
    });
  }
  if (env.prodLike && settings.require_confirmation === false && !env.protected) {
    warnings.push({
      path: `${path}.require_confirmation`,
      message: `"${env.name}" looks like production but require_confirmation is false; changes will apply without a human approval`,
    });
  }
}

/** Runs every semantic rule; substitution failures are reported as errors, not thrown. */
export function checkConfig(config: DevopsConfig, root: string, known: KnownHandlers): ConfigCheck {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  checkHandlers(config, known, errors);

  const names = environmentNames(config);
  if (names.length === 0) {
    errors.push({
      path: "environments",
      message: "no environments are configured",
      suggestion: 'add at least "test" under "environments"',
    });
  }
  const resolved: ResolvedEnvironment[] = [];
  for (const name of names) {
    try {
      const env = resolveEnvironment(config, root, name);
      resolved.push(env);
      checkEnvironment(config, env, errors, warnings);
      substitute(
        config.resource_naming.pattern,
        { ...patternVars(config, name), resource: "example" },
        "resource_naming.pattern",
      );
    } catch (error) {
      if (!isDevopsError(error)) throw error;
      const issue = { path: String(error.details?.field ?? `environments.${name}`), message: error.message };
      errors.push(error.suggestion === undefined ? issue : { ...issue, suggestion: error.suggestion });
    }
  }

  const owners = new Map<string, string>();
  for (const env of resolved) {
    const address = stateAddress(env);
    const other = owners.get(address);
    if (other === undefined) {
      owners.set(address, env.name);
      continue;
    }
    errors.push({
      path: "handlers.iac.terraform",
      message: `environments "${other}" and "${env.name}" would share one Terraform state (${address.split("|").slice(1).join(", ")})`,
      suggestion:
        'keep handlers.iac.terraform.workspace as "{environment}" (the default), or put {environment} in the backend key',
    });
  }

  for (const [alias, target] of Object.entries(config.environment_aliases)) {
    if (!names.includes(target)) {
      errors.push({
        path: `environment_aliases.${alias}`,
        message: `alias "${alias}" points to unknown environment "${target}"`,
        suggestion: `use one of ${names.join(", ")}`,
      });
    }
  }
  for (const profileKey of Object.keys(config.handlers.hosting.aws?.profiles ?? {})) {
    if (profileKey !== DISCOVER && !names.includes(profileKey)) {
      warnings.push({
        path: `handlers.hosting.aws.profiles.${profileKey}`,
        message: `profile for "${profileKey}" is set but no such environment is configured`,
      });
    }
  }
  return { errors, warnings };
}
