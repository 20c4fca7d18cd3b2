import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { tempDir } from "../helpers/project.js";

it("the committed dist/cli.js is exactly what the sources build to (rebuild: npm run build)", async () => {
  const outfile = join(await tempDir(), "cli.js");

  await execa(process.execPath, ["scripts/build.mjs", "--outfile", outfile]);

  const [rebuilt, committed] = await Promise.all([readFile(outfile, "utf8"), readFile("dist/cli.js", "utf8")]);
  expect(rebuilt.length).toBe(committed.length);
  expect(rebuilt === committed, "dist/cli.js is stale: run npm run build and commit it").toBe(true);
}, 60_000);
