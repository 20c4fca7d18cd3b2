import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { projectWith, readyMachine, tempDir, userGuideConfig } from "../../helpers/project.js";

describe("devops init", () => {
  it("writes a sandbox config that validates, and a .gitignore for local-only files", async () => {
    const cwd = await tempDir();

    const run = await runCli(["init", "--sandbox", "--project", "shop", "--json"], { cwd });

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ ok: true, command: "init", status: "created", data: { sandbox: true } });
    const written = JSON.parse(await readFile(join(cwd, ".devops/devops.json"), "utf8"));
    expect(written.environments.test).toMatchObject({ endpoint: "http://127.0.0.1:5000", require_confirmation: false });
    expect(written.environments.prod).toMatchObject({ require_confirmation: true });
    expect(await readFile(join(cwd, ".devops/.gitignore"), "utf8")).toContain("backups/");
    const env = await readyMachine(cwd, {});
    expect((await runCli(["config", "validate"], { cwd, env })).exitCode).toBe(0);
  });

  it("writes the documented structure with profiles per environment", async () => {
    const cwd = await tempDir();

    await runCli(["init", "--project=shop", "--subsystem=api", "--organization", "acme", "--region", "eu-west-1"], {
      cwd,
    });

    const written = JSON.parse(await readFile(join(cwd, ".devops/devops.json"), "utf8"));
    expect(written.project).toEqual({ name: "shop", subsystem: "api", organization: "acme" });
    expect(written.handlers.hosting.aws.profiles).toEqual({
      discover: "shop-discover-deploy",
      test: "shop-test-deploy",
      prod: "shop-prod-deploy",
    });
    expect(written.handlers.iac.terraform.backend).toMatchObject({ type: "s3", key: "{subsystem}/terraform.tfstate" });
  });

  it("never overwrites an existing config without --force", async () => {
    const cwd = await projectWith('{"mine": true}');

    const run = await runCli(["init", "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error.code).toBe("CONFIG_EXISTS");
    expect(await readFile(join(cwd, ".devops/devops.json"), "utf8")).toBe('{"mine": true}');
  });

  it("replaces an existing config with --force", async () => {
    const cwd = await projectWith('{"mine": true}');

    const run = await runCli(["init", "--force", "--sandbox", "--json"], { cwd });

    expect(run.json()).toMatchObject({ ok: true, status: "replaced" });
  });

  it.each([
    [
      ["--project", "My Project"],
      "FLAG_INVALID",
      '--project must start with a lowercase letter and use only lowercase letters, digits and hyphens (got "My Project")',
    ],
    [["--region", "moon-1"], "FLAG_INVALID", '--region must be an AWS region such as "us-east-1" (got "moon-1")'],
    [["--provider", "gcp"], "HANDLER_UNKNOWN", '--provider "gcp" is not supported; valid values: aws'],
    [["--iac", "pulumi"], "HANDLER_UNKNOWN", '--iac "pulumi" is not supported; valid values: terraform'],
  ])("rejects %j with %s and writes nothing", async (flags, code, message) => {
    const cwd = await tempDir();

    const run = await runCli(["init", ...flags, "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({ code, message });
    await expect(readFile(join(cwd, ".devops/devops.json"))).rejects.toThrow(/ENOENT/);
  });
});

describe("devops config", () => {
  it("validates the documented configuration", async () => {
    const config = await userGuideConfig();
    const cwd = await projectWith(config);
    const env = await readyMachine(cwd, config);

    const run = await runCli(["config", "validate", "--json"], { cwd, env });

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      ok: true,
      command: "config validate",
      status: "valid",
      warnings: [
        '"prod" requires confirmation but has no account_id; set it so every change is checked against the right AWS account',
      ],
    });
    expect(run.json().data.environments.map((e: { name: string }) => e.name)).toEqual(["test", "prod"]);
  });

  it("refuses a Terraform directory that does not exist and profiles that are not in the AWS config files", async () => {
    const config = await userGuideConfig();
    const cwd = await projectWith(config);
    const env = await readyMachine(cwd, {
      handlers: { hosting: { aws: { profiles: { test: "my-project-test-deploy" } } } },
    });
    config.handlers.iac.terraform.directory = "./terraform/live";
    await writeFile(join(cwd, ".devops/devops.json"), JSON.stringify(config));

    const run = await runCli(["config", "validate", "--json"], { cwd, env });

    expect(run.exitCode).toBe(2);
    const error = run.json().error;
    expect(error.code).toBe("CONFIG_INVALID");
    const messages: string[] = error.details.issues.map((issue: { message: string }) => issue.message);
    expect(messages).toEqual([
      `the Terraform directory ${join(cwd, "terraform/live")} does not exist`,
      `the profile "my-project-prod-deploy" of "prod" is in neither ${env.AWS_CONFIG_FILE} nor ${join(cwd, ".aws/credentials")}`,
    ]);
    expect(await readFile(join(cwd, ".devops/devops.json"), "utf8")).toBe(JSON.stringify(config));
  });

  it("finds the config from a subdirectory", async () => {
    const config = await userGuideConfig();
    const cwd = await projectWith(config);
    const env = await readyMachine(cwd, config);

    const run = await runCli(["config", "validate", "--json", "--project-dir", "."], {
      cwd: join(cwd, ".devops"),
      env,
    });

    expect(run.json().data.path).toBe(join(cwd, ".devops/devops.json"));
  });

  it.each([".fractary/plugins/devops/config/devops.json", ".fractary/plugins/faber-cloud/devops.json"])(
    "accepts the older location %s with a notice to move it",
    async (location) => {
      const config = await userGuideConfig();
      const cwd = await projectWith(config, location);
      const env = await readyMachine(cwd, config);

      const run = await runCli(["config", "validate", "--json"], { cwd, env });

      expect(run.exitCode).toBe(0);
      expect(run.json().warnings[0]).toMatch(/move it to \.devops\/devops\.json/);
    },
  );

  it("uses --config when given", async () => {
    const config = await userGuideConfig();
    const cwd = await projectWith(config, "elsewhere/my.json");
    // Paths in a config given with --config are relative to the config's folder.
    const env = await readyMachine(join(cwd, "elsewhere"), config);

    const run = await runCli(["--config", "elsewhere/my.json", "config", "validate", "--json"], { cwd, env });

    expect(run.exitCode).toBe(0);
  });

  it("reports a missing config with a suggestion to run init", async () => {
    const cwd = await tempDir();

    const run = await runCli(["config", "validate", "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({
      code: "CONFIG_NOT_FOUND",
      suggestion: expect.stringContaining("devops init"),
    });
  });

  it("reports every problem of an invalid config and changes nothing", async () => {
    const config = await userGuideConfig();
    config.environments.prod.account_id = "12345";
    config.handlers.iac.active = "pulumi";
    const cwd = await projectWith(config);
    const before = await readFile(join(cwd, ".devops/devops.json"), "utf8");

    const run = await runCli(["config", "validate", "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({
      code: "CONFIG_INVALID",
      message: 'environments.prod.account_id must be 12 digits (got "12345")',
    });
    expect(await readFile(join(cwd, ".devops/devops.json"), "utf8")).toBe(before);
  });

  it("shows a resolved environment from a word", async () => {
    const cwd = await projectWith(await userGuideConfig());

    const run = await runCli(["config", "show", "--env", "Production", "--json"], { cwd });

    expect(run.json()).toMatchObject({
      ok: true,
      environment: "prod",
      data: {
        environment: {
          name: "prod",
          requireConfirmation: true,
          profile: "my-project-prod-deploy",
          iac: { workspace: "prod" },
        },
      },
    });
  });

  it("rejects an unknown environment with exit 2, never falling back to test", async () => {
    const cwd = await projectWith(await userGuideConfig());

    const run = await runCli(["config", "show", "--env=staging", "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({ code: "ENV_UNKNOWN", details: { known: ["test", "prod"] } });
  });

  it("prints the JSON Schema", async () => {
    const run = await runCli(["config", "schema"], { cwd: await tempDir() });

    expect(JSON.parse(run.stdout)).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["version", "project", "handlers", "environments"]),
    });
  });
});

