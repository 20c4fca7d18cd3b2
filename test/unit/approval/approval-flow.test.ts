// The approval component with an approved action that no command has: a request type and four small
// functions (describe, save, revalidate, apply) are all a new state-changing command needs to get
// plan-bound approvals, terminal approval, single use, expiry and the refusal/failure audit.
import { describe, expect, it } from "vitest";
import { createContext, projectPaths, type ProjectContext } from "../../../src/core/context.js";
import { ProviderError, UserError } from "../../../src/core/errors.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { readPlanRecord, saveActionPlan, type ActionPlanRecord } from "../../../src/records/plans.js";
import { decide, redeem, reuse, settle } from "../../../src/skills/approval/flow.js";
import type { ApprovalRequestBase, ApprovedAction } from "../../../src/skills/approval/types.js";
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

async function projectAt(now: { value: Date }): Promise<ProjectContext> {
  const root = await tempDir();
  const ctx = createContext({ cwd: root, env: {}, io: new MemoryIoHost(), clock: { now: () => now.value } });
  return { ...ctx, paths: projectPaths(root) } as unknown as ProjectContext;
}

function bumpAction(project: ProjectContext, counter: Counter, applied: string[]) {
  const action: ApprovedAction<BumpPlan, ActionPlanRecord, number, BumpRequest> = {
    kind: "counter_bump",
    again: "run bump again for a new plan and code",
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
      applied.push(`${plan.from}->${plan.to} by ${approval.by}`);
      counter.value = plan.to;
      return counter.value;
    },
    confirmCommand: (record, code) => `bump --plan ${record.id} --confirm ${code}`,
  };
  return action;
}

async function setUp() {
  const now = { value: new Date("2026-12-07T10:00:00Z") };
  const project = await projectAt(now);
  const counter: Counter = { value: 1 };
  const applied: string[] = [];
  const action = bumpAction(project, counter, applied);
  const scope = { project, environment: "prod", identity: IDENTITY };
  return { now, project, counter, applied, action, scope };
}

describe("a new approved action", () => {
  it("applies at once where nothing needs approving", async () => {
    const { applied, action, scope } = await setUp();

    const outcome = await decide(scope, action, { from: 1, to: 2 }, undefined, { required: false });

    expect(outcome).toMatchObject({ status: "applied", result: 2, by: "not_required" });
    expect(applied).toEqual(["1->2 by not_required"]);
  });

  it("stops with needs_confirmation, and the code applies exactly that plan once", async () => {
    const { project, applied, action, scope } = await setUp();

    const asked = await decide(scope, action, { from: 1, to: 2 }, undefined, { required: true });
    if (asked.status !== "needs_confirmation") throw new Error(asked.status);
    const { code, command } = asked.handoff;
    const redeemed = await redeem(scope, action, code, asked.record.id);
    const again = redeem(scope, action, code);

    expect(command).toBe(`bump --plan ${asked.record.id} --confirm ${code}`);
    expect(redeemed).toBe(2);
    await expect(again).rejects.toMatchObject({ code: "CONFIRMATION_USED" });
    expect(applied).toEqual(["1->2 by code"]);
    expect(await readPlanRecord(project.paths.stateDir, "prod", asked.record.id)).toMatchObject({
      kind: "counter_bump",
      consumed_at: expect.any(String),
      spec: { from: 1, to: 2 },
    });
  });

  it("re-checks the live facts before consuming: a stale plan is refused and stays unused", async () => {
    const { project, counter, applied, action, scope } = await setUp();
    const asked = await decide(scope, action, { from: 1, to: 2 }, undefined, { required: true });
    if (asked.status !== "needs_confirmation") throw new Error(asked.status);

    counter.value = 5;
    const refused = redeem(scope, action, asked.handoff.code);

    await expect(refused).rejects.toMatchObject({ code: "PLAN_CHANGED" });
    expect(applied).toEqual([]);
    expect((await readPlanRecord(project.paths.stateDir, "prod", asked.record.id))?.consumed_at).toBeUndefined();
  });

  it.each([
    ["another environment", { environment: "test" }, "CONFIRMATION_MISMATCH"],
    ["another account", { identity: { ...IDENTITY, account: "210987654321" } }, "ACCOUNT_MISMATCH"],
  ])("a code presented for %s is refused", async (_case, change, code) => {
    const { applied, action, scope } = await setUp();
    const asked = await decide(scope, action, { from: 1, to: 2 }, undefined, { required: true });
    if (asked.status !== "needs_confirmation") throw new Error(asked.status);

    const refused = redeem({ ...scope, ...change }, action, asked.handoff.code);

    await expect(refused).rejects.toMatchObject({ code });
    expect(applied).toEqual([]);
  });

  it("refuses a made-up code, another plan's id, and an expired code", async () => {
    const { now, applied, action, scope } = await setUp();
    const asked = await decide(scope, action, { from: 1, to: 2 }, undefined, { required: true });
    if (asked.status !== "needs_confirmation") throw new Error(asked.status);

    const madeUp = await redeem(scope, action, "ABCDE-FGHJK").catch((error: unknown) => error);
    const otherPlan = await redeem(scope, action, asked.handoff.code, "20261207T100000Z-000000").catch(
      (error: unknown) => error,
    );
    now.value = new Date("2026-12-07T10:16:00Z");
    const expired = await redeem(scope, action, asked.handoff.code).catch((error: unknown) => error);

    expect(madeUp).toMatchObject({ code: "CONFIRMATION_INVALID" });
    expect(otherPlan).toMatchObject({ code: "CONFIRMATION_MISMATCH" });
    expect(expired).toMatchObject({ code: "CONFIRMATION_EXPIRED" });
    expect(applied).toEqual([]);
  });

  it("asks the person at the terminal: a no changes nothing, a yes applies and consumes the saved plan", async () => {
    const { applied, action, scope } = await setUp();
    const saved = await action.save({ from: 1, to: 2 });
    const requests: BumpRequest[] = [];

    const { plan, record } = await reuse(scope, action, saved.id);
    const declined = await decide(scope, action, plan, record, {
      required: true,
      approver: async (request) => {
        requests.push(request);
        return false;
      },
    });
    const approved = await decide(scope, action, plan, record, { required: true, approver: async () => true });
    const reused = await reuse(scope, action, saved.id).catch((error: unknown) => error);

    expect(requests).toEqual([expect.objectContaining({ kind: "counter_bump", from: 1, to: 2, prodLike: true })]);
    expect(declined.status).toBe("declined");
    expect(approved).toMatchObject({ status: "applied", by: "terminal" });
    expect(reused).toMatchObject({ code: "PLAN_ALREADY_USED" });
    expect(applied).toEqual(["1->2 by terminal"]);
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
