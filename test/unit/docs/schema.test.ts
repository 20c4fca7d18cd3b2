import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { devopsConfigJsonSchema } from "../../../src/core/config/compose.js";
import { defaultHandlers } from "../../../src/handlers/registry.js";

it("docs/devops.schema.json matches the zod schema composed from the registered handlers (regenerate: npm run build && npm run schema)", async () => {
  const committed = await readFile("docs/devops.schema.json", "utf8");

  expect(committed).toBe(`${JSON.stringify(devopsConfigJsonSchema(defaultHandlers), null, 2)}\n`);
});
