// Project setup: `devops init` and the `devops config` commands. Each function takes the context
// and typed input and returns a CommandResult; the CLI only renders it.
import { commandLine } from "../core/commands/command-line.js";
import { access, mkdir } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Context } from "../core/context.js";
import type { ModuleInspection } from "../core/handler-contract.js";
import { UserError } from "../core/errors.js";
import { info, warn } from "../core/io.js";
import { redactDeep } from "../core/redact.js";
import type { CommandResult } from "../core/result.js";
import { writeAtomic } from "../core/store.js";
import { devopsConfigJsonSchema } from "../core/config/compose.js";
import { CONFIG_DIR, CONFIG_FILE, invalidConfig, parseConfig } from "../core/config/load.js";
import type { ConfigIssue } from "../core/config/issues.js";
import { resolveEnvironment, type ResolvedEnvironment } from "../core/config/resolve.js";
import { AwsRegion, Slug, type DevopsConfig } from "../core/config/schema.js";
import { initialConfig, SANDBOX_ENDPOINT, STATE_GITIGNORE } from "../core/config/template.js";
import { handlersOf } from "../handlers/registry.js";
import { checkLoadedConfig, checkMachine, loadProjectConfig, openProject, projectOf } from "../skills/project.js";
import { protectedTargetIssues } from "../skills/protected-target.js";
import {
  askAdopt,
  askDirectory,
  checkAdoptEnvironment,
  askProfiles,
  inspectDirectory,
  parseProfiles,
} from "./setup-manager/init-module.js";

export type { TerraformSettings } from "../handlers/iac/terraform/config.js";

export interface InitInput {
  provider: string;
  iac: string;
  project?: string;
  subsystem?: string;
  organization?: string;
  region?: string;
  sandbox: boolean;
  endpoint?: string;
  directory?: string;
  adopt?: string;
  profiles?: string;
  force: boolean;
}

export interface InitData {
  path: string;
  sandbox: boolean;
  config: DevopsConfig;
  /** What init found in the Terraform directory. */
  module?: ModuleInspection;
  /** The environment configured to use the module's existing state. */
  adopted?: string;
}

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
  return slug === "" ? "my-project" : slug.slice(0, 63);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function checkHandlerId(flag: string, id: string, ids: readonly string[]): void {
  if (ids.includes(id)) return;
  throw new UserError("HANDLER_UNKNOWN", `${flag} "${id}" is not supported; valid values: ${ids.join(", ")}`, {
    suggestion: `use ${flag} ${ids[0]}`,
  });
}

async function ask(
  ctx: Context,
  question: string,
  given: string | undefined,
  fallback: string,
  optional = false,
): Promise<string | undefined> {
  if (given !== undefined || !ctx.io.interactive) return given ?? (optional ? undefined : fallback);
  const answer = await ctx.io.prompt(question, {
    default: fallback,
    validate: (text) =>
      (text === "" && optional) || Slug.safeParse(text).success
        ? undefined
        : "use lowercase letters, digits and hyphens, starting with a letter",
  });
  return answer === "" ? undefined : answer;
}

