// What devops says after a run, on the real engine and the moto server: deploy prints the outputs
// (sensitive ones hidden), show-resources and check-status say when the last change failed or was
// interrupted and never invent a deploy time, and the module's selected workspace is left as found.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeEach, describe, expect, it } from "vitest";
import { inFlightPath, markInFlight } from "../../src/records/in-flight.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, terraformDataModule, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { testTools } from "../helpers/tools.js";

const moto = useMoto();
let project: InfraProject;

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: project.root, env: project.env, trust: project.trust });
}

/** Plain terraform in the module directory, as a person would run it afterwards. */
function terraform(...args: string[]) {
  return execa(testTools().terraform, args, { cwd: project.moduleDir, env: project.env, extendEnv: false });
}

const OUTPUTS = `
output "greeting" { value = "hello" }
output "ids" { value = terraform_data.item[*].output }
output "token" {
  value     = "s3cr3t-token"
  sensitive = true
}
`;

describe("deploy prints the outputs", () => {
  it("with their values, sensitive ones masked, in the data and on the terminal", async () => {
    await project.writeModule({ "outputs.tf": OUTPUTS });

    const json = await cli("infra", "deploy", "--env", "test", "--json");
    await project.writeModule({ "main.tf": terraformDataModule(2, "v2") });
    const human = await cli("infra", "deploy", "--env", "test");

    expect(json.exitCode).toBe(0);
    expect(json.json().data.outputs).toEqual([
      { name: "count", sensitive: false, value: 2 },
      { name: "greeting", sensitive: false, value: "hello" },
      { name: "ids", sensitive: false, value: ["v1-0", "v1-1"] },
      { name: "token", sensitive: true, value: "(sensitive)" },
    ]);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain(
      'Outputs:\n  count = 2\n  greeting = hello\n  ids = ["v2-0","v2-1"]\n  token = (sensitive)',
    );
    expect(json.stdout + human.stdout + human.stderr).not.toContain("s3cr3t-token");
  }, 120_000);
});

describe("honest records", () => {
  it("a refresh of an environment never deployed claims no deploy time", async () => {
    const run = await cli("infra", "show-resources", "--env", "test", "--refresh");
    const json = await cli("infra", "show-resources", "--env", "test", "--json");

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("test: 0 resources, never deployed by devops (read from the Terraform state)");
    expect(run.stdout).not.toMatch(/last deployed/);
    expect(json.json().data.registry.last_deployed).toBeUndefined();
    expect(json.json().data.lastDeployment).toBeUndefined();
  }, 120_000);

  it("after a failed deploy, show-resources and check-status say it failed and keep the last good time", async () => {
    await cli("infra", "deploy", "--env", "test", "--json");
    const good = JSON.parse(
      await readFile(join(project.root, ".devops/deployments/test/registry.json"), "utf8"),
    ).last_deployed;
    await project.writeModule({
      "boom.tf": 'resource "terraform_data" "boom" {\n  provisioner "local-exec" {\n    command = "exit 3"\n  }\n}\n',
    });

    const failed = await cli("infra", "deploy", "--env", "test", "--json");
    const resources = await cli("infra", "show-resources", "--env", "test");
    const refreshed = await cli("infra", "show-resources", "--env", "test", "--refresh", "--json");
    const status = await cli("infra", "check-status", "--env", "test");

    expect(failed.exitCode).toBe(1);
    expect(resources.stdout).toContain(`last deployed ${good}`);
    expect(resources.stdout).toMatch(/the last deploy failed at \S+ \(plan [^)]+\): /);
    expect(refreshed.json().data).toMatchObject({
      registry: { last_deployed: good },
      lastDeployment: { kind: "deploy", outcome: "failed" },
    });
    expect(status.stdout).toMatch(/last deploy: \S+ by tester\S*, failed/);
    expect(status.stdout).toMatch(/TERRAFORM_APPLY_FAILED: /);
  }, 180_000);

  it("a deploy that started and never recorded an end is reported as interrupted, with the time it started", async () => {
    await cli("infra", "deploy", "--env", "test", "--json");
    // What a deploy killed while the engine applied leaves behind: its start, and no outcome.
    await markInFlight(inFlightPath(join(project.root, ".devops"), "test"), {
      schema_version: 1,
      id: "20261207-killed",
      kind: "deploy",
      environment: "test",
      started_at: "2026-12-07T10:00:00.000Z",
      plan_id: "20261207-killed",
    });

    const resources = await cli("infra", "show-resources", "--env", "test");
    const status = await cli("infra", "check-status", "--env", "test", "--json");
    const again = await cli("infra", "deploy", "--env", "test", "--json");
    const after = await cli("infra", "check-status", "--env", "test", "--json");

    const said =
      "a deploy started at 2026-12-07T10:00:00.000Z (plan 20261207-killed) has no recorded end: it was interrupted, or is still running";
    expect(resources.stdout).toContain(said);
    expect(status.json().data.interrupted).toMatchObject({
      id: "20261207-killed",
      started_at: "2026-12-07T10:00:00.000Z",
    });
    expect(again.exitCode).toBe(0);
    expect(after.json().data.interrupted).toBeUndefined();
  }, 180_000);
});

