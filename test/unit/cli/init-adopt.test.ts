import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { knownProfiles, profilesIn } from "../../../src/handlers/hosting/aws/profiles.js";
import { initProject, type InitInput } from "../../../src/managers/setup-manager.js";
import { tempDir } from "../../helpers/project.js";

const defaults: InitInput = { provider: "aws", iac: "terraform", sandbox: false, force: false, project: "shop" };

function state(resources: number): string {
  return JSON.stringify({
    version: 4,
    resources: Array.from({ length: resources }, (_, i) => ({
      mode: "managed",
      type: "terraform_data",
      name: `r${i}`,
    })),
  });
}

async function project(files: Record<string, string>): Promise<string> {
  const cwd = await tempDir("devops-adopt-");
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(cwd, name, ".."), { recursive: true });
    await writeFile(join(cwd, name), text);
  }
  return cwd;
}

async function written(cwd: string) {
  return JSON.parse(await readFile(join(cwd, ".devops/devops.json"), "utf8"));
}

describe("init --directory --adopt", () => {
  it("keeps the code's local backend path and the default workspace for the adopted environment", async () => {
    const cwd = await project({
      "tf/main.tf":
        'terraform {\n  backend "local" {\n    path = "team.tfstate"\n  }\n}\nresource "terraform_data" "a" {}\n',
      "tf/team.tfstate": state(2),
    });
    const io = new MemoryIoHost();

    const result = await initProject(createContext({ cwd, env: {}, io }), {
      ...defaults,
      sandbox: true,
      directory: "tf",
      adopt: "test",
    });

    const config = await written(cwd);
    expect(config.handlers.iac.terraform).toMatchObject({
      directory: "./tf",
      backend: { type: "local", path: "team.tfstate" },
    });
    expect(config.environments.test.workspace).toBe("default");
    expect(config.environments.prod.workspace).toBeUndefined();
    expect(result.data.adopted).toBe("test");
    expect(result.next?.[0]?.command).toBe("devops infra preview-changes --env test");
  });

  it("adopts the workspace holding the state and the var file that names it", async () => {
    const cwd = await project({
      "infra/main.tf": 'resource "terraform_data" "a" {}\n',
      "infra/terraform.tfstate.d/staging/terraform.tfstate": state(3),
      "infra/staging.tfvars": 'name = "x"\n',
    });

    await initProject(createContext({ cwd, env: {}, io: new MemoryIoHost() }), {
      ...defaults,
      directory: "./infra",
      adopt: "test",
    });

    const config = await written(cwd);
    expect(config.environments.test).toMatchObject({ workspace: "staging", var_file: "staging.tfvars" });
    expect(config.handlers.iac.terraform.backend).toEqual({ type: "local" });
  });

  it("mirrors the code's s3 backend (bucket, key, region) so nothing is redirected", async () => {
    const cwd = await project({
      "tf/main.tf":
        'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key = "net/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n',
      "tf/.terraform/environment": "default",
    });

    await initProject(createContext({ cwd, env: {}, io: new MemoryIoHost() }), {
      ...defaults,
      directory: "tf",
      adopt: "prod",
    });

    const config = await written(cwd);
    expect(config.handlers.iac.terraform.backend).toEqual({
      type: "s3",
      bucket: "acme-state",
      key: "net/terraform.tfstate",
      region: "eu-west-1",
    });
    expect(config.environments.prod.workspace).toBe("default");
    expect(config.environments.test.workspace).toBeUndefined();
  });

  it.each([
    [
      "an environment init does not write",
      { adopt: "staging", directory: "tf" },
      "ADOPT_ENVIRONMENT_UNKNOWN",
      '"staging"',
    ],
    ["a directory without code", { adopt: "test", directory: "missing" }, "ADOPT_NOTHING", "missing"],
    ["profiles for an unknown environment", { profiles: "tset=a" }, "ENV_UNKNOWN", '"tset"'],
  ])("refuses %s and writes nothing", async (_name, flags, code, named) => {
    const cwd = await project({ "tf/main.tf": 'resource "terraform_data" "a" {}\n' });

    const attempt = initProject(createContext({ cwd, env: {}, io: new MemoryIoHost() }), { ...defaults, ...flags });

    await expect(attempt).rejects.toMatchObject({ code, message: expect.stringContaining(named) });
    await expect(access(join(cwd, ".devops"))).rejects.toThrow();
  });

  it("warns, without adopting, when a module with state is found and no terminal can be asked", async () => {
    const cwd = await project({ "tf/main.tf": 'resource "terraform_data" "a" {}\n', "tf/terraform.tfstate": state(1) });
    const io = new MemoryIoHost();

    await initProject(createContext({ cwd, env: {}, io }), { ...defaults, directory: "tf" });

    expect(io.messages.map((m) => m.code)).toContain("EXISTING_STATE_NOT_ADOPTED");
    expect((await written(cwd)).environments.test.workspace).toBeUndefined();
  });

  it("asks on a terminal for the directory, which environment adopts the state, and the profiles, offering those found", async () => {
    const cwd = await project({ "tf/main.tf": 'resource "terraform_data" "a" {}\n', "tf/terraform.tfstate": state(1) });
    const awsConfig = join(cwd, "aws-config");
    await writeFile(
      awsConfig,
      "[default]\nregion = us-east-1\n[profile team-test]\n[sso-session corp]\n[profile team-prod]\n",
    );
    const io = new MemoryIoHost({
      interactive: true,
      answers: ["", "", "", "", "tf", "prod", "team-test", "team-prod", "team-admin"],
    });

    await initProject(createContext({ cwd, env: { AWS_CONFIG_FILE: awsConfig }, io }), {
      ...defaults,
      project: undefined,
    });

    const config = await written(cwd);
    expect(io.prompts.slice(4)).toEqual([
      "Terraform directory (the root module)",
      "Which environment manages this existing state? (test, prod, none)",
      "AWS profile for test",
      "AWS profile for prod",
      "AWS profile allowed to grant IAM permissions (discover)",
    ]);
    expect(io.messages.map((m) => m.message)).toContain("AWS profiles found: default, team-prod, team-test");
    expect(config.environments.prod.workspace).toBe("default");
    expect(config.handlers.hosting.aws.profiles).toEqual({
      test: "team-test",
      prod: "team-prod",
      discover: "team-admin",
    });
    expect(io.messages).toContainEqual(
      expect.objectContaining({ code: "PROFILE_NOT_FOUND", message: expect.stringContaining('"team-admin"') }),
    );
  });
});

describe("AWS profiles", () => {
  it("reads profile sections of the config file and every section of the credentials file", () => {
    expect(profilesIn("[default]\n[profile a]\n[sso-session s]\n[services x]\n", "config")).toEqual(["default", "a"]);
    expect(profilesIn("[b]\naws_access_key_id = x\n[c] # old\n", "credentials")).toEqual(["b", "c"]);
  });

  it("honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else the home folder's .aws", async () => {
    const dir = await tempDir("devops-aws-");
    await mkdir(join(dir, ".aws"));
    await writeFile(join(dir, ".aws", "config"), "[profile home]\n");
    await writeFile(join(dir, "config"), "[profile from-env]\n");
    await writeFile(join(dir, "credentials"), "[keys]\n");

    expect(await knownProfiles({ HOME: dir })).toEqual(["home"]);
    expect(
      await knownProfiles({
        HOME: dir,
        AWS_CONFIG_FILE: join(dir, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
      }),
    ).toEqual(["from-env", "keys"]);
  });
});
