// The IAM audit trail (`deployments/iam-audit.json`): one entry per permission-grant attempt in any
// environment (granted, already granted, refused, waiting for a confirmation, failed), with the policy
// version and hash before and after. Appended under the lock; a corrupt or newer file is refused.
import { join } from "node:path";
import * as z from "zod";
import { redactDeep } from "../core/redact.js";
import { readRecord, updateRecord } from "../core/store.js";

// Owner-only: entries keep error text, which may carry what redaction could not recognise.
const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;

export const GrantOutcomeWord = z.enum(["granted", "already_granted", "refused", "needs_confirmation", "failed"]);
export type GrantOutcomeWord = z.infer<typeof GrantOutcomeWord>;

/** How a grant was approved ("code" appears only in entries written before approvals were signatures). */
export const GrantApprovedBy = z.enum(["not_required", "signature", "code", "terminal"]);
export type GrantApprovedBy = z.infer<typeof GrantApprovedBy>;

/** Every entry has every key; what was not known at the time is null. */
export const IamAuditEntry = z.object({
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}-\d{3,}$/),
  timestamp: z.iso.datetime({ offset: true }),
  environment: z.string().min(1),
  account_id: z.string().nullable(),
  /** The deploy identity the policy extends (its STS ARN). */
  target_identity: z.string().nullable(),
  /** The AWS CLI profile the grant was made with ("(emulator)" in the sandbox). */
  granted_by_profile: z.string().nullable(),
  policy_arn: z.string().nullable(),
  statement_sid: z.string().nullable(),
  actions: z.array(z.string()),
  resource_scope: z.array(z.string()),
  reason: z.string(),
  /** The error that led to the grant, secrets redacted. */
  source_error: z.string().nullable(),
  policy_version_before: z.string().nullable(),
  policy_version_after: z.string().nullable(),
  policy_hash_before: z.string().nullable(),
  policy_hash_after: z.string().nullable(),
  /** The policy version deleted to stay within 5 versions, if one was. */
  pruned_version: z.string().nullable(),
  approved_by: GrantApprovedBy.nullable(),
  plan_id: z.string().nullable(),
  outcome: GrantOutcomeWord,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type IamAuditEntry = z.infer<typeof IamAuditEntry>;

export const IamAudit = z.object({
  schema_version: z.literal(1),
  entries: z.array(IamAuditEntry),
});
export type IamAudit = z.infer<typeof IamAudit>;

export function iamAuditPath(stateDir: string): string {
  return join(stateDir, "deployments", "iam-audit.json");
}

/** The next id of the day: YYYY-MM-DD-NNN, numbered from 001 per UTC day. */
export function nextAuditId(entries: readonly IamAuditEntry[], now: Date): string {
  const day = now.toISOString().slice(0, 10);
  const used = entries.filter((entry) => entry.id.startsWith(`${day}-`)).map((entry) => Number(entry.id.slice(11)));
  return `${day}-${String(Math.max(0, ...used) + 1).padStart(3, "0")}`;
}

/** Appends one entry (id assigned under the lock, secrets redacted) and returns it as written. */
export async function appendIamAudit(
  stateDir: string,
  entry: Omit<IamAuditEntry, "id" | "timestamp">,
  now: Date,
): Promise<IamAuditEntry> {
  let written: IamAuditEntry | undefined;
  await updateRecord(iamAuditPath(stateDir), IamAudit, OPTIONS, (current) => {
    const entries = current?.entries ?? [];
    written = IamAuditEntry.parse(
      redactDeep({ ...entry, id: nextAuditId(entries, now), timestamp: now.toISOString() }),
    );
    return { schema_version: 1 as const, entries: [...entries, written] };
  });
  return written!;
}

/** The trail, or undefined when no grant was ever attempted. */
export function readIamAudit(stateDir: string): Promise<IamAudit | undefined> {
  return readRecord(iamAuditPath(stateDir), IamAudit, OPTIONS);
}
