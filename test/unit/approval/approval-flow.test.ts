// The approval component with an approved action that no command has: a request type and four small
// functions (describe, save, revalidate, apply) are all a new state-changing command needs to get
// plan-bound approvals signed by a person, single use, signed expiry and the refusal/failure audit.
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createContext, projectPaths, type ProjectContext } from "../../../src/core/context.js";
import { ProviderError, UserError } from "../../../src/core/errors.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { planRecordPath, readPlanRecord, saveActionPlan, type ActionPlanRecord } from "../../../src/records/plans.js";
import { decide, handoffSteps, reuse, settle } from "../../../src/skills/approval/flow.js";
import type { ApprovalRequestBase, ApprovalScope, ApprovedAction } from "../../../src/skills/approval/types.js";
import { testTrust } from "../../helpers/infra-project.js";
import { enrolPerson, guessingAskpass, personalKey, signAsPerson, type Person } from "../../helpers/person.js";
import { tempDir } from "../../helpers/project.js";

/** A made-up resource: a counter whose value a "bump" action changes. */
interface Counter {
  value: number;
}

interface BumpPlan {
  from: number;
  to: number;
}

interface BumpRequest extends ApprovalRequestBase {
  kind: "counter_bump";
  from: number;
  to: number;
}

const IDENTITY = { account: "123456789012", arn: "arn:aws:iam::123456789012:user/deployer", userId: "AID" };
const TARGET = "local state /srv/counter/prod.tfstate";

async function projectAt(now: { value: Date }, env: Record<string, string> = {}): Promise<ProjectContext> {
  const root = await tempDir();
  const trust = testTrust(await tempDir("devops-person-"));
  const ctx = createContext({ cwd: root, env, io: new MemoryIoHost(), clock: { now: () => now.value }, trust });
  return { ...ctx, paths: projectPaths(root) } as unknown as ProjectContext;
}

function bumpAction(project: ProjectContext, counter: Counter, applied: string[]) {
  const action: ApprovedAction<BumpPlan, ActionPlanRecord, number, BumpRequest> = {
    kind: "counter_bump",
    again: "run bump again for a new plan",
    describe: (plan) => ({
      kind: "counter_bump",
      environment: "prod",
      prodLike: true,
      protected: true,
      account: IDENTITY.account,
      ...plan,
    }),
    save: (plan) =>
      saveActionPlan(project.paths.stateDir, project.clock.now(), {
        kind: "counter_bump",
        environment: "prod",
        account: IDENTITY.account,
        identityArn: IDENTITY.arn,
        spec: { ...plan },
      }),
    revalidate: async (record) => {
      const spec = record.spec as unknown as BumpPlan;
      if (counter.value !== spec.from) {
        throw new UserError("PLAN_CHANGED", `the counter is ${counter.value} now, not ${spec.from}`);
      }
      return spec;
    },
    apply: async (plan, approval) => {
      applied.push(
        `${plan.from}->${plan.to} by ${approval.by}${approval.signer ? ` ${approval.signer.principal}` : ""}`,
      );
      counter.value = plan.to;
      return counter.value;
    },
    planCommand: (record) => `bump --plan ${record.id}`,
  };
  return action;
}

async function setUp(env: Record<string, string> = {}) {
  const now = { value: new Date("2026-12-07T10:00:00Z") };
  const project = await projectAt(now, env);
  const person: Person = await enrolPerson(project.trust, "alice");
  const counter: Counter = { value: 1 };
  const applied: string[] = [];
  const action = bumpAction(project, counter, applied);
  const scope: ApprovalScope = { project, environment: "prod", identity: IDENTITY, target: TARGET };
  return { now, project, person, counter, applied, action, scope };
}

/** Asks for the approval of a new bump plan and returns what the caller was handed. */
async function ask(setup: Awaited<ReturnType<typeof setUp>>) {
  const asked = await decide(setup.scope, setup.action, { from: 1, to: 2 }, undefined, { required: true });
  if (asked.status !== "needs_confirmation") throw new Error(asked.status);
  return asked;
}

/** The caller runs the plan again with --plan: re-checked, then decided. */
async function applySaved(setup: Awaited<ReturnType<typeof setUp>>, planId: string, scope = setup.scope) {
  const { plan, record } = await reuse(scope, setup.action, planId);
  return decide(scope, setup.action, plan, record, { required: true });
}

