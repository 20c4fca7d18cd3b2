// `devops infra …`: the infrastructure lifecycle from validation to teardown.
import * as z from "zod";
import { declare } from "./define.js";
import {
  ENV,
  Env,
  PLAN_SCOPE_FLAGS,
  PlanId,
  ResourceAddress,
  STACK_FLAG,
  Switch,
  TIMEOUT_FLAG,
  VAR_FLAG,
} from "./values.js";

export const INFRA_COMMANDS = [
  declare({
    path: "infra validate-config",
    description:
      "Terraform diagnostics plus naming, AWS name rules and required tags on the planned resources (exit 4 on errors)",
    flags: {
      ...STACK_FLAG,
      env: { ...ENV, help: "environment name or word (test, prod, production, …)" },
      ...VAR_FLAG,
    },
    mutates: false,
    route: { name: "validate-config", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra preview-changes",
    description:
      "plan the environment: + create, ~ update, - destroy, -/+ replace, drift; saves a plan deploy --plan can apply",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      ...PLAN_SCOPE_FLAGS,
      ...VAR_FLAG,
      ...TIMEOUT_FLAG,
    },
    mutates: false,
    route: { name: "preview-changes", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra deploy",
    description:
      "preview → tests → approval → apply → verify → records → post-deployment tests; confirmation-required environments need a person's signed approval of the exact plan",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      skipTests: { schema: Switch, help: "skip pre-deployment tests (refused where confirmation is required)" },
      skipPreview: {
        schema: Switch,
        help: "do not show the plan or ask before applying (refused where confirmation is required)",
      },
      plan: { schema: PlanId.optional(), value: "id", help: "apply this saved plan (from preview-changes)" },
      allowEmptyState: {
        schema: Switch,
        help: "deploy a plan that creates every resource even though an existing state is known elsewhere",
      },
      ...PLAN_SCOPE_FLAGS,
      ...VAR_FLAG,
      ...TIMEOUT_FLAG,
    },
    mutates: true,
    route: { name: "deploy", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra show-resources",
    description: "the deployed resources from the registry, with ARNs and console links",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      refresh: { schema: Switch, help: "rebuild the registry from the current Terraform state first" },
    },
    mutates: false,
    route: { name: "show-resources", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra check-status",
    description: "last deployment, drift and pending changes (a plan), and the state lock (exit 4 unless in sync)",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      ...VAR_FLAG,
    },
    mutates: false,
    route: { name: "check-status", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra teardown",
    description: "destroy the environment: state backup, destroy plan, approval, destroy, removal verified",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      plan: { schema: PlanId.optional(), value: "id", help: "apply this saved destroy plan" },
      ...VAR_FLAG,
      ...TIMEOUT_FLAG,
    },
    mutates: true,
    route: { name: "teardown", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra state list",
    description: "the resources in the environment's Terraform state, with their ids (read-only)",
    flags: {
      ...STACK_FLAG,
      env: ENV,
    },
    mutates: false,
    route: { name: "state-list", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra state show",
    description: "one resource of the environment's Terraform state with its attributes (read-only)",
    flags: {
      ...STACK_FLAG,
      env: ENV,
    },
    positional: { key: "address", spec: "<address>", help: "the resource's address", schema: ResourceAddress },
    mutates: false,
    route: { name: "state-show", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra state rm",
    description:
      "forget resources without destroying them; approved like a deploy where confirmation is required; records updated",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      plan: { schema: PlanId.optional(), value: "id", help: "apply this saved, signed state change" },
    },
    positional: {
      key: "addresses",
      spec: "[address...]",
      help: "the resources' addresses",
      list: true,
      schema: z.array(ResourceAddress),
    },
    mutates: true,
    route: { name: "state-rm", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra state mv",
    description: "move a resource to another address in the state; approved like a deploy; records updated",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      plan: { schema: PlanId.optional(), value: "id", help: "apply this saved, signed state change" },
    },
    positional: {
      key: "addresses",
      spec: "[from-and-to...]",
      help: "the address now and the address to move it to",
      list: true,
      schema: z.array(ResourceAddress),
    },
    mutates: true,
    route: { name: "state-mv", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra import",
    description:
      "bring an existing resource under Terraform at ADDRESS by its ID; approved like a deploy; records updated",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      plan: { schema: PlanId.optional(), value: "id", help: "apply this saved, signed import" },
      ...VAR_FLAG,
    },
    positional: {
      key: "words",
      spec: "[address-and-id...]",
      help: "the resource's address in the configuration, then its id in the cloud",
      list: true,
      schema: z.array(z.string().trim().min(1, "must not be empty")),
    },
    mutates: true,
    route: { name: "import", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra unlock",
    description: "release a stuck state lock (force-unlock) by its ID; approved like a deploy where required",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      lockId: {
        schema: z
          .string()
          .trim()
          .regex(/^[\w.:-]{1,128}$/, "must be the lock ID Terraform printed (letters, digits, - . :)")
          .optional(),
        value: "id",
        help: "the lock's ID, as the STATE_LOCKED error or check-status shows it",
      },
      plan: { schema: PlanId.optional(), value: "id", help: "apply this saved, signed unlock" },
    },
    mutates: true,
    route: { name: "unlock", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra architect",
    description:
      "design infrastructure for a feature: picks a pattern, writes .devops/designs/<slug>.md with a machine-readable resource block",
    flags: {
      feature: {
        schema: z.string().trim().min(3, "must describe the feature"),
        value: "text",
        help: 'what to build, e.g. "store user uploads"',
      },
      pattern: {
        schema: z.string().trim().min(1).optional(),
        value: "id",
        help: "use this pattern (s3-uploads, lambda-api, ecs-alb, sqs-worker, static-site)",
      },
      name: {
        schema: z
          .string()
          .trim()
          .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lowercase slug such as user-uploads")
          .optional(),
        value: "slug",
        help: "the design's name (default: from the feature text)",
      },
      env: {
        schema: Env.optional(),
        value: "environment",
        help: "the environment whose names the document shows (default test)",
      },
      force: { schema: Switch, help: "replace an existing design of that name" },
    },
    mutates: false,
    route: { name: "architect", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra engineer",
    description:
      "generate main.tf, variables.tf, outputs.tf, versions.tf, backend.tf and <env>.tfvars from a design; never overwrites hand edits without --force",
    flags: {
      design: {
        schema: z.string().trim().min(1),
        value: "file",
        help: "the design document (a path, or its name under .devops/designs/)",
      },
      env: { schema: Env.optional(), value: "environment", help: "only this environment's var file" },
      force: { schema: Switch, help: "overwrite files edited by hand (their diffs are shown without it)" },
    },
    mutates: false,
    route: { name: "engineer", manager: "infra" },
    markdown: true,
  }),
  declare({
    path: "infra test-changes",
    description:
      "security scan, cost estimate, naming and tagging compliance of a plan (pre-deployment) or checks of what is deployed (post-deployment); exit 4 on FAIL",
    flags: {
      ...STACK_FLAG,
      env: ENV,
      phase: {
        schema: z.enum(["pre-deployment", "post-deployment"]).default("pre-deployment"),
        value: "phase",
        help: "pre-deployment (default) or post-deployment",
      },
      plan: { schema: PlanId.optional(), value: "id", help: "test this saved plan instead of making a new one" },
      pricing: {
        schema: z.enum(["table", "api"]).default("table"),
        value: "mode",
        help: "table (default: the built-in price table) or api (the AWS Pricing API)",
      },
      ...VAR_FLAG,
    },
    mutates: false,
    route: { name: "test-changes", manager: "infra", defaults: { phase: "pre-deployment" } },
    markdown: true,
  }),
] as const;
