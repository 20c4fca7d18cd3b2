// The one approval component every state-changing flow goes through. A flow asks it three things:
//   redeem — a presented proof → its plan → every bound fact re-checked → consumed → applied;
//   reuse  — a saved plan named with --plan → unconsumed, fresh, re-checked;
//   decide — apply now (nothing to approve), ask the person at the terminal, or save the plan, issue
//            the approval and stop with needs_confirmation.
// `settle` is the common tail: a refusal or failure is audited by the flow's own trail, then rethrown.
import { errorSummary, isDevopsError, ProviderError, UserError } from "../../core/errors.js";
import type { ProjectContext } from "../../core/context.js";
import { consumePlan, readPlanRecord, type StoredPlanRecord } from "../../records/plans.js";
import { codeProof, type ApprovalProof } from "./proof.js";
import type {
  ApprovalKind,
  ApprovalOutcome,
  ApprovalRequestBase,
  ApprovalScope,
  ApprovedAction,
  Approver,
} from "./types.js";

/** Every flow's approvals go through this proof (the next proof changes only proof.ts). */
const PROOF: ApprovalProof = codeProof;

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
      `no saved ${KIND_WORDS[kind]} plan "${planId}" for environment "${environment}"`,
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

/** The plan a presented proof approves, checked to fit this command exactly; consumes nothing. */
async function approvedPlan<S extends StoredPlanRecord>(
  scope: ApprovalScope,
  kind: S["kind"],
  presented: string,
  planId: string | undefined,
  again: string,
): Promise<S> {
  const found = await PROOF.find(scope.project, presented);
  if (found === undefined) {
    throw new UserError(
      "CONFIRMATION_INVALID",
      `the confirmation code "${presented}" was not issued for any plan of this project`,
      { suggestion: again },
    );
  }
  const { record } = found;
  const mismatch = (what: string) =>
    new UserError(
      "CONFIRMATION_MISMATCH",
      `the confirmation code was issued for ${what}; it cannot approve this command`,
      {
        suggestion: again,
        details: { plan: record.id, environment: record.environment, kind: record.kind },
      },
    );
  if (record.environment !== scope.environment) {
    throw mismatch(`environment "${record.environment}", not "${scope.environment}"`);
  }
  if (!ofKind<S>(record, kind)) throw mismatch(`a ${record.kind}, not a ${kind}`);
  if (planId !== undefined && planId !== record.id) throw mismatch(`plan ${record.id}, not plan ${planId}`);
  if (record.account !== scope.identity.account) {
    throw new ProviderError(
      "ACCOUNT_MISMATCH",
      `the plan was made for AWS account ${record.account}, but the credentials now reach ${scope.identity.account}`,
      { suggestion: again, details: { expected: record.account, actual: scope.identity.account } },
    );
  }
  const now = scope.project.clock.now();
  if (record.consumed_at !== undefined) {
    throw new UserError(
      "CONFIRMATION_USED",
      `the confirmation code was already used at ${record.consumed_at}; each code approves one change`,
      { suggestion: again },
    );
  }
  if (expired(found.expiresAt, now)) {
    throw new UserError("CONFIRMATION_EXPIRED", `the confirmation code expired at ${found.expiresAt}`, {
      suggestion: again,
    });
  }
  if (expired(record.expires_at, now)) {
    throw new UserError("PLAN_EXPIRED", `plan ${record.id} expired at ${record.expires_at}`, { suggestion: again });
  }
  return record;
}

/** Marks the plan consumed under the lock; exactly one command can win it. */
async function consume(project: ProjectContext, record: StoredPlanRecord, again: string): Promise<void> {
  if (!(await consumePlan(project.paths.stateDir, record, project.clock.now()))) {
    throw new UserError("CONFIRMATION_USED", "the plan was used by another command at the same time", {
      suggestion: again,
    });
  }
}

/**
 * Applies the plan a presented proof approves: found, checked against this command (environment,
 * kind, plan id, account, single use, expiry), re-checked against the live facts, consumed, applied.
 */
export async function redeem<P, S extends StoredPlanRecord, T, R extends ApprovalRequestBase>(
  scope: ApprovalScope,
  action: Action<P, S, T, R>,
  presented: string,
  planId?: string,
): Promise<T> {
  const record = await approvedPlan<S>(scope, action.kind, presented, planId, action.again);
  const plan = await action.revalidate(record);
  await consume(scope.project, record, action.again);
  return action.apply(plan, { by: "code", record });
}

export interface DecideOptions<R extends ApprovalRequestBase> {
  /** A human must approve this change (the environment or the action's risk says so). */
  required: boolean;
  /** Ask the person at the terminal even where no approval is required (deploy without auto_approve). */
  askAnyway?: boolean;
  approver?: Approver<R>;
}

/**
 * Applies a planned change now when nothing needs approving, asks the person at the terminal, or saves
 * the plan and issues its approval (needs_confirmation). A saved plan is consumed before it is applied.
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
  if (options.approver !== undefined && (options.required || options.askAnyway === true)) {
    const request = action.describe(plan);
    if (!(await options.approver(request))) return { status: "declined", plan, request, ...withRecord };
    if (record !== undefined) await consume(project, record, action.again);
    return { status: "applied", result: await action.apply(plan, { by: "terminal", ...withRecord }), by: "terminal" };
  }
  if (options.required) {
    const saved = record ?? (await action.save(plan));
    const issued = await PROOF.issue(project, saved);
    const handoff = { ...issued, command: action.confirmCommand(saved, issued.code) };
    return { status: "needs_confirmation", plan, record: saved, handoff };
  }
  if (record !== undefined) await consume(project, record, action.again);
  return {
    status: "applied",
    result: await action.apply(plan, { by: "not_required", ...withRecord }),
    by: "not_required",
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