describe("output contract", () => {
  it("prints exactly one JSON document for a bad flag, with a suggestion", async () => {
    const run = await runCli(["config", "show", "--evn", "test", "--json"], { cwd: await tempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.json()).toEqual({
      ok: false,
      command: "config show",
      error: { code: "FLAG_UNKNOWN", message: "unknown option '--evn'", suggestion: "did you mean --env?" },
      warnings: [],
    });
  });

  it.each([["infra deploy"], ["infra teardown"], ["ops remediate --service api --action restart"]])(
    "says approval codes are gone when %s is given --confirm (not 'did you mean --config')",
    async (command) => {
      const run = await runCli([...command.split(" "), "--env", "prod", "--confirm", "ABCDE-FGHJK", "--json"], {
        cwd: await tempDir(),
      });

      expect(run.exitCode).toBe(2);
      expect(run.json().error).toMatchObject({
        code: "FLAG_UNKNOWN",
        suggestion: expect.stringContaining("a person signs the plan in their own terminal"),
      });
    },
  );

  it("reports an unknown command with a suggestion, on stderr without --json", async () => {
    const run = await runCli(["config", "validat"], { cwd: await tempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("error [COMMAND_UNKNOWN] unknown command 'validat'\n→ did you mean validate?\n");
  });

  it("keeps stdout for the result and messages on stderr in human mode", async () => {
    const config = await userGuideConfig();
    const cwd = await projectWith(config, ".fractary/plugins/faber-cloud/devops.json");
    const env = await readyMachine(cwd, config);

    const run = await runCli(["config", "validate"], { cwd, env });

    expect(run.stdout).toMatch(/is valid/);
    expect(run.stderr).toMatch(/^warning using the config at/);
  });

  it("uses no colour when stdout is not a terminal", async () => {
    const run = await runCli(["config", "validate"], { cwd: await projectWith(await userGuideConfig()) });

    expect(run.stdout + run.stderr).not.toMatch(/\x1b\[/);
  });

  it("prints the version", async () => {
    const pkg = JSON.parse(await readFile("package.json", "utf8"));

    const run = await runCli(["--version"], { cwd: await tempDir() });

    expect(run).toMatchObject({ exitCode: 0, stdout: `${pkg.version}\n` });
  });

  it("treats a corrupt config file as bad input and leaves it as it was", async () => {
    const cwd = await tempDir();
    await runCli(["init", "--sandbox"], { cwd });
    await writeFile(join(cwd, ".devops/devops.json"), '{"version": "1.0",');

    const run = await runCli(["config", "show", "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error.code).toBe("CONFIG_INVALID_JSON");
    expect(await readFile(join(cwd, ".devops/devops.json"), "utf8")).toBe('{"version": "1.0",');
  });

  it.each([
    [["--json"], "devops", "init"],
    [["infra", "--json"], "infra", "deploy"],
    [["--json", "ops"], "ops", "audit"],
  ])("answers %j with one COMMAND_MISSING document listing the subcommands", async (argv, command, listed) => {
    const run = await runCli(argv, { cwd: await tempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("");
    expect(run.json()).toMatchObject({ ok: false, command, error: { code: "COMMAND_MISSING" } });
    expect(run.json().error.details.subcommands).toContain(listed);
  });

  it("refuses a --project-dir that does not exist instead of using a parent's project", async () => {
    const cwd = await projectWith(await userGuideConfig());

    const run = await runCli(["config", "show", "--project-dir", "services/missing", "--json"], { cwd });

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({
      code: "PROJECT_DIR_NOT_FOUND",
      message: `--project-dir services/missing does not exist (${join(cwd, "services/missing")})`,
    });
  });
});

describe("config text a person may have written", () => {
  const validate = async (text: string) =>
    await runCli(["config", "validate", "--json"], { cwd: await projectWith(text) });

  it("refuses a config nested 5,000 deep as invalid, naming the limit", async () => {
    const text = JSON.stringify(await userGuideConfig()).replace(
      /^\{/,
      `{"project": ${"[".repeat(5000)}${"]".repeat(5000)},`,
    );

    const run = await validate(text);

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringMatching(
        /^project\[0\](\[0\])+ \(line 1, column \d+\) is nested more than 64 levels deep \(the limit\)/,
      ),
    });
  });

  it("refuses a repeated key, naming it and where it is", async () => {
    const config = await userGuideConfig();
    const text = JSON.stringify(config, null, 2).replace(
      '"require_confirmation": true',
      '"require_confirmation": true,\n      "require_confirmation": false',
    );

    const run = await validate(text);

    expect(run.exitCode).toBe(2);
    expect(run.json().error).toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringMatching(
        /^the key "require_confirmation" appears more than once in environments\.prod \(again at line \d+, column 7\)$/,
      ),
    });
  });

  it("reads a config that starts with a byte-order mark", async () => {
    const config = await userGuideConfig();
    const cwd = await projectWith(`\uFEFF${JSON.stringify(config, null, 2)}`);
    const env = await readyMachine(cwd, config);

    const run = await runCli(["config", "validate", "--json"], { cwd, env });

    expect(run.exitCode).toBe(0);
  });

  it("gives the line and column of a syntax error", async () => {
    const run = await validate('{\n  "version": "1.0",\n}');

    expect(run.json().error).toMatchObject({
      code: "CONFIG_INVALID_JSON",
      message: expect.stringMatching(/is not valid JSON at line 3, column 1: a trailing comma before "}"$/),
    });
  });
});
