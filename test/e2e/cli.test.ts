// The bundled CLI as a user or CI runs it: a subprocess with no TTY, no stdin and no colour.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { tempDir, userGuideConfig } from "../helpers/project.js";

const CLI = resolve("dist/cli.js");
const BIN = resolve("bin/devops");

async function devops(args: string[], cwd: string, file = CLI) {
  const result = await execa(process.execPath, [file, ...args], {
    cwd,
    reject: false,
    stdin: "ignore",
    env: { FORCE_COLOR: "0", CI: "true" },
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

async function projectWithConfig(config: unknown): Promise<string> {
  const cwd = await tempDir();
  await mkdir(join(cwd, ".devops"));
  await writeFile(join(cwd, ".devops/devops.json"), typeof config === "string" ? config : JSON.stringify(config));
  return cwd;
}

describe("the bundled CLI", () => {
  it("sets up a sandbox project and validates it (exit 0, one JSON document)", async () => {
    const cwd = await tempDir();

    const init = await devops(["init", "--sandbox", "--json"], cwd);
    await mkdir(join(cwd, "infrastructure/terraform"), { recursive: true });
    await writeFile(join(cwd, "infrastructure/terraform/main.tf"), "");
    const validate = await devops(["config", "validate", "--json"], cwd);

    expect(init.exitCode).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ ok: true, status: "created" });
    expect(validate.exitCode).toBe(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({ ok: true, command: "config validate", status: "valid" });
    expect(validate.stderr).toBe("");
  });

  it("rejects a mistyped flag with exit 2 and a suggestion", async () => {
    const cwd = await projectWithConfig(await userGuideConfig());

    const run = await devops(["config", "show", "--envv=test", "--json"], cwd);

    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: { code: "FLAG_UNKNOWN", suggestion: "did you mean --env?" },
    });
  });

  it("rejects a bad config with exit 2, naming the path and the value", async () => {
    const config = await userGuideConfig();
    config.environments.prod.account_id = "12345";
    const cwd = await projectWithConfig(config);

    const run = await devops(["config", "validate", "--json"], cwd);

    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: "CONFIG_INVALID",
      message: 'environments.prod.account_id must be 12 digits (got "12345")',
    });
  });

  it("rejects an unknown environment with exit 2 and lists the known ones", async () => {
    const cwd = await projectWithConfig(await userGuideConfig());

    const run = await devops(["config", "show", "--env", "qa", "--json"], cwd);

    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: "ENV_UNKNOWN",
      message: 'unknown environment "qa"; configured environments: test, prod',
    });
  });

  it("prints human errors on stderr, never a stack trace without --verbose", async () => {
    const cwd = await projectWithConfig("{ not json");

    const run = await devops(["config", "validate"], cwd);

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error \[CONFIG_INVALID_JSON\]/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("adds the stack trace with --verbose", async () => {
    const cwd = await projectWithConfig("{ not json");

    const run = await devops(["config", "validate", "--verbose"], cwd);

    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it("routes a plain-language request without a project, and refuses an empty one", async () => {
    const cwd = await tempDir();

    const routed = await devops(["route", "restart", "api-lambda", "in", "production", "--json"], cwd);
    const empty = await devops(["route", "", "--json"], cwd);

    expect(routed.exitCode).toBe(0);
    expect(JSON.parse(routed.stdout)).toMatchObject({
      status: "routed",
      data: {
        manager: "ops",
        command: "remediate",
        args: { env: "prod", service: "api-lambda", action: "restart" },
        cli: "devops ops remediate --env prod --service api-lambda --action restart",
      },
    });
    expect(empty.exitCode).toBe(2);
    expect(JSON.parse(empty.stdout).error.code).toBe("ROUTE_EMPTY");
  });

  it("runs through bin/devops and reports the package version", async () => {
    const pkg = JSON.parse(await readFile("package.json", "utf8"));

    const run = await devops(["--version"], await tempDir(), BIN);

    expect(run).toMatchObject({ exitCode: 0, stdout: pkg.version });
  });
});
