// `devops infra …`: option schemas and wiring of the infrastructure lifecycle commands.
import type { Command } from "commander";
import * as z from "zod";
import { renderChange, renderPreview, renderResources, renderStatus, renderValidation } from "../render/infra.js";
import { ConfirmCode, Env, PlanId } from "../options.js";
import { terminalApprover } from "../approval.js";
import { runCommand, type Runtime } from "../run.js";
import { registerDebugCommands } from "./infra-debug.js";
import { registerDesignCommands } from "./infra-design.js";

const infra = () => import("../../managers/infra-manager.js");
const changes = () => import("../../managers/deploy-manager.js");

const EnvOptions = z.object({ env: Env });
const ResourcesOptions = z.object({ env: Env, refresh: z.boolean().default(false) });
const DeployOptions = z.object({
  env: Env,
  skipTests: z.boolean().default(false),
  skipPreview: z.boolean().default(false),
  plan: PlanId.optional(),
  confirm: ConfirmCode.optional(),
});
const TeardownOptions = z.object({ env: Env, plan: PlanId.optional(), confirm: ConfirmCode.optional() });

export function registerInfraCommands(program: Command, runtime: Runtime): void {
  const group = program
    .command("infra")
    .description(
      "infrastructure lifecycle: design, generate, test, validate, preview, deploy, debug, permissions, resources, status, teardown",
    );

  group
    .command("validate-config")
    .description(
      "Terraform diagnostics plus naming, AWS name rules and required tags on the planned resources (exit 4 on errors)",
    )
    .requiredOption("--env <environment>", "environment name or word (test, prod, production, …)")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        EnvOptions,
        async (ctx, input) => (await infra()).validateInfraConfig(ctx, input),
        renderValidation,
      );
    });

  group
    .command("preview-changes")
    .description(
      "plan the environment: + create, ~ update, - destroy, -/+ replace, drift; saves a plan deploy --plan can apply",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        EnvOptions,
        async (ctx, input) => (await infra()).previewInfraChanges(ctx, input),
        renderPreview,
      );
    });

  group
    .command("deploy")
    .description(
      "preview → tests → approval → apply → verify → records → post-deployment tests; confirmation-required environments need a plan-bound token",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .option("--skip-tests", "skip pre-deployment tests (refused where confirmation is required)")
    .option("--skip-preview", "do not show the plan or ask before applying (refused where confirmation is required)")
    .option("--plan <id>", "apply this saved plan (from preview-changes)")
    .option("--confirm <token>", "the approval token printed when the deploy asked for confirmation")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        DeployOptions,
        async (ctx, input, host) => {
          const approver = terminalApprover(host);
          return (await changes()).deploy(ctx, approver === undefined ? input : { ...input, approver });
        },
        renderChange,
      );
    });

  group
    .command("show-resources")
    .description("the deployed resources from the registry, with ARNs and console links")
    .requiredOption("--env <environment>", "environment name or word")
    .option("--refresh", "rebuild the registry from the current Terraform state first")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        ResourcesOptions,
        async (ctx, input) => (await infra()).showResources(ctx, input),
        renderResources,
      );
    });

  group
    .command("check-status")
    .description("last deployment, drift and pending changes (a plan), and the state lock (exit 4 unless in sync)")
    .requiredOption("--env <environment>", "environment name or word")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        EnvOptions,
        async (ctx, input) => (await infra()).checkStatus(ctx, input),
        renderStatus,
      );
    });

  group
    .command("teardown")
    .description("destroy the environment: state backup, destroy plan, approval, destroy, removal verified")
    .requiredOption("--env <environment>", "environment name or word")
    .option("--plan <id>", "apply this saved destroy plan")
    .option("--confirm <token>", "the approval token printed when the teardown asked for confirmation")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        TeardownOptions,
        async (ctx, input, host) => {
          const approver = terminalApprover(host);
          return (await changes()).teardown(ctx, approver === undefined ? input : { ...input, approver });
        },
        renderChange,
      );
    });

  registerDesignCommands(group, runtime);
  registerDebugCommands(group, runtime);
}
