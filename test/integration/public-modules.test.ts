// Public terraform-aws-modules examples, applied with plain Terraform to moto the way a team would have
// applied them before adopting devops: each must apply and then plan with no changes, or the adoption tests
// built on them would start from differences the emulator invented.
import { readdir } from "node:fs/promises";
import { expect, it } from "vitest";
import { useMoto } from "../helpers/moto.js";
import { fixturePath } from "../helpers/project.js";
import {
  applyWithPlainTerraform,
  copyPublicModule,
  PLAIN_OVERRIDE_FILE,
  PUBLIC_MODULES,
} from "../helpers/public-modules.js";

const moto = useMoto();
const CASE_TIMEOUT_MS = 600_000;

it("lists every vendored fixture, each with its licence and provenance", async () => {
  const folders = (await readdir(fixturePath("public-modules"), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  expect(folders).toEqual(PUBLIC_MODULES.map((fixture) => fixture.name).sort());
  for (const name of folders) {
    expect(await readdir(fixturePath("public-modules", name))).toEqual(
      expect.arrayContaining(["LICENSE", "SOURCE.md"]),
    );
  }
});

it.each(PUBLIC_MODULES)(
  "$name: plain terraform applies $root to moto and then plans no changes",
  async ({ name }) => {
    const dir = await copyPublicModule(name);

    const applied = await applyWithPlainTerraform(dir, moto().endpoint);

    expect(applied.planOutput).toBe("");
    expect(applied.planExitCode).toBe(0);
    expect(applied.addresses.length).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(["terraform.tfstate", ".terraform.lock.hcl"]));
    expect(await readdir(dir)).not.toContain(PLAIN_OVERRIDE_FILE);
  },
  CASE_TIMEOUT_MS,
);
