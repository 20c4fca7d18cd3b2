import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import { resolveEnvironment } from "../../../src/core/config/resolve.js";
import { defaultHandlers } from "../../../src/handlers/registry.js";
import { readFixture } from "../../helpers/project.js";

const handlersDir = join(import.meta.dirname, "../../../src/handlers");

async function folders(kind: string): Promise<string[]> {
  const entries = await readdir(join(handlersDir, kind), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe.each([
  ["hosting", defaultHandlers.hosting],
  ["iac", defaultHandlers.iac],
] as const)("the %s handler registry", (kind, registry) => {
  it("registers every handler folder", async () => {
    expect([...registry.keys()].sort()).toEqual(await folders(kind));
  });

  it.each([...registry.keys()])("%s implements the interface", async (id) => {
    const config = parseConfig(await readFixture("config", "user-guide.json"), "devops.json", defaultHandlers);
    const env = resolveEnvironment(config, "/project", "prod", defaultHandlers);

    const handler = await registry.get(id)!.load();

    expect(handler).toMatchObject({ kind, id, name: expect.any(String), description: expect.any(String) });
    expect(handler.checkEnvironment(env)).toEqual({ errors: expect.any(Array), warnings: expect.any(Array) });
  });

  it.each([...registry.keys()])("%s contributes a strict config block", (id) => {
    const { config } = registry.get(id)!;

    expect(config.id).toBe(id);
    expect(config.schema.safeParse({}).success).toBeTypeOf("boolean");
    expect(config.schema.safeParse({ not_a_setting: true }).success).toBe(false);
    expect(config.resolve).toBeTypeOf("function");
    expect(config.check).toBeTypeOf("function");
    expect(config.checkEnvironment).toBeTypeOf("function");
    expect(config.initial).toBeTypeOf("function");
  });

  it.each([...registry.keys()])("%s writes an init block its own schema accepts", (id) => {
    const { config } = registry.get(id)!;

    for (const sandbox of [true, false]) {
      const block = config.initial({ project: "shop", region: "eu-west-1", sandbox, environments: ["test", "prod"] });

      expect(config.schema.safeParse(block).success).toBe(true);
    }
  });
});
