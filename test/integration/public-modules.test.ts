// Public terraform-aws-modules examples, applied with plain Terraform to moto the way a team would have
// applied them before adopting devops, then adopted: `init --directory --adopt test` must point the
// environment at that existing state, so the first preview proposes nothing destructive, a deploy records
// every resource, and a teardown empties the state and the registry.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { testTrust } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { fixturePath, tempDir } from "../helpers/project.js";
import {
  applyWithPlainTerraform,
  copyPublicModule,
  PLAIN_OVERRIDE_FILE,
  PUBLIC_MODULES,
} from "../helpers/public-modules.js";
import { terraformEnv } from "../helpers/tools.js";

const moto = useMoto();

async function registeredAddresses(project: string): Promise<string[]> {
  const registry = JSON.parse(
    await readFile(join(project, ".devops", "deployments", "test", "registry.json"), "utf8"),
  ) as { resources: { terraform_address: string }[] };
  return registry.resources.map((resource) => resource.terraform_address).sort();
}
const CASE_TIMEOUT_MS = 900_000;

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
  "$name: applied with plain terraform, adopted with init --directory --adopt test, deployed, a policy removed from the state and imported back, torn down",
  async ({ name, root, region }) => {
    const dir = await copyPublicModule(name);
    const project = dir.slice(0, dir.length - root.length - 1);
    const trust = testTrust(await tempDir("devops-person-"));
    const cli = (...args: string[]): Promise<CliRun> =>
      runCli([...args, "--json"], { cwd: project, env: terraformEnv({ USER: "tester" }), trust });

    const applied = await applyWithPlainTerraform(dir, moto().endpoint);
    expect(applied.planOutput).toBe("");
    expect(applied.planExitCode).toBe(0);
    expect(await readdir(dir)).not.toContain(PLAIN_OVERRIDE_FILE);

    const init = await cli(
      "init",
      "--sandbox",
      "--endpoint",
      moto().endpoint,
      "--project",
      "shop",
      "--region",
      region,
      "--directory",
      relative(project, dir),
      "--adopt",
      "test",
    );
    expect(init.exitCode, init.stdout + init.stderr).toBe(0);

    const preview = await cli("infra", "preview-changes", "--env", "test");
    expect(preview.exitCode, preview.stdout).toBe(0);
    expect(preview.json().data.summary.counts).toMatchObject({ create: 0, delete: 0, replace: 0 });
    expect(preview.json().data.statesElsewhere).toBeUndefined();

    const deploy = await cli("infra", "deploy", "--env", "test", "--skip-tests");
    expect(deploy.exitCode, deploy.stdout).toBe(0);
    const registry = JSON.parse(
      await readFile(join(project, ".devops", "deployments", "test", "registry.json"), "utf8"),
    ) as { resources: { terraform_address: string; type: string; aws_id?: string }[] };
    const managed = applied.addresses.filter((address) => !/(^|\.)data\./.test(address));
    expect(registry.resources.map((resource) => resource.terraform_address).sort()).toEqual([...managed].sort());

    // A stuck resource taken out of the state and imported back through the CLI: the registry follows.
    const policy = registry.resources.find((resource) => resource.type === "aws_iam_policy");
    if (name === "iam-policy") {
      if (policy?.aws_id === undefined) throw new Error("the iam-policy example recorded no aws_iam_policy with an id");
      const removed = await cli("infra", "state", "rm", "--env", "test", policy.terraform_address);
      expect(removed.exitCode, removed.stdout).toBe(0);
      expect(await registeredAddresses(project)).not.toContain(policy.terraform_address);
      const imported = await cli("infra", "import", "--env", "test", policy.terraform_address, policy.aws_id);
      expect(imported.exitCode, imported.stdout).toBe(0);
      expect(await registeredAddresses(project)).toEqual([...managed].sort());
    }

    const teardown = await cli("infra", "teardown", "--env", "test");
    expect(teardown.exitCode, teardown.stdout).toBe(0);
    expect(teardown.json()).toMatchObject({ status: "destroyed", data: { verification: { resources: 0 } } });
    expect(dirname(dir)).toContain(project);
  },
  CASE_TIMEOUT_MS,
);
