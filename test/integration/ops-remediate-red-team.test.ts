// Red team: every way we could think of to restart, scale or roll back a service in an environment
// that requires confirmation without the person's signature over exactly that plan — or with a
// signature that does not fit. Each attempt runs the real CLI path against the moto server and must
// leave the ECS service and the Lambda function exactly as they were, with no applied entry in the
// remediation log. The suite counts its attempts.
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { PublishVersionCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createContext } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { remediate } from "../../src/managers/ops-remediate.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import {
  awsState,
  FUNCTION,
  createAwsFixture,
  SERVICE,
  writeFixtureRegistry,
  type AwsFixture,
} from "../helpers/ops-remediate-aws.js";
import { loadIacHandler } from "../../src/handlers/registry.js";
import { protectResources } from "../../src/skills/protected-target.js";
import { enrolPerson, guessingAskpass, personalKey, signAsPerson, type Person } from "../helpers/person.js";

const moto = useMoto({ env: { MOTO_ECS_SERVICE_RUNNING: "2" } });
const ALL = ["ecs.restart", "ecs.scale", "ecs.rollback", "lambda.restart", "lambda.scale", "lambda.rollback"];
let attempts = 0;
let project: InfraProject;
let fixture: AwsFixture;
let person: Person;
let initial: Awaited<ReturnType<typeof awsState>>;

afterAll(() => {
  console.log(
    `red team: ${attempts} attempts to remediate a confirmation-requiring environment without a fitting signature; every one was refused with nothing changed`,
  );
});

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  fixture = await createAwsFixture(moto().endpoint);
  for (const env of ["test", "staging", "prod"]) await writeFixtureRegistry(project.root, env, fixture);
  person = await enrolPerson(project.trust, "alice");
  initial = await awsState(fixture);
});

function configOf(change: (config: Record<string, any>) => void): Record<string, any> {
  const config = sandboxConfig(moto().endpoint) as Record<string, any>;
  change(config);
  return config;
}

async function configure(change: (config: Record<string, any>) => void): Promise<void> {
  await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(configOf(change)));
}

/** The caller's run: the project's environment, on the machine where the person is enrolled. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env }, trust: project.trust });
}

/**
 * A program driving a terminal: stdin and stderr claim to be a TTY, so the CLI asks its questions,
 * and the program types `typed`. ssh-keygen's passphrase prompt is answered through `env`.
 */
