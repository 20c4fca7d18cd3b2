// `devops infra debug` and `devops infra permissions …`: the debugger and the permission manager.
import * as z from "zod";
import { declare } from "./define.js";
import { ENV, Env, PlanId, Switch } from "./values.js";

/** What `infra debug --record-outcome` needs; the other debug flags are refused with it. */
export const OutcomeOptions = z.object({
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

/** Read as plain text here: they are checked by OutcomeOptions, and only with --record-outcome. */
const outcomeText = z.string().optional();

export const DEBUG_COMMANDS = [
  declare({
    path: "infra debug",
    description:
      "diagnose a Terraform or AWS error: category, facts, ranked fixes from the issue log and the catalogue, the next command",
    flags: {
      env: {
        schema: Env.optional(),
        value: "environment",
        help: "the environment the error happened in (decides what may be applied automatically)",
      },
      error: {
        schema: z.string().min(1, "must hold the error text").optional(),
        value: "text",
        help: "the error text (multi-line; Terraform's boxed output is fine)",
      },
      file: { schema: z.string().min(1).optional(), value: "path", help: "read the error text from a file" },
      last: {
        schema: Switch,
        help: "the last failed run of this project (deploy, preview, teardown, validate-config)",
      },
      operation: {
        schema: z.enum(["deploy", "destroy", "validate", "preview", "other"]).optional(),
        value: "operation",
        help: "what failed: deploy, destroy, validate, preview, other",
      },
      recordOutcome: {
        schema: Switch,
        help: "record whether a fix worked (with --issue, --solution or --description, --outcome)",
      },
      issue: { schema: outcomeText, value: "id", help: "the issue_id printed by debug" },
      solution: { schema: outcomeText, value: "id", help: "the solution_id that was applied" },
      description: {
        schema: outcomeText,
        value: "text",
        help: "what fixed it, when it was not one of the listed solutions",
      },
      outcome: { schema: outcomeText, value: "result", help: "success or failure" },
      minutes: { schema: outcomeText, value: "n", help: "how long the fix took" },
      note: { schema: outcomeText, value: "text", help: "a note kept with the issue" },
    },
    mutates: false,
    route: { name: "debug", manager: "infra", defaults: { last: true } },
    markdown: true,
  }),
  declare({
    path: "infra permissions list",
    description: "the deploy policy's statements (auto-granted ones marked) and this environment's grants",
    flags: { env: ENV },
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "infra permissions audit",
    description: "every grant from iam-audit.json, and whether each is still in the policy (exit 4 on drift)",
    flags: { env: { schema: Env.optional(), value: "environment", help: "only this environment" } },
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "infra permissions grant",
    description:
      "add an IAM action to the deploy policy, scoped to the environment's resources, through the discover profile",
    flags: {
      env: ENV,
      action: {
        schema: z
          .string()
          .trim()
          .regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'must be an IAM action such as "s3:PutObject"'),
        value: "action",
        help: 'the IAM action, e.g. "s3:PutObject" (from devops infra debug)',
      },
      resource: {
        schema: z
          .string()
          .trim()
          .regex(/^arn:[^\s]+$/, "must be an ARN")
          .optional(),
        value: "arn",
        help: "the resource ARN named by the error",
      },
      reason: { schema: z.string().trim().min(1).optional(), value: "text", help: "why (kept in the audit trail)" },
      plan: {
        schema: PlanId.optional(),
        value: "id",
        help: "apply this saved grant once a person has signed its approval",
      },
    },
    mutates: true,
    markdown: true,
  }),
] as const;
