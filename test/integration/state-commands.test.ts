// Terraform's escape hatches through the CLI, on the real engine and the moto server: state list/show,
// state rm/mv, import and unlock (records rewritten from the state afterwards), and --target,
// --replace and --refresh=false on preview and deploy (part of the plan and its hash).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
let project: InfraProject;

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

const records = (...parts: string[]) => join(project.root, ".devops", "deployments", "test", ...parts);
const stateFile = () => join(project.moduleDir, "terraform.tfstate.d", "test", "terraform.tfstate");

async function registryAddresses(): Promise<Record<string, string | undefined>> {
  const registry = JSON.parse(await readFile(records("registry.json"), "utf8"));
  return Object.fromEntries(
    registry.resources.map((r: { terraform_address: string; aws_id?: string }) => [r.terraform_address, r.aws_id]),
  );
}

async function history(): Promise<Array<Record<string, unknown>>> {
  return (await readFile(records("history.ndjson"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

async function deployed(): Promise<Record<string, string>> {
  expect((await cli("infra", "deploy", "--env", "test")).exitCode).toBe(0);
  const list = (await cli("infra", "state", "list", "--env", "test")).json();
  return Object.fromEntries(list.data.resources.map((r: { address: string; id: string }) => [r.address, r.id]));
}

describe("reading the state", () => {
  it("state list gives every address with its id; state show one resource's attributes", async () => {
    const ids = await deployed();

    const shown = await cli("infra", "state", "show", "--env", "test", "terraform_data.item[1]");

    expect(Object.keys(ids)).toEqual(["terraform_data.item[0]", "terraform_data.item[1]"]);
    expect(shown.exitCode).toBe(0);
    expect(shown.json().data.resource).toMatchObject({
      address: "terraform_data.item[1]",
      type: "terraform_data",
      values: { id: ids["terraform_data.item[1]"], input: "v1-1" },
    });
  }, 60_000);

  it("an address the state does not hold is bad input naming it", async () => {
    await deployed();

    const run = await cli("infra", "state", "show", "--env", "test", "terraform_data.item[7]");

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({ code: "STATE_ADDRESS_UNKNOWN" });
    expect(run.json().error.message).toContain("terraform_data.item[7]");
  }, 60_000);
});

describe("changing the state where no confirmation is required", () => {
  it("state rm forgets a resource and rewrites registry, DEPLOYED.md and history; import brings it back", async () => {
    const ids = await deployed();
    const id = ids["terraform_data.item[1]"]!;

    const removed = await cli("infra", "state", "rm", "--env", "test", "terraform_data.item[1]");

    expect(removed.exitCode).toBe(0);
    expect(removed.json()).toMatchObject({ status: "applied", data: { operation: "state_rm" } });
    expect(await registryAddresses()).toEqual({ "terraform_data.item[0]": ids["terraform_data.item[0]"] });
    expect(await readFile(records("DEPLOYED.md"), "utf8")).not.toContain("**Address:** `terraform_data.item[1]`");
    expect((await history()).at(-1)).toMatchObject({
      kind: "state_rm",
      outcome: "applied",
      change: `forget terraform_data.item[1] (id ${id}) without destroying it`,
      approval: { by: "not_required" },
    });

    const imported = await cli("infra", "import", "--env", "test", "terraform_data.item[1]", id);

    expect(imported.exitCode).toBe(0);
    expect(await registryAddresses()).toEqual(ids);
    expect((await history()).at(-1)).toMatchObject({ kind: "state_import", outcome: "applied" });
  }, 90_000);

  it("import takes --var for a required variable the var files do not give; state rm/mv take none", async () => {
    await project.writeModule({
      "main.tf": [
        `variable "owner" { type = string }`,
        `resource "terraform_data" "item" { input = "owned-by-\${var.owner}" }`,
        "",
      ].join("\n"),
    });
    expect((await cli("infra", "deploy", "--env", "test", "--var", "owner=payments")).exitCode).toBe(0);
    const id = (await cli("infra", "state", "list", "--env", "test")).json().data.resources[0].id;
    expect((await cli("infra", "state", "rm", "--env", "test", "terraform_data.item")).exitCode).toBe(0);

    const without = await cli("infra", "import", "--env", "test", "terraform_data.item", id);
    const withVar = await cli("infra", "import", "--env", "test", "terraform_data.item", id, "--var", "owner=payments");
    const rmWithVar = await cli("infra", "state", "rm", "--env", "test", "terraform_data.item", "--var", "owner=x");

    expect(without.exitCode).not.toBe(0);
    expect(without.stdout).toContain("owner");
    expect(withVar.exitCode, withVar.stdout).toBe(0);
    expect(withVar.json().data.description).toContain(`import ${id} as terraform_data.item with --var owner`);
    expect(await registryAddresses()).toEqual({ "terraform_data.item": id });
    expect(rmWithVar.exitCode).toBe(2);
    expect(await registryAddresses()).toEqual({ "terraform_data.item": id });
  }, 120_000);

  it("state mv moves a resource to another address, and the registry follows", async () => {
    const ids = await deployed();

    const moved = await cli("infra", "state", "mv", "--env", "test", "terraform_data.item[1]", "terraform_data.spare");

    expect(moved.exitCode).toBe(0);
    expect(await registryAddresses()).toEqual({
      "terraform_data.item[0]": ids["terraform_data.item[0]"],
      "terraform_data.spare": ids["terraform_data.item[1]"],
    });
    expect((await history()).at(-1)).toMatchObject({ kind: "state_mv", outcome: "applied" });
  }, 60_000);

  it.each([
    [["infra", "state", "rm", "--env", "test"], "ARGUMENT_MISSING"],
    [["infra", "state", "rm", "--env", "test", "not an address"], "FLAG_INVALID"],
    [["infra", "state", "rm", "--env", "test", "terraform_data.item[5]"], "STATE_ADDRESS_UNKNOWN"],
    [["infra", "state", "mv", "--env", "test", "terraform_data.item[0]"], "ARGUMENT_MISSING"],
    [
      ["infra", "state", "mv", "--env", "test", "terraform_data.item[0]", "terraform_data.item[1]"],
      "STATE_ADDRESS_TAKEN",
    ],
    [["infra", "import", "--env", "test", "terraform_data.item[0]", "x"], "STATE_ADDRESS_TAKEN"],
    [["infra", "import", "--env", "test", "terraform_data.item[0]", "x", "y"], "ARGUMENT_UNEXPECTED"],
    [["infra", "unlock", "--env", "test"], "FLAG_REQUIRED"],
    [["infra", "unlock", "--env", "test", "--lock-id", "a b"], "FLAG_INVALID"],
  ])(
    "%j is refused (%s, exit 2) with the state and records untouched",
    async (argv, code) => {
      await deployed();
      const before = { state: await readFile(stateFile(), "utf8"), history: await history() };

      const run = await cli(...argv);

      expect({ exit: run.exitCode, code: run.json().error?.code }).toEqual({ exit: 2, code });
      expect(run.json().error.suggestion).toBeTruthy();
      expect({ state: await readFile(stateFile(), "utf8"), history: await history() }).toEqual(before);
    },
    60_000,
  );
});

describe("--target, --replace and --refresh", () => {
  it("a targeted preview plans only its target, says so, and hashes differently from the full plan", async () => {
    const full = (await cli("infra", "preview-changes", "--env", "test")).json();

    const targeted = await cli(
      "infra",
      "preview-changes",
      "--env",
      "test",
      "--target",
      "terraform_data.item[0]",
      "--refresh=false",
    );

    expect(targeted.exitCode).toBe(0);
    expect(targeted.json().data.summary).toMatchObject({
      counts: { create: 1 },
      scope: { targets: ["terraform_data.item[0]"], replace: [], refresh: false },
    });
    expect(targeted.json().data.planHash).not.toBe(full.data.planHash);
  }, 60_000);

  it("deploy --target applies only the target; --replace replaces a resource with no change", async () => {
    const targeted = await cli("infra", "deploy", "--env", "test", "--target", "terraform_data.item[0]");

    expect(targeted.exitCode).toBe(0);
    expect(Object.keys(await registryAddresses())).toEqual(["terraform_data.item[0]"]);

    const before = (await cli("infra", "state", "list", "--env", "test")).json().data.resources[0].id;
    const replaced = await cli(
      "infra",
      "deploy",
      "--env",
      "test",
      "--replace",
      "terraform_data.item[0]",
      "--target",
      "terraform_data.item[0]",
    );

    expect(replaced.exitCode).toBe(0);
    expect(replaced.json().data.summary).toMatchObject({ counts: { replace: 1 } });
    expect((await registryAddresses())["terraform_data.item[0]"]).not.toBe(before);
  }, 90_000);

  it("--plan with a scope flag is refused: a saved plan keeps its own scope", async () => {
    const preview = (
      await cli("infra", "preview-changes", "--env", "test", "--target", "terraform_data.item[0]")
    ).json();

    const run = await cli("infra", "deploy", "--env", "test", "--plan", preview.data.planId, "--refresh=false");

    expect({ exit: run.exitCode, code: run.json().error.code }).toEqual({ exit: 2, code: "FLAG_CONFLICT" });
    expect(existsSync(stateFile())).toBe(false);
  }, 60_000);

  it.each([
    [["--target", "module..x"], "FLAG_INVALID"],
    [["--replace", "module.x"], "FLAG_INVALID"],
    [["--refresh=maybe"], "FLAG_INVALID"],
  ])("preview-changes %j is bad input", async (flags, code) => {
    const run = await cli("infra", "preview-changes", "--env", "test", ...flags);

    expect({ exit: run.exitCode, code: run.json().error.code }).toEqual({ exit: 2, code });
  });
});

describe("unlock on an S3 backend (moto), a lock held for real", () => {
  it("the STATE_LOCKED error names the unlock command; unlock releases the lock and writes history", async () => {
    const server = moto();
    await fetch(`${server.endpoint}/tfstate`, { method: "PUT" });
    const config = sandboxConfig(server.endpoint);
    (config.handlers as any).iac.terraform.backend = {
      type: "s3",
      bucket: "tfstate",
      key: "api/terraform.tfstate",
      use_lockfile: true,
    };
    project = await infraProject(config);
    expect((await cli("infra", "deploy", "--env", "test")).exitCode).toBe(0);
    const lockId = "3b2a0d4e-0000-4000-8000-000000000002";
    await fetch(`${server.endpoint}/tfstate/env:/test/api/terraform.tfstate.tflock`, {
      method: "PUT",
      body: JSON.stringify({ ID: lockId, Operation: "OperationTypeApply", Info: "", Who: "ci@elsewhere" }),
    });
    const locked = await cli("infra", "preview-changes", "--env", "test");

    const unlocked = await cli("infra", "unlock", "--env", "test", "--lock-id", lockId);

    expect(locked.json().error).toMatchObject({ code: "STATE_LOCKED" });
    expect(locked.json().error.suggestion).toContain(`devops infra unlock --env test --lock-id ${lockId}`);
    expect(unlocked.exitCode).toBe(0);
    expect((await history()).at(-1)).toMatchObject({
      kind: "state_unlock",
      outcome: "applied",
      change: `release the state lock ${lockId}`,
    });
    expect((await cli("infra", "preview-changes", "--env", "test")).json().status).toBe("no_changes");
  }, 120_000);
});
