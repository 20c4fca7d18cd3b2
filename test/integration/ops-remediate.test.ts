// ops remediate through the CLI against the moto server: ECS restart / scale / rollback and Lambda
// restart / scale / rollback, each planned from live state, approved where its risk class or the
// environment asks for it (by the person's signature of the plan), applied, verified, and written to the
// remediation log and the deployment history.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
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
import { enrolPerson, signAsPerson, type Person } from "../helpers/person.js";

// Two tasks "run" as soon as a service exists, so a service of desired count 2 has settled.
const moto = useMoto({ env: { MOTO_ECS_SERVICE_RUNNING: "2" } });
const EVERYTHING_AUTO = {
  auto: ["ecs.restart", "ecs.scale", "ecs.rollback", "lambda.restart", "lambda.scale", "lambda.rollback"],
  confirm: [],
  never: [],
};
let project: InfraProject;
let fixture: AwsFixture;
let person: Person;

/** A project (default config unless `remediation` is given) and fresh AWS state. */
async function setUp(remediation?: Record<string, unknown>, desiredCount?: number) {
  await moto().reset();
  project = await infraProject(sandboxConfig(moto().endpoint, remediation === undefined ? {} : { remediation }));
  fixture = await createAwsFixture(moto().endpoint, desiredCount === undefined ? {} : { desiredCount });
  await writeFixtureRegistry(project.root, "test", fixture);
  person = await enrolPerson(project.trust, "alice");
}

beforeEach(async () => {
  await setUp();
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

async function logEntries(environment = "test") {
  return JSON.parse(
    await readFile(join(project.root, ".devops", "remediations", environment, "remediation-log.json"), "utf8"),
  ).entries as Array<Record<string, any>>;
}

async function history(environment = "test") {
  const text = await readFile(
    join(project.root, ".devops", "deployments", environment, "history.ndjson"),
    "utf8",
  ).catch(() => "");
  return text.trim() === ""
    ? []
    : text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
}

describe("Lambda", () => {
  it("restart (auto in test) sets the restart marker, keeps every other variable, and says what it really does", async () => {
    const run = await cli("ops", "remediate", "--env", "test", "--service", FUNCTION, "--action", "restart");

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      status: "applied",
      data: { actionKey: "lambda.restart", risk: "auto", verification: { status: "verified" } },
    });
    expect(run.json().data.notes.join(" ")).toMatch(
      /Lambda has no restart.*alias "live" serves published version 2, which is immutable/,
    );
    const state = await awsState(fixture);
    expect(state.environment).toEqual({
      DB_HOST: "db.internal",
      MODE: "live",
      DEVOPS_RESTARTED_AT: run.json().data.after.restartMarker,
    });
    expect((await logEntries()).map((e) => [e.outcome, e.approval, e.verification?.status])).toEqual([
      ["applied", "not_required", "verified"],
    ]);
    expect(await history()).toEqual([
      expect.objectContaining({
        kind: "remediation",
        outcome: "applied",
        id: run.json().data.logEntry,
        account: "123456789012",
      }),
    ]);
  }, 30_000);

  it("scale (confirm class) stops for the person's signature, then sets the reserved concurrency", async () => {
    const asked = await cli(
      "ops",
      "remediate",
      "--env",
      "test",
      "--service",
      FUNCTION,
      "--action",
      "scale",
      "--count",
      "7",
    );
    const { command, statement } = asked.json().data.approval as { command: string; statement: string };
    await signAsPerson(person, statement);
    const applied = await cli(...command.split(" ").slice(1));

    expect(asked.exitCode).toBe(3);
    expect(asked.json().data.changes).toEqual([{ field: "reservedConcurrency", from: null, to: 7 }]);
    expect(applied.json()).toMatchObject({
      status: "applied",
      data: { verification: { status: "verified", observed: { reservedConcurrency: 7 } } },
    });
    expect((await awsState(fixture)).reservedConcurrency).toBe(7);
    expect((await logEntries()).map((e) => [e.outcome, e.approval ?? null])).toEqual([
      ["needs_confirmation", null],
      ["applied", "signature"],
    ]);
  }, 30_000);

  it("rollback points the alias back to the previous published version", async () => {
    await setUp(EVERYTHING_AUTO);

    const run = await cli("ops", "remediate", "--env", "test", "--service", FUNCTION, "--action", "rollback");

    expect(run.json()).toMatchObject({
      status: "applied",
      data: { description: `Lambda function ${FUNCTION}: alias live 2 → 1`, verification: { status: "verified" } },
    });
    expect((await awsState(fixture)).aliasVersion).toBe("1");
  }, 30_000);

  it("rollback with nothing older published is refused and logged", async () => {
    await setUp(EVERYTHING_AUTO);
    await cli("ops", "remediate", "--env", "test", "--service", FUNCTION, "--action", "rollback");

    const again = await cli("ops", "remediate", "--env", "test", "--service", "live", "--action", "rollback");

    expect(again.exitCode).toBe(2);
    expect(again.json().error.code).toBe("REMEDIATION_NO_PREVIOUS");
    expect((await logEntries()).map((e) => [e.outcome, e.error?.code ?? null])).toEqual([
      ["applied", null],
      ["refused", "REMEDIATION_NO_PREVIOUS"],
    ]);
  }, 30_000);

  it("scale to the current value changes nothing", async () => {
    await setUp(EVERYTHING_AUTO);
    await cli("ops", "remediate", "--env", "test", "--service", FUNCTION, "--action", "scale", "--count", "4");

    const again = await cli(
      "ops",
      "remediate",
      "--env",
      "test",
      "--service",
      FUNCTION,
      "--action",
      "scale",
      "--count",
      "4",
    );

    expect(again.exitCode).toBe(0);
    expect(again.json()).toMatchObject({ status: "no_changes" });
    expect((await logEntries()).map((e) => e.outcome)).toEqual(["applied", "no_changes"]);
  }, 30_000);
});

