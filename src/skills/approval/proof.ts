// What counts as proof that a person approved a saved plan: their signature, made with an SSH key
// that needs a secret only they hold (a passphrase, or a security key's touch), over a statement of
// every fact the approval is bound to, from a key listed in the person's approvers file — which lives
// outside every project and is never named by a config, a flag or an environment variable. Nothing the
// caller is handed, and nothing it can read, approves a change (DESIGN §5).
import { access, chmod, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Context, ProjectContext } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import { writeAtomic } from "../../core/store.js";
import { markApprovalUsed, readApprovalSettings, usedApproval } from "../../records/approvals.js";
import { markApprovalIssued, plansDir, type StoredPlanRecord } from "../../records/plans.js";
import { signStatement, verifySignature, type Signer } from "./ssh.js";
import { approvalStatement } from "./statement.js";

/** An approval asked for and waiting for the person's signature. */
export interface PendingApproval<S extends StoredPlanRecord = StoredPlanRecord> {
  record: S;
  statement: string;
  /** The statement as a file the person reads and signs. */
  statementFile: string;
  /** Where their signature is looked for (`ssh-keygen -Y sign` writes `<statement>.sig`). */
  signatureFile: string;
  expiresAt: string;
}

export interface SignedApproval {
  signer: Signer;
  signature: string;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The approvers file in force: the first of the person's trust paths that exists. */
export async function approversFile(project: Pick<Context, "trust">): Promise<string | undefined> {
  for (const path of project.trust.approvers) if (await exists(path)) return path;
  return undefined;
}

function noApprovers(project: Pick<Context, "trust">): UserError {
  return new UserError(
    "APPROVERS_MISSING",
    `no approver is set up on this machine (looked for ${project.trust.approvers.join(", ")})`,
    { suggestion: "a person sets up their approval key once, in their own terminal: devops approval setup" },
  );
}

/**
 * Asks for the approval of a saved plan: binds it to the state it may change and a signed expiry, and
 * writes the statement the person signs. An open approval for the same target is kept as it is.
 */
export async function askApproval<S extends StoredPlanRecord>(
  project: ProjectContext,
  record: S,
  target: string,
  command: string,
): Promise<PendingApproval<S>> {
  const before = record.approval;
  const asked = await markApprovalIssued(project.paths.stateDir, record, project.clock.now(), target, command);
  const pending = pendingApproval(project, asked);
  if (pending === undefined) throw new Error(`plan ${asked.id} has no approval after asking for one`);
  // A new approval (another target, or the old one expired) drops any signature of the old statement.
  if (before?.issued_at !== asked.approval?.issued_at || before?.target !== asked.approval?.target) {
    await rm(pending.signatureFile, { force: true });
  }
  await writeAtomic(pending.statementFile, pending.statement, 0o600);
  return pending;
}

/** The approval asked for a saved plan, as its record states it; undefined when none was asked for. */
export function pendingApproval<S extends StoredPlanRecord>(
  project: ProjectContext,
  record: S,
): PendingApproval<S> | undefined {
  const statement = approvalStatement(record, project.paths.root);
  if (statement === undefined || record.approval === undefined) return undefined;
  const statementFile = join(plansDir(project.paths.stateDir, record.environment), `${record.id}.approval`);
  return {
    record,
    statement,
    statementFile,
    signatureFile: `${statementFile}.sig`,
    expiresAt: record.approval.expires_at,
  };
}

/**
 * The person's signature of a pending approval, checked: from a listed approver, over exactly this
 * statement, before its signed expiry, never used before. Undefined while nobody has signed.
 */
export async function signedApproval(
  project: ProjectContext,
  pending: PendingApproval,
  again: string,
): Promise<SignedApproval | undefined> {
  const signature = await readFile(pending.signatureFile, "utf8").catch(() => undefined);
  if (signature === undefined) return undefined;
  const approvers = await approversFile(project);
  if (approvers === undefined) throw noApprovers(project);
  const signer = await verifySignature(project, approvers, pending.signatureFile, pending.statement);
  if (Date.parse(pending.expiresAt) <= project.clock.now().getTime()) {
    throw new UserError(
      "CONFIRMATION_EXPIRED",
      `the approval of plan ${pending.record.id} expired at ${pending.expiresAt}`,
      {
        suggestion: again,
      },
    );
  }
  const used = await usedApproval(project.trust.stateDir, { signature, statement: pending.statement });
  if (used !== undefined) {
    throw new UserError(
      "CONFIRMATION_USED",
      `this approval signature was used already at ${used.used_at} (plan ${used.plan}); each signature approves one change`,
      { suggestion: again },
    );
  }
  return { signer, signature };
}

/** Remembers, outside the project, that a signature has approved its change. */
export function spendApproval(
  project: ProjectContext,
  pending: PendingApproval,
  signed: SignedApproval,
): Promise<void> {
  return markApprovalUsed(
    project.trust.stateDir,
    { signature: signed.signature, statement: pending.statement },
    pending.record,
    project.clock.now(),
  );
}

/**
 * Has the person sign a pending approval here, with their approval key: ssh-keygen asks them for its
 * passphrase or touch on their terminal. A program answering prompts cannot supply either.
 */
export async function signHere(project: ProjectContext, pending: PendingApproval): Promise<void> {
  if ((await approversFile(project)) === undefined) throw noApprovers(project);
  const settings = await readApprovalSettings(project.trust.settingsFile);
  if (settings === undefined) {
    throw new UserError(
      "APPROVAL_KEY_MISSING",
      `no approval key is set up (${project.trust.settingsFile} is missing)`,
      {
        suggestion: "set up your approval key once, in your own terminal: devops approval setup",
      },
    );
  }
  const signature = await signStatement(project, settings.signing_key, pending.statement);
  await writeAtomic(pending.signatureFile, signature, 0o600);
  await chmod(pending.signatureFile, 0o600);
}
