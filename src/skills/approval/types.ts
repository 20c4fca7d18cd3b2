// The vocabulary of plan-bound approvals, shared by every state-changing flow (deploy, teardown,
// remediate, permissions grant, and those to come): what a person is asked, who approved, what the
// caller is handed while it waits, and the four functions that make a change approvable.
import type { CallerIdentity } from "../../core/handler-contract.js";
import type { ProjectContext } from "../../core/context.js";
import type { StoredPlanRecord } from "../../records/plans.js";
import type { Signer } from "./ssh.js";

export type ApprovalKind = StoredPlanRecord["kind"];

/** What every approval request says about its target; each kind adds what its person must see. */
export interface ApprovalRequestBase {
  kind: ApprovalKind;
  environment: string;
  prodLike: boolean;
  protected: boolean;
  account: string;
  /** The person will sign the approval after answering (the change needs proof only they can give). */
  signature?: boolean;
}

/** Asks a person at a terminal; provided by the CLI only when one is there. */
export type Approver<R extends ApprovalRequestBase = ApprovalRequestBase> = (request: R) => Promise<boolean>;

/**
 * How a change came to be applied: a person's verified signature, a "yes" at the terminal where no
 * approval was required but the person was asked anyway, or no approval needed.
 */
export type ApprovedBy = "signature" | "terminal" | "not_required";

/**
 * What the caller is told when a person must approve: what to sign, how, and the command that applies
 * the plan once they have. None of it approves anything when replayed.
 */
export interface Handoff {
  /** The statement the person signs (every fact the approval is bound to). */
  statement: string;
  /** Where the signature is looked for. */
  signature: string;
  /** What the person runs in their own terminal to sign (it asks for their key's passphrase or touch). */
  sign: string;
  /** Applies the plan once it is signed. */
  command: string;
  expiresAt: string;
  /** The approvers file in force, or null when nobody is set up to approve yet. */
  approvers: string | null;
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
  apply(plan: Plan, approval: { by: ApprovedBy; record?: Saved; signer?: Signer }): Promise<Result>;
  /** The command that applies the saved plan `record` once a person has signed its approval. */
  planCommand(record: Saved): string;
  /** What to do instead, for every refusal's suggestion. */
  again: string;
}

/** Where the approvals of one environment are checked: the project, the environment and who is calling. */
export interface ApprovalScope {
  project: ProjectContext;
  environment: string;
  identity: CallerIdentity;
  /** The state the change may touch (the engine's resolved state location); signed into the approval. */
  target: string;
}

export type ApprovalOutcome<Plan, Saved, Result, Request> =
  | { status: "applied"; result: Result; by: ApprovedBy; record?: Saved; signer?: Signer }
  | { status: "declined"; plan: Plan; request: Request; record?: Saved }
  | { status: "needs_confirmation"; plan: Plan; record: Saved; handoff: Handoff };
