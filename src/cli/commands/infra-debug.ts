// `devops infra debug` and `devops infra permissions …`: option schemas and wiring of the debugger and
// the permission manager.
import type { Command } from "commander";
import * as z from "zod";
import type { GrantApprover } from "../../managers/infra-permissions.js";
import type { CliIoHost } from "../host.js";
import { renderDebugCommand } from "../render/infra-debug.js";
import {
  grantBanner,
  renderGrant,
  renderPermissionsAudit,
  renderPermissionsList,
} from "../render/infra-permissions.js";
import { ConfirmCode, confirmAtTerminal, Env, PlanId } from "../options.js";
import { UserError } from "../../core/errors.js";
import { parseOptions, runCommand, type Runtime } from "../run.js";

const debugging = () => import("../../managers/infra-debug.js");
const permissions = () => import("../../managers/infra-permissions.js");

const IamAction = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'must be an IAM action such as "s3:PutObject"');
const GrantOptions = z.object({
  env: Env,
  action: IamAction,
  resource: z
    .string()
    .trim()
    .regex(/^arn:[^\s]+$/, "must be an ARN")
    .optional(),
  reason: z.string().trim().min(1).optional(),
  plan: PlanId.optional(),
  confirm: ConfirmCode.optional(),
});

/** The terminal approval of a grant: one "yes", then the environment name where it is production-like. */
function grantApprover(host: CliIoHost): GrantApprover | undefined {
  if (!host.interactive) return undefined;
  return async (request) => {
    host.notify({ level: "info", message: grantBanner(request, host.colors) });
    return confirmAtTerminal(host, `grant this in ${request.environment}`, {
      name: request.environment,
      strict: request.prodLike || request.protected,
    });
  };
}

const Operation = z.enum(["deploy", "destroy", "validate", "preview", "other"]);
const DebugOptions = z.object({
  env: Env.optional(),
  error: z.string().min(1, "must hold the error text").optional(),
  file: z.string().min(1).optional(),
  last: z.boolean().default(false),
  operation: Operation.optional(),
});
const OutcomeOptions = z.object({
  issue: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{6,64}$/, "must be an issue_id printed by devops infra debug"),
  solution: z.string().trim().min(1).optional(),
  description: z.string().trim().min(1).optional(),
  outcome: z.enum(["success", "failure"]),
  minutes: z.coerce.number().nonnegative().optional(),
  note: z.string().trim().min(1).optional(),
});

const DebugCommandOptions = DebugOptions.extend({
  recordOutcome: z.boolean().default(false),
  issue: z.string().optional(),
  solution: z.string().optional(),
  description: z.string().optional(),
  outcome: z.string().optional(),
  minutes: z.string().optional(),
  note: z.string().optional(),
});

export function registerDebugCommands(group: Command, runtime: Runtime): void {
  group
    .command("debug")
    .description(
      "diagnose a Terraform or AWS error: category, facts, ranked fixes from the issue log and the catalogue, the next command",
    )
    .option("--env <environment>", "the environment the error happened in (decides what may be applied automatically)")
    .option("--error <text>", "the error text (multi-line; Terraform's boxed output is fine)")
    .option("--file <path>", "read the error text from a file")
    .option("--last", "the last failed run of this project (deploy, preview, teardown, validate-config)")
    .option("--operation <operation>", "what failed: deploy, destroy, validate, preview, other")
    .option("--record-outcome", "record whether a fix worked (with --issue, --solution or --description, --outcome)")
    .option("--issue <id>", "the issue_id printed by debug")
    .option("--solution <id>", "the solution_id that was applied")
    .option("--description <text>", "what fixed it, when it was not one of the listed solutions")
    .option("--outcome <result>", "success or failure")
    .option("--minutes <n>", "how long the fix took")
    .option("--note <text>", "a note kept with the issue")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        DebugCommandOptions,
        async (ctx, input) => {
          const manager = await debugging();
          const { recordOutcome, issue, solution, description, outcome, minutes, note, ...debugInput } = input;
          if (recordOutcome)
            return manager.recordOutcome(
              ctx,
              parseOptions(OutcomeOptions, { issue, solution, description, outcome, minutes, note }),
            );
          const stray = Object.entries({ issue, solution, description, outcome, minutes, note }).find(
            ([, value]) => value !== undefined,
          );
          if (stray !== undefined) {
            throw new UserError("FLAG_WITHOUT_RECORD_OUTCOME", `--${stray[0]} only applies with --record-outcome`, {
              suggestion: `devops infra debug --record-outcome --issue <id> --outcome success|failure`,
            });
          }
          return manager.debug(ctx, debugInput);
        },
        renderDebugCommand,
      );
    });

  const perms = group
    .command("permissions")
    .description("the deploy identity's IAM permissions: list, audit, grant (scoped, audited)");
  perms
    .command("list")
    .description("the deploy policy's statements (auto-granted ones marked) and this environment's grants")
    .requiredOption("--env <environment>", "environment name or word")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        z.object({ env: Env }),
        async (ctx, input) => (await permissions()).permissionsList(ctx, input),
        renderPermissionsList,
      );
    });
  perms
    .command("audit")
    .description("every grant from iam-audit.json, and whether each is still in the policy (exit 4 on drift)")
    .option("--env <environment>", "only this environment")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        z.object({ env: Env.optional() }),
        async (ctx, input) => (await permissions()).permissionsAudit(ctx, input),
        renderPermissionsAudit,
      );
    });
  perms
    .command("grant")
    .description(
      "add an IAM action to the deploy policy, scoped to the environment's resources, through the discover profile",
    )
    .requiredOption("--env <environment>", "environment name or word")
    .requiredOption("--action <action>", 'the IAM action, e.g. "s3:PutObject" (from devops infra debug)')
    .option("--resource <arn>", "the resource ARN named by the error")
    .option("--reason <text>", "why (kept in the audit trail)")
    .option("--plan <id>", "apply this saved grant (with --confirm)")
    .option("--confirm <code>", "the approval code printed when the grant asked for confirmation")
    .action(async (_o, command: Command) => {
      await runCommand(
        runtime,
        command,
        GrantOptions,
        async (ctx, input, host) => {
          const approver = grantApprover(host);
          return (await permissions()).permissionsGrant(ctx, approver === undefined ? input : { ...input, approver });
        },
        renderGrant,
      );
    });
}
