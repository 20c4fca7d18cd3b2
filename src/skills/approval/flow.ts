// The one approval component every state-changing flow goes through. A flow asks it two things:
//   reuse  — a saved plan named with --plan → unconsumed, fresh, re-checked against the live facts;
//   decide — apply now (nothing to approve); or, where a person must approve, ask for their signature
//            of the plan's statement: apply when a valid one is there, have them sign at their
//            terminal, or stop with needs_confirmation saying what they must sign.
// `settle` is the common tail: a refusal or failure is audited by the flow's own trail, then rethrown.
import { commandLine } from "../../core/commands/command-line.js";
import { errorSummary, isDevopsError, ProviderError, UserError } from "../../core/errors.js";
import type { NextStep } from "../../core/result.js";
import type { ProjectContext } from "../../core/context.js";
import { consumePlan, readPlanRecord, type StoredPlanRecord } from "../../records/plans.js";
import { askApproval, approversFile, signedApproval, signHere, spendApproval, type PendingApproval } from "./proof.js";
import type {
  ApprovalKind,
  ApprovalOutcome,
  ApprovalRequestBase,
  ApprovalScope,
  ApprovedAction,
  Approver,
  Handoff,
} from "./types.js";

type Action<P, S extends StoredPlanRecord, T, R extends ApprovalRequestBase> = ApprovedAction<P, S, T, R>;

function expired(at: string, now: Date): boolean {
  return Date.parse(at) <= now.getTime();
}

function ofKind<S extends StoredPlanRecord>(record: StoredPlanRecord, kind: S["kind"]): record is S {
  return record.kind === kind;
}

const KIND_WORDS: Record<ApprovalKind, string> = {
  deploy: "deploy",
  teardown: "teardown",
  remediation: "remediation",
  permission_grant: "permission-grant",
};

/** A saved plan named with --plan: it must exist, be of this kind, unconsumed and fresh. */
export async function loadPending<S extends StoredPlanRecord>(
  project: ProjectContext,
  environment: string,
  planId: string,
  kind: S["kind"],
  again: string,
): Promise<S> {
  const record = await readPlanRecord(project.paths.stateDir, environment, planId);
  if (record === undefined || !ofKind<S>(record, kind)) {
    throw new UserError(
      "PLAN_NOT_FOUND",
      `no saved ${KIND_WORDS[kind] ?? kind.replace(/_/g, " ")} plan "${planId}" for environment "${environment}"`,
      { suggestion: again },
    );
  }
  if (record.consumed_at !== undefined) {
    throw new UserError(
      "PLAN_ALREADY_USED",
      `plan ${planId} was already used at ${record.consumed_at}; a plan is applied at most once`,
      { suggestion: again },
    );
  }
  if (expired(record.expires_at, project.clock.now())) {
    throw new UserError("PLAN_EXPIRED", `plan ${planId} expired at ${record.expires_at}`, { suggestion: again });
  }
  return record;
}

/** The saved plan named with --plan, re-checked against the live facts, ready for `decide`. */
export async function reuse<P, S extends StoredPlanRecord, T, R extends ApprovalRequestBase>(
  scope: ApprovalScope,
  action: Action<P, S, T, R>,
  planId: string,
): Promise<{ plan: P; record: S }> {
  const record = await loadPending<S>(scope.project, scope.environment, planId, action.kind, action.again);
  return { plan: await action.revalidate(record), record };
}

/** Marks the plan consumed under the lock; exactly one command can win it. */
async function consume(project: ProjectContext, record: StoredPlanRecord, again: string): Promise<void> {
  if (!(await consumePlan(project.paths.stateDir, record, project.clock.now()))) {
    throw new UserError("CONFIRMATION_USED", "the plan was used by another command at the same time", {
      suggestion: again,
    });
  }
}

export interface DecideOptions<R extends ApprovalRequestBase> {
  /** A person must approve this change (the environment or the action's risk says so). */
  required: boolean;
  /** Ask the person at the terminal even where no approval is required (deploy without auto_approve). */
  askAnyway?: boolean;
  approver?: Approver<R>;
}

/** The next steps of a needs_confirmation: the person signs in their own terminal, then the plan is applied. */
export function handoffSteps(handoff: Handoff): NextStep[] {
  const setup =
    handoff.approvers === null
      ? [
          {
            command: commandLine("approval setup", {}),
            why: "nobody can approve on this machine yet: a person sets up their approval key once, in their own terminal",
          },
        ]
      : [];
  return [
    ...setup,
    {
      command: handoff.sign,
      why: `a person signs the approval in their own terminal (it shows the plan and asks for their key's passphrase or touch); it cannot be done for them`,
    },
    { command: handoff.command, why: `then apply exactly this plan (the approval expires at ${handoff.expiresAt})` },
  ];
}

