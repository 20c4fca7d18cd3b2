// Adopting a module a team already applied with plain `terraform`: init --directory --adopt points the
// environment at exactly that state, so the first preview shows no change; a backend redirected by
// devops.json stops every command; a plan that would recreate everything beside an existing state is
// shouted about by preview and refused by deploy without --allow-empty-state.
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { sandboxConfig, terraformDataModule, testTrust } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { tempDir } from "../helpers/project.js";
import { terraformEnv, testTools } from "../helpers/tools.js";

const moto = useMoto();
const BACKEND = 'terraform {\n  backend "local" {\n    path = "team.tfstate"\n  }\n}\n';

let root: string;
let env: Record<string, string>;
let trust: ReturnType<typeof testTrust>;

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: root, env, trust });
}

/** The team's own workflow before devops: plain terraform init and apply in the module. */
function applyWithTerraform(moduleDir: string, initArgs: string[] = []): void {
  for (const args of [
    ["init", "-input=false", "-no-color", ...initArgs],
    ["apply", "-auto-approve", "-input=false", "-no-color"],
  ]) {
    execFileSync(testTools().terraform, args, { cwd: moduleDir, env, stdio: "pipe" });
  }
}

async function editConfig(change: (config: any) => void): Promise<void> {
  const path = join(root, ".devops", "devops.json");
  const config = JSON.parse(await readFile(path, "utf8"));
  change(config);
  await writeFile(path, JSON.stringify(config, null, 2));
}

describe("init --directory --adopt on a module applied with plain terraform", () => {
  beforeEach(async () => {
    root = await tempDir("devops-adopt-");
    env = terraformEnv({ USER: "tester" });
    trust = testTrust(await tempDir("devops-person-"));
    const moduleDir = join(root, "infra");
    await mkdir(moduleDir);
    await writeFile(join(moduleDir, "main.tf"), `${BACKEND}${terraformDataModule(2)}`);
    applyWithTerraform(moduleDir);
    const init = await cli(
      "init",
      "--sandbox",
      "--endpoint",
      moto().endpoint,
      "--project",
      "shop",
      "--directory",
      "infra",
      "--adopt",
      "test",
    );
    expect(init.exitCode, init.stdout).toBe(0);
  });

  it("configures the environment on the existing state: the first preview changes nothing", async () => {
    const config = JSON.parse(await readFile(join(root, ".devops", "devops.json"), "utf8"));

    const preview = await cli("infra", "preview-changes", "--env", "test");

    expect(config.handlers.iac.terraform.backend).toEqual({ type: "local", path: "team.tfstate" });
    expect(config.environments.test.workspace).toBe("default");
    expect(preview.exitCode, preview.stdout).toBe(0);
    expect(preview.json()).toMatchObject({
      status: "no_changes",
      data: { summary: { counts: { create: 0, update: 0, delete: 0, replace: 0 } } },
    });
    expect(preview.json().data.statesElsewhere).toBeUndefined();
  });

  it("does not count the adopted environment's state against another environment's first deploy", async () => {
    const preview = await cli("infra", "preview-changes", "--env", "prod");

    expect(preview.exitCode, preview.stdout).toBe(0);
    expect(preview.json().data.summary.counts).toMatchObject({ create: 2 });
    expect(preview.json().data.statesElsewhere).toBeUndefined();
  });

  it("stops when devops.json redirects the code's backend, naming both paths and the setting that decides", async () => {
    await editConfig((config) => {
      config.handlers.iac.terraform.backend.path = "other.tfstate";
    });

    const preview = await cli("infra", "preview-changes", "--env", "test");

    expect(preview.exitCode).toBe(2);
    expect(preview.json().error).toMatchObject({
      code: "BACKEND_SETTINGS_DIFFER",
      message: expect.stringContaining('path: code "team.tfstate", devops.json "other.tfstate"'),
      suggestion: expect.stringContaining("backend_source"),
    });
  });

  it('reads the state the code names when backend_source is "code", whatever devops.json says', async () => {
    await editConfig((config) => {
      config.handlers.iac.terraform.backend.path = "other.tfstate";
      config.handlers.iac.terraform.backend_source = "code";
    });

    const preview = await cli("infra", "preview-changes", "--env", "test");

    expect(preview.exitCode, preview.stdout).toBe(0);
    expect(preview.json().status).toBe("no_changes");
  });

  it("warns when a plan would create everything beside the existing state, and deploy refuses it without --allow-empty-state", async () => {
    await editConfig((config) => {
      config.handlers.iac.terraform.backend.path = "other.tfstate";
      config.handlers.iac.terraform.backend_source = "config";
    });

    const preview = await cli("infra", "preview-changes", "--env", "test");
    const refused = await cli("infra", "deploy", "--env", "test");
    const refusedSaved = await cli("infra", "deploy", "--env", "test", "--plan", preview.json().data.planId);
    const state = JSON.parse(await readFile(join(root, "infra", "team.tfstate"), "utf8"));

    expect(preview.exitCode).toBe(0);
    expect(preview.json().data.summary.counts).toMatchObject({ create: 2 });
    expect(preview.json().data.statesElsewhere).toEqual([
      { location: expect.stringContaining(join(root, "infra", "team.tfstate")), resources: 2 },
      { location: expect.stringContaining('path "team.tfstate"') },
    ]);
    expect(preview.json().warnings.join("\n")).toContain("creates every resource from an empty state");
    expect(refused.exitCode).toBe(2);
    expect(refused.json().error).toMatchObject({
      code: "STATE_ELSEWHERE",
      suggestion: expect.stringContaining("--allow-empty-state"),
    });
    expect(refusedSaved.json().error?.code).toBe("STATE_ELSEWHERE");
    expect(state.resources).toHaveLength(1);

    const allowed = await cli(
      "infra",
      "deploy",
      "--env",
      "test",
      "--plan",
      preview.json().data.planId,
      "--allow-empty-state",
    );

    expect(allowed.exitCode, allowed.stdout).toBe(0);
    expect(allowed.json().status).toBe("applied");
  });
});

