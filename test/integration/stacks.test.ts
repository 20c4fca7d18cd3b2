// Several stacks in one project, on the real engine and the moto server: network → app, where app
// reads the network's outputs from its state. The test environment deploys them in order and records
// each resource's stack; prod needs one person's signature for the whole set, which a changed stack
// plan no longer matches; teardown goes in reverse.
import { cp, copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { enrolPerson, signAsPerson, type Person } from "../helpers/person.js";

const moto = useMoto();
let project: InfraProject;
let person: Person;

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "multi-stack");

beforeEach(async () => {
  project = await infraProject(
    sandboxConfig(moto().endpoint, {
      stacks: [
        { name: "app", directory: "./stacks/app", depends_on: ["network"] },
        { name: "network", directory: "./stacks/network" },
      ],
    }),
  );
  await cp(FIXTURE, join(project.root, "stacks"), { recursive: true });
  person = await enrolPerson(project.trust, "alice");
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

const devops = (...parts: string[]) => join(project.root, ".devops", ...parts);
const stateOf = (stack: string, env: string) =>
  join(project.root, "stacks", stack, "terraform.tfstate.d", env, "terraform.tfstate");

async function registry(env: string): Promise<Array<{ stack?: string; terraform_address: string }>> {
  return JSON.parse(await readFile(devops("deployments", env, "registry.json"), "utf8")).resources;
}

async function history(env: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(devops("deployments", env, "history.ndjson"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

const stateText = (stack: string, env: string) => readFile(stateOf(stack, env), "utf8").catch(() => undefined);

describe("a test environment with two stacks", () => {
  it("deploys network then app, records each resource's stack, and tears down app then network", async () => {
    const deployed = await cli("infra", "deploy", "--env", "test");

    expect(deployed.exitCode).toBe(0);
    expect(deployed.json().data.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
      ["network", "applied"],
      ["app", "applied"],
    ]);
    expect((await registry("test")).map((r) => [r.stack, r.terraform_address])).toEqual([
      ["app", "aws_security_group.app"],
      ["network", "aws_subnet.a"],
      ["network", "aws_vpc.main"],
    ]);
    expect((await history("test")).map((e) => [e.stack, e.kind, e.outcome])).toEqual([
      ["network", "deploy", "applied"],
      ["app", "deploy", "applied"],
    ]);
    const md = await readFile(devops("deployments", "test", "DEPLOYED.md"), "utf8");
    expect(md).toContain("### Stack `app` (1)");
    expect(md).toContain("### Stack `network` (2)");

    const again = await cli("infra", "preview-changes", "--env", "test");
    expect(again.json().status).toBe("no_changes");
    expect(again.json().data.stacks.map((s: { stack: string }) => s.stack)).toEqual(["network", "app"]);

    const status = await cli("infra", "check-status", "--env", "test");
    const tested = await cli("infra", "test-changes", "--env", "test");

    expect(status.exitCode, status.stdout).toBe(0);
    expect(status.json().status).toBe("in_sync");
    expect(status.json().data.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
      ["network", "in_sync"],
      ["app", "in_sync"],
    ]);
    expect(tested.json().data.stacks.map((s: { stack: string }) => s.stack)).toEqual(["network", "app"]);
    expect(tested.exitCode, tested.stdout).toBe(
      tested.json().data.stacks.some((s: { verdict: string }) => s.verdict === "fail") ? 4 : 0,
    );

    const torn = await cli("infra", "teardown", "--env", "test");

    expect(torn.exitCode).toBe(0);
    expect(torn.json().data.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
      ["app", "destroyed"],
      ["network", "destroyed"],
    ]);
    expect(await registry("test")).toEqual([]);
  }, 300_000);

  it("an unknown --stack is bad input listing the stacks; a state change without --stack names them", async () => {
    const unknown = await cli("infra", "preview-changes", "--env", "test", "--stack", "ap");
    const surgery = await cli("infra", "state", "list", "--env", "test");

    expect(unknown.exitCode).toBe(2);
    expect(unknown.json().error).toMatchObject({
      code: "STACK_UNKNOWN",
      message: 'unknown stack "ap"; stacks: network, app',
    });
    expect(unknown.json().error.suggestion).toContain('did you mean "app"?');
    expect(surgery.exitCode).toBe(2);
    expect(surgery.json().error.code).toBe("STACK_REQUIRED");
  }, 60_000);
});

describe("prod with two stacks", () => {
  /** Each stack's first deploy, signed on its own (app can only be planned once the network exists). */
  async function deployedOneByOne(): Promise<void> {
    for (const stack of ["network", "app"]) {
      const asked = await cli("infra", "deploy", "--env", "prod", "--stack", stack);
      expect(asked.exitCode, asked.stdout).toBe(3);
      await signAsPerson(person, asked.json().data.approval.statement);
      const applied = await cli("infra", "deploy", "--env", "prod", "--plan", asked.json().data.planId);
      expect(applied.exitCode).toBe(0);
    }
  }

  // One flow, because every step needs both stacks deployed in prod first (the expensive part on the
  // emulator): the set's statement, the refusals that must change nothing, then the approved apply.
  it("one signature covers both stacks; a signature for another set, a stack's own signature or a changed stack plan is refused and changes nothing", async () => {
    await deployedOneByOne();
    const unchanged = async () => [
      await stateText("network", "prod"),
      await stateText("app", "prod"),
      await history("prod"),
    ];

    const asked = await cli("infra", "deploy", "--env", "prod", "--var", "owner=payments");

    expect(asked.exitCode).toBe(3);
    const { data } = asked.json();
    expect(data.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
      ["network", "planned"],
      ["app", "planned"],
    ]);
    const statement = await readFile(data.approval.statement, "utf8");
    for (const stack of data.stacks)
      expect(statement).toContain(`stack ${stack.stack}: plan ${stack.planId}, plan hash ${stack.planHash}`);

    // A valid signature, but over another set's statement (other variables, so other plan hashes).
    const otherSet = (await cli("infra", "deploy", "--env", "prod", "--var", "owner=finance")).json().data;
    await signAsPerson(person, otherSet.approval.statement);
    await copyFile(`${otherSet.approval.statement}.sig`, `${data.approval.statement}.sig`);
    const beforeOtherSet = await unchanged();

    const forOtherSet = await cli("infra", "deploy", "--env", "prod", "--plan", data.planId);

    expect(forOtherSet.exitCode, forOtherSet.stdout).not.toBe(0);
    expect(await unchanged()).toEqual(beforeOtherSet);

    // A valid signature over one stack's own plan does not stand for the set that contains that stack.
    const appOnly = (await cli("infra", "deploy", "--env", "prod", "--stack", "app", "--var", "owner=payments")).json()
      .data;
    await signAsPerson(person, appOnly.approval.statement);
    await copyFile(`${appOnly.approval.statement}.sig`, `${data.approval.statement}.sig`);

    const forOneStack = await cli("infra", "deploy", "--env", "prod", "--plan", data.planId);

    expect(forOneStack.exitCode, forOneStack.stdout).not.toBe(0);
    expect(await unchanged()).toEqual(beforeOtherSet);

    // The set's own signature, but the app plan file was replaced after signing.
    await signAsPerson(person, data.approval.statement);
    const other = await cli(
      "infra",
      "preview-changes",
      "--env",
      "prod",
      "--stack",
      "app",
      "--var",
      "owner=someone-else",
    );
    const app = data.stacks.find((s: { stack: string }) => s.stack === "app");
    const appPlan = JSON.parse(await readFile(devops("plans", "prod", `${app.planId}.json`), "utf8")).plan_file;
    const otherPlan = JSON.parse(
      await readFile(devops("plans", "prod", `${other.json().data.planId}.json`), "utf8"),
    ).plan_file;
    await copyFile(appPlan, `${appPlan}.kept`);
    await copyFile(otherPlan, appPlan);
    const before = await unchanged();

    const refused = await cli("infra", "deploy", "--env", "prod", "--plan", data.planId);

    expect(refused.exitCode).not.toBe(0);
    expect(refused.json().error.code).toBe("PLAN_CHANGED");
    expect(await unchanged()).toEqual(before);

    await copyFile(`${appPlan}.kept`, appPlan);
    const applied = await cli("infra", "deploy", "--env", "prod", "--plan", data.planId);

    expect(applied.exitCode, applied.stdout).toBe(0);
    expect(applied.json().data.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
      ["network", "applied"],
      ["app", "applied"],
    ]);
    const last = (await history("prod")).slice(-2);
    expect(last.map((e) => [e.stack, e.outcome, (e.approval as { by: string }).by])).toEqual([
      ["network", "applied", "signature"],
      ["app", "applied", "signature"],
    ]);
  }, 600_000);
});
