// The core schema of `.devops/devops.json`: everything but the handlers' own blocks, which the
// registered handlers contribute (compose.ts builds the full schema from both). The documented seed
// structure validates unchanged; every addition is optional and snake_case.
import * as z from "zod";

export const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "must start with a lowercase letter and use only lowercase letters, digits and hyphens")
  .max(63);

export const AwsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as "us-east-1"');

export const AccountId = z.string().regex(/^\d{12}$/, "must be 12 digits");

export const Endpoint = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as "http://127.0.0.1:5000"' })
  .describe("AWS API endpoint override, for a local AWS emulator (sandbox). Never set for real AWS.");

export const ProfileName = z.string().min(1).max(128);

/**
 * `handlers.<kind>`: the active id, and one block per handler id. Each registered handler owns its
 * block's schema; the loader composes them (compose.ts), so here a block is anything.
 */
const HandlerBlocks = z.object({ active: z.string().min(1) }).catchall(z.unknown());

export const EnvironmentConfig = z
  .object({
    auto_approve: z.boolean().default(false).describe("ignored where confirmation is required"),
    cost_threshold: z.number().nonnegative().optional().describe("monthly cost limit in USD"),
    require_confirmation: z
      .boolean()
      .optional()
      .describe("human, plan-bound approval before changes; defaults to true for prod-like environments"),
    protected: z.boolean().optional().describe("always confirm, including teardown; implies require_confirmation"),
    account_id: AccountId.optional(),
    region: AwsRegion.optional(),
    profile: ProfileName.optional().describe("overrides handlers.hosting.aws.profiles.<env>"),
    endpoint: Endpoint.optional(),
    workspace: z.string().min(1).optional().describe("overrides handlers.iac.terraform.workspace"),
    var_file: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe(
        "the environment's var file, or a list of them applied in order after handlers.iac.terraform.var_files; overrides handlers.iac.terraform.var_file_pattern, and each must exist",
      ),
    auto_fix_permissions: z
      .boolean()
      .default(false)
      .describe(
        "when a deploy fails for a missing deploy permission: grant it, scoped to this environment, and retry once (still approved by a human where confirmation is required)",
      ),
    deploy_policy: z
      .string()
      .min(1)
      .optional()
      .describe(
        "the deploy identity's customer-managed policy (name or ARN) that permission grants extend; default {project}-{subsystem}-{environment}-deploy",
      ),
    description: z.string().optional(),
  })
  .strict();
export type EnvironmentConfig = z.infer<typeof EnvironmentConfig>;

export const NamingConfig = z
  .object({
    pattern: z.string().min(1).default("{project}-{subsystem}-{environment}-{resource}"),
    separator: z.string().min(1).max(3).default("-"),
    check: z
      .enum(["enforce", "warn", "off"])
      .default("warn")
      .describe(
        "how a name that does not follow the pattern counts: enforce (fails), warn, off (for adopted code whose names predate the convention)",
      ),
  })
  .strict();

export const AuditConfig = z
  .object({
    account_controls: z
      .enum(["report", "enforce"])
      .default("report")
      .describe(
        "account-level controls (CloudTrail, password policy, …): report as warnings, or enforce (a failing one fails the audit)",
      ),
  })
  .strict();

export const TaggingConfig = z
  .object({
    required: z.array(z.string().min(1)).default([]).describe("tag keys every taggable resource must carry"),
    defaults: z.record(z.string(), z.string()).default({}).describe("tags applied to every resource"),
  })
  .strict();

export const TestingConfig = z
  .object({
    thresholds: z
      .object({
        max_critical_findings: z.number().int().nonnegative().default(0),
        max_high_findings: z.number().int().nonnegative().default(2),
        max_monthly_cost: z.number().nonnegative().default(1000),
      })
      .strict()
      .prefault({}),
    checkov: z
      .string()
      .min(1)
      .optional()
      .describe(
        "the checkov binary the pre-deployment tests run: a path (relative to the project directory) or a command on PATH; without it, checkov on PATH when installed",
      ),
  })
  .strict();

export const MonitoringConfig = z
  .object({
    period_seconds: z.number().int().min(60).default(300).describe("metric period for health checks"),
    timeframe: z.string().default("1h").describe("default window of check-health and investigate"),
    thresholds: z
      .object({
        error_rate_degraded_pct: z.number().nonnegative().default(0.1),
        error_rate_unhealthy_pct: z.number().nonnegative().default(1),
        /** A metric above this share of its limit is DEGRADED (seed: 80 %). */
        degraded_ratio: z.number().positive().max(1).default(0.8),
        cpu_pct: z.number().positive().max(100).default(90),
        memory_pct: z.number().positive().max(100).default(90),
        lambda_duration_ms: z.number().positive().optional().describe("defaults to 80 % of the function's timeout"),
        latency_ms: z.number().positive().default(1000),
        throttles: z.number().nonnegative().default(0),
        http_5xx_pct: z.number().nonnegative().default(1),
      })
      .strict()
      .prefault({}),
    log_groups: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe("log group per service name, overriding the resolved one"),
  })
  .strict();