describe("ECS", () => {
  it("scale (confirm class) shows desired 2 → 5, then applies once the person signed it, and verifies", async () => {
    const asked = await cli(
      "ops",
      "remediate",
      "--env",
      "test",
      "--service",
      SERVICE,
      "--action",
      "scale",
      "--count",
      "5",
    );
    const { approval, planId } = asked.json().data;
    await signAsPerson(person, approval.statement);
    const applied = await cli(
      "ops",
      "remediate",
      "--env",
      "test",
      "--service",
      SERVICE,
      "--action",
      "scale",
      "--count",
      "5",
      "--plan",
      planId,
    );

    expect(asked.exitCode).toBe(3);
    expect(asked.json().data).toMatchObject({
      description: `ECS service ${SERVICE}: desired count 2 → 5`,
      reasons: [expect.stringContaining("ecs.scale is a confirm-class action")],
    });
    expect(applied.exitCode).toBe(0);
    expect(applied.json().data.verification).toMatchObject({
      status: "verified",
      observed: { desiredCount: 5, runningCount: 5 },
    });
    expect((await awsState(fixture)).desiredCount).toBe(5);
    expect((await history()).map((h) => [h.kind, h.outcome, h.plan_id])).toEqual([["remediation", "applied", planId]]);
  }, 30_000);

  it("restart starts a new deployment of the same task definition", async () => {
    await setUp(EVERYTHING_AUTO);
    const before = await awsState(fixture);

    const run = await cli("ops", "remediate", "--env", "test", "--service", SERVICE, "--action", "restart");

    const after = await awsState(fixture);
    expect(run.json()).toMatchObject({ status: "applied", data: { verification: { status: "verified" } } });
    expect(after.deployment).not.toBe(before.deployment);
    expect(after.taskDefinition).toBe(before.taskDefinition);
  }, 30_000);

  it("rollback moves the service to the previous ACTIVE revision, and then has nowhere to go", async () => {
    await setUp(EVERYTHING_AUTO);

    const run = await cli("ops", "remediate", "--env", "test", "--service", SERVICE, "--action", "rollback");
    const again = await cli("ops", "remediate", "--env", "test", "--service", SERVICE, "--action", "rollback");

    expect(run.json().data.description).toBe(
      `ECS service ${SERVICE}: task definition shop-worker-task:2 → shop-worker-task:1`,
    );
    expect((await awsState(fixture)).taskDefinition).toBe("shop-worker-task:1");
    expect(again.json().error.code).toBe("REMEDIATION_NO_PREVIOUS");
  }, 30_000);

  it("a restart that does not settle in time is applied but fails its verdict (exit 4), reporting what it saw", async () => {
    await setUp(EVERYTHING_AUTO, 3);
    const ctx = createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost(), trust: project.trust });

    const result = await remediate(ctx, {
      env: "test",
      service: SERVICE,
      action: "restart",
      verify: { timeoutMs: 60, intervalMs: 20 },
    });

    expect(result).toMatchObject({
      status: "applied",
      verdict: "fail",
      data: { verification: { status: "timed_out", observed: { desiredCount: 3, runningCount: 2 } } },
    });
    expect(result.data.verification!.polls).toBeGreaterThan(1);
  }, 30_000);

  it("scale to 0 always asks, even when ecs.scale is automatic", async () => {
    await setUp(EVERYTHING_AUTO);

    const run = await cli(
      "ops",
      "remediate",
      "--env",
      "test",
      "--service",
      SERVICE,
      "--action",
      "scale",
      "--count",
      "0",
    );

    expect(run.exitCode).toBe(3);
    expect(run.json().data.reasons).toEqual(["scaling to 0 stops the service"]);
    expect(run.json().data.notes).toContain(
      "desired count 0 stops every task: the service serves nothing until it is scaled up again",
    );
  }, 30_000);
});

