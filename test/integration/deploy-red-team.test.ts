// Red team: every way we could think of to mutate an environment that requires confirmation without
// a person's signature of the exact saved plan. Each attempt runs the real CLI path against the real
// engine and the moto server, and must end with nothing applied. The suite counts its attempts.
import { copyFile, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createColors } from "picocolors";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { terminalApprover } from "../../src/cli/approval.js";
import type { CliIoHost } from "../../src/cli/host.js";
import { createContext } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { deploy, teardown, type Approver } from "../../src/managers/deploy-manager.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, terraformDataModule, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { enrolPerson, guessingAskpass, personalKey, signAsPerson, type Person } from "../helpers/person.js";

const moto = useMoto();
let attempts = 0;
let project: InfraProject;
let person: Person;

afterAll(() => {
  console.log(
    `red team: ${attempts} attempts to change a confirmation-requiring environment without a valid approval; every one was refused with nothing applied`,
  );
});

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  person = await enrolPerson(project.trust, "alice");
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env }, trust: project.trust });
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

/** Asks for the approval of a new plan: the statement a person would sign, and the plan's id. */
async function askForApproval(env = "prod", kind = "deploy"): Promise<{ statement: string; planId: string }> {
  const run = await cli(["infra", kind, "--env", env]);
  expect(run.exitCode).toBe(3);
  return { statement: run.json().data.approval.statement, planId: run.json().data.planId };
}

/** A plan the person has signed, not yet applied. */
async function signedPlan(env = "prod"): Promise<{ statement: string; planId: string }> {
  const asked = await askForApproval(env);
  await signAsPerson(person, asked.statement);
  return asked;
}

/** The approved path: asked, signed by the person, applied with --plan. */
async function deployApproved(env = "prod"): Promise<void> {
  const { planId } = await signedPlan(env);
  expect(outcomeOf(await cli(["infra", "deploy", "--env", env, "--plan", planId]))).toEqual({
    exitCode: 0,
    status: "applied",
  });
}

const planRecord = (planId: string, env = "prod") => join(project.root, ".devops", "plans", env, `${planId}.json`);

/** The CLI's own terminal approver, answering from `io`'s scripted answers. */
function terminal(io: MemoryIoHost): Approver {
  const host = Object.assign(io, { colors: createColors(false) }) as unknown as CliIoHost;
  const approver = terminalApprover(host);
  if (approver === undefined) throw new Error("the scripted terminal is not interactive");
  return approver;
}

describe("without a signature", () => {
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

  it("a saved plan named with --plan still needs the person's signature", async () => {
    const { planId } = await askForApproval();

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 3,
      status: "needs_confirmation",
    });
  }, 60_000);

  it.each(["prod", "staging"])(
    "teardown of %s (confirmation required, or protected) needs a signature too",
    async (env) => {
      await deployApproved(env);
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

describe("with a signature that does not fit", () => {
  it("--confirm is gone, whatever it carries; a made-up signature is refused", async () => {
    const { planId, statement } = await askForApproval();

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", "AAAAA-BBBBB"])), {
      exitCode: 2,
      code: "FLAG_UNKNOWN",
    });
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", "yes"])), {
      exitCode: 2,
      code: "FLAG_UNKNOWN",
    });
    await writeFile(
      `${statement}.sig`,
      "-----BEGIN SSH SIGNATURE-----\nAAAAAAAAAAAAAAAA\n-----END SSH SIGNATURE-----\n",
    );
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 60_000);

  it("a signature by a key that is not an approver's", async () => {
    const { planId, statement } = await askForApproval();
    await signAsPerson(await personalKey("mallory"), statement);

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 60_000);

  it("a signature of another plan copied to this plan", async () => {
    const first = await signedPlan();
    const second = await askForApproval();
    await copyFile(`${first.statement}.sig`, `${second.statement}.sig`);

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", second.planId])), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 60_000);

  it("a signature for another environment, and another environment's plan", async () => {
    const staging = await signedPlan("staging");
    const prod = await askForApproval();
    await copyFile(`${staging.statement}.sig`, `${prod.statement}.sig`);

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", prod.planId])), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", staging.planId])), {
      exitCode: 2,
      code: "PLAN_NOT_FOUND",
    });
    await nothingApplied("staging");
  }, 60_000);

  it("a signed deploy plan used for a teardown", async () => {
    const { planId } = await signedPlan();

    await attempt(async () => outcomeOf(await cli(["infra", "teardown", "--env", "prod", "--plan", planId])), {
      exitCode: 2,
      code: "PLAN_NOT_FOUND",
    });
  }, 60_000);

  it("a signed plan whose record was edited to another account", async () => {
    const { planId } = await signedPlan();
    const record = planRecord(planId);
    await writeFile(
      record,
      (await readFile(record, "utf8")).replace(/"account": "123456789012"/, '"account": "210987654321"'),
    );

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 1,
      code: "ACCOUNT_MISMATCH",
    });
  }, 60_000);

  it("a signed plan whose approval expiry was moved later", async () => {
    const { planId } = await signedPlan();
    const record = JSON.parse(await readFile(planRecord(planId), "utf8"));
    record.approval.expires_at = new Date(Date.parse(record.approval.expires_at) + 365 * 86_400_000).toISOString();
    await writeFile(planRecord(planId), JSON.stringify(record, null, 2));

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 60_000);

  it("credentials that now reach another account than the environment's", async () => {
    const { planId } = await signedPlan();
    const config = sandboxConfig(moto().endpoint);
    (config.environments as any).prod.account_id = "210987654321";
    await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 1,
      code: "ACCOUNT_MISMATCH",
    });
  }, 60_000);

  it("a plan file swapped for another plan after approval", async () => {
    const approved = await signedPlan();
    await writeFile(join(project.moduleDir, "main.tf"), 'resource "terraform_data" "other" {\n  input = "x"\n}\n');
    const other = await askForApproval();
    const plans = join(project.root, ".devops", "plans", "prod");
    await copyFile(join(plans, `${other.planId}.tfplan`), join(plans, `${approved.planId}.tfplan`));

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", approved.planId])), {
      exitCode: 1,
      code: "PLAN_CHANGED",
    });
  }, 60_000);

  it("an expired approval is asked for anew: the old signature no longer applies", async () => {
    const { planId } = await signedPlan();
    const later = { now: () => new Date(Date.now() + 31 * 60_000) };
    const ctx = createContext({
      cwd: project.root,
      env: project.env,
      io: new MemoryIoHost(),
      clock: later,
      trust: project.trust,
    });

    await attempt(
      async () => {
        const result = await deploy(ctx, { env: "prod", skipTests: false, skipPreview: false, plan: planId });
        return { exitCode: result.status === "needs_confirmation" ? 3 : 0, status: result.status };
      },
      { exitCode: 3, status: "needs_confirmation" },
    );
  }, 60_000);
});

