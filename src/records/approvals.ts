// The person's approval records, kept outside every project (ctx.trust): which key signs their
// approvals, and every approval signature already used. A signature is accepted once, whatever the
// plan record says afterwards, so clearing a plan's `consumed_at` does not make it approve again.
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

const UsedApproval = z.object({
  schema_version: z.literal(1),
  /** sha256 of the signature file's bytes. */
  signature: z.string().regex(/^[0-9a-f]{64}$/),
  plan: z.string(),
  environment: z.string(),
  kind: z.string(),
  used_at: z.string(),
});
type UsedApproval = z.infer<typeof UsedApproval>;

export function signatureDigest(signature: string): string {
  return createHash("sha256").update(signature).digest("hex");
}

function ledger(stateDir: string): string {
  return join(stateDir, "used-approvals.ndjson");
}

/** When a signature was already used to approve a change, the entry; otherwise undefined. */
export async function usedApproval(stateDir: string, signature: string): Promise<UsedApproval | undefined> {
  const digest = signatureDigest(signature);
  return (await readNdjson(ledger(stateDir), UsedApproval, OPTIONS)).find((entry) => entry.signature === digest);
}

export async function markApprovalUsed(
  stateDir: string,
  signature: string,
  plan: { id: string; environment: string; kind: string },
  now: Date,
): Promise<void> {
  await appendNdjson(ledger(stateDir), UsedApproval, OPTIONS, [
    {
      schema_version: 1,
      signature: signatureDigest(signature),
      plan: plan.id,
      environment: plan.environment,
      kind: plan.kind,
      used_at: now.toISOString(),
    },
  ]);
}
