// The deployment history of one environment (`deployments/<env>/history.ndjson`): one JSON line per
// deploy, teardown, remediation or state change (rm, mv, import, unlock), appended under the lock and never rewritten, so it stays an audit
// trail of who changed what, when, from which plan, and how it ended.
import * as z from "zod";
import { redactDeep } from "../core/redact.js";
import { appendNdjson, readNdjson } from "../core/store.js";

// Owner-only: entries keep error text, which may carry what redaction could not recognise.
const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;
const Count = z.number().int().nonnegative();

export const HistoryEntry = z.object({
  schema_version: z.literal(1),
  /** The deployment (or teardown, remediation) id; the registry's `deployment_id` for a deploy. */
  id: z.string().min(1),
  kind: z.enum(["deploy", "teardown", "remediation", "state_rm", "state_mv", "state_import", "state_unlock"]),
  environment: z.string().min(1),
  /** The stack changed (stacks[].name in devops.json); absent in a project without stacks. */
  stack: z.string().optional(),
  at: z.iso.datetime({ offset: true }),
  /** Who ran it: the AWS identity or the local user, as the caller knows it. */
  actor: z.string(),
  /** interrupted: stopped by a signal or the time limit (see `error`), or found unfinished after devops died. */
  outcome: z.enum(["applied", "no_changes", "failed", "cancelled", "interrupted"]),
  plan_id: z.string().optional(),
  plan_hash: z.string().optional(),
  counts: z.object({ create: Count, update: Count, delete: Count, replace: Count }).optional(),
  /** What a change without an engine plan did, in one line (a state change: the addresses and ids). */
  change: z.string().optional(),
  duration_ms: Count.optional(),
  account: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** How the change was approved: a person's signature (who, with which key), a terminal "yes", or not needed. */
  approval: z
    .object({
      by: z.enum(["signature", "terminal", "not_required"]),
      principal: z.string().optional(),
      key: z.string().optional(),
    })
    .optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Appends one entry (secrets in it redacted first); an existing corrupt or newer log is refused untouched. */
export async function appendHistory(path: string, entry: HistoryEntry): Promise<void> {
  await appendNdjson(path, HistoryEntry, OPTIONS, [redactDeep(entry)]);
}

/** Every entry, oldest first; an absent log is empty. */
export async function readHistory(path: string): Promise<HistoryEntry[]> {
  return readNdjson(path, HistoryEntry, OPTIONS);
}
