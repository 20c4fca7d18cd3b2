// `devops approval setup|status|sign` with real OpenSSH keys: who may approve, how a key is enrolled
// (only one that needs a passphrase or a touch; a second approver only with an existing one's
// signature), and a person signing a saved plan's statement.
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createContext, projectPaths, type Context, type ProjectContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { approvalStatus, setupApproval, signApproval } from "../../../src/managers/approval-manager.js";
import { saveActionPlan } from "../../../src/records/plans.js";
import { parseApprovers, writableBy } from "../../../src/skills/approval/approvers.js";
import { askApproval, pendingApproval, signedApproval } from "../../../src/skills/approval/proof.js";
import { testTrust } from "../../helpers/infra-project.js";
import { guessingAskpass, personalKey } from "../../helpers/person.js";
import { tempDir } from "../../helpers/project.js";

const run = promisify(execFile);

async function person(env: Record<string, string> = {}, interactive = true): Promise<Context> {
  const trust = testTrust(await tempDir("devops-person-"));
  return createContext({ cwd: await tempDir(), env, io: new MemoryIoHost({ interactive }), trust });
}

async function fingerprint(key: string): Promise<string> {
  return (await run("ssh-keygen", ["-l", "-f", `${key}.pub`])).stdout.split(/\s+/)[1] ?? "";
}

describe("approval setup", () => {
  it("runs only in a person's terminal", async () => {
    const ctx = await person({}, false);

    await expect(setupApproval(ctx, {})).rejects.toMatchObject({ code: "APPROVAL_NEEDS_TERMINAL" });
  });

  it("refuses a key that opens without a passphrase", async () => {
    const dir = await tempDir();
    const key = join(dir, "id_ed25519");
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
    const ctx = await person();

    await expect(setupApproval(ctx, { key })).rejects.toMatchObject({ code: "APPROVAL_KEY_UNPROTECTED" });
    await expect(readFile(ctx.trust.approvers[0] ?? "", "utf8")).rejects.toThrow();
  });

  it("lists a passphrase-protected key under the person's name and remembers it as their signing key", async () => {
    const alice = await personalKey("alice");
    const ctx = await person(alice.env);

    const result = await setupApproval(ctx, { key: alice.key, name: "alice" });
    const status = await approvalStatus(ctx);

    expect(result).toMatchObject({
      status: "ready",
      data: { principal: "alice", protection: "passphrase", added: true, fingerprint: await fingerprint(alice.key) },
    });
    expect(status).toMatchObject({
      status: "ready",
      data: {
        key: alice.key,
        principal: "alice",
        listed: [{ principal: "alice", fingerprint: await fingerprint(alice.key) }],
      },
    });
  });

  it("creates a new key when none is given; ssh-keygen takes the person's passphrase", async () => {
    const ctx = await person((await personalKey("bob")).env);

    const result = await setupApproval(ctx, { name: "bob" });

    expect(result.data).toMatchObject({ created: true, protection: "passphrase", principal: "bob" });
    await expect(run("ssh-keygen", ["-y", "-P", "", "-f", result.data.key])).rejects.toThrow();
  });

  it("adds a second approver only with a listed approver's signature", async () => {
    const alice = await personalKey("alice");
    const mallory = await personalKey("mallory");
    const ctx = await person(alice.env);
    await setupApproval(ctx, { key: alice.key, name: "alice" });

    // A program that cannot type alice's passphrase tries to add its own key.
    const guessed = await setupApproval(
      { ...ctx, env: await guessingAskpass("hunter2") },
      { key: mallory.key, name: "mallory" },
    ).catch((error: unknown) => error);
    const before = parseApprovers(await readFile(ctx.trust.approvers[0] ?? "", "utf8"));
    // Alice herself adds bob's key: her passphrase signs the addition.
    const bob = await personalKey("bob");
    const added = await setupApproval(ctx, { key: bob.key, name: "bob" });

    expect(guessed).toMatchObject({ code: "APPROVAL_SIGNING_FAILED" });
    expect(before.map((approver) => approver.principal)).toEqual(["alice"]);
    expect(added.data.added).toBe(true);
    expect((await approvalStatus(ctx)).data.listed.map((approver) => approver.principal)).toEqual(["alice", "bob"]);
  });
});