describe("input", () => {
  it.each([
    [["--service", SERVICE, "--action", "scale"], "FLAG_REQUIRED"],
    [["--service", SERVICE, "--action", "restart", "--count", "3"], "FLAG_NOT_ALLOWED"],
    [["--service", "nothing-like-it", "--action", "restart"], "SERVICE_UNKNOWN"],
    [["--service", "shop", "--action", "restart"], "SERVICE_AMBIGUOUS"],
    [["--service", "shop-cluster", "--action", "restart"], "REMEDIATION_UNSUPPORTED"],
    [["--service", SERVICE, "--action", "reboot"], "FLAG_INVALID"],
  ])(
    "%j → %s (exit 2)",
    async (args, code) => {
      const run = await cli("ops", "remediate", "--env", "test", ...args);

      expect({ exitCode: run.exitCode, code: run.json().error.code }).toEqual({ exitCode: 2, code });
    },
    30_000,
  );

  it("a corrupt remediation log stops the attempt before anything changes, and is left as it was", async () => {
    const path = join(project.root, ".devops", "remediations", "test", "remediation-log.json");
    await cli("ops", "remediate", "--env", "test", "--service", FUNCTION, "--action", "scale", "--count", "3");
    await writeFile(path, "{ not json");

    const run = await cli("ops", "remediate", "--env", "test", "--service", FUNCTION, "--action", "restart");

    expect(run.json().error.code).toBe("RECORD_CORRUPT");
    expect(await readFile(path, "utf8")).toBe("{ not json");
    expect((await awsState(fixture)).environment).not.toHaveProperty("DEVOPS_RESTARTED_AT");
  }, 30_000);

  it("prints what will change for a person, without --json", async () => {
    const run = await runCli(
      ["ops", "remediate", "--env", "test", "--service", SERVICE, "--action", "scale", "--count", "4"],
      { cwd: project.root, env: project.env, trust: project.trust },
    );

    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain(`ECS service ${SERVICE}: desired count 2 → 4`);
    expect(run.stdout).toMatch(/devops approval sign --env test --plan \S+\n/);
    expect(run.stdout).toMatch(
      /devops ops remediate --env test --service shop-worker --action scale --count 4 --plan \S+\n/,
    );
    expect(run.stdout).not.toContain("--confirm");
  }, 30_000);
});

describe("at a terminal", () => {
  it("a yes followed by the person's signature applies at once; a no cancels and changes nothing", async () => {
    // The person at their terminal: ssh-keygen asks them for their key's passphrase.
    const ctx = createContext({
      cwd: project.root,
      env: { ...person.env, ...project.env },
      io: new MemoryIoHost({ interactive: true }),
      trust: project.trust,
    });
    const asked: string[] = [];

    const declined = await remediate(ctx, {
      env: "test",
      service: SERVICE,
      action: "scale",
      count: 4,
      approver: async (r) => {
        asked.push(r.description);
        return false;
      },
    });
    const unchanged = await awsState(fixture);
    const approved = await remediate(ctx, {
      env: "test",
      service: SERVICE,
      action: "scale",
      count: 4,
      approver: async () => true,
    });

    expect(asked).toEqual([`ECS service ${SERVICE}: desired count 2 → 4`]);
    expect(declined.status).toBe("cancelled");
    expect(unchanged.desiredCount).toBe(2);
    expect(approved).toMatchObject({ status: "applied", data: { verification: { status: "verified" } } });
    expect((await logEntries()).map((e) => [e.outcome, e.approval ?? null])).toEqual([
      ["cancelled", null],
      ["applied", "signature"],
    ]);
  }, 30_000);
});

describe("in prod", () => {
  it("a remediation stops at exit 3; the person signs its statement; --plan applies it, logged as approved by signature", async () => {
    await writeFixtureRegistry(project.root, "prod", fixture);
    const args = ["ops", "remediate", "--env", "prod", "--service", SERVICE, "--action", "restart"];
    const before = await awsState(fixture);

    const asked = await cli(...args);
    const { planId, approval } = asked.json().data;
    const unchanged = await awsState(fixture);
    await signAsPerson(person, approval.statement);
    const applied = await cli(...args, "--plan", planId);

    expect(asked.exitCode).toBe(3);
    expect(asked.json()).toMatchObject({
      status: "needs_confirmation",
      data: {
        reasons: expect.arrayContaining(['"prod" requires confirmation']),
        approval: {
          sign: `devops approval sign --env prod --plan ${planId}`,
          command: `devops ops remediate --env prod --service ${SERVICE} --action restart --plan ${planId}`,
          approvers: project.trust.approvers[0],
        },
      },
    });
    expect(unchanged).toEqual(before);
    expect(applied.exitCode).toBe(0);
    expect(applied.json()).toMatchObject({ status: "applied", data: { planId, verification: { status: "verified" } } });
    expect((await awsState(fixture)).deployment).not.toBe(unchanged.deployment);
    expect((await logEntries("prod")).map((e) => [e.outcome, e.approval ?? null, e.plan_id])).toEqual([
      ["needs_confirmation", null, planId],
      ["applied", "signature", planId],
    ]);
    expect((await history("prod")).map((h) => [h.kind, h.outcome, h.plan_id])).toEqual([
      ["remediation", "applied", planId],
    ]);
  }, 30_000);
});