describe("a new approved action", () => {
  it("applies at once where nothing needs approving", async () => {
    const { applied, action, scope } = await setUp();

    const outcome = await decide(scope, action, { from: 1, to: 2 }, undefined, { required: false });

    expect(outcome).toMatchObject({ status: "applied", result: 2, by: "not_required" });
    expect(applied).toEqual(["1->2 by not_required"]);
  });

  it("stops with needs_confirmation handing the caller nothing that approves; the person's signature applies the plan once", async () => {
    const setup = await setUp();
    const { project, person, applied } = setup;

    const asked = await ask(setup);
    const unsigned = await applySaved(setup, asked.record.id);
    await signAsPerson(person, asked.handoff.statement);
    const signed = await applySaved(setup, asked.record.id);
    const again = await applySaved(setup, asked.record.id).catch((error: unknown) => error);

    expect(asked.handoff).toEqual({
      statement: expect.stringMatching(/\.approval$/),
      signature: expect.stringMatching(/\.approval\.sig$/),
      sign: `devops approval sign --env prod --plan ${asked.record.id}`,
      command: `bump --plan ${asked.record.id}`,
      expiresAt: "2026-12-07T10:30:00.000Z",
      approvers: project.trust.approvers[0],
    });
    expect(JSON.stringify(asked)).not.toMatch(/code/i);
    expect(unsigned.status).toBe("needs_confirmation");
    expect(signed).toMatchObject({ status: "applied", by: "signature", signer: { principal: "alice" } });
    expect(again).toMatchObject({ code: "PLAN_ALREADY_USED" });
    expect(applied).toEqual(["1->2 by signature alice"]);
    expect(await readFile(asked.handoff.statement, "utf8")).toContain(`target: ${TARGET}`);
  });

  it("a used signature does not approve again when the plan record is reset", async () => {
    const setup = await setUp();
    const asked = await ask(setup);
    await signAsPerson(setup.person, asked.handoff.statement);
    await applySaved(setup, asked.record.id);
    const path = planRecordPath(setup.project.paths.stateDir, "prod", asked.record.id);
    const record = JSON.parse(await readFile(path, "utf8"));
    delete record.consumed_at;
    await writeFile(path, JSON.stringify(record));
    setup.counter.value = 1;

    const replayed = await applySaved(setup, asked.record.id).catch((error: unknown) => error);

    expect(replayed).toMatchObject({ code: "CONFIRMATION_USED" });
    expect(setup.applied).toEqual(["1->2 by signature alice"]);
  });

  it("re-checks the live facts before consuming: a stale plan is refused and stays unused", async () => {
    const setup = await setUp();
    const asked = await ask(setup);
    await signAsPerson(setup.person, asked.handoff.statement);

    setup.counter.value = 5;
    const refused = applySaved(setup, asked.record.id);

    await expect(refused).rejects.toMatchObject({ code: "PLAN_CHANGED" });
    expect(setup.applied).toEqual([]);
    expect((await readPlanRecord(setup.project.paths.stateDir, "prod", asked.record.id))?.consumed_at).toBeUndefined();
  });

  it("refuses another account, and asks again (dropping the signature) for another target", async () => {
    const setup = await setUp();
    const asked = await ask(setup);
    await signAsPerson(setup.person, asked.handoff.statement);

    const otherAccount = await applySaved(setup, asked.record.id, {
      ...setup.scope,
      identity: { ...IDENTITY, account: "210987654321" },
    }).catch((error: unknown) => error);
    const otherTarget = await applySaved(setup, asked.record.id, { ...setup.scope, target: "local state /srv/other" });

    expect(otherAccount).toMatchObject({ code: "ACCOUNT_MISMATCH" });
    expect(otherTarget.status).toBe("needs_confirmation");
    expect(setup.applied).toEqual([]);
  });

  it("refuses a signature by a key that is not an approver's and a statement changed after signing; asks anew once expired", async () => {
    const setup = await setUp();
    const asked = await ask(setup);
    const stranger = await personalKey("mallory");
    await signAsPerson(stranger, asked.handoff.statement);
    const notApprover = await applySaved(setup, asked.record.id).catch((error: unknown) => error);

    await signAsPerson(setup.person, asked.handoff.statement);
    const path = planRecordPath(setup.project.paths.stateDir, "prod", asked.record.id);
    const original = await readFile(path, "utf8");
    const record = JSON.parse(original);
    record.approval.expires_at = "2027-12-07T10:30:00.000Z";
    await writeFile(path, JSON.stringify(record));
    const extended = await applySaved(setup, asked.record.id).catch((error: unknown) => error);

    await writeFile(path, original);
    setup.now.value = new Date("2026-12-07T10:31:00Z");
    const expired = await applySaved(setup, asked.record.id);

    expect(notApprover).toMatchObject({ code: "APPROVAL_SIGNATURE_INVALID" });
    expect(extended).toMatchObject({ code: "APPROVAL_SIGNATURE_INVALID" });
    // An expired approval is asked for again: the old signature is dropped, the person signs anew.
    expect(expired).toMatchObject({ status: "needs_confirmation", handoff: { expiresAt: "2026-12-07T11:00:00.000Z" } });
    expect(setup.applied).toEqual([]);
  });

  it("at the terminal: a no changes nothing; a yes is followed by the person's signature, and then applies", async () => {
    const first = await setUp();
    const saved = await first.action.save({ from: 1, to: 2 });
    const requests: BumpRequest[] = [];
    const { plan, record } = await reuse(first.scope, first.action, saved.id);
    const declined = await decide(first.scope, first.action, plan, record, {
      required: true,
      approver: async (request) => {
        requests.push(request);
        return false;
      },
    });

    // The person at their terminal: ssh-keygen asks them for their passphrase.
    const atTerminal = { ...first.scope, project: { ...first.project, env: first.person.env } };
    const approved = await decide(atTerminal, first.action, plan, record, {
      required: true,
      approver: async () => true,
    });
    const reused = await reuse(first.scope, first.action, saved.id).catch((error: unknown) => error);

    expect(requests).toEqual([
      expect.objectContaining({ kind: "counter_bump", from: 1, to: 2, prodLike: true, signature: true }),
    ]);
    expect(declined.status).toBe("declined");
    expect(approved).toMatchObject({ status: "applied", by: "signature", signer: { principal: "alice" } });
    expect(reused).toMatchObject({ code: "PLAN_ALREADY_USED" });
    expect(first.applied).toEqual(["1->2 by signature alice"]);
  });

  it("a program answering the terminal's prompts cannot approve: the yes is not proof, the passphrase is unknown", async () => {
    const setup = await setUp(await guessingAskpass("yes"));
    const saved = await setup.action.save({ from: 1, to: 2 });
    const { plan, record } = await reuse(setup.scope, setup.action, saved.id);

    const driven = await decide(setup.scope, setup.action, plan, record, {
      required: true,
      approver: async () => true,
    }).catch((error: unknown) => error);

    expect(driven).toMatchObject({ code: "APPROVAL_SIGNING_FAILED" });
    expect(setup.applied).toEqual([]);
    expect((await readPlanRecord(setup.project.paths.stateDir, "prod", saved.id))?.consumed_at).toBeUndefined();
  });

  it("with nobody set up to approve, the caller is told a person must set up their key first", async () => {
    const setup = await setUp();
    await writeFile(setup.project.trust.approvers[0] ?? "", "");
    const { rm } = await import("node:fs/promises");
    await rm(setup.project.trust.approvers[0] ?? "");

    const asked = await ask(setup);

    expect(asked.handoff.approvers).toBeNull();
    expect(asked.handoff.sign).toBe(`devops approval sign --env prod --plan ${asked.record.id}`);
    expect(handoffSteps(asked.handoff).map((step) => step.command)).toEqual([
      "devops approval setup",
      `devops approval sign --env prod --plan ${asked.record.id}`,
      `bump --plan ${asked.record.id}`,
    ]);
  });
});

