// Red team on the person's signature (issue 14): a caller that can read and write every project file,
// run the CLI and answer its prompts, but does not know the person's passphrase, tries to deploy to or
// tear down prod. Each attack runs on the real engine and moto and must be refused with prod's
// Terraform state byte for byte as it was, its history unchanged and no applied change added. Attack 6
// (two environments on one state) is in deploy-red-team.test.ts ("two environments on one state").
import { appendFile, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createColors } from "picocolors";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { terminalApprover } from "../../src/cli/approval.js";
import type { CliIoHost } from "../../src/cli/host.js";
import { createContext, type Clock } from "../../src/core/context.js";
import { MemoryIoHost } from "../../src/core/io.js";
import type { CommandResult } from "../../src/core/result.js";
import { deploy, teardown, type Approver, type ChangeData } from "../../src/managers/deploy-manager.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { enrolPerson, guessingAskpass, personalKey, signAsPerson, type Person } from "../helpers/person.js";
import { tempDir } from "../helpers/project.js";

type Kind = "deploy" | "teardown";

const moto = useMoto();
let attempts = 0;
let project: InfraProject;
let person: Person;

afterAll(() => {
  console.log(
    `human-proof red team: ${attempts} attempts by a caller without the person's passphrase to deploy to or tear down prod; every one was refused with nothing applied`,
  );
});

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
  person = await enrolPerson(project.trust, "alice");
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: { ...project.env, ...env }, trust: project.trust });
}

function outcomeOf(run: CliRun): Outcome {
  const json = run.json();
  return { exitCode: run.exitCode, ...(json.ok ? { status: json.status } : { code: json.error.code }) };
}

const devops = (...parts: string[]) => join(project.root, ".devops", ...parts);
const prodState = () => join(project.moduleDir, "terraform.tfstate.d", "prod", "terraform.tfstate");
const history = () => devops("deployments", "prod", "history.ndjson");
const planRecord = (planId: string) => devops("plans", "prod", `${planId}.json`);

interface ProdFacts {
  state: string | undefined;
  history: string | undefined;
  applied: number;
}

/** Prod's Terraform state and history as they are now, bytes and all. */
async function prodFacts(): Promise<ProdFacts> {
  const state = await readFile(prodState(), "utf8").catch(() => undefined);
  const log = await readFile(history(), "utf8").catch(() => undefined);
  return { state, history: log, applied: log?.split('"outcome":"applied"').length ?? 1 };
}

interface Outcome {
  exitCode: number;
  code?: string;
  status?: string;
}

/** One attack: refused as expected, and prod exactly as it was before the attack began. */
async function attempt(before: ProdFacts, run: () => Promise<Outcome>, expected: Outcome): Promise<void> {
  attempts += 1;
  const outcome = await run();
  expect(outcome).toMatchObject(expected);
  expect(await prodFacts()).toEqual(before);
}

/** Asks for the approval of a new plan of prod; what the caller is handed. */
async function ask(kind: Kind, env: Record<string, string> = {}) {
  const run = await cli(["infra", kind, "--env", "prod"], env);
  expect(outcomeOf(run)).toEqual({ exitCode: 3, status: "needs_confirmation" });
  const json = run.json();
  return { json, planId: json.data.planId as string, statement: json.data.approval.statement as string };
}

/** The approved path: asked, signed by the person in their terminal, applied with --plan. */
async function approved(kind: Kind): Promise<CliRun> {
  const { planId, statement } = await ask(kind);
  await signAsPerson(person, statement);
  return cli(["infra", kind, "--env", "prod", "--plan", planId]);
}

/** The CLI's own terminal approver, answering from `io`'s scripted answers. */
function terminal(io: MemoryIoHost): Approver {
  const host = Object.assign(io, { colors: createColors(false) }) as unknown as CliIoHost;
  const approver = terminalApprover(host);
  if (approver === undefined) throw new Error("the scripted terminal is not interactive");
  return approver;
}

/** A deploy or teardown of prod run in-process, as the CLI's action would run it. */
function change(
  kind: Kind,
  options: { io?: MemoryIoHost; env?: Record<string, string>; clock?: Clock; plan?: string; approver?: Approver },
): Promise<CommandResult<ChangeData>> {
  const ctx = createContext({
    cwd: project.root,
    env: { ...project.env, ...options.env },
    io: options.io ?? new MemoryIoHost(),
    trust: project.trust,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const input = {
    env: "prod",
    ...(options.plan === undefined ? {} : { plan: options.plan }),
    ...(options.approver === undefined ? {} : { approver: options.approver }),
  };
  return kind === "deploy" ? deploy(ctx, { ...input, skipTests: false, skipPreview: false }) : teardown(ctx, input);
}

async function failureOf(work: Promise<unknown>): Promise<Outcome> {
  const error = await work.then(
    (result) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
    },
    (e: { exitCode: number; code: string }) => e,
  );
  return { exitCode: error.exitCode, code: error.code };
}

/** The caller's own key, with its approvers line, as anyone can make one. */
async function callersKey() {
  const key = await personalKey("caller");
  const [type, blob] = (await readFile(`${key.key}.pub`, "utf8")).trim().split(/\s+/);
  return { ...key, line: `caller namespaces="devops-approval" ${type} ${blob}\n` };
}

/** Every key of a JSON document, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

/** Every string of a JSON value, at any depth. */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(stringsOf);
}

