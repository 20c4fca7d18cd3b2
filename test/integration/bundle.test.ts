import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";

let rebuilt: string;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, and the rebuild serves them all.
  rebuilt = await mkdtemp(join(tmpdir(), "devops-bundle-"));
  await execa(process.execPath, ["scripts/build.mjs", "--outfile", join(rebuilt, "cli.js")]);
}, 60_000);

afterAll(async () => {
  await rm(rebuilt, { recursive: true, force: true });
});

it.each(["cli.js", "gate.cjs"])(
  "the committed dist/%s is exactly what the sources build to (rebuild: npm run build)",
  async (name) => {
    const [fresh, committed] = await Promise.all([
      readFile(join(rebuilt, name), "utf8"),
      readFile(join("dist", name), "utf8"),
    ]);

    expect(fresh.length).toBe(committed.length);
    expect(fresh === committed, `dist/${name} is stale: run npm run build and commit it`).toBe(true);
  },
);

it("dist/gate.cjs carries the gate without the AWS SDK or the Terraform runner", async () => {
  const gate = await readFile(join(rebuilt, "gate.cjs"), "utf8");

  expect(gate.length).toBeLessThan(250_000);
  expect(gate).not.toMatch(/brotliDecompressSync|GetCallerIdentity|-input=false|@aws-sdk/);
  expect(gate).toContain("the gate bundle does not carry the handler ./iac/terraform/index.js");
  expect(gate).toContain("the gate bundle does not carry the handler ./hosting/aws/index.js");
});