describe("settle: the audit tail", () => {
  it.each([
    ["a rule's refusal before any change", new UserError("PLAN_CHANGED", "stale"), false, "refused"],
    ["the account check", new ProviderError("ACCOUNT_MISMATCH", "other account"), false, "refused"],
    ["a provider failure", new ProviderError("AWS_UNAVAILABLE", "down"), false, "failed"],
    ["a refusal after the change started", new UserError("PLAN_CHANGED", "stale"), true, "failed"],
    ["a bug", new TypeError("undefined is not a function"), false, "failed"],
  ])("audits %s, then rethrows it", async (_case, error, changing, outcome) => {
    const audited: unknown[] = [];

    const settled = settle(
      async () => {
        throw error;
      },
      {
        changing: () => changing,
        audit: async (how, failure) => audited.push([how, failure.code]),
        onAuditError: () => undefined,
      },
    );

    await expect(settled).rejects.toBe(error);
    expect(audited).toEqual([[outcome, error instanceof TypeError ? "INTERNAL" : (error as UserError).code]]);
  });

  it("keeps the original error when the trail cannot take the entry", async () => {
    const reported: unknown[] = [];
    const error = new UserError("PLAN_CHANGED", "stale");

    const settled = settle(
      async () => {
        throw error;
      },
      {
        changing: () => false,
        audit: async () => {
          throw new Error("disk full");
        },
        onAuditError: (auditError) => reported.push(String(auditError)),
      },
    );

    await expect(settled).rejects.toBe(error);
    expect(reported).toEqual(["Error: disk full"]);
  });
});
