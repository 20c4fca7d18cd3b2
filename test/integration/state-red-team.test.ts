// Red team for the state commands: on prod (the sandbox config's prod requires confirmation) every
// state rm, mv, import and unlock without a person's signature of its exact spec changes nothing —
// the state file stays byte-identical and the history gains no line — and with the signature it
// applies once. Real engine, moto, the person's real SSH signature.
import { existsSync } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createColors } from "picocolors";
import { beforeEach, describe, expect, it } from "vitest";
import { terminalApprover } from "../../src/cli/approval.js";
import type { CliIoHost } from "../../src/cli/host.js";
import { createContext } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import { stateRemove, type StateApprover } from "../../src/managers/state-manager.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { enrolPerson, guessingAskpass, signAsPerson, type Person } from "../helpers/person.js";

const moto = useMoto();
let project: InfraProject;
let person: Person;
let ids: Record<string, string>;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env }, trust: project.trust });
}

const stateFile = () => join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate");
const historyFile = () => join(project.root, ".devops", "deployments", "prod", "history.ndjson");

async function snapshot(): Promise<{ state: string; history: string }> {
  return { state: await readFile(stateFile(), "utf8"), history: await readFile(historyFile(), "utf8") };
}

/** prod deployed through the approved path, as a team's production would be. */
beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  person = await enrolPerson(project.trust, "alice");
  const asked = await cli(["infra", "deploy", "--env", "prod"]);
  expect(asked.exitCode).toBe(3);
  await signAsPerson(person, asked.json().data.approval.statement);
  expect((await cli(["infra", "deploy", "--env", "prod", "--plan", asked.json().data.planId])).exitCode).toBe(0);
  const list = (await cli(["infra", "state", "list", "--env", "prod"])).json();
  ids = Object.fromEntries(list.data.resources.map((r: { address: string; id: string }) => [r.address, r.id]));
}, 120_000);

const CHANGES: Array<[string, () => string[]]> = [
  ["state rm", () => ["infra", "state", "rm", "--env", "prod", "terraform_data.item[1]"]],
  ["state mv", () => ["infra", "state", "mv", "--env", "prod", "terraform_data.item[1]", "terraform_data.spare"]],
  ["unlock", () => ["infra", "unlock", "--env", "prod", "--lock-id", "0f1e2d3c-aaaa-bbbb-cccc-000000000000"]],
];

