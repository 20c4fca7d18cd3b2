// The vocabulary of plan-bound approvals, shared by every state-changing flow (deploy, teardown,
// remediate, permissions grant, and those to come): what a person is asked, who approved, what the
// caller is handed while it waits, and the four functions that make a change approvable.
import type { CallerIdentity } from "../../core/handler-contract.js";
import type { ProjectContext } from "../../core/context.js";
import type { StoredPlanRecord } from "../../records/plans.js";

export type ApprovalKind = StoredPlanRecord["kind"];

/** What every approval request says about its target; each kind adds what its person must see. */
export interface ApprovalRequestBase {
  kind: ApprovalKind;
  environment: string;
  prodLike: boolean;
  protected: boolean;
  account: string;
}

/** Asks a person at a terminal; provided by the CLI only when one is there. */
export type Approver<R extends ApprovalRequestBase = ApprovalRequestBase> = (request: R) => Promise<boolean>;

/** How a change came to be applied: a redeemed approval, a person at the terminal, or no approval needed. */
export type ApprovedBy = "code" | "terminal" | "not_required";

/** What the caller is handed when a human must approve (`code` is named so redaction leaves it visible). */
export interface Handoff {
  code: string;
  expiresAt: string;
  command: string;
}

/**
 * One approvable change. A new state-changing command is a request type plus these four functions:
 * describe what a person approves, save the plan the approval binds, re-check a saved plan against the
 * live facts, and apply it.
 */
export interface ApprovedAction<Plan, Saved extends StoredPlanRecord, Result, Request extends ApprovalRequestBase> {
  kind: Saved["kind"];
  /** What a person at a terminal is shown and asked. */
  describe(plan: Plan): Request;
  /** Saves (or returns the already saved) plan record the approval is bound to. */
  save(plan: Plan): Promise<Saved>;
  /**
   * Re-checks a saved plan against everything it is bound to that can change after it was made (the
   * engine plan file, the live resource, the policy version, the account) and returns the plan to
   * apply; throws, with nothing changed, when anything differs.
   */
  revalidate(record: Saved): Promise<Plan>;
  /** Applies the plan; `record` is the consumed plan record when there is one. */
  apply(plan: Plan, approval: { by: ApprovedBy; record?: Saved }): Promise<Result>;
  /** The command that applies `record` once the human approved it, given the proof to present. */
  confirmCommand(record: Saved, code: string): string;
  /** What to do instead, for every refusal's suggestion. */
  again: string;
}

/** Where the approvals of one environment are checked: the project, the environment and who is calling. */
export interface ApprovalScope {
  project: ProjectContext;
  environment: string;
  identity: CallerIdentity;
}

export type ApprovalOutcome<Plan, Saved, Result, Request> =
  | { status: "applied"; result: Result; by: ApprovedBy; record?: Saved }
  | { status: "declined"; plan: Plan; request: Request; record?: Saved }
  | { status: "needs_confirmation"; plan: Plan; record: Saved; handoff: Handoff };
