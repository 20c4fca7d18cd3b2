// The var-file rules (common files, then the environment's list or file; named files must exist) and
// --var (key=value, only its name ever shown or recorded; never beside a saved plan).
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VAR_FLAG } from "../../../../src/core/commands/values.js";
import { parseConfig } from "../../../../src/core/config/load.js";
import { resolveEnvironment } from "../../../../src/core/config/resolve.js";
import { terraformSettings } from "../../../../src/handlers/iac/terraform/config.js";
import { planScope } from "../../../../src/handlers/iac/terraform/summary.js";
import {
  requireVarFiles,
  shownArgs,
  varFileArgs,
  variableArgs,
} from "../../../../src/handlers/iac/terraform/var-files.js";
import { defaultHandlers } from "../../../../src/handlers/registry.js";
import { planScopeOf } from "../../../../src/skills/infra/previewer.js";
import { parseOptions } from "../../../../src/cli/run.js";
import { z } from "zod";
import { runCli } from "../../../helpers/cli.js";
import { sandboxConfig } from "../../../helpers/infra-project.js";
import { projectWith, readyMachine, tempDir } from "../../../helpers/project.js";

function settingsFor(terraform: Record<string, unknown>, test: Record<string, unknown> = {}) {
  const config = sandboxConfig("http://127.0.0.1:5000") as Record<string, any>;
  Object.assign(config.handlers.iac.terraform, terraform);
  Object.assign(config.environments.test, test);
  const parsed = parseConfig(JSON.stringify(config), "devops.json", defaultHandlers);
  return terraformSettings(resolveEnvironment(parsed, "/project", "test", defaultHandlers));
}

describe("an environment's var files", () => {
  it.each([
    [
      "no setting: the pattern's file, read only if there",
      {},
      {},
      [["test.tfvars", "handlers.iac.terraform.var_file_pattern", false]],
    ],
    [
      "one var_file, as before",
      {},
      { var_file: "{environment}-eu.tfvars" },
      [["test-eu.tfvars", "environments.test.var_file", true]],
    ],
    [
      "common files first, then the environment's list in order",
      { var_files: ["common.tfvars", "{project}.tfvars"] },
      { var_file: ["test.tfvars", "test-secrets.tfvars"] },
      [
        ["common.tfvars", "handlers.iac.terraform.var_files[0]", true],
        ["shop.tfvars", "handlers.iac.terraform.var_files[1]", true],
        ["test.tfvars", "environments.test.var_file[0]", true],
        ["test-secrets.tfvars", "environments.test.var_file[1]", true],
      ],
    ],
    [
      "common files, then the pattern's",
      { var_files: ["common.tfvars"] },
      {},
      [
        ["common.tfvars", "handlers.iac.terraform.var_files[0]", true],
        ["test.tfvars", "handlers.iac.terraform.var_file_pattern", false],
      ],
    ],
  ])("%s", (_name, terraform, test, expected) => {
    const settings = settingsFor(terraform, test);

    expect(settings.varFiles.map((v) => [v.file, v.setting, v.required])).toEqual(expected);
    expect(settings.varFile).toBe(expected.at(-1)?.[0]);
  });

  it("an empty var_file list is a config error", () => {
    expect(() => settingsFor({}, { var_file: [] })).toThrow(/environments\.test\.var_file/);
  });

  it("a named file that is missing stops the run, naming the path and the setting", async () => {
    const directory = await tempDir("devops-varfiles-");
    await writeFile(join(directory, "common.tfvars"), "");
    const settings = {
      directory,
      varFiles: [
        { file: "common.tfvars", setting: "handlers.iac.terraform.var_files[0]", required: true },
        { file: "test.tfvars", setting: "environments.test.var_file", required: true },
      ],
    };

    const error = await requireVarFiles("test", settings).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      code: "VAR_FILE_MISSING",
      exitCode: 2,
      message: `the var file ${join(directory, "test.tfvars")} named by environments.test.var_file does not exist`,
    });
  });

  it("passes the files there in order, the pattern's only when it exists, then --var last", async () => {
    const directory = await tempDir("devops-varfiles-");
    await mkdir(join(directory, "env"));
    await writeFile(join(directory, "common.tfvars"), "");
    await writeFile(join(directory, "env", "test.tfvars"), "");
    const settings = {
      directory,
      varFiles: [
        { file: "common.tfvars", setting: "a", required: true },
        { file: "env/test.tfvars", setting: "b", required: true },
        { file: "test.tfvars", setting: "c", required: false },
      ],
    };

    const args = [...(await varFileArgs(settings)), ...variableArgs({ name: "x", db_password: "hunter2" })];

    await expect(requireVarFiles("test", settings)).resolves.toBeUndefined();
    expect(args).toEqual([
      `-var-file=${join(directory, "common.tfvars")}`,
      `-var-file=${join(directory, "env", "test.tfvars")}`,
      "-var=name=x",
      "-var=db_password=hunter2",
    ]);
    expect(shownArgs(args).slice(2)).toEqual(["-var=name=[REDACTED]", "-var=db_password=[REDACTED]"]);
  });
});