async function atTerminal(args: string[], typed: string, env: Record<string, string>): Promise<CliRun> {
  const collect = () => {
    const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  stderr.stream.isTTY = true;
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = true;
  stdin.end(typed);
  const exitCode = await main(args, {
    streams: { stdout: stdout.stream, stderr: stderr.stream, stdin },
    env: { ...env, ...project.env },
    cwd: project.root,
    exitCode: 0,
    trust: project.trust,
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { exitCode, stdout: stdout.text(), stderr: stderr.text(), json: () => JSON.parse(stdout.text()) };
}

function outcomeOf(run: CliRun) {
  const json = run.json();
  return { exitCode: run.exitCode, ...(json.ok ? { status: json.status } : { code: json.error.code }) };
}

/** Whether the terminal run asked its question, and the error code it printed ("error [CODE] message"). */
function terminalOutcome(run: CliRun) {
  return {
    exitCode: run.exitCode,
    prompted: run.stderr.includes("Type 'yes' to"),
    code: /\[([A-Z][A-Z_]+)\]/.exec(run.stderr)?.[1],
  };
}

function planPath(environment: string, planId: string): string {
  return join(project.root, ".devops", "plans", environment, `${planId}.json`);
}

/** Nothing changed on AWS since the test began (or since `since`), and no applied entry in the log. */
async function nothingChanged(environment: string, since = initial): Promise<void> {
  expect(await awsState(fixture)).toEqual(since);
  const log = await readFile(
    join(project.root, ".devops", "remediations", environment, "remediation-log.json"),
    "utf8",
  ).catch(() => "{}");
  expect(log).not.toContain('"outcome": "applied"');
}

/** How an attempt ended: its exit code, and its status or error code (and at a terminal, whether it asked). */
interface Outcome {
  exitCode: number;
  code?: string | undefined;
  status?: string;
  prompted?: boolean;
}

async function attempt(run: () => Promise<Outcome>, expected: Outcome, environment = "prod", since = initial) {
  attempts += 1;
  expect(await run()).toMatchObject(expected);
  await nothingChanged(environment, since);
}

const remediateArgs = (env: string, service: string, action: string, ...more: string[]) => [
  "ops",
  "remediate",
  "--env",
  env,
  "--service",
  service,
  "--action",
  action,
  ...more,
];

interface Asked {
  planId: string;
  statement: string;
  signature: string;
  json: any;
}

/** Runs the remediation without a plan: it stops at needs_confirmation with what the person must sign. */
async function askForApproval(env: string, service: string, action: string, ...more: string[]): Promise<Asked> {
  const run = await cli(remediateArgs(env, service, action, ...more));
  expect(run.exitCode).toBe(3);
  const { planId, approval } = run.json().data;
  return { planId, statement: approval.statement, signature: approval.signature, json: run.json() };
}

/** As askForApproval, and then the person signs that plan's statement in their terminal. */
async function signedByPerson(env: string, service: string, action: string, ...more: string[]): Promise<Asked> {
  const asked = await askForApproval(env, service, action, ...more);
  await signAsPerson(person, asked.statement);
  return asked;
}

describe("without a signature", () => {
  it.each([
    [SERVICE, "restart"],
    [SERVICE, "scale", "--count", "5"],
    [SERVICE, "rollback"],
    [FUNCTION, "restart"],
    [FUNCTION, "scale", "--count", "5"],
    [FUNCTION, "rollback"],
  ])(
    "%s %s in prod stops at needs_confirmation (exit 3)",
    async (service, action, ...more) => {
      await attempt(async () => outcomeOf(await cli(remediateArgs("prod", service!, action!, ...more))), {
        exitCode: 3,
        status: "needs_confirmation",
      });
    },
    30_000,
  );

  it.each(["Production", "PROD", "live"])(
    "--env %s is prod too",
    async (word) => {
      await attempt(async () => outcomeOf(await cli(remediateArgs(word, FUNCTION, "restart"))), {
        exitCode: 3,
        status: "needs_confirmation",
      });
    },
    30_000,
  );

  it("every action listed in remediation.auto still asks in prod", async () => {
    await configure((config) => (config.remediation = { auto: ALL, confirm: [], never: [] }));

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5"))), {
      exitCode: 3,
      status: "needs_confirmation",
    });
  }, 30_000);

  it("auto_approve and require_confirmation: false do not switch off a protected environment", async () => {
    await configure((config) => {
      config.environments.staging.require_confirmation = false;
      config.environments.staging.auto_approve = true;
      config.remediation = { auto: ALL, confirm: [], never: [] };
    });

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("staging", SERVICE, "restart"))),
      { exitCode: 3, status: "needs_confirmation" },
      "staging",
    );
  }, 30_000);

  it.each([
    [{ DEVOPS_AUTO_APPROVE: "true", CI: "true" }],
    [{ DEVOPS_CONFIRM: "yes", DEVOPS_ENV: "test", DEVOPS_REMEDIATION_AUTO: "ecs.scale" }],
    [{ AWS_PROFILE: "test", AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" }],
  ])(
    "environment variables %j change nothing",
    async (env) => {
      await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5"), env)), {
        exitCode: 3,
        status: "needs_confirmation",
      });
    },
    30_000,
  );

  it("answers piped to stdin approve nothing (no terminal, no prompt)", async () => {
    await attempt(
      async () => {
        const run = await runCli(remediateArgs("prod", SERVICE, "restart"), {
          cwd: project.root,
          env: project.env,
          stdin: "yes\nprod\n",
          trust: project.trust,
        });
        return { exitCode: run.exitCode, status: run.exitCode === 3 ? "needs_confirmation" : "other" };
      },
      { exitCode: 3, status: "needs_confirmation" },
    );
  }, 30_000);

  it("a saved plan named with --plan still needs the person's signature", async () => {
    const { planId } = await askForApproval("prod", SERVICE, "scale", "--count", "5");

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--plan", planId))),
      { exitCode: 3, status: "needs_confirmation" },
    );
  }, 30_000);

  it.each([
    ["test", ["ecs.scale"]],
    ["prod", ["ecs.scale"]],
    ["test", ["ecs.scale", "ecs.restart"]],
  ])(
    "a never-class action is refused outright in %s (REMEDIATION_FORBIDDEN)",
    async (env, never) => {
      await configure((config) => (config.remediation = { auto: ["ecs.scale"], confirm: [], never }));

      await attempt(
        async () => outcomeOf(await cli(remediateArgs(env, SERVICE, "scale", "--count", "5"))),
        { exitCode: 2, code: "REMEDIATION_FORBIDDEN" },
        env,
      );
      const log = JSON.parse(
        await readFile(join(project.root, ".devops", "remediations", env, "remediation-log.json"), "utf8"),
      );
      expect(log.entries.at(-1)).toMatchObject({
        outcome: "refused",
        risk: "never",
        error: { code: "REMEDIATION_FORBIDDEN" },
      });
    },
    30_000,
  );
});

