// Red team: every way we could think of to mutate an environment that requires confirmation without
// a human-approved, plan-bound confirmation. Each attempt runs the real CLI path against the real
// engine and the moto server, and must end with nothing applied. The suite counts its attempts.
import { copyFile, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { deploy, teardown } from "../../src/managers/deploy-manager.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, terraformDataModule, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
let attempts = 0;
let project: InfraProject;

afterAll(() => {
  console.log(
    `red team: ${attempts} attempts to change a confirmation-requiring environment without a valid approval; every one was refused with nothing applied`,
  );
});

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env } });
}

/** Nothing in the environment's state, and no applied change in its history. */
async function nothingApplied(environment: string): Promise<void> {
  const state = join(project.moduleDir, "terraform.tfstate.d", environment, "terraform.tfstate");
  const resources = existsSync(state)
    ? (JSON.parse(await readFile(state, "utf8")) as { resources: unknown[] }).resources
    : [];
  const history = join(project.root, ".devops", "deployments", environment, "history.ndjson");
  const applied = existsSync(history) ? (await readFile(history, "utf8")).includes('"outcome":"applied"') : false;
  expect({ resources: resources.length, applied }).toEqual({ resources: 0, applied: false });
}

async function attempt(
  run: () => Promise<{ exitCode: number; code?: string; status?: string }>,
  expected: { exitCode: number; code?: string; status?: string },
  environment = "prod",
) {
  attempts += 1;
  const outcome = await run();
  expect(outcome).toMatchObject(expected);
  await nothingApplied(environment);
}

function outcomeOf(run: CliRun) {
  const json = run.json();
  return { exitCode: run.exitCode, ...(json.ok ? { status: json.status } : { code: json.error.code }) };
}

async function askForToken(env = "prod", kind = "deploy"): Promise<{ token: string; planId: string }> {
  const run = await cli(["infra", kind, "--env", env]);
  expect(run.exitCode).toBe(3);
  return { token: run.json().data.approval.code, planId: run.json().data.planId };
}

describe("without a token", () => {
  it.each(["prod", "Production", "PROD", "live", "production"])(
    "deploy --env %s stops at needs_confirmation (exit 3)",
    async (word) => {
      await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", word])), {
        exitCode: 3,
        status: "needs_confirmation",
      });
    },
    60_000,
  );

  it("an unknown environment is bad input, never a fallback", async () => {
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prodd"])), {
      exitCode: 2,
      code: "ENV_UNKNOWN",
    });
  });

  it("--auto-approve does not exist", async () => {
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--auto-approve"])), {
      exitCode: 2,
      code: "FLAG_UNKNOWN",
    });
  });

  it.each([["--skip-preview"], ["--skip-tests"]])("%s is refused for prod", async (flag) => {
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", flag])), {
      exitCode: 2,
      code: "FLAG_NOT_ALLOWED",
    });
  });

  it("auto_approve: true in the config is ignored", async () => {
    const config = sandboxConfig(moto().endpoint);
    (config.environments as any).prod.auto_approve = true;
    await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod"])), {
      exitCode: 3,
      status: "needs_confirmation",
    });
  }, 60_000);

  it("require_confirmation: false cannot switch off a protected environment", async () => {
    const config = sandboxConfig(moto().endpoint);
    (config.environments as any).staging.require_confirmation = false;
    await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));

    await attempt(
      async () => outcomeOf(await cli(["infra", "deploy", "--env", "staging"])),
      { exitCode: 3, status: "needs_confirmation" },
      "staging",
    );
  }, 60_000);

  it.each([
    [{ DEVOPS_AUTO_APPROVE: "true", CI: "true" }],
    [{ TF_CLI_ARGS: "-auto-approve", TF_CLI_ARGS_apply: "-auto-approve" }],
    [{ TF_WORKSPACE: "test", DEVOPS_CONFIRM: "yes", DEVOPS_ENV: "test" }],
  ])(
    "environment variables %j change nothing",
    async (env) => {
      await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod"], env)), {
        exitCode: 3,
        status: "needs_confirmation",
      });
    },
    60_000,
  );

  it("a saved plan named with --plan still needs the token", async () => {
    const { planId } = await askForToken();

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 3,
      status: "needs_confirmation",
    });
  }, 60_000);

  it.each(["prod", "staging"])(
    "teardown of %s (confirmation required, or protected) needs a token too",
    async (env) => {
      const { token } = await askForToken(env);
      expect((await cli(["infra", "deploy", "--env", env, "--confirm", token])).exitCode).toBe(0);
      attempts += 1;

      const run = await cli(["infra", "teardown", "--env", env]);

      expect(outcomeOf(run)).toEqual({ exitCode: 3, status: "needs_confirmation" });
      const state = JSON.parse(
        await readFile(join(project.moduleDir, "terraform.tfstate.d", env, "terraform.tfstate"), "utf8"),
      );
      expect(state.resources).toHaveLength(1);
    },
    60_000,
  );
});

