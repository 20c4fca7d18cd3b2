// `devops infra architect | engineer | test-changes`: from a feature request to a design document, the
// Terraform code, and the tests that gate a deploy.
import type { Command } from "commander";
import * as z from "zod";
import { renderArchitect, renderEngineer, renderTestChanges } from "../render/infra-design.js";
import { Env, PlanId } from "../options.js";
import { runCommand, type Runtime } from "../run.js";

const design = () => import("../../managers/infra-design.js");
const testing = () => import("../../managers/infra-test.js");

const ArchitectOptions = z.object({
  feature: z.string().trim().min(3, "must describe the feature"),
  pattern: z.string().trim().min(1).optional(),
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lowercase slug such as user-uploads")
    .optional(),
  env: Env.optional(),
  force: z.boolean().default(false),
});
const EngineerOptions = z.object({
  design: z.string().trim().min(1),
  env: Env.optional(),
  force: z.boolean().default(false),
});
const TestOptions = z.object({
  env: Env,
  phase: z.enum(["pre-deployment", "post-deployment"]).default("pre-deployment"),
  plan: PlanId.optional(),
  pricing: z.enum(["table", "api"]).default("table"),
});

export function registerDesignCommands(group: Command, runtime: Runtime): void {
  group
    .command("architect")
    .description(
      "design infrastructure for a feature: picks a pattern, writes .devops/designs/<slug>.md with a machine-readable resource block",
    )
    .requiredOption("--feature <text>", 'what to build, e.g. "store user uploads"')
    .option("--pattern <id>", "use this pattern (s3-uploads, lambda-api, ecs-alb, sqs-worker, static-site)")
    .option("--name <slug>", "the design's name (default: from the feature text)")
    .option("--env <environment>", "the environment whose names the document shows (default test)")
    .option("--force", "replace an existing design of that name")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        ArchitectOptions,
        async (ctx, input) => (await design()).architect(ctx, input),
        renderArchitect,
      );
    });

  group
    .command("engineer")
    .description(
      "generate main.tf, variables.tf, outputs.tf, versions.tf, backend.tf and <env>.tfvars from a design; never overwrites hand edits without --force",
    )
    .requiredOption("--design <file>", "the design document (a path, or its name under .devops/designs/)")
    .option("--env <environment>", "only this environment's var file")
    .option("--force", "overwrite files edited by hand (their diffs are shown without it)")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        EngineerOptions,
        async (ctx, input) => (await design()).engineer(ctx, input),
        renderEngineer,
      );
    });

  group
    .command("test-changes")
    .description(
      "security scan, cost estimate, naming and tagging compliance of a plan (pre-deployment) or checks of what is deployed (post-deployment); exit 4 on FAIL",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .option("--phase <phase>", "pre-deployment (default) or post-deployment")
    .option("--plan <id>", "test this saved plan instead of making a new one")
    .option("--pricing <mode>", "table (default: the built-in price table) or api (the AWS Pricing API)")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        TestOptions,
        async (ctx, input) => (await testing()).testChanges(ctx, input),
        renderTestChanges,
      );
    });
}