describe("with a signature that does not fit", () => {
  it("a made-up signature file, or a code passed with the --confirm flag that no longer exists", async () => {
    const { planId, signature } = await askForApproval("prod", SERVICE, "restart");
    await writeFile(
      signature,
      "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTk=\n-----END SSH SIGNATURE-----\n",
    );

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId))), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
    await attempt(
      async () =>
        outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId, "--confirm", "AAAAA-BBBBB"))),
      { exitCode: 2, code: "FLAG_UNKNOWN" },
    );
    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", "yes"))), {
      exitCode: 2,
      code: "FLAG_UNKNOWN",
    });
  }, 30_000);

  it("the signature of another action on the same service, copied to this plan", async () => {
    const scale = await signedByPerson("prod", SERVICE, "scale", "--count", "5");
    const rollback = await askForApproval("prod", SERVICE, "rollback");
    await copyFile(scale.signature, rollback.signature);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "rollback", "--plan", rollback.planId))),
      { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
    );
  }, 30_000);

  it("the signature of the same action on another resource, copied to this plan", async () => {
    const service = await signedByPerson("prod", SERVICE, "scale", "--count", "5");
    const fn = await askForApproval("prod", FUNCTION, "scale", "--count", "5");
    await copyFile(service.signature, fn.signature);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", FUNCTION, "scale", "--count", "5", "--plan", fn.planId))),
      { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
    );
  }, 30_000);

  it("a plan signed for another environment: named in prod, or its signature copied to a prod plan", async () => {
    const staging = await signedByPerson("staging", SERVICE, "restart");
    const prod = await askForApproval("prod", SERVICE, "restart");
    await copyFile(staging.signature, prod.signature);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", staging.planId))),
      { exitCode: 2, code: "PLAN_NOT_FOUND" },
    );
    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", prod.planId))), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 30_000);

  it("another plan's signature, copied to this plan's .sig", async () => {
    const first = await signedByPerson("prod", SERVICE, "restart");
    const second = await askForApproval("prod", SERVICE, "restart");
    await copyFile(first.signature, second.signature);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", second.planId))),
      { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
    );
  }, 30_000);

  it("--count tampering: a signed scale to 5 used with --count 50, without its plan, or for a restart", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "scale", "--count", "5");

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "50", "--plan", planId))),
      { exitCode: 2, code: "CONFIRMATION_MISMATCH" },
    );
    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "50"))), {
      exitCode: 3,
      status: "needs_confirmation",
    });
    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId))), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("a plan record edited after signing: another target count, or another account", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "scale", "--count", "5");
    const path = planPath("prod", planId);
    const original = await readFile(path, "utf8");

    await writeFile(path, original.replace(/"desiredCount": 5/, '"desiredCount": 50'));
    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--plan", planId))),
      { exitCode: 2, code: "PLAN_CHANGED" },
    );
    await writeFile(path, original.replaceAll('"account": "123456789012"', '"account": "210987654321"'));
    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--plan", planId))),
      { exitCode: 1, code: "ACCOUNT_MISMATCH" },
    );
  }, 30_000);

  it("a signed remediation plan named by a deploy", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "restart");

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--plan", planId])), {
      exitCode: 2,
      code: "PLAN_NOT_FOUND",
    });
  }, 60_000);

  it("credentials that now reach another account than the environment's", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "restart");
    await configure((config) => (config.environments.prod.account_id = "210987654321"));

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId))), {
      exitCode: 1,
      code: "ACCOUNT_MISMATCH",
    });
  }, 30_000);

  it("a signature past its signed expiry is dropped and asked for anew; a plan past its own expiry is refused", async () => {
    const { planId, signature } = await signedByPerson("prod", SERVICE, "restart");
    const later = (minutes: number) =>
      createContext({
        cwd: project.root,
        env: project.env,
        io: new MemoryIoHost(),
        clock: { now: () => new Date(Date.now() + minutes * 60_000) },
        trust: project.trust,
      });
    const run = (minutes: number) =>
      remediate(later(minutes), { env: "prod", service: SERVICE, action: "restart", plan: planId }).then(
        (result) => ({ exitCode: 3, status: result.status }),
        (error) => ({ exitCode: error.exitCode, code: error.code }),
      );

    await attempt(() => run(31), { exitCode: 3, status: "needs_confirmation" });
    expect(await readFile(signature, "utf8").catch(() => "dropped")).toBe("dropped");
    await attempt(() => run(61), { exitCode: 2, code: "PLAN_EXPIRED" });
  }, 30_000);

  it("a signed plan whose action was moved to never after signing", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "restart");
    await configure((config) => (config.remediation = { auto: [], confirm: [], never: ["ecs.restart"] }));

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId))), {
      exitCode: 2,
      code: "REMEDIATION_FORBIDDEN",
    });
  }, 30_000);
});