describe("with a token that does not fit", () => {
  it("a made-up or malformed token", async () => {
    await askForToken();

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", "AAAAA-BBBBB"])), {
      exitCode: 2,
      code: "CONFIRMATION_INVALID",
    });
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", "yes"])), {
      exitCode: 2,
      code: "FLAG_INVALID",
    });
  }, 60_000);

  it("a token for another plan", async () => {
    const first = await askForToken();
    const second = await askForToken();

    await attempt(
      async () =>
        outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", second.planId, "--confirm", first.token])),
      { exitCode: 2, code: "CONFIRMATION_MISMATCH" },
    );
  }, 60_000);

  it("a token for another environment", async () => {
    const staging = await askForToken("staging");

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", staging.token])), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
    await nothingApplied("staging");
  }, 60_000);

  it("a deploy token used for a teardown", async () => {
    const { token } = await askForToken();

    await attempt(async () => outcomeOf(await cli(["infra", "teardown", "--env", "prod", "--confirm", token])), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
  }, 60_000);

  it("a token whose plan record was edited to another account", async () => {
    const { token, planId } = await askForToken();
    const record = join(project.root, ".devops", "plans", "prod", `${planId}.json`);
    await writeFile(
      record,
      (await readFile(record, "utf8")).replace(/"account": "123456789012"/, '"account": "210987654321"'),
    );

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", token])), {
      exitCode: 2,
      code: "CONFIRMATION_INVALID",
    });
  }, 60_000);

  it("credentials that now reach another account than the environment's", async () => {
    const { token } = await askForToken();
    const config = sandboxConfig(moto().endpoint);
    (config.environments as any).prod.account_id = "210987654321";
    await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", token])), {
      exitCode: 1,
      code: "ACCOUNT_MISMATCH",
    });
  }, 60_000);

  it("a plan file swapped for another plan after approval", async () => {
    const approved = await askForToken();
    await writeFile(join(project.moduleDir, "main.tf"), 'resource "terraform_data" "other" {\n  input = "x"\n}\n');
    const other = await askForToken();
    const plans = join(project.root, ".devops", "plans", "prod");
    await copyFile(join(plans, `${other.planId}.tfplan`), join(plans, `${approved.planId}.tfplan`));

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", approved.token])), {
      exitCode: 1,
      code: "PLAN_CHANGED",
    });
  }, 60_000);

  it("an expired token", async () => {
    const { token } = await askForToken();
    const later = { now: () => new Date(Date.now() + 16 * 60_000) };
    const ctx = createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost(), clock: later });

    await attempt(
      async () => {
        const error = await deploy(ctx, { env: "prod", skipTests: false, skipPreview: false, confirm: token }).catch(
          (e) => e,
        );
        return { exitCode: error.exitCode, code: error.code };
      },
      { exitCode: 2, code: "CONFIRMATION_EXPIRED" },
    );
  }, 60_000);
});

describe("a valid token", () => {
  it("applies exactly its plan once; reusing it is refused", async () => {
    const { token } = await askForToken();

    const first = await cli(["infra", "deploy", "--env", "prod", "--confirm", token]);
    expect(first.json()).toMatchObject({ ok: true, status: "applied" });
    await writeFile(join(project.moduleDir, "main.tf"), 'resource "terraform_data" "later" {\n  input = "y"\n}\n');
    attempts += 1;
    const again = await cli(["infra", "deploy", "--env", "prod", "--confirm", token]);

    expect(outcomeOf(again)).toEqual({ exitCode: 2, code: "CONFIRMATION_USED" });
    const state = JSON.parse(
      await readFile(join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate"), "utf8"),
    );
    expect(state.resources.map((r: { name: string }) => r.name)).toEqual(["item"]);
  }, 60_000);

  it("a plan made stale by another apply is refused by the engine", async () => {
    const first = await askForToken();
    const second = await askForToken();
    expect((await cli(["infra", "deploy", "--env", "prod", "--confirm", second.token])).exitCode).toBe(0);
    attempts += 1;

    const stale = await cli(["infra", "deploy", "--env", "prod", "--confirm", first.token]);

    expect(outcomeOf(stale)).toEqual({ exitCode: 1, code: "PLAN_STALE" });
  }, 60_000);
});

describe("at a terminal", () => {
  it.each([
    ["declining", ["no"]],
    ["typing the wrong environment name", ["yes", "test"]],
  ])(
    "%s cancels a production deploy",
    async (_name, answers) => {
      const ctx = createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost({ interactive: true }) });
      const approver = async () => {
        const [first, second] = answers;
        return first === "yes" && second === "prod";
      };

      await attempt(
        async () => {
          const result = await deploy(ctx, { env: "prod", skipTests: false, skipPreview: false, approver });
          return { exitCode: result.status === "cancelled" ? 1 : 0, status: result.status };
        },
        { exitCode: 1, status: "cancelled" },
      );
    },
    60_000,
  );

  it("a teardown declined at the terminal destroys nothing", async () => {
    const { token } = await askForToken();
    expect((await cli(["infra", "deploy", "--env", "prod", "--confirm", token])).exitCode).toBe(0);
    const ctx = createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost({ interactive: true }) });
    attempts += 1;

    const result = await teardown(ctx, { env: "prod", approver: async () => false });

    expect(result.status).toBe("cancelled");
    const state = JSON.parse(
      await readFile(join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate"), "utf8"),
    );
    expect(state.resources).toHaveLength(1);
  }, 60_000);
});

describe("two environments on one state", () => {
  it("a test workspace linked to prod's state is a config error, and the test deploy changes nothing in prod", async () => {
    const { token } = await askForToken("prod");
    expect((await cli(["infra", "deploy", "--env", "prod", "--confirm", token])).exitCode).toBe(0);
    const prodState = join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate");
    const before = await readFile(prodState, "utf8");
    await rm(join(project.moduleDir, "terraform.tfstate.d", "test"), { recursive: true, force: true });
    await symlink("prod", join(project.moduleDir, "terraform.tfstate.d", "test"));
    // With this module, a test deploy planned on prod's state would destroy prod's resources.
    await project.writeModule({ "main.tf": terraformDataModule(0) });
    attempts += 1;

    const run = await cli(["infra", "deploy", "--env", "test"]);

    expect(outcomeOf(run)).toEqual({ exitCode: 2, code: "CONFIG_INVALID" });
    expect(run.json().error.message).toMatch(
      /environments "(test|prod)" and "(test|prod)" would share one Terraform state/,
    );
    expect(await readFile(prodState, "utf8")).toBe(before);
  }, 60_000);
});
