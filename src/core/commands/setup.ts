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