describe("a fitting signature for a world that moved on", () => {
  it("the service was scaled by someone else since: REMEDIATION_STALE", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "scale", "--count", "5");
    await fixture.ecs.send(new UpdateServiceCommand({ cluster: "shop-cluster", service: SERVICE, desiredCount: 3 }));
    const moved = await awsState(fixture);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--plan", planId))),
      { exitCode: 2, code: "REMEDIATION_STALE" },
      "prod",
      moved,
    );
  }, 30_000);

  it("a newer Lambda version went live since the rollback was signed: REMEDIATION_STALE", async () => {
    const { planId } = await signedByPerson("prod", FUNCTION, "rollback");
    await fixture.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: FUNCTION, Description: "third release" }),
    );
    const third = await fixture.lambda.send(new PublishVersionCommand({ FunctionName: FUNCTION }));
    await fixture.lambda.send(
      new UpdateAliasCommand({ FunctionName: FUNCTION, Name: "live", FunctionVersion: third.Version }),
    );
    const moved = await awsState(fixture);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", FUNCTION, "rollback", "--plan", planId))),
      { exitCode: 2, code: "REMEDIATION_STALE" },
      "prod",
      moved,
    );
  }, 30_000);
});

describe("a valid signature", () => {
  it("applies exactly its change once; the plan again, or its record reset, is refused", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "scale", "--count", "5");
    const args = remediateArgs("prod", SERVICE, "scale", "--count", "5", "--plan", planId);

    const first = await cli(args);

    expect(first.json()).toMatchObject({ ok: true, status: "applied" });
    expect(await awsState(fixture)).toMatchObject({ desiredCount: 5 });
    const applied = await awsState(fixture);
    const log = join(project.root, ".devops", "remediations", "prod", "remediation-log.json");
    const appliedLog = await readFile(log, "utf8");
    attempts += 1;
    expect(outcomeOf(await cli(args))).toEqual({ exitCode: 2, code: "PLAN_ALREADY_USED" });
    expect(await awsState(fixture)).toEqual(applied);

    // Someone scales it back and resets the record, hoping the used signature approves it again.
    await fixture.ecs.send(new UpdateServiceCommand({ cluster: "shop-cluster", service: SERVICE, desiredCount: 2 }));
    const reset = await awsState(fixture);
    const record = JSON.parse(await readFile(planPath("prod", planId), "utf8"));
    delete record.consumed_at;
    await writeFile(planPath("prod", planId), JSON.stringify(record));
    attempts += 1;
    expect(outcomeOf(await cli(args))).toEqual({ exitCode: 2, code: "CONFIRMATION_USED" });
    expect(await awsState(fixture)).toEqual(reset);
    const entries = JSON.parse(await readFile(log, "utf8")).entries as Array<Record<string, any>>;
    expect(entries.filter((e) => e.outcome === "applied")).toHaveLength(1);
    expect(JSON.parse(appliedLog).entries.at(-1)).toMatchObject({ outcome: "applied", approval: "signature" });
  }, 30_000);

  it.each([
    ["a newline added at its end", (signature: string) => `${signature}\n`],
    [
      "its base64 wrapped at 40 columns",
      (signature: string) => {
        const lines = signature.trim().split("\n");
        const body = lines.slice(1, -1).join("");
        const wrapped = body.match(/.{1,40}/g) ?? [];
        return [lines[0], ...wrapped, lines.at(-1), ""].join("\n");
      },
    ],
  ])(
    "the used signature re-encoded (%s) after resetting consumed_at still counts as used",
    async (_how, reencode) => {
      const { planId, signature } = await signedByPerson("prod", SERVICE, "scale", "--count", "5");
      const args = remediateArgs("prod", SERVICE, "scale", "--count", "5", "--plan", planId);
      expect(outcomeOf(await cli(args))).toEqual({ exitCode: 0, status: "applied" });
      await fixture.ecs.send(new UpdateServiceCommand({ cluster: "shop-cluster", service: SERVICE, desiredCount: 2 }));
      const reset = await awsState(fixture);
      const record = JSON.parse(await readFile(planPath("prod", planId), "utf8"));
      delete record.consumed_at;
      await writeFile(planPath("prod", planId), JSON.stringify(record));
      await writeFile(signature, reencode(await readFile(signature, "utf8")));

      attempts += 1;
      const replayed = await cli(args);

      expect(outcomeOf(replayed)).toEqual({ exitCode: 2, code: "CONFIRMATION_USED" });
      expect(await awsState(fixture)).toEqual(reset);
      const log = join(project.root, ".devops", "remediations", "prod", "remediation-log.json");
      const entries = JSON.parse(await readFile(log, "utf8")).entries as Array<Record<string, any>>;
      expect(entries.filter((e) => e.outcome === "applied")).toHaveLength(1);
    },
    30_000,
  );
});

