import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext, type Context } from "../../../src/core/context.js";
import { ProviderError, UserError } from "../../../src/core/errors.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { debug } from "../../../src/managers/infra-debug.js";
import { noteRunOutcome, shownCommandLine, type RunOutcome } from "../../../src/managers/run-outcome.js";
import { readLastFailure } from "../../../src/records/last-failure.js";
import { runCli } from "../../helpers/cli.js";
import { sandboxConfig, testTrust } from "../../helpers/infra-project.js";
import { projectWith, tempDir } from "../../helpers/project.js";

const STARTED = new Date("2026-12-07T14:40:00.000Z");

async function project() {
  const root = await projectWith(sandboxConfig("http://127.0.0.1:9"));
  const trust = testTrust(await tempDir());
  const at = (iso: string): Context =>
    createContext({ cwd: root, env: {}, io: new MemoryIoHost(), trust, clock: { now: () => new Date(iso) } });
  return { root, stateDir: join(root, ".devops"), at };
}

function run(command: string, argv: string[], outcome: RunOutcome["outcome"], input: unknown = {}): RunOutcome {
  return { command, argv, input, startedAt: STARTED, outcome };
}

const PLAN_FAILED = new ProviderError("TERRAFORM_PLAN_FAILED", 'terraform plan failed for "test": Invalid reference');
const ok = { kind: "result", result: { status: "changes", data: {} } } as const;

describe("the command line kept with a failure", () => {
  it.each([
    [["infra", "preview-changes", "--env", "test"], "devops infra preview-changes --env test"],
    [
      ["infra", "deploy", "--var", "db_password=hunter2", "--env", "test"],
      'devops infra deploy --var "db_password=[REDACTED]" --env test',
    ],
    [["infra", "deploy", "--var=token=abc"], 'devops infra deploy "--var=token=[REDACTED]"'],
    [["ops", "logs", "--filter", "AKIAIOSFODNN7EXAMPLE"], "devops ops logs --filter AKIA[REDACTED]"],
  ])("%j is shown as %s", (argv, expected) => {
    expect(shownCommandLine(argv)).toBe(expected);
  });
});

describe("noting a command's outcome", () => {
  it("keeps a failure with its command, command line and resolved environment", async () => {
    const { stateDir, at } = await project();

    await noteRunOutcome(
      at("2026-12-07T14:41:00.000Z"),
      run(
        "infra preview-changes",
        ["infra", "preview-changes", "--env", "test"],
        { kind: "error", error: PLAN_FAILED },
        { env: "test" },
      ),
    );

    expect(await readLastFailure(stateDir, "test")).toMatchObject({
      at: "2026-12-07T14:41:00.000Z",
      environment: "test",
      operation: "preview",
      command: "infra preview-changes",
      command_line: "devops infra preview-changes --env test",
      error: { code: "TERRAFORM_PLAN_FAILED" },
    });
  });

  it.each([
    ["a refusal (exit 2)", run("infra deploy", [], { kind: "error", error: new UserError("ENV_UNKNOWN", "no env") })],
    ["a failure of the debugger itself", run("infra debug", [], { kind: "error", error: PLAN_FAILED })],
    ["a success with nothing to supersede", run("infra preview-changes", [], ok, { env: "test" })],
  ])("writes nothing for %s", async (_name, outcome) => {
    const { root, at } = await project();

    await noteRunOutcome(at("2026-12-07T14:41:00.000Z"), outcome);

    expect(await readdir(join(root, ".devops"))).toEqual(["devops.json"]);
  });

  it("keeps a negative verdict with error findings, as validate-config's invalid code", async () => {
    const { stateDir, at } = await project();
    const result = {
      status: "invalid",
      verdict: "fail" as const,
      data: {
        findings: [
          {
            severity: "error",
            rule: "terraform",
            message: "Reference to undeclared resource",
            file: "main.tf",
            line: 3,
          },
        ],
      },
    };

    await noteRunOutcome(
      at("2026-12-07T14:41:00.000Z"),
      run("infra validate-config", [], { kind: "result", result }, { env: "test" }),
    );

    expect(await readLastFailure(stateDir)).toMatchObject({
      operation: "validate",
      error: {
        code: "VERDICT_FAILED",
        message: "infra validate-config found errors: Reference to undeclared resource",
      },
      diagnostics: [{ severity: "error", summary: "Reference to undeclared resource", file: "main.tf", line: 3 }],
    });
  });
});

describe("infra debug --last", () => {
  it("says which command failed and how long ago", async () => {
    const { at } = await project();
    await noteRunOutcome(
      at("2026-12-07T14:40:00.000Z"),
      run(
        "infra preview-changes",
        ["infra", "preview-changes", "--env", "test"],
        { kind: "error", error: PLAN_FAILED },
        { env: "test" },
      ),
    );

    const result = await debug(at("2026-12-07T15:00:00.000Z"), { last: true });

    expect(result.data.failed_run).toEqual({
      at: "2026-12-07T14:40:00.000Z",
      age: "20 minutes ago",
      command: "infra preview-changes",
      command_line: "devops infra preview-changes --env test",
      environment: "test",
    });
  });

  it("prints the failed command and its age above the diagnosis", async () => {
    const { root, at } = await project();
    const failedAt = new Date(Date.now() - 20 * 60_000).toISOString();
    await noteRunOutcome(
      at(failedAt),
      run(
        "infra preview-changes",
        ["infra", "preview-changes", "--env", "test"],
        { kind: "error", error: PLAN_FAILED },
        { env: "test" },
      ),
    );

    const shown = await runCli(["infra", "debug", "--last", "--no-color"], { cwd: root, env: {} });

    expect(shown.exitCode).toBe(0);
    expect(shown.stdout.split("\n")[0]).toBe(
      `Last failure: devops infra preview-changes --env test in test at ${failedAt} (20 minutes ago)`,
    );
  });

  it("does not call a failure current once the same command succeeded in the same environment", async () => {
    const { at } = await project();
    const argv = ["infra", "preview-changes", "--env", "test"];
    await noteRunOutcome(
      at("2026-12-07T14:40:00.000Z"),
      run("infra preview-changes", argv, { kind: "error", error: PLAN_FAILED }, { env: "test" }),
    );
    await noteRunOutcome(at("2026-12-07T14:50:00.000Z"), run("infra preview-changes", argv, ok, { env: "test" }));

    const refused = await debug(at("2026-12-07T15:00:00.000Z"), { last: true }).catch((error: unknown) => error);

    expect(refused).toMatchObject({
      code: "DEBUG_FAILURE_SUPERSEDED",
      message:
        'the last failure, of devops infra preview-changes --env test in "test" at 2026-12-07T14:40:00.000Z (20 minutes ago), was followed by a success at 2026-12-07T14:50:00.000Z (10 minutes ago); nothing to debug',
    });
  });

  it("still shows a failure after a success in another environment", async () => {
    const { at } = await project();
    await noteRunOutcome(
      at("2026-12-07T14:40:00.000Z"),
      run("infra preview-changes", [], { kind: "error", error: PLAN_FAILED }, { env: "test" }),
    );
    await noteRunOutcome(at("2026-12-07T14:50:00.000Z"), run("infra preview-changes", [], ok, { env: "prod" }));

    const result = await debug(at("2026-12-07T15:00:00.000Z"), { last: true });

    expect(result.data.failed_run?.environment).toBe("test");
  });
});
