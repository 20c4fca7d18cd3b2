// Red team: every way we could think of to restart, scale or roll back a service in an environment
// that requires confirmation without a human-approved, plan-bound code — or with a code that does not
// fit. Each attempt runs the real CLI path against the moto server and must leave the ECS service and
// the Lambda function exactly as they were, with the attempt in the remediation log. The suite counts
// its attempts.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { PublishVersionCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
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

const moto = useMoto({ env: { MOTO_ECS_SERVICE_RUNNING: "2" } });
const ALL = ["ecs.restart", "ecs.scale", "ecs.rollback", "lambda.restart", "lambda.scale", "lambda.rollback"];
let attempts = 0;
let project: InfraProject;
let fixture: AwsFixture;
let initial: Awaited<ReturnType<typeof awsState>>;

afterAll(() => {
  console.log(
    `red team: ${attempts} attempts to remediate a confirmation-requiring environment without a fitting approval; every one was refused with nothing changed`,
  );
});

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  fixture = await createAwsFixture(moto().endpoint);
  for (const env of ["test", "staging", "prod"]) await writeFixtureRegistry(project.root, env, fixture);
  initial = await awsState(fixture);
});

async function configure(change: (config: Record<string, any>) => void): Promise<void> {
  const config = sandboxConfig(moto().endpoint) as Record<string, any>;
  change(config);
  await writeFile(join(project.root, ".devops", "devops.json"), JSON.stringify(config));
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env } });
}

function outcomeOf(run: CliRun) {
  const json = run.json();
  return { exitCode: run.exitCode, ...(json.ok ? { status: json.status } : { code: json.error.code }) };
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

async function attempt(
  run: () => Promise<{ exitCode: number; code?: string; status?: string }>,
  expected: { exitCode: number; code?: string; status?: string },
  environment = "prod",
  since = initial,
) {
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

async function askForCode(
  env: string,
  service: string,
  action: string,
  ...more: string[]
): Promise<{ code: string; planId: string }> {
  const run = await cli(remediateArgs(env, service, action, ...more));
  expect(run.exitCode).toBe(3);
  return { code: run.json().data.approval.code, planId: run.json().data.planId };
}

describe("without a code", () => {
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
        });
        return { exitCode: run.exitCode, status: run.exitCode === 3 ? "needs_confirmation" : "other" };
      },
      { exitCode: 3, status: "needs_confirmation" },
    );
  }, 30_000);

  it("a saved plan named with --plan still needs its code", async () => {
    const { planId } = await askForCode("prod", SERVICE, "scale", "--count", "5");

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

describe("with a code that does not fit", () => {
  it("a made-up or malformed code", async () => {
    await askForCode("prod", SERVICE, "restart");

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", "AAAAA-BBBBB"))),
      { exitCode: 2, code: "CONFIRMATION_INVALID" },
    );
    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", "yes"))), {
      exitCode: 2,
      code: "FLAG_INVALID",
    });
  }, 30_000);

  it("a code for another action on the same service", async () => {
    const { code } = await askForCode("prod", SERVICE, "scale", "--count", "5");

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "rollback", "--confirm", code))), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("a code for the same action on another resource", async () => {
    const { code } = await askForCode("prod", SERVICE, "scale", "--count", "5");

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", FUNCTION, "scale", "--count", "5", "--confirm", code))),
      { exitCode: 2, code: "CONFIRMATION_MISMATCH" },
    );
  }, 30_000);

  it("a code for another environment", async () => {
    const { code } = await askForCode("staging", SERVICE, "restart");

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", code))), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("a code for another plan", async () => {
    const first = await askForCode("prod", SERVICE, "restart");
    const second = await askForCode("prod", SERVICE, "restart");

    await attempt(
      async () =>
        outcomeOf(
          await cli(remediateArgs("prod", SERVICE, "restart", "--plan", second.planId, "--confirm", first.code)),
        ),
      { exitCode: 2, code: "CONFIRMATION_MISMATCH" },
    );
  }, 30_000);

  it("--count tampering: a code for scale to 5 used with --count 50 (or with no count)", async () => {
    const { code, planId } = await askForCode("prod", SERVICE, "scale", "--count", "5");

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "50", "--confirm", code))),
      { exitCode: 2, code: "CONFIRMATION_MISMATCH" },
    );
    await attempt(
      async () =>
        outcomeOf(
          await cli(remediateArgs("prod", SERVICE, "scale", "--count", "50", "--plan", planId, "--confirm", code)),
        ),
      { exitCode: 2, code: "CONFIRMATION_MISMATCH" },
    );
    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", code))), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("a plan record edited after approval: another target count, or another account", async () => {
    const { code, planId } = await askForCode("prod", SERVICE, "scale", "--count", "5");
    const path = join(project.root, ".devops", "plans", "prod", `${planId}.json`);
    const original = await readFile(path, "utf8");

    await writeFile(path, original.replace(/"desiredCount": 5/, '"desiredCount": 50'));
    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--confirm", code))),
      { exitCode: 2, code: "CONFIRMATION_INVALID" },
    );
    await writeFile(path, original.replace(/"account": "123456789012"/, '"account": "210987654321"'));
    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--confirm", code))),
      { exitCode: 2, code: "CONFIRMATION_INVALID" },
    );
  }, 30_000);

  it("a remediation code used for a deploy", async () => {
    const { code } = await askForCode("prod", SERVICE, "restart");

    await attempt(async () => outcomeOf(await cli(["infra", "deploy", "--env", "prod", "--confirm", code])), {
      exitCode: 2,
      code: "CONFIRMATION_MISMATCH",
    });
  }, 30_000);

  it("credentials that now reach another account than the environment's", async () => {
    const { code } = await askForCode("prod", SERVICE, "restart");
    await configure((config) => (config.environments.prod.account_id = "210987654321"));

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", code))), {
      exitCode: 1,
      code: "ACCOUNT_MISMATCH",
    });
  }, 30_000);

  it("an expired code", async () => {
    const { code } = await askForCode("prod", SERVICE, "restart");
    const ctx = createContext({
      cwd: project.root,
      env: project.env,
      io: new MemoryIoHost(),
      clock: { now: () => new Date(Date.now() + 16 * 60_000) },
    });

    await attempt(
      async () => {
        const error = await remediate(ctx, { env: "prod", service: SERVICE, action: "restart", confirm: code }).catch(
          (e) => e,
        );
        return { exitCode: error.exitCode, code: error.code };
      },
      { exitCode: 2, code: "CONFIRMATION_EXPIRED" },
    );
  }, 30_000);

  it("a code moved to never after it was issued", async () => {
    const { code } = await askForCode("prod", SERVICE, "restart");
    await configure((config) => (config.remediation = { auto: [], confirm: [], never: ["ecs.restart"] }));

    await attempt(async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "restart", "--confirm", code))), {
      exitCode: 2,
      code: "REMEDIATION_FORBIDDEN",
    });
  }, 30_000);
});