describe("a valid signature", () => {
  it("applies exactly its plan once; reusing it, even with the plan record reset, is refused", async () => {
    const { planId } = await signedPlan();

    const first = await cli(["infra", "deploy", "--env", "prod", "--plan", planId]);
    expect(first.json()).toMatchObject({ ok: true, status: "applied" });
    await writeFile(join(project.moduleDir, "main.tf"), 'resource "terraform_data" "later" {\n  input = "y"\n}\n');
    attempts += 1;
    const again = await cli(["infra", "deploy", "--env", "prod", "--plan", planId]);
    const record = JSON.parse(await readFile(planRecord(planId), "utf8"));
    delete record.consumed_at;
    await writeFile(planRecord(planId), JSON.stringify(record, null, 2));
    attempts += 1;
    const reset = await cli(["infra", "deploy", "--env", "prod", "--plan", planId]);

    expect(outcomeOf(again)).toEqual({ exitCode: 2, code: "PLAN_ALREADY_USED" });
    expect(outcomeOf(reset)).toEqual({ exitCode: 2, code: "CONFIRMATION_USED" });
    const state = JSON.parse(
      await readFile(join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate"), "utf8"),
    );
    expect(state.resources.map((r: { name: string }) => r.name)).toEqual(["item"]);
  }, 60_000);

  it("a plan made stale by another apply is refused by the engine", async () => {
    const first = await signedPlan();
    const second = await signedPlan();
    expect((await cli(["infra", "deploy", "--env", "prod", "--plan", second.planId])).exitCode).toBe(0);
    attempts += 1;

    const stale = await cli(["infra", "deploy", "--env", "prod", "--plan", first.planId]);

    expect(outcomeOf(stale)).toEqual({ exitCode: 1, code: "PLAN_STALE" });
  }, 60_000);
});

describe("at a terminal", () => {
  it("declining cancels a production deploy", async () => {
    const io = new MemoryIoHost({ interactive: true, answers: ["no"] });
    const ctx = createContext({ cwd: project.root, env: project.env, io, trust: project.trust });

    await attempt(
      async () => {
        const result = await deploy(ctx, {
          env: "prod",
          skipTests: false,
          skipPreview: false,
          approver: terminal(io),
        });
        return { exitCode: result.status === "cancelled" ? 1 : 0, status: result.status };
      },
      { exitCode: 1, status: "cancelled" },
    );
  }, 60_000);

  it("a yes followed by a wrong passphrase signs nothing and applies nothing", async () => {
    const io = new MemoryIoHost({ interactive: true, answers: ["yes", "prod"] });
    const ctx = createContext({
      cwd: project.root,
      env: { ...(await guessingAskpass("prod")), ...project.env },
      io,
      trust: project.trust,
    });

    await attempt(
      async () => {
        const error = await deploy(ctx, {
          env: "prod",
          skipTests: false,
          skipPreview: false,
          approver: terminal(io),
        }).catch((e) => e);
        return { exitCode: error.exitCode, code: error.code };
      },
      { exitCode: 2, code: "APPROVAL_SIGNING_FAILED" },
    );
  }, 60_000);

  it("a teardown declined at the terminal destroys nothing", async () => {
    await deployApproved();
    const ctx = createContext({
      cwd: project.root,
      env: project.env,
      io: new MemoryIoHost({ interactive: true }),
      trust: project.trust,
    });
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
    await deployApproved("prod");
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
