// An environment's inputs on the real engine and the moto server: common var files, the environment's
// own list, and --var on top (the last one wins), applied through the saved plan; a named var file
// that is missing stops before anything runs; --var values appear in no output and no record.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
let project: InfraProject;

const SECRET = "s3cret-Value-9";

const MODULE = `
variable "label" { type = string }
variable "size" { type = string }
variable "name" { type = string }
variable "token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "item" {
  input = "\${var.label}/\${var.size}/\${var.name}"
}
output "combined" { value = terraform_data.item.output }
output "token_length" { value = nonsensitive(length(var.token)) }
`;

function configWith(terraform: Record<string, unknown>, test: Record<string, unknown>) {
  const config = sandboxConfig(moto().endpoint) as Record<string, any>;
  Object.assign(config.handlers.iac.terraform, terraform);
  Object.assign(config.environments.test, test);
  return config;
}

async function projectWith(terraform: Record<string, unknown>, test: Record<string, unknown>) {
  project = await infraProject(configWith(terraform, test), {
    "main.tf": MODULE,
    "common.tfvars": 'label = "eu"\nsize = "small"\nname = "from-common"\n',
    "test.tfvars": 'size = "medium"\n',
    "test-name.tfvars": 'name = "from-test"\n',
  });
}

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

/** Every text file devops wrote under .devops/ (saved plan files are Terraform's own binary format). */
async function recordsText(): Promise<string> {
  const root = join(project.root, ".devops");
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".tfplan"))
    .map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, "utf8")))).join("\n");
}

describe("common var files, the environment's, then --var", () => {
  beforeEach(async () => {
    await projectWith({ var_files: ["common.tfvars"] }, { var_file: ["test.tfvars", "test-name.tfvars"] });
  });

  it("plans with all of them in order, and deploy --plan applies exactly that plan", async () => {
    const preview = await cli(
      "infra",
      "preview-changes",
      "--env",
      "test",
      "--var",
      "name=from-flag",
      "--var",
      `token=${SECRET}`,
    );

    expect(preview.exitCode).toBe(0);
    expect(preview.json().data.summary.scope).toEqual({
      targets: [],
      replace: [],
      refresh: true,
      variables: ["name", "token"],
    });
    const deployed = await cli("infra", "deploy", "--env", "test", "--plan", preview.json().data.planId);
    expect(deployed.exitCode).toBe(0);
    expect(deployed.json().data.outputs).toEqual(
      expect.arrayContaining([
        { name: "combined", sensitive: false, value: "eu/medium/from-flag" },
        { name: "token_length", sensitive: false, value: SECRET.length },
      ]),
    );
    for (const run of [preview, deployed]) expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(await recordsText()).not.toContain(SECRET);
  }, 120_000);

  it("without --var the environment's files win over the common ones; check-status and teardown take --var too", async () => {
    const deployed = await cli("infra", "deploy", "--env", "test", "--var", "token=abc");
    const status = await cli("infra", "check-status", "--env", "test", "--var", "token=abc");

    const teardown = await cli("infra", "teardown", "--env", "test", "--var", "token=abc");

    expect(deployed.exitCode).toBe(0);
    expect(deployed.json().data.outputs).toEqual(
      expect.arrayContaining([{ name: "combined", sensitive: false, value: "eu/medium/from-test" }]),
    );
    expect({ exit: status.exitCode, status: status.json().status }).toEqual({ exit: 0, status: "in_sync" });
    expect(teardown.exitCode).toBe(0);
    expect(teardown.json().data.summary.scope).toMatchObject({ variables: ["token"] });
  }, 120_000);

  it("a variable given no value anywhere is the engine's error naming it", async () => {
    const run = await cli("infra", "preview-changes", "--env", "test");

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("token");
  }, 60_000);
});

describe("a var file the config names that does not exist", () => {
  it.each([
    [{ var_files: ["common.tfvars", "shared/missing.tfvars"] }, {}, "handlers.iac.terraform.var_files[1]"],
    [{}, { var_file: ["test.tfvars", "test-eu.tfvars"] }, "environments.test.var_file[1]"],
  ])(
    "stops preview with VAR_FILE_MISSING naming %j's setting, before init",
    async (terraform, test, setting) => {
      await projectWith(terraform, test);

      const run = await cli("infra", "preview-changes", "--env", "test", "--var", `token=${SECRET}`);

      expect(run.exitCode).toBe(2);
      expect(run.json().error).toMatchObject({ code: "VAR_FILE_MISSING" });
      expect(run.json().error.message).toContain(setting);
      expect(existsSync(join(project.moduleDir, ".terraform"))).toBe(false);
      expect(existsSync(join(project.root, ".devops", "plans"))).toBe(false);
    },
    60_000,
  );
});
