import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/handler-config.js";
import { checkSharedProfiles, parseIni } from "../../../src/handlers/hosting/aws/shared-config.js";
import { checkTerraformMachine, findBinary } from "../../../src/handlers/iac/terraform/machine-check.js";
import { tempDir } from "../../helpers/project.js";

const CONFIG = `[default]
region = us-east-1

[profile shop-test-deploy]
region = us-east-1

[profile shop-sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Deploy

[profile shop-sso-broken]
sso_session = gone

[profile shop-chained]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = nowhere

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`;

const CREDENTIALS = `[shop-keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret
`;

async function machine(): Promise<Record<string, string>> {
  const dir = await tempDir();
  await writeFile(join(dir, "config"), CONFIG);
  await writeFile(join(dir, "credentials"), CREDENTIALS);
  return { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") };
}

function env(settings: Partial<ResolvedEnvironment>): ResolvedEnvironment {
  return { name: "test", region: "us-east-1", ...settings } as ResolvedEnvironment;
}

describe("the environment's profiles on this machine", () => {
  it.each([
    ["a [profile x] section of the config file", "shop-test-deploy"],
    ["a [x] section of the credentials file", "shop-keys"],
    ["an SSO profile whose sso-session exists", "shop-sso"],
    ["the default profile", "default"],
  ])("accepts %s", async (_name, profile) => {
    const checks = await checkSharedProfiles(env({ profile }), await machine());

    expect(checks).toEqual({ errors: [], warnings: [] });
  });

  it("needs no profile for a sandbox environment (emulator endpoint)", async () => {
    const checks = await checkSharedProfiles(
      env({ profile: "nowhere", endpoint: "http://127.0.0.1:5000" }),
      await machine(),
    );

    expect(checks).toEqual({ errors: [], warnings: [] });
  });

  it("reports a profile in neither file as an error naming both files and the fix", async () => {
    const variables = await machine();

    const checks = await checkSharedProfiles(env({ profile: "shop-prod-deploy" }), variables);

    expect(checks.errors).toEqual([
      {
        path: "environments.test",
        message: `the profile "shop-prod-deploy" of "test" is in neither ${variables.AWS_CONFIG_FILE} nor ${variables.AWS_SHARED_CREDENTIALS_FILE}`,
        suggestion:
          "create it (aws configure --profile shop-prod-deploy, or aws configure sso --profile shop-prod-deploy), or set the profile that holds these credentials",
      },
    ]);
  });

  it.each([
    ["an SSO session that is not defined", "shop-sso-broken", 'uses the SSO session "gone"'],
    ["a source_profile that is not defined", "shop-chained", 'source_profile "nowhere"'],
  ])("reports %s", async (_name, profile, words) => {
    const checks = await checkSharedProfiles(env({ profile }), await machine());

    expect(checks.errors.map((issue) => issue.message)).toEqual([expect.stringContaining(words)]);
  });

  it("warns, not errs, about a missing discover profile", async () => {
    const checks = await checkSharedProfiles(
      env({ profile: "shop-test-deploy", discoverProfile: "shop-discover" }),
      await machine(),
    );

    expect(checks.errors).toEqual([]);
    expect(checks.warnings.map((issue) => issue.path)).toEqual(["handlers.hosting.aws.profiles.discover"]);
  });

  it("reads ~/.aws/config and ~/.aws/credentials when no variable names the files", async () => {
    const home = await tempDir();
    await mkdir(join(home, ".aws"));
    await writeFile(join(home, ".aws", "config"), "[profile at-home]\nregion = eu-west-1\n");

    const checks = await checkSharedProfiles(env({ profile: "at-home" }), { HOME: home });

    expect(checks).toEqual({ errors: [], warnings: [] });
  });

  it("parses sections and settings, ignoring comments", () => {
    expect(parseIni("# top\n[profile  a ]\nregion = x ; trailing\n\n[b]\nk=v\n")).toEqual([
      { name: "profile a", settings: { region: "x" } },
      { name: "b", settings: { k: "v" } },
    ]);
  });
});

describe("the Terraform settings on this machine", () => {
  async function binDir(): Promise<string> {
    const dir = await tempDir();
    await writeFile(join(dir, "terraform"), "#!/bin/sh\n");
    await chmod(join(dir, "terraform"), 0o755);
    return dir;
  }

  it("accepts a directory with Terraform and a binary on PATH", async () => {
    const directory = await tempDir();
    await writeFile(join(directory, "main.tf"), "");

    const checks = await checkTerraformMachine({ directory, binary: "terraform" }, { PATH: await binDir() }, "/");

    expect(checks).toEqual({ errors: [], warnings: [] });
  });

  it.each([
    ["a directory that does not exist", "missing", "error", "does not exist"],
    ["a file where the directory should be", "file", "error", "is not a directory"],
    ["a directory without *.tf or *.tf.json", "empty", "warning", "holds no Terraform (*.tf or *.tf.json)"],
    ["a directory with only devops's own override files", "overrides", "warning", "holds no Terraform"],
  ])("reports %s", async (_name, kind, severity, words) => {
    const root = await tempDir();
    const directory = join(root, "infra");
    if (kind === "file") await writeFile(directory, "");
    if (kind === "empty" || kind === "overrides") await mkdir(directory);
    if (kind === "overrides") await writeFile(join(directory, "devops_sandbox_override.tf"), "");

    const checks = await checkTerraformMachine({ directory, binary: "terraform" }, { PATH: await binDir() }, "/");

    const issues = severity === "error" ? checks.errors : checks.warnings;
    expect(issues).toEqual([
      expect.objectContaining({
        path: "handlers.iac.terraform.directory",
        message: expect.stringContaining(directory),
      }),
    ]);
    expect(issues[0]?.message).toContain(words);
    expect(issues[0]?.suggestion).toMatch(/handlers\.iac\.terraform\.directory/);
  });

  it("reports an engine binary that is not on PATH, naming it and the fix", async () => {
    const directory = await tempDir();
    await writeFile(join(directory, "main.tf"), "");

    const checks = await checkTerraformMachine({ directory, binary: "tofu" }, { PATH: await binDir() }, "/");

    expect(checks.errors).toEqual([
      {
        path: "handlers.iac.terraform.binary",
        message: 'the engine binary "tofu" is not on PATH',
        suggestion:
          "install Terraform or OpenTofu, or set handlers.iac.terraform.binary to the full path of the binary",
      },
    ]);
  });

  it("finds a binary given as a path, relative to the project", async () => {
    const root = await binDir();

    expect(await findBinary("./terraform", {}, root)).toBe(join(root, "terraform"));
    expect(await findBinary("./tofu", {}, root)).toBeUndefined();
  });

  it("reports a provider mirror or plugin cache that is not a directory", async () => {
    const directory = await tempDir();
    await writeFile(join(directory, "main.tf"), "");

    const checks = await checkTerraformMachine(
      { directory, binary: "terraform", providerMirror: "/no/mirror", pluginCacheDir: "/no/cache" },
      { PATH: await binDir() },
      "/",
    );

    expect(checks.errors.map((issue) => issue.path)).toEqual([
      "handlers.iac.terraform.provider_mirror",
      "handlers.iac.terraform.plugin_cache_dir",
    ]);
  });
});