describe("approval status", () => {
  it("says nobody can approve yet, and how to set it up", async () => {
    const result = await approvalStatus(await person());

    expect(result).toMatchObject({
      status: "not_set_up",
      data: { approvers: null, listed: [] },
      next: [{ command: "devops approval setup" }],
    });
  });

  it("tells whether the approvers file can be changed by the person or only by root", async () => {
    const dir = await tempDir();
    const file = join(dir, "approvers");
    await writeFile(file, "");

    expect(await writableBy(file, 0)).toBe("you");
    expect(await writableBy(file, 4242)).toBe("root only");
  });
});

describe("approval sign", () => {
  async function projectWithPendingPlan(ctx: Context) {
    const root = ctx.cwd;
    await mkdir(join(root, ".devops"), { recursive: true });
    await writeFile(
      join(root, ".devops", "devops.json"),
      JSON.stringify({
        version: "1.0",
        project: { name: "shop", subsystem: "api" },
        handlers: {
          hosting: { active: "aws", aws: { region: "us-east-1" } },
          iac: { active: "terraform", terraform: {} },
        },
        environments: { prod: { require_confirmation: true, account_id: "123456789012", profile: "shop-prod-deploy" } },
      }),
    );
    const project = { ...ctx, paths: projectPaths(root) } as unknown as ProjectContext;
    const record = await saveActionPlan(project.paths.stateDir, ctx.clock.now(), {
      kind: "counter_bump",
      environment: "prod",
      account: "123456789012",
      identityArn: "arn:aws:iam::123456789012:user/deployer",
      spec: { from: 1, to: 2 },
    });
    await askApproval(project, record, "local state /srv/prod.tfstate", `bump --plan ${record.id}`);
    return { project, record };
  }

  it("shows the statement and signs it with the person's key; the signature verifies", async () => {
    const alice = await personalKey("alice");
    const ctx = await person(alice.env);
    await setupApproval(ctx, { key: alice.key, name: "alice" });
    const { project, record } = await projectWithPendingPlan(ctx);

    const result = await signApproval(ctx, { env: "prod", plan: record.id });
    const { readPlanRecord } = await import("../../../src/records/plans.js");
    const saved = await readPlanRecord(project.paths.stateDir, "prod", record.id);
    const pending = saved === undefined ? undefined : pendingApproval(project, saved);
    const signed = pending === undefined ? undefined : await signedApproval(project, pending, "again");

    expect(result).toMatchObject({
      status: "signed",
      data: { plan: record.id, kind: "counter_bump", signer: { principal: "alice" } },
      next: [{ command: `bump --plan ${record.id}` }],
    });
    expect(result.data.statement).toContain("target: local state /srv/prod.tfstate");
    expect(signed?.signer.principal).toBe("alice");
  });

  it("without the passphrase no signature is written", async () => {
    const alice = await personalKey("alice");
    const ctx = await person(alice.env);
    await setupApproval(ctx, { key: alice.key, name: "alice" });
    const { record } = await projectWithPendingPlan(ctx);

    const refused = signApproval({ ...ctx, env: await guessingAskpass("yes") }, { env: "prod", plan: record.id });

    await expect(refused).rejects.toMatchObject({ code: "APPROVAL_SIGNING_FAILED" });
  });
});

describe("the approval commands on the command line", () => {
  it("status says, in words, that nobody can approve yet and what to run", async () => {
    const { runCli } = await import("../../helpers/cli.js");

    const run = await runCli(["approval", "status"], { cwd: await tempDir() });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("No approver is set up on this machine: protected changes cannot be approved yet.");
    expect(run.stderr).toContain("devops approval setup");
  });

  it("status lists the approvers and warns that a list you can write is only as safe as your account", async () => {
    const { runCli } = await import("../../helpers/cli.js");
    const alice = await personalKey("alice");
    const ctx = await person(alice.env);
    await setupApproval(ctx, { key: alice.key, name: "alice" });

    const run = await runCli(["approval", "status"], { cwd: ctx.cwd, trust: ctx.trust });

    expect(run.stdout).toContain(`alice  ssh-ed25519  ${await fingerprint(alice.key)}`);
    expect(run.stdout).toContain("a program running as you could add its own key");
    expect(run.stdout).toContain(`Your signing key: ${alice.key} (as alice)`);
  });
});