describe("without a person's signature, nothing changes", () => {
  it.each(CHANGES)(
    "%s stops at needs_confirmation (exit 3) with what to sign",
    async (_name, argv) => {
      const before = await snapshot();

      const run = await cli(argv());

      expect(run.exitCode).toBe(3);
      expect(run.json()).toMatchObject({
        status: "needs_confirmation",
        data: { approval: { sign: expect.any(String) } },
      });
      expect(await readFile(run.json().data.approval.statement, "utf8")).toContain(run.json().data.description);
      expect(await snapshot()).toEqual(before);
    },
    60_000,
  );

  it("import stops at needs_confirmation too, and names the id it would import", async () => {
    await signed(["infra", "state", "rm", "--env", "prod", "terraform_data.item[1]"]);
    const before = await snapshot();

    const run = await cli([
      "infra",
      "import",
      "--env",
      "prod",
      "terraform_data.item[1]",
      ids["terraform_data.item[1]"]!,
    ]);

    expect(run.exitCode).toBe(3);
    // The import is planned with an import block: the person sees what it brings and what it changes.
    expect(run.json().data.description).toBe(
      `import ${ids["terraform_data.item[1]"]} as terraform_data.item[1] (then 0 to create, 1 to change, 0 to replace, 0 to destroy)`,
    );
    expect(run.json().data.spec.plan_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(project.moduleDir, "devops_import.tf"))).toBe(false);
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it.each(CHANGES)(
    "%s --plan with no signature, or a guessed passphrase, still changes nothing",
    async (_n, argv) => {
      const asked = (await cli(argv())).json();
      const before = await snapshot();

      const again = await cli([...argv(), "--plan", asked.data.planId]);
      const guessed = await cli(
        ["approval", "sign", "--env", "prod", "--plan", asked.data.planId],
        await guessingAskpass(),
      );
      const after = await cli([...argv(), "--plan", asked.data.planId]);

      expect([again.exitCode, after.exitCode]).toEqual([3, 3]);
      expect(guessed.exitCode).not.toBe(0);
      expect(await snapshot()).toEqual(before);
    },
    90_000,
  );

  it("a signature for one state change does not apply another", async () => {
    const rm = (await cli(CHANGES[0]![1]())).json();
    await signAsPerson(person, rm.data.approval.statement);
    const before = await snapshot();

    const other = await cli([
      "infra",
      "state",
      "rm",
      "--env",
      "prod",
      "terraform_data.item[0]",
      "--plan",
      rm.data.planId,
    ]);
    const moved = await cli(["infra", "state", "mv", "--env", "prod", "--plan", rm.data.planId]);

    expect({ exit: other.exitCode, code: other.json().error.code }).toEqual({ exit: 2, code: "FLAG_CONFLICT" });
    expect({ exit: moved.exitCode, code: moved.json().error.code }).toEqual({ exit: 2, code: "PLAN_NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it("a signed import whose plan file was swapped for another plan is refused, nothing imported", async () => {
    await signed(["infra", "state", "rm", "--env", "prod", "terraform_data.item[1]"]);
    const asked = (
      await cli(["infra", "import", "--env", "prod", "terraform_data.item[1]", ids["terraform_data.item[1]"]!])
    ).json();
    await signAsPerson(person, asked.data.approval.statement);
    const other = (
      await cli(["infra", "import", "--env", "prod", "terraform_data.item[1]", "someone-elses-id"])
    ).json();
    await copyFile(other.data.spec.plan_file, asked.data.spec.plan_file);
    const before = await snapshot();

    const run = await cli(["infra", "import", "--env", "prod", "--plan", asked.data.planId]);

    expect({ exit: run.exitCode, code: run.json().error.code }).toEqual({ exit: 1, code: "STATE_CHANGED" });
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it("a signed state change whose state moved since is refused (STATE_CHANGED)", async () => {
    const rm = (await cli(CHANGES[0]![1]())).json();
    await signAsPerson(person, rm.data.approval.statement);
    await signed(["infra", "state", "mv", "--env", "prod", "terraform_data.item[0]", "terraform_data.first"]);
    const before = await snapshot();

    const run = await cli(["infra", "state", "rm", "--env", "prod", "--plan", rm.data.planId]);

    expect({ exit: run.exitCode, code: run.json().error.code }).toEqual({ exit: 1, code: "STATE_CHANGED" });
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});

/** Asks for the approval of a `devops infra state …` change, has the person sign it, and applies it. */
async function signed(argv: string[]): Promise<CliRun> {
  const asked = (await cli(argv)).json();
  await signAsPerson(person, asked.data.approval.statement);
  const command = argv.slice(0, 5); // infra state <verb> --env prod
  const run = await cli([...command, "--plan", asked.data.planId]);
  expect(run.exitCode).toBe(0);
  return run;
}

describe("with the person's signature", () => {
  it("state rm applies once, is recorded with the signer, and its plan cannot be used again", async () => {
    const asked = (await cli(CHANGES[0]![1]())).json();
    await signAsPerson(person, asked.data.approval.statement);

    const applied = await cli(["infra", "state", "rm", "--env", "prod", "--plan", asked.data.planId]);
    const replay = await cli(["infra", "state", "rm", "--env", "prod", "--plan", asked.data.planId]);

    expect(applied.exitCode).toBe(0);
    expect(applied.json().data.steps).toContainEqual(expect.objectContaining({ name: "approval", status: "passed" }));
    const state = JSON.parse(await readFile(stateFile(), "utf8"));
    expect(state.resources[0].instances.map((i: { index_key: number }) => i.index_key)).toEqual([0]);
    const last = JSON.parse((await readFile(historyFile(), "utf8")).trim().split("\n").at(-1)!);
    expect(last).toMatchObject({
      kind: "state_rm",
      outcome: "applied",
      approval: { by: "signature", principal: "alice" },
    });
    expect({ exit: replay.exitCode, code: replay.json().error.code }).toEqual({ exit: 2, code: "PLAN_ALREADY_USED" });
  }, 90_000);

  it("state mv and import apply once each with their own signature", async () => {
    await signed(["infra", "state", "mv", "--env", "prod", "terraform_data.item[1]", "terraform_data.spare"]);
    await signed(["infra", "state", "rm", "--env", "prod", "terraform_data.spare"]);

    const asked = (
      await cli(["infra", "import", "--env", "prod", "terraform_data.item[1]", ids["terraform_data.item[1]"]!])
    ).json();
    await signAsPerson(person, asked.data.approval.statement);
    const imported = await cli(["infra", "import", "--env", "prod", "--plan", asked.data.planId]);

    expect(imported.exitCode).toBe(0);
    const list = (await cli(["infra", "state", "list", "--env", "prod"])).json();
    expect(
      Object.fromEntries(list.data.resources.map((r: { address: string; id: string }) => [r.address, r.id])),
    ).toEqual(ids);
  }, 120_000);
});

/** The CLI's own terminal approver, answering from `io`'s scripted answers. */
function terminal(io: MemoryIoHost): StateApprover {
  const host = Object.assign(io, { colors: createColors(false) }) as unknown as CliIoHost;
  const approver = terminalApprover(host);
  if (approver === undefined) throw new Error("the scripted terminal is not interactive");
  return approver;
}

describe("at a terminal", () => {
  it("a yes followed by a guessed passphrase signs nothing and changes nothing", async () => {
    const io = new MemoryIoHost({ interactive: true, answers: ["yes", "prod"] });
    const ctx = createContext({
      cwd: project.root,
      env: { ...(await guessingAskpass("prod")), ...project.env },
      io,
      trust: project.trust,
    });
    const before = await snapshot();

    const error = await stateRemove(ctx, {
      env: "prod",
      addresses: ["terraform_data.item[0]"],
      approver: terminal(io),
    }).catch((e) => e);

    expect({ exit: error.exitCode, code: error.code }).toEqual({ exit: 2, code: "APPROVAL_SIGNING_FAILED" });
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it("the person's yes and their key's passphrase apply the change once, with the banner shown first", async () => {
    const io = new MemoryIoHost({ interactive: true, answers: ["yes"] });
    const ctx = createContext({ cwd: project.root, env: { ...person.env, ...project.env }, io, trust: project.trust });

    const result = await stateRemove(ctx, {
      env: "prod",
      addresses: ["terraform_data.item[0]"],
      approver: terminal(io),
    });

    expect(result.status).toBe("applied");
    expect(io.messages.map((m) => m.message).join("\n")).toContain(
      `WARNING: about to forget resources in the state of PRODUCTION (prod)`,
    );
    const last = JSON.parse((await readFile(historyFile(), "utf8")).trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ kind: "state_rm", approval: { by: "signature", principal: "alice" } });
  }, 60_000);
});