/** What the caller is told to have a person do; nothing in it approves the change. */
async function handoff<S extends StoredPlanRecord>(
  scope: ApprovalScope,
  pending: PendingApproval<S>,
  planCommand: string,
): Promise<Handoff> {
  const approvers = await approversFile(scope.project);
  return {
    statement: pending.statementFile,
    signature: pending.signatureFile,
    sign: commandLine("approval sign", { env: scope.environment, plan: pending.record.id }),
    command: planCommand,
    expiresAt: pending.expiresAt,
    approvers: approvers ?? null,
  };
}

/**
 * Applies a planned change now when nothing needs approving (asking the person at the terminal first
 * when `askAnyway`). Where a person must approve, the plan is saved and its approval asked for: a valid
 * signature applies it, a person at the terminal is asked to sign there, and otherwise the outcome is
 * needs_confirmation with what they must sign. A saved plan is consumed before it is applied.
 */
export async function decide<P, S extends StoredPlanRecord, T, R extends ApprovalRequestBase>(
  scope: ApprovalScope,
  action: Action<P, S, T, R>,
  plan: P,
  record: S | undefined,
  options: DecideOptions<R>,
): Promise<ApprovalOutcome<P, S, T, R>> {
  const { project } = scope;
  const withRecord = record === undefined ? {} : { record };
  if (!options.required) {
    if (options.approver !== undefined && options.askAnyway === true) {
      const request = action.describe(plan);
      if (!(await options.approver(request))) return { status: "declined", plan, request, ...withRecord };
      if (record !== undefined) await consume(project, record, action.again);
      return { status: "applied", result: await action.apply(plan, { by: "terminal", ...withRecord }), by: "terminal" };
    }
    if (record !== undefined) await consume(project, record, action.again);
    return {
      status: "applied",
      result: await action.apply(plan, { by: "not_required", ...withRecord }),
      by: "not_required",
    };
  }
  const saved = record ?? (await action.save(plan));
  if (saved.account !== scope.identity.account) {
    throw new ProviderError(
      "ACCOUNT_MISMATCH",
      `plan ${saved.id} was made for AWS account ${saved.account}, but the credentials now reach ${scope.identity.account}`,
      { suggestion: action.again, details: { expected: saved.account, actual: scope.identity.account } },
    );
  }
  const pending = await askApproval(project, saved, scope.target, action.planCommand(saved));
  let signed = await signedApproval(project, pending, action.again);
  if (signed === undefined && options.approver !== undefined) {
    const request = { ...action.describe(plan), signature: true };
    if (!(await options.approver(request))) return { status: "declined", plan, request, record: saved };
    await signHere(project, pending);
    signed = await signedApproval(project, pending, action.again);
  }
  if (signed === undefined) {
    return {
      status: "needs_confirmation",
      plan,
      record: saved,
      handoff: await handoff(scope, pending, action.planCommand(saved)),
    };
  }
  await consume(project, saved, action.again);
  await spendApproval(project, pending, signed);
  const approval = { by: "signature" as const, record: saved, signer: signed.signer };
  return {
    status: "applied",
    result: await action.apply(plan, approval),
    by: "signature",
    record: saved,
    signer: signed.signer,
  };
}

export type Failure = ReturnType<typeof errorSummary>;

/**
 * Runs one attempt and audits how it ended when it did not succeed: "refused" when a rule stopped it
 * before anything was changed, "failed" when AWS, the engine or this tool broke. The original error
 * is rethrown; a trail that cannot take the entry is only reported to `onAuditError`.
 */
export async function settle<T>(
  work: () => Promise<T>,
  trail: {
    /** Whether the attempt had started changing anything when it stopped. */
    changing: () => boolean;
    audit: (outcome: "refused" | "failed", failure: Failure) => Promise<unknown>;
    onAuditError: (error: unknown) => void;
  },
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const refused =
      !trail.changing() && (error instanceof UserError || (isDevopsError(error) && error.code === "ACCOUNT_MISMATCH"));
    await trail.audit(refused ? "refused" : "failed", errorSummary(error)).catch(trail.onAuditError);
    throw error;
  }
}
