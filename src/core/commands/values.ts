// Value schemas several commands share.
import * as z from "zod";
import { Duration } from "../timeframe.js";

export const Env = z.string().trim().min(1, "must name an environment");
export const PlanId = z
  .string()
  .trim()
  .regex(/^[\w-]{1,64}$/, "must be a plan id printed by the command that made the plan");
export const OptionalService = z.string().trim().min(1, "must name a deployed resource").optional();
export const Timeframe = z.string().trim().min(1, "must be a timeframe such as 30m, 2h, 7d or an ISO range");
export const Switch = z.boolean().default(false);

/** `--stack <name>`: one of the project's stacks (devops.json `stacks`); without it, all of them. */
export const STACK_FLAG = {
  stack: {
    schema: z.string().trim().min(1, "must name a stack").optional(),
    value: "name",
    help: "only this stack (stacks[].name in devops.json); without it, every stack in dependency order",
  },
} as const;

/** `--env <environment>` as most commands take it. */
export const ENV = { schema: Env, value: "environment", help: "environment name or word" } as const;

const INDEX = String.raw`(\[(\d+|"[^"\]]*")\])?`;
const NAME = String.raw`[A-Za-z_][\w-]*`;
const MODULES = String.raw`(module\.${NAME}${INDEX}\.)*`;
const RESOURCE = new RegExp(String.raw`^${MODULES}(?!module\.)${NAME}\.${NAME}${INDEX}$`);
const MODULE = new RegExp(String.raw`^(module\.${NAME}${INDEX})(\.module\.${NAME}${INDEX})*$`);

/** A managed resource's address in the state, e.g. `module.api.aws_s3_bucket.b["x"]`. */
export const ResourceAddress = z
  .string()
  .trim()
  .regex(RESOURCE, 'must be a resource address such as aws_s3_bucket.uploads or module.api.aws_iam_role.r["x"]');

/** What -target and -replace take: a resource, or for -target also a whole module. */
export const TargetAddress = z
  .string()
  .trim()
  .refine(
    (value) => RESOURCE.test(value) || MODULE.test(value),
    "must be a resource or module address such as aws_s3_bucket.uploads or module.network",
  );

/** `--target`, `--replace` and `--refresh` of preview-changes and deploy: the plan's scope. */
export const PLAN_SCOPE_FLAGS = {
  target: {
    schema: z.array(TargetAddress).default([]),
    value: "address",
    repeatable: true,
    help: "plan only this resource or module (repeatable); the plan is marked as targeted",
  },
  replace: {
    schema: z.array(ResourceAddress).default([]),
    value: "address",
    repeatable: true,
    help: "replace this resource even if nothing changed (repeatable)",
  },
  refresh: {
    schema: z
      .enum(["true", "false"], "must be true or false")
      .default("true")
      .transform((value) => value === "true"),
    value: "true|false",
    help: "--refresh=false plans without reading the real resources first",
  },
} as const;

const VARIABLE_NAME = /^[A-Za-z_][\w-]*$/;

/**
 * One `--var key=value`, as `[key, value]`. The value may be a secret, so no message repeats it (and
 * no issue carries the input, which the CLI would otherwise print).
 */
export const VariableAssignment = z.string().transform((text, ctx): [string, string] => {
  const at = text.indexOf("=");
  const key = at === -1 ? text : text.slice(0, at);
  const problem =
    at === -1
      ? `"${text}" must be key=value`
      : key === ""
        ? `"=…" has an empty key: must be key=value`
        : VARIABLE_NAME.test(key)
          ? undefined
          : `"${key}=…": "${key}" is not a Terraform variable name (letters, digits, _ and -, not starting with a digit)`;
  if (problem === undefined) return [key, text.slice(at + 1)];
  ctx.addIssue({ code: "custom", message: problem, input: undefined });
  return z.NEVER;
});

/** `--var key=value` of the commands that plan: Terraform's -var, after every var file so it wins. */
/** --timeout: a limit on the engine runs of a preview, deploy or teardown; then they are interrupted. */
export const TIMEOUT_FLAG = {
  timeout: {
    schema: Duration.optional(),
    value: "duration",
    help: "interrupt the engine if the command's runs take longer (e.g. 30m, 2h); default: handlers.iac.terraform.run_timeout",
  },
} as const;

export const VAR_FLAG = {
  var: {
    schema: z
      .array(VariableAssignment)
      .default([])
      .transform((entries): Record<string, string> => Object.fromEntries(entries)),
    value: "key=value",
    repeatable: true,
    help: "set a Terraform variable for this plan (repeatable; wins over the var files); only its name is shown or recorded",
  },
} as const;