export async function initProject(ctx: Context, input: InitInput): Promise<CommandResult<InitData>> {
  const handlers = handlersOf(ctx);
  checkHandlerId("--provider", input.provider, [...handlers.hosting.keys()]);
  checkHandlerId("--iac", input.iac, [...handlers.iac.keys()]);
  const path = ctx.configPath === undefined ? join(ctx.cwd, CONFIG_DIR, CONFIG_FILE) : resolve(ctx.cwd, ctx.configPath);
  const existed = await exists(path);
  if (existed && !input.force) {
    throw new UserError("CONFIG_EXISTS", `${path} already exists; it was left unchanged`, {
      suggestion: `run ${commandLine("config validate")} to check it, or ${commandLine("init", { force: true })} to replace it`,
      details: { path },
    });
  }

  checkAdoptEnvironment(input.adopt);
  const given = parseProfiles(input.profiles);
  const project = (await ask(ctx, "Project name", input.project, slugify(basename(ctx.cwd)))) ?? "my-project";
  const subsystem = (await ask(ctx, "Subsystem", input.subsystem, "core")) ?? "core";
  const organization = await ask(ctx, "Organization (optional)", input.organization, "", true);
  const region =
    input.region ??
    (ctx.io.interactive
      ? await ctx.io.prompt("AWS region", {
          default: "us-east-1",
          validate: (text) => (AwsRegion.safeParse(text).success ? undefined : 'use an AWS region such as "us-east-1"'),
        })
      : "us-east-1");
  const root = dirname(path).endsWith(CONFIG_DIR) ? dirname(dirname(path)) : dirname(path);
  const directory = await askDirectory(ctx, root, input.directory);
  const module = await inspectDirectory(ctx, handlers, input.iac, root, directory);
  const adopt = await askAdopt(ctx, module, input.adopt);
  const profiles = input.sandbox
    ? given
    : await askProfiles(
        ctx,
        (await handlers.hosting.get(input.provider)?.config.knownProfiles?.(ctx.env)) ?? [],
        given,
        project,
      );
  const raw = initialConfig(
    {
      project,
      subsystem,
      ...(organization === undefined ? {} : { organization }),
      region,
      hosting: input.provider,
      iac: input.iac,
      sandbox: input.sandbox,
      endpoint: input.endpoint ?? SANDBOX_ENDPOINT,
      directory,
      profiles,
      ...(module === undefined ? {} : { module }),
      ...(adopt === undefined ? {} : { adopt }),
    },
    handlers,
  );
  const text = `${JSON.stringify(raw, null, 2)}\n`;
  const config = parseConfig(text, path, handlers);
  const check = checkLoadedConfig(ctx, { location: { path, root, legacy: false }, config, notices: [] });
  if (check.errors.length > 0) throw invalidConfig(path, check.errors);

  await writeAtomic(path, text);
  const gitignore = join(dirname(path), ".gitignore");
  if (!(await exists(gitignore))) await writeAtomic(gitignore, STATE_GITIGNORE);
  info(ctx.io, `wrote ${relative(ctx.cwd, path) || path}`);
  // A new project's Terraform directory is made empty, for the code the engineer (or you) will write.
  if (module?.exists !== true) {
    await mkdir(resolve(root, directory), { recursive: true });
    info(ctx.io, `created ${directory} for the project's Terraform`);
  }
  return {
    status: existed ? "replaced" : "created",
    data: {
      path,
      sandbox: input.sandbox,
      config,
      ...(module === undefined ? {} : { module }),
      ...(adopt === undefined ? {} : { adopted: adopt }),
    },
    next: [
      ...(adopt === undefined
        ? []
        : [
            {
              command: commandLine("infra preview-changes", { env: adopt }),
              why: `check that "${adopt}" reads the existing state: the plan should show only real differences`,
            },
          ]),
      { command: commandLine("config validate"), why: "check the configuration and every environment" },
      { command: commandLine("config show", { env: "test" }), why: "see what the test environment resolves to" },
    ],
  };
}

export interface EnvironmentSummary {
  name: string;
  requireConfirmation: boolean;
  protected: boolean;
  target: string;
  region: string;
  accountId?: string;
}

function summarise(env: ResolvedEnvironment): EnvironmentSummary {
  return {
    name: env.name,
    requireConfirmation: env.requireConfirmation,
    protected: env.protected,
    target: env.endpoint !== undefined ? `emulator ${env.endpoint}` : `profile ${env.profile ?? "(none)"}`,
    region: env.region,
    ...(env.accountId === undefined ? {} : { accountId: env.accountId }),
  };
}

export interface ValidateData {
  path: string;
  valid: true;
  environments: EnvironmentSummary[];
  warnings: ConfigIssue[];
}

export async function validateConfig(ctx: Context): Promise<CommandResult<ValidateData>> {
  const loaded = await loadProjectConfig(ctx);
  const check = checkLoadedConfig(ctx, loaded);
  if (check.errors.length === 0) {
    const machine = await checkMachine(ctx, loaded);
    check.errors.push(...machine.errors);
    check.warnings.push(...machine.warnings);
  }
  if (check.errors.length === 0) check.errors.push(...(await protectedTargetIssues(projectOf(ctx, loaded))));
  if (check.errors.length > 0) throw invalidConfig(loaded.location.path, check.errors);
  for (const notice of loaded.notices) warn(ctx.io, notice, "CONFIG_LEGACY_LOCATION");
  for (const issue of check.warnings) warn(ctx.io, issue.message, "CONFIG_WARNING");
  const environments = Object.keys(loaded.config.environments).map((name) =>
    summarise(resolveEnvironment(loaded.config, loaded.location.root, name, handlersOf(ctx))),
  );
  return {
    status: "valid",
    data: { path: loaded.location.path, valid: true, environments, warnings: check.warnings },
    next: environments.slice(0, 1).map((env) => ({
      command: commandLine("config show", { env: env.name }),
      why: "see the resolved settings of an environment",
    })),
  };
}

export interface ShowData {
  path: string;
  root: string;
  config: DevopsConfig;
  environments: EnvironmentSummary[];
  environment?: ResolvedEnvironment;
}

export async function showConfig(ctx: Context, input: { env?: string }): Promise<CommandResult<ShowData>> {
  const project = await openProject(ctx);
  const environment = input.env === undefined ? undefined : project.environment(input.env);
  const environments = Object.keys(project.config.environments).map((name) => summarise(project.environment(name)));
  return {
    status: "shown",
    ...(environment === undefined ? {} : { environment: environment.name }),
    data: redactDeep({
      path: project.location.path,
      root: project.location.root,
      config: project.config,
      environments,
      ...(environment === undefined ? {} : { environment }),
    }),
  };
}

export async function configSchema(ctx: Context): Promise<CommandResult<Record<string, unknown>>> {
  return { status: "shown", data: devopsConfigJsonSchema(handlersOf(ctx)) };
}