export const REMEDIATION_ACTIONS = [
  "lambda.restart",
  "lambda.scale",
  "lambda.rollback",
  "ecs.restart",
  "ecs.scale",
  "ecs.rollback",
] as const;
export const RemediationConfig = z
  .object({
    auto: z
      .array(z.enum(REMEDIATION_ACTIONS))
      .default(["lambda.restart"])
      .describe("run without asking where the environment does not require confirmation"),
    confirm: z
      .array(z.enum(REMEDIATION_ACTIONS))
      .default(["lambda.scale", "lambda.rollback", "ecs.restart", "ecs.scale", "ecs.rollback"]),
    never: z.array(z.enum(REMEDIATION_ACTIONS)).default([]).describe("refused outright"),
  })
  .strict();

export const HOOK_POINTS = [
  "pre-plan",
  "post-plan",
  "pre-deploy",
  "post-deploy",
  "pre-destroy",
  "post-destroy",
] as const;
export type HookPoint = (typeof HOOK_POINTS)[number];

export const LifecycleHook = z
  .object({
    name: z.string().min(1),
    command: z
      .array(z.string().min(1))
      .min(1)
      .describe('argv, run without a shell, e.g. ["npm", "run", "smoke-test"]; relative to the project root'),
    timeout: z.number().int().positive().default(300).describe("seconds"),
    critical: z.boolean().default(true).describe("a failing critical hook stops the workflow; others only warn"),
    read_only: z
      .boolean()
      .default(false)
      .describe(
        "the hook changes nothing (a lint, a check): only such hooks run before a human approves a protected environment's plan",
      ),
    environments: z.array(Slug).optional().describe("run only for these environments"),
    description: z.string().optional(),
  })
  .strict();
export type LifecycleHook = z.infer<typeof LifecycleHook>;

export const HooksConfig = z
  .object(
    Object.fromEntries(HOOK_POINTS.map((point) => [point, z.array(LifecycleHook).default([])])) as Record<
      HookPoint,
      z.ZodDefault<z.ZodArray<typeof LifecycleHook>>
    >,
  )
  .strict();

export const StackConfig = z
  .object({
    name: Slug.describe("the stack's name, as --stack takes it"),
    directory: z.string().min(1).describe("the stack's root module, relative to the project root"),
    var_files: z
      .record(Slug, z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
      .optional()
      .describe(
        "the stack's var file (or list) per environment, relative to its directory; replaces environments.<name>.var_file for this stack",
      ),
    backend: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("settings merged over handlers.iac.<engine>.backend for this stack (e.g. its own key)"),
    depends_on: z.array(Slug).default([]).describe("stacks applied before this one (and destroyed after it)"),
  })
  .strict();
export type StackConfig = z.infer<typeof StackConfig>;

export const DevopsConfig = z
  .object({
    $schema: z.string().optional(),
    version: z.string().regex(/^\d+\.\d+$/, 'must look like "1.0"'),
    project: z
      .object({
        name: Slug,
        subsystem: Slug.optional(),
        organization: Slug.optional(),
      })
      .strict(),
    handlers: z
      .object({
        hosting: HandlerBlocks,
        iac: HandlerBlocks,
      })
      .strict(),
    resource_naming: NamingConfig.prefault({}),
    environments: z.record(Slug, EnvironmentConfig).describe("environments by name (test, prod, staging, …)"),
    environment_aliases: z
      .record(z.string().min(1), Slug)
      .default({})
      .describe('extra words that name an environment, e.g. {"stage": "staging"}'),
    tagging: TaggingConfig.prefault({}),
    testing: TestingConfig.prefault({}),
    monitoring: MonitoringConfig.prefault({}),
    remediation: RemediationConfig.prefault({}),
    stacks: z
      .array(StackConfig)
      .optional()
      .describe(
        "several root modules in one project, applied in depends_on order; without it, handlers.iac.<engine>.directory is the one stack",
      ),
    audit: AuditConfig.prefault({}),
    hooks: HooksConfig.prefault({}).describe(
      "commands run at lifecycle points (pre-plan, post-plan, pre-deploy, post-deploy, pre-destroy, post-destroy)",
    ),
  })
  .strict();
export type DevopsConfig = z.infer<typeof DevopsConfig>;
export type DevopsConfigInput = z.input<typeof DevopsConfig>;
