// The person's approval records, kept outside every project (ctx.trust): which key signs their
// approvals, and every approval already used. An approval is accepted once, whatever the plan record
// says afterwards, so clearing a plan's `consumed_at` does not make it approve again. It is remembered
// by the statement it approved, not only by the signature's bytes: the same signature armored anew
// (another line wrapping, a newline more) still verifies, and so would count as unused.
import { createHash } from "node:crypto";
import { join } from "node:path";
import * as z from "zod";
import { appendNdjson, readNdjson, readRecord, writeRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;

export const ApprovalSettings = z.object({
  schema_version: z.literal(1),
  /** The private key (or, for a key held by an agent or a security key, its public half) that signs. */
  signing_key: z.string().min(1),
  /** The approver name the key is listed under in the approvers file. */
  principal: z.string().min(1),
});
export type ApprovalSettings = z.infer<typeof ApprovalSettings>;

export function readApprovalSettings(path: string): Promise<ApprovalSettings | undefined> {
  return readRecord(path, ApprovalSettings, OPTIONS);
}

export function writeApprovalSettings(path: string, settings: ApprovalSettings): Promise<ApprovalSettings> {
  return writeRecord(path, ApprovalSettings, OPTIONS, settings);
}

const Digest = z.string().regex(/^[0-9a-f]{64}$/);

const UsedApproval = z.object({
  schema_version: z.literal(1),
  /** sha256 of the signature file's bytes. */
  signature: Digest,
  /** sha256 of the approval statement it approved (absent in entries written before it was kept). */
  statement: Digest.optional(),
  plan: z.string(),
  environment: z.string(),
  kind: z.string(),
  used_at: z.string(),
});
type UsedApproval = z.infer<typeof UsedApproval>;

export function signatureDigest(signature: string): string {
  return createHash("sha256").update(signature).digest("hex");
}

/** A signature and the statement it was checked against. */
export interface ApprovalProof {
  signature: string;
  statement: string;
}

function ledger(stateDir: string): string {
  return join(stateDir, "used-approvals.ndjson");
}

/** When this signature, or any signature of this statement, already approved a change, the entry; otherwise undefined. */
export async function usedApproval(stateDir: string, proof: ApprovalProof): Promise<UsedApproval | undefined> {
  const signature = signatureDigest(proof.signature);
  const statement = signatureDigest(proof.statement);
  return (await readNdjson(ledger(stateDir), UsedApproval, OPTIONS)).find(
    (entry) => entry.signature === signature || entry.statement === statement,
  );
}

export async function markApprovalUsed(
  stateDir: string,
  proof: ApprovalProof,
  plan: { id: string; environment: string; kind: string },
  now: Date,
): Promise<void> {
  await appendNdjson(ledger(stateDir), UsedApproval, OPTIONS, [
    {
      schema_version: 1,
      signature: signatureDigest(proof.signature),
      statement: signatureDigest(proof.statement),
      plan: plan.id,
      environment: plan.environment,
      kind: plan.kind,
      used_at: now.toISOString(),
    },
  ]);
}