describe("at a terminal", () => {
  it("declining cancels a production rollback", async () => {
    const ctx = createContext({
      cwd: project.root,
      env: { ...person.env, ...project.env },
      io: new MemoryIoHost({ interactive: true }),
      trust: project.trust,
    });

    await attempt(
      async () => {
        const result = await remediate(ctx, {
          env: "prod",
          service: FUNCTION,
          action: "rollback",
          approver: async () => false,
        });
        return { exitCode: result.status === "cancelled" ? 1 : 0, status: result.status };
      },
      { exitCode: 1, status: "cancelled" },
    );
  }, 30_000);

  it("the person themself at the terminal: yes, then their passphrase, applies (the control for the programs below)", async () => {
    const run = await atTerminal(remediateArgs("prod", FUNCTION, "rollback"), "yes\n", person.env);

    expect({ exitCode: run.exitCode, prompted: terminalOutcome(run).prompted }).toEqual({
      exitCode: 0,
      prompted: true,
    });
    expect((await awsState(fixture)).aliasVersion).toBe("1");
  }, 30_000);

  it.each([
    ["yes and the environment's name", FUNCTION, "rollback", "yes\nprod\n", "prod"],
    ["yes, with an empty passphrase", SERVICE, "restart", "yes\n", ""],
    ["yes, and yes again at the passphrase prompt", SERVICE, "scale", "yes\n", "yes"],
  ])(
    "a program typing %s cannot approve: ssh-keygen wants the person's passphrase (APPROVAL_SIGNING_FAILED)",
    async (_typed, service, action, typed, guess) => {
      const more = action === "scale" ? ["--count", "5"] : [];

      await attempt(
        async () =>
          terminalOutcome(
            await atTerminal(remediateArgs("prod", service, action, ...more), typed, await guessingAskpass(guess)),
          ),
        { exitCode: 2, prompted: true, code: "APPROVAL_SIGNING_FAILED" },
      );
    },
    30_000,
  );
});