describe("config validate", () => {
  it("reports a missing var file with its setting and path", async () => {
    const config = sandboxConfig("http://127.0.0.1:5000") as Record<string, any>;
    config.handlers.iac.terraform.var_files = ["common.tfvars"];
    config.environments.test.var_file = ["test.tfvars", "test-extra.tfvars"];
    const root = await projectWith(config);
    const env = await readyMachine(root, config);
    await rm(join(root, "infra", "test-extra.tfvars"));

    const run = await runCli(["config", "validate", "--json"], { cwd: root, env });

    expect(run.exitCode).toBe(2);
    expect(run.json().error.details.issues).toContainEqual(
      expect.objectContaining({
        path: "environments.test.var_file[1]",
        message: `the var file ${join(root, "infra", "test-extra.tfvars")} named by environments.test.var_file[1] does not exist`,
      }),
    );
  });
});

describe("--var key=value", () => {
  const schema = z.object({ var: VAR_FLAG.var.schema });

  it("parses into values by key; a value may hold '=' and be empty", () => {
    expect(parseOptions(schema, { var: ["name=a=b", "empty=", "name_2=x"] }).var).toEqual({
      name: "a=b",
      empty: "",
      name_2: "x",
    });
    expect(parseOptions(schema, {}).var).toEqual({});
  });

  it.each([
    ["novalue", '--var "novalue" must be key=value'],
    ["=s3cret", '--var "=…" has an empty key: must be key=value'],
    ["1st=s3cret", '--var "1st=…": "1st" is not a Terraform variable name'],
  ])("%j is FLAG_INVALID naming it, never its value", (raw, message) => {
    let error: unknown;
    try {
      parseOptions(schema, { var: ["ok=1", raw] });
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ code: "FLAG_INVALID" });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("s3cret");
  });

  it("puts only the names in the plan's scope (and so its hash), sorted", () => {
    const scope = planScopeOf({ var: { zone: "secret-1", app: "secret-2" } });

    expect(scope).toEqual({ targets: [], replace: [], refresh: true, variables: ["app", "zone"] });
    expect(planScope(scope)).toEqual({ targets: [], replace: [], refresh: true, variables: ["app", "zone"] });
    expect(planScopeOf({ var: {} })).toBeUndefined();
  });

  it.each([
    [["infra", "deploy", "--env", "test", "--plan", "p-1", "--var", "a=s3cret"], "FLAG_CONFLICT"],
    [["infra", "teardown", "--env", "test", "--plan", "p-1", "--var", "a=s3cret"], "FLAG_CONFLICT"],
    [["infra", "test-changes", "--env", "test", "--plan", "p-1", "--var", "a=s3cret"], "FLAG_CONFLICT"],
    [["infra", "test-changes", "--env", "test", "--phase", "post-deployment", "--var", "a=s3cret"], "FLAG_NOT_ALLOWED"],
    [["infra", "preview-changes", "--env", "test", "--var", "=s3cret"], "FLAG_INVALID"],
  ])("%j is refused with %s before anything runs", async (args, code) => {
    const cwd = await tempDir();

    const run = await runCli([...args, "--json"], { cwd });

    expect({ exit: run.exitCode, code: run.json().error.code }).toEqual({ exit: 2, code });
    expect(run.stdout + run.stderr).not.toContain("s3cret");
  });
});