describe("the approved path for a person", () => {
  it.each<Kind>(["deploy", "teardown"])(
    "%s prod: needs_confirmation, the person signs the statement, --plan applies it as their signature",
    async (kind) => {
      if (kind === "teardown") expect(outcomeOf(await approved("deploy"))).toEqual({ exitCode: 0, status: "applied" });
      const { planId, statement } = await ask(kind);

      await signAsPerson(person, statement);
      const run = await cli(["infra", kind, "--env", "prod", "--plan", planId]);

      expect(outcomeOf(run)).toEqual({ exitCode: 0, status: kind === "deploy" ? "applied" : "destroyed" });
      expect(run.json().data.steps).toContainEqual({
        name: "approval",
        status: "passed",
        detail: expect.stringMatching(new RegExp(`^plan ${planId} signed by alice \\(SHA256:`)),
      });
      const entries = (await readFile(history(), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(entries.at(-1)).toMatchObject({
        kind,
        outcome: "applied",
        plan_id: planId,
        approval: { by: "signature", principal: "alice", key: expect.stringMatching(/^SHA256:/) },
      });
      const ledger = await readFile(join(project.trust.stateDir, "used-approvals.ndjson"), "utf8");
      expect(ledger).toContain(`"plan":"${planId}"`);
    },
    90_000,
  );

  it.each<Kind>(["deploy", "teardown"])(
    "%s prod at the person's terminal: one yes, then their passphrase; no environment-name prompt",
    async (kind) => {
      if (kind === "teardown") expect(outcomeOf(await approved("deploy"))).toEqual({ exitCode: 0, status: "applied" });
      const io = new MemoryIoHost({ interactive: true, answers: ["yes"] });

      const result = await change(kind, { io, env: { ...person.env, ...project.env }, approver: terminal(io) });

      expect(result.status).toBe(kind === "deploy" ? "applied" : "destroyed");
      expect(io.prompts).toEqual([`Type 'yes' to ${kind === "deploy" ? "apply this plan to" : "destroy"} prod`]);
      expect(result.data.steps).toContainEqual(
        expect.objectContaining({ name: "approval", detail: expect.stringContaining("signed by alice") }),
      );
    },
    90_000,
  );
});

describe.each<Kind>(["deploy", "teardown"])("attacks on %s of prod", (kind) => {
  let before: ProdFacts;

  beforeEach(async () => {
    // A teardown needs something to destroy: prod deployed through the approved path.
    if (kind === "teardown") expect(outcomeOf(await approved("deploy"))).toEqual({ exitCode: 0, status: "applied" });
    before = await prodFacts();
    if (kind === "teardown") expect(JSON.parse(before.state ?? "{}").resources).toHaveLength(1);
  }, 90_000);

  describe("1. a self-issued approval", () => {
    it("the caller's key written into the project, the statement signed with it", async () => {
      const { planId, statement } = await ask(kind);
      const caller = await callersKey();
      for (const file of ["approvers", "allowed_signers", "approval.json"]) await writeFile(devops(file), caller.line);
      await signAsPerson(caller, statement);

      await attempt(before, async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--plan", planId])), {
        exitCode: 2,
        code: "APPROVAL_SIGNATURE_INVALID",
      });
    }, 90_000);

    it("a key of the caller's own, nowhere listed, signs the statement", async () => {
      const { planId, statement } = await ask(kind);
      await signAsPerson(await callersKey(), statement);

      await attempt(before, async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--plan", planId])), {
        exitCode: 2,
        code: "APPROVAL_SIGNATURE_INVALID",
      });
    }, 90_000);

    it("a copy of the approvers file with the caller's key, in the project, under --config", async () => {
      const caller = await callersKey();
      const copy = devops("approvers");
      await copyFile(project.trust.approvers[0] ?? "", copy);
      await appendFile(copy, caller.line);
      const alt = devops("alt.json");
      await copyFile(devops("devops.json"), alt);
      const asked = await cli(["infra", kind, "--env", "prod", "--config", alt]);
      const { planId, approval } = asked.json().data;
      await signAsPerson(caller, approval.statement);

      await attempt(
        before,
        async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--plan", planId, "--config", alt])),
        { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
      );
      expect(asked.json().data.approval.approvers).toBe(project.trust.approvers[0]);
    }, 90_000);

    it("a fake HOME whose ~/.config/devops/approvers lists the caller's key", async () => {
      const caller = await callersKey();
      const home = await tempDir("devops-fake-home-");
      await mkdir(join(home, ".config", "devops"), { recursive: true });
      await writeFile(join(home, ".config", "devops", "approvers"), caller.line);
      const { json, planId, statement } = await ask(kind, { HOME: home });
      await signAsPerson(caller, statement);

      await attempt(
        before,
        async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--plan", planId], { HOME: home })),
        { exitCode: 2, code: "APPROVAL_SIGNATURE_INVALID" },
      );
      expect(json.data.approval.approvers).toBe(project.trust.approvers[0]);
      // The binary's trust paths come from the password database, whatever HOME says.
      const own = createContext({ cwd: project.root, env: { HOME: home }, io: new MemoryIoHost() }).trust;
      expect([...own.approvers, own.stateDir, own.settingsFile].filter((path) => path.startsWith(home))).toEqual([]);
    }, 90_000);
  });

  it("2. an expiry moved later after signing, the clock past the signed expiry", async () => {
    const { planId, statement } = await ask(kind);
    await signAsPerson(person, statement);
    const record = JSON.parse(await readFile(planRecord(planId), "utf8"));
    const signedExpiry = Date.parse(record.approval.expires_at);
    const yearLater = (at: string) => new Date(Date.parse(at) + 365 * 86_400_000).toISOString();
    record.approval.expires_at = yearLater(record.approval.expires_at);
    record.expires_at = yearLater(record.expires_at);
    await writeFile(planRecord(planId), JSON.stringify(record, null, 2));
    const afterExpiry = { now: () => new Date(signedExpiry + 60_000) };

    await attempt(before, () => failureOf(change(kind, { clock: afterExpiry, plan: planId })), {
      exitCode: 2,
      code: "APPROVAL_SIGNATURE_INVALID",
    });
  }, 90_000);

  it("3. the terminal's prompts answered by a program guessing the passphrase", async () => {
    const io = new MemoryIoHost({ interactive: true, answers: ["yes", "prod"] });
    const guess = await guessingAskpass("yes");

    await attempt(
      before,
      () => failureOf(change(kind, { io, env: { ...guess, ...project.env }, approver: terminal(io) })),
      { exitCode: 2, code: "APPROVAL_SIGNING_FAILED" },
    );
    expect(io.prompts).toHaveLength(1);
  }, 90_000);

  it("7. nothing in the needs_confirmation document approves when replayed", async () => {
    const { json, planId } = await ask(kind);
    const replayable = [...new Set(stringsOf([json.data.approval, json.next]))];

    expect(keysOf(json).filter((key) => /^(code|token)$/i.test(key))).toEqual([]);
    await attempt(before, async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--plan", planId])), {
      exitCode: 3,
      status: "needs_confirmation",
    });
    const refusals = new Set<string | undefined>();
    for (const value of replayable) {
      await attempt(
        before,
        async () => {
          const outcome = outcomeOf(await cli(["infra", kind, "--env", "prod", "--plan", value]));
          refusals.add(outcome.code);
          return outcome;
        },
        { exitCode: 2 },
      );
      await attempt(before, async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--confirm", value])), {
        exitCode: 2,
        code: "FLAG_UNKNOWN",
      });
    }
    expect(replayable.length).toBeGreaterThanOrEqual(6);
    expect([...refusals].filter((code) => code !== "PLAN_NOT_FOUND" && code !== "FLAG_INVALID")).toEqual([]);
  }, 180_000);

  it("4. --config naming a copy where prod needs no confirmation, after prod was used", async () => {
    if (kind === "deploy") await ask(kind);
    const config = sandboxConfig(moto().endpoint) as Record<string, any>;
    config.environments.prod.require_confirmation = false;
    const alt = devops("alt.json");
    await writeFile(alt, JSON.stringify(config, null, 2));

    await attempt(before, async () => outcomeOf(await cli(["infra", kind, "--env", "prod", "--config", alt])), {
      exitCode: 2,
      code: "TARGET_PROTECTED",
    });
  }, 90_000);

  it("5. an environment named staging on prod's workspace and var file, after prod was used", async () => {
    if (kind === "deploy") await ask(kind);
    const endpoint = moto().endpoint;
    const alt = devops("alt.json");
    await writeFile(join(project.moduleDir, "prod.tfvars"), "");
    await writeFile(
      alt,
      JSON.stringify(
        sandboxConfig(endpoint, {
          environments: {
            staging: {
              require_confirmation: false,
              endpoint,
              account_id: "123456789012",
              workspace: "prod",
              var_file: "prod.tfvars",
            },
          },
        }),
        null,
        2,
      ),
    );

    await attempt(before, async () => outcomeOf(await cli(["infra", kind, "--env", "staging", "--config", alt])), {
      exitCode: 2,
      code: "TARGET_PROTECTED",
    });
    const validate = await cli(["config", "validate", "--config", alt]);
    expect(outcomeOf(validate)).toEqual({ exitCode: 2, code: "CONFIG_INVALID" });
    expect(validate.json().error.message).toContain('"staging" does not require confirmation');
  }, 90_000);
});