describe("the caller approving for the person (issue 14)", () => {
  it("self-issued: the caller signs with its own key, or lists that key in an approvers file of the project", async () => {
    const { planId, statement } = await askForApproval("prod", SERVICE, "restart");
    const caller = await personalKey("caller");
    await signAsPerson(caller, statement);

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId))), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
    const publicKey = (await readFile(`${caller.key}.pub`, "utf8")).trim().split(/\s+/);
    const line = `caller namespaces="devops-approval" ${publicKey[0]} ${publicKey[1]}\n`;
    await writeFile(join(project.root, ".devops", "approvers"), line);
    await writeFile(join(project.root, ".devops", "allowed_signers"), line);
    await attempt(
      async () =>
        outcomeOf(
          await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId), {
            DEVOPS_APPROVERS: join(project.root, ".devops", "approvers"),
          }),
        ),
      { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
    );
  }, 30_000);

  it("the expiry moved in the record after signing, used at once or after the signed expiry", async () => {
    const { planId } = await signedByPerson("prod", SERVICE, "restart");
    const path = planPath("prod", planId);
    const record = JSON.parse(await readFile(path, "utf8"));
    record.approval.expires_at = new Date(Date.now() + 50 * 60_000).toISOString();
    await writeFile(path, JSON.stringify(record));

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--plan", planId))), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
    const ctx = createContext({
      cwd: project.root,
      env: project.env,
      io: new MemoryIoHost(),
      clock: { now: () => new Date(Date.now() + 40 * 60_000) },
      trust: project.trust,
    });
    await attempt(
      () =>
        remediate(ctx, { env: "prod", service: SERVICE, action: "restart", plan: planId }).then(
          (result) => ({ exitCode: 0, status: result.status }),
          (error) => ({ exitCode: error.exitCode, code: error.code }),
        ),
      { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
    );
  }, 30_000);

  it("the needs_confirmation output replayed: nothing in data.approval or next approves", async () => {
    const asked = await askForApproval("prod", SERVICE, "scale", "--count", "5");
    const { approval } = asked.json.data;
    const program = await guessingAskpass("yes");
    const argv = (command: string) => command.split(" ").slice(1);

    expect(JSON.stringify(approval)).not.toMatch(/"code"/);
    expect(asked.json.next.map((step: { command: string }) => step.command)).toEqual([approval.sign, approval.command]);
    await attempt(async () => outcomeOf(await cli(argv(approval.sign), program)), {
      exitCode: 2,
      code: "APPROVAL_SIGNING_FAILED",
    });
    await attempt(async () => outcomeOf(await cli(argv(approval.command), program)), {
      exitCode: 3,
      status: "needs_confirmation",
    });
  }, 30_000);

  it("a test environment whose records name a service prod deployed: TARGET_PROTECTED, even where the action is automatic", async () => {
    await configure((config) => {
      config.remediation = { auto: ALL, confirm: [], never: [] };
    });
    await askForApproval("prod", SERVICE, "restart");
    // Prod's deploy made the service: its ARN belongs to prod's protected target from then on.
    const opened = await project.open();
    const iac = await loadIacHandler(opened, "terraform");
    await protectResources(opened, opened.environment("prod"), iac, "123456789012", [fixture.serviceArn]);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("test", SERVICE, "scale", "--count", "3"))),
      { exitCode: 2, code: "TARGET_PROTECTED" },
      "test",
    );
  }, 30_000);

  it("a --config that makes prod unprotected, after prod was used: TARGET_PROTECTED", async () => {
    await askForApproval("prod", SERVICE, "restart");
    const alt = join(project.root, ".devops", "alt.json");
    await writeFile(
      alt,
      JSON.stringify(
        configOf((config) => {
          config.environments.prod.require_confirmation = false;
          config.remediation = { auto: ALL, confirm: [], never: [] };
        }),
      ),
    );

    await attempt(async () => outcomeOf(await cli([...remediateArgs("prod", SERVICE, "restart"), "--config", alt])), {
      exitCode: 2,
      code: "TARGET_PROTECTED",
    });
  }, 30_000);
});
