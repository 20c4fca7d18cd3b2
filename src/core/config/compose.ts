// The full schema of devops.json: the core schema with `handlers.<kind>` made of `active` and one
// optional block per registered handler, each validated by the handler that owns it (strict, so an
// unknown id is an unknown field). `docs/devops.schema.json` is generated from it (`devops config schema`).
import * as z from "zod";
import type { HandlerConfig, HandlerRegistry } from "./handler-config.js";
import { DevopsConfig } from "./schema.js";

function handlerBlocks(kind: string, registered: ReadonlyMap<string, { config: HandlerConfig<unknown> }>) {
  const ids = [...registered.keys()];
  return z
    .object({
      active: z
        .string()
        .min(1)
        .describe(`the ${kind === "iac" ? "IaC" : kind} handler id (registered: ${ids.join(", ")})`),
      ...Object.fromEntries([...registered].map(([id, { config }]) => [id, config.schema.optional()])),
    })
    .strict();
}

const composed = new WeakMap<HandlerRegistry, z.ZodType<DevopsConfig>>();

/** The schema of devops.json with the given handlers' blocks; built once per registry. */
export function devopsConfigSchema(registry: HandlerRegistry): z.ZodType<DevopsConfig> {
  const known = composed.get(registry);
  if (known !== undefined) return known;
  // The handlers' blocks are narrower than the core schema's open ones, so the result still parses to DevopsConfig.
  const schema = DevopsConfig.extend({
    handlers: z
      .object({ hosting: handlerBlocks("hosting", registry.hosting), iac: handlerBlocks("iac", registry.iac) })
      .strict(),
  }) as z.ZodType<DevopsConfig>;
  composed.set(registry, schema);
  return schema;
}

export function devopsConfigJsonSchema(registry: HandlerRegistry): Record<string, unknown> {
  const schema = z.toJSONSchema(devopsConfigSchema(registry), { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return {
    title: "devops.json",
    description: "Configuration of the devops CLI and Claude Code plugin (.devops/devops.json).",
    ...schema,
  };
}
