// `devops init` and `devops config validate|show|schema`: option schemas and wiring only.
import type { Command } from "commander";
import * as z from "zod";
import { AwsRegion, Slug } from "../../core/config/schema.js";
import { renderInit, renderJsonData, renderShow, renderValidate } from "../render/setup.js";
import { Env } from "../options.js";
import { runCommand, type Runtime } from "../run.js";

const setup = () => import("../../managers/setup-manager.js");

const InitOptions = z.object({
  provider: z.string().min(1).default("aws"),
  iac: z.string().min(1).default("terraform"),
  project: Slug.optional(),
  subsystem: Slug.optional(),
  organization: Slug.optional(),
  region: AwsRegion.optional(),
  sandbox: z.boolean().default(false),
  endpoint: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  force: z.boolean().default(false),
});

const NoOptions = z.object({});
const ShowOptions = z.object({ env: Env.optional() });

export function registerSetupCommands(program: Command, runtime: Runtime): void {
  program
    .command("init")
    .description("create .devops/devops.json for this project (prompts on a terminal)")
    .option("--provider <id>", "hosting provider", "aws")
    .option("--iac <id>", "infrastructure-as-code engine", "terraform")
    .option("--project <name>", "project name (lowercase, digits, hyphens)")
    .option("--subsystem <name>", "subsystem name", undefined)
    .option("--organization <name>", "organization name")
    .option("--region <region>", "default AWS region")
    .option("--sandbox", "target a local AWS emulator instead of AWS profiles")
    .option("--endpoint <url>", "emulator endpoint for --sandbox", undefined)
    .option("--force", "replace an existing configuration")
    .action(async (_options, command: Command) => {
      await runCommand(
        runtime,
        command,
        InitOptions,
        async (ctx, input) => (await setup()).initProject(ctx, input),
        renderInit,
      );
    });

  const config = program.command("config").description("check and inspect .devops/devops.json");
  config
    .command("validate")
    .description("validate the configuration: schema, environments, state isolation, handlers")
    .action(async (_options, command: Command) => {
      await runCommand(runtime, command, NoOptions, async (ctx) => (await setup()).validateConfig(ctx), renderValidate);
    });
  config
    .command("show")
    .description("print the resolved configuration, or one environment's resolved settings")
    .option("--env <environment>", "environment name or word (test, prod, production, live, …)")
    .action(async (_options, command: Command) => {
      await runCommand(
        runtime,
        command,
        ShowOptions,
        async (ctx, input) => (await setup()).showConfig(ctx, input),
        renderShow,
      );
    });
  config
    .command("schema")
    .description("print the JSON Schema of devops.json")
    .action(async (_options, command: Command) => {
      await runCommand(runtime, command, NoOptions, async (ctx) => (await setup()).configSchema(ctx), renderJsonData);
    });
}
