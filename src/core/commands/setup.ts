// `devops init` and `devops config validate|show|schema`.
import * as z from "zod";
import { AwsRegion, Slug } from "../config/schema.js";
import { declare } from "./define.js";
import { Env, Switch } from "./values.js";

export const SETUP_COMMANDS = [
  declare({
    path: "init",
    description: "create .devops/devops.json for this project (prompts on a terminal)",
    flags: {
      provider: { schema: z.string().min(1).default("aws"), value: "id", help: "hosting provider", showDefault: true },
      iac: {
        schema: z.string().min(1).default("terraform"),
        value: "id",
        help: "infrastructure-as-code engine",
        showDefault: true,
      },
      project: { schema: Slug.optional(), value: "name", help: "project name (lowercase, digits, hyphens)" },
      subsystem: { schema: Slug.optional(), value: "name", help: "subsystem name" },
      organization: { schema: Slug.optional(), value: "name", help: "organization name" },
      region: { schema: AwsRegion.optional(), value: "region", help: "default AWS region" },
      sandbox: { schema: Switch, help: "target a local AWS emulator instead of AWS profiles" },
      endpoint: {
        schema: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
        value: "url",
        help: "emulator endpoint for --sandbox",
      },
      directory: {
        schema: z.string().trim().min(1, "must name the Terraform root module's directory").optional(),
        value: "dir",
        help: "the Terraform root module (default ./infrastructure/terraform); its backend, states and var files are read",
      },
      adopt: {
        schema: Env.optional(),
        value: "environment",
        help: "configure this environment to use the module's existing state: its backend settings, key, workspace and var file",
      },
      profiles: {
        schema: z
          .string()
          .trim()
          .regex(
            /^[\w.-]+=[\w.@+-]+(,[\w.-]+=[\w.@+-]+)*$/,
            "must be environment=profile pairs, e.g. test=team-test,prod=team-prod",
          )
          .optional(),
        value: "env=profile,…",
        help: 'AWS CLI profile per environment (and "discover"), e.g. test=team-test,prod=team-prod',
      },
      force: { schema: Switch, help: "replace an existing configuration" },
    },
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "config validate",
    description: "validate the configuration: schema, environments, state isolation, handlers",
    flags: {},
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "config show",
    description: "print the resolved configuration, or one environment's resolved settings",
    flags: {
      env: {
        schema: Env.optional(),
        value: "environment",
        help: "environment name or word (test, prod, production, live, …)",
      },
    },
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "config schema",
    description: "print the JSON Schema of devops.json",
    flags: {},
    mutates: false,
    markdown: true,
  }),
] as const;