describe("a fitting code for a world that moved on", () => {
  it("the service was scaled by someone else since: REMEDIATION_STALE", async () => {
    const { code } = await askForCode("prod", SERVICE, "scale", "--count", "5");
    await fixture.ecs.send(new UpdateServiceCommand({ cluster: "shop-cluster", service: SERVICE, desiredCount: 3 }));
    const moved = await awsState(fixture);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--confirm", code))),
      { exitCode: 2, code: "REMEDIATION_STALE" },
      "prod",
      moved,
    );
  }, 30_000);

  it("a newer Lambda version went live since the rollback was approved: REMEDIATION_STALE", async () => {
    const { code } = await askForCode("prod", FUNCTION, "rollback");
    await fixture.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: FUNCTION, Description: "third release" }),
    );
    const third = await fixture.lambda.send(new PublishVersionCommand({ FunctionName: FUNCTION }));
    await fixture.lambda.send(
      new UpdateAliasCommand({ FunctionName: FUNCTION, Name: "live", FunctionVersion: third.Version }),
    );
    const moved = await awsState(fixture);

    await attempt(
      async () => outcomeOf(await cli(remediateArgs("prod", FUNCTION, "rollback", "--confirm", code))),
      { exitCode: 2, code: "REMEDIATION_STALE" },
      "prod",
      moved,
    );
  }, 30_000);
});

describe("a valid code", () => {
  it("applies exactly its change once; reusing it is refused", async () => {
    const { code } = await askForCode("prod", SERVICE, "scale", "--count", "5");

    const first = await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--confirm", code));
    expect(first.json()).toMatchObject({ ok: true, status: "applied" });
    const applied = await awsState(fixture);
    expect(applied.desiredCount).toBe(5);
    attempts += 1;
    const again = await cli(remediateArgs("prod", SERVICE, "scale", "--count", "5", "--confirm", code));

    expect(outcomeOf(again)).toEqual({ exitCode: 2, code: "CONFIRMATION_USED" });
    expect(await awsState(fixture)).toEqual(applied);
  }, 30_000);
});

describe("at a terminal", () => {
  it.each([
    ["declining", ["no"]],
    ["typing the wrong environment name", ["yes", "test"]],
  ])(
    "%s cancels a production rollback",
    async (_name, answers) => {
      const ctx = createContext({ cwd: project.root, env: project.env, io: new MemoryIoHost({ interactive: true }) });
      const approver = async () => answers[0] === "yes" && answers[1] === "prod";

      await attempt(
        async () => {
          const result = await remediate(ctx, { env: "prod", service: FUNCTION, action: "rollback", approver });
          return { exitCode: result.status === "cancelled" ? 1 : 0, status: result.status };
        },
        { exitCode: 1, status: "cancelled" },
      );
    },
    30_000,
  );
});