describe("the module's selected workspace", () => {
  it("is left as devops found it: none selected stays default after devops created test's and prod's", async () => {
    await cli("infra", "deploy", "--env", "test", "--json");
    await cli("infra", "preview-changes", "--env", "prod", "--json");

    const shown = await terraform("workspace", "show");
    const listed = await terraform("workspace", "list");

    expect(shown.stdout.trim()).toBe("default");
    expect(listed.stdout).toMatch(/\bprod\b/);
    expect(listed.stdout).toMatch(/\btest\b/);
  }, 180_000);

  it("a workspace the person selected stays selected", async () => {
    await terraform("init", "-input=false");
    await terraform("workspace", "new", "mine");

    await cli("infra", "deploy", "--env", "test", "--json");
    await cli("infra", "preview-changes", "--env", "prod", "--json");

    expect((await terraform("workspace", "show")).stdout.trim()).toBe("mine");
    expect(await readFile(join(project.moduleDir, ".terraform", "environment"), "utf8")).toBe("mine");
  }, 180_000);
});

const PROVIDER_ONLY = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
output "ready" { value = true }
`;

describe("provider installation", () => {
  async function emptyMirrorCliConfig(): Promise<{ file: string; mirror: string }> {
    const mirror = join(project.root, "empty-mirror");
    await mkdir(mirror);
    const file = join(project.root, "team.tfrc");
    await writeFile(file, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
    return { file, mirror };
  }

  it("respects the person's own CLI config, and a failed init reports its Error: block", async () => {
    await project.writeModule({ "main.tf": PROVIDER_ONLY });
    const { file, mirror } = await emptyMirrorCliConfig();

    const run = await runCli(["infra", "preview-changes", "--env", "test", "--json"], {
      cwd: project.root,
      env: { ...project.env, TF_CLI_CONFIG_FILE: file },
      trust: project.trust,
    });

    expect(run.exitCode).toBe(1);
    const error = run.json().error;
    expect(error.code).toBe("TERRAFORM_INIT_FAILED");
    expect(error.message).toContain(
      'terraform init failed for "test": Failed to query available provider packages: Could not retrieve the list of available versions for provider hashicorp/aws',
    );
    expect(error.message).toContain(mirror);
  }, 120_000);

  it("installs from handlers.iac.terraform.provider_mirror through a CLI config of its own in the runs folder", async () => {
    const mirror = testTools().mirror;
    if (mirror === null) throw new Error("the tests need the provider mirror of scripts/setup-test-tools.sh");
    await project.writeModule({ "main.tf": PROVIDER_ONLY });
    const config = sandboxConfig(moto().endpoint) as Record<string, any>;
    config.handlers.iac.terraform.provider_mirror = mirror;
    await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));
    // No CLI config of the person's: without devops's own, terraform would go to the public registry.
    const { TF_CLI_CONFIG_FILE: _, ...bare } = project.env;
    const home = join(project.root, "home");
    await mkdir(home);

    const run = await runCli(["infra", "preview-changes", "--env", "test", "--json"], {
      cwd: project.root,
      env: { ...bare, HOME: home },
      trust: project.trust,
    });

    expect(run.exitCode).toBe(0);
    const written = await readFile(join(project.root, ".devops", "runs", "terraform-cli.tfrc"), "utf8");
    expect(written).toContain(`path = "${mirror}"`);
    expect(await readFile(join(project.moduleDir, ".terraform.lock.hcl"), "utf8")).toContain("5.100.0");
  }, 120_000);

  it("a provider mirror that holds nothing fails init with the mirror named, and the debugger names the fix", async () => {
    await project.writeModule({ "main.tf": PROVIDER_ONLY });
    const config = sandboxConfig(moto().endpoint) as Record<string, any>;
    const { mirror } = await emptyMirrorCliConfig();
    config.handlers.iac.terraform.provider_mirror = mirror;
    await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));
    const { TF_CLI_CONFIG_FILE: _, ...bare } = project.env;

    const run = await runCli(["infra", "preview-changes", "--env", "test", "--json"], {
      cwd: project.root,
      env: bare,
      trust: project.trust,
    });
    const error = run.json().error;
    const debug = await cli("infra", "debug", "--error", `${error.message}\n${error.details.stderr}`, "--json");

    expect(error.message).toContain(`was not found in any of the search locations - ${mirror}`);
    expect(error.suggestion).toContain("handlers.iac.terraform.provider_mirror");
    expect(JSON.stringify(debug.json().data)).toContain("handlers.iac.terraform.provider_mirror");
  }, 120_000);
});