const S3_BACKEND =
  'terraform {\n  backend "s3" {\n    bucket = "team-state"\n    key    = "app/terraform.tfstate"\n    region = "us-east-1"\n  }\n}\n';

describe("a module whose code keeps its state in S3 (the emulator's)", () => {
  beforeEach(async () => {
    root = await tempDir("devops-adopt-s3-");
    env = terraformEnv({ USER: "tester", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
    trust = testTrust(await tempDir("devops-person-"));
    const endpoint = moto().endpoint;
    await fetch(`${endpoint}/team-state`, { method: "PUT" });
    const moduleDir = join(root, "infra");
    await mkdir(moduleDir);
    await writeFile(join(moduleDir, "main.tf"), `${S3_BACKEND}${terraformDataModule(2)}`);
    const emulator = join(root, "emulator.tfbackend");
    await writeFile(
      emulator,
      [
        `endpoints = { s3 = "${endpoint}" }`,
        "use_path_style = true",
        "skip_credentials_validation = true",
        "skip_requesting_account_id = true",
        "skip_metadata_api_check = true",
        "skip_region_validation = true",
        "skip_s3_checksum = true",
        "",
      ].join("\n"),
    );
    applyWithTerraform(moduleDir, [`-backend-config=${emulator}`]);
  });

  it("a config with a workspace per environment plans against an empty state: preview names the default workspace, deploy refuses", async () => {
    const config = sandboxConfig(moto().endpoint);
    (config.handlers as any).iac.terraform.backend = {
      type: "s3",
      bucket: "team-state",
      key: "app/terraform.tfstate",
      region: "us-east-1",
    };
    await mkdir(join(root, ".devops"));
    await writeFile(join(root, ".devops", "devops.json"), JSON.stringify(config, null, 2));

    const preview = await cli("infra", "preview-changes", "--env", "test");
    const deploy = await cli("infra", "deploy", "--env", "test");

    expect(preview.exitCode, preview.stdout).toBe(0);
    expect(preview.json().data.statesElsewhere).toEqual([
      { location: 'workspace "default" of the same backend', resources: 2 },
    ]);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.json().error.code).toBe("STATE_ELSEWHERE");
  });

  it("init --adopt keeps the code's bucket, key and the default workspace: the first preview changes nothing", async () => {
    const init = await cli(
      "init",
      "--sandbox",
      "--endpoint",
      moto().endpoint,
      "--directory",
      "infra",
      "--adopt",
      "test",
    );

    const preview = await cli("infra", "preview-changes", "--env", "test");

    expect(init.exitCode, init.stdout).toBe(0);
    expect(init.json().data.config.handlers.iac.terraform.backend).toEqual({
      type: "s3",
      bucket: "team-state",
      key: "app/terraform.tfstate",
      region: "us-east-1",
    });
    expect(preview.exitCode, preview.stdout).toBe(0);
    expect(preview.json()).toMatchObject({
      status: "no_changes",
      data: { summary: { counts: { create: 0, delete: 0, replace: 0 } } },
    });
    const prod = await cli("infra", "preview-changes", "--env", "prod");
    expect(prod.json().data.summary.counts).toMatchObject({ create: 2 });
    expect(prod.json().data.statesElsewhere).toBeUndefined();
  });
});
