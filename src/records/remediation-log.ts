// The remediation log of one environment (`remediations/<env>/remediation-log.json`): one entry per
// remediation attempt, whatever its outcome (applied, refused, waiting for a confirmation, failed,
// cancelled, nothing to change), appended under the lock and never rewritten.
import { join } from "node:path";
import * as z from "zod";
import { redactDeep } from "../core/redact.js";
import { readRecord, updateRecord } from "../core/store.js";
import { reportDir } from "./reports.js";

// Owner-only: entries keep error text, which may carry what redaction could not recognise.
const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;
const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Facts = z.record(z.string(), Scalar);

export const RemediationOutcome = z.enum([
  "applied",
  "refused",
  "needs_confirmation",
  "failed",
  "cancelled",
  "no_changes",
]);
export type RemediationOutcome = z.infer<typeof RemediationOutcome>;

export const RemediationLogEntry = z.object({
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  /** The local user and host; `identity` is the AWS principal when it was known. */
  actor: z.string(),
  identity: z.string().optional(),
  account: z.string().optional(),
  environment: z.string().min(1),
  /** What the caller named with --service. */
  service: z.string(),
  /** The resource it resolved to, when it did. */
  resource: z.object({ kind: z.string(), name: z.string(), arn: z.string().optional() }).optional(),
  action: z.enum(["restart", "scale", "rollback"]),
  action_key: z.string().optional(),
  risk: z.enum(["auto", "confirm", "never"]).optional(),
  params: Facts,
  before: Facts.optional(),
  target: Facts.optional(),
  after: Facts.optional(),
  changes: z.array(z.object({ field: z.string(), from: Scalar, to: Scalar })).optional(),
  plan_id: z.string().optional(),
  plan_hash: z.string().optional(),
  /** How the change was approved: not needed, a redeemed code, or a person at the terminal. */
  /** How it was approved ("code" appears only in entries written before approvals were signatures). */
  approval: z.enum(["not_required", "signature", "code", "terminal"]).optional(),
  outcome: RemediationOutcome,
  verification: z
    .object({
      status: z.enum(["verified", "timed_out", "failed"]),
      detail: z.string(),
      observed: Facts,
      polls: z.number().int(),
      waited_ms: z.number().int(),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  duration_ms: z.number().int().nonnegative(),
});
export type RemediationLogEntry = z.infer<typeof RemediationLogEntry>;

export const RemediationLog = z.object({
  schema_version: z.literal(1),
  environment: z.string().min(1),
  entries: z.array(RemediationLogEntry),
});
export type RemediationLog = z.infer<typeof RemediationLog>;

export function remediationLogPath(stateDir: string, environment: string): string {
  return join(reportDir(stateDir, "remediations", environment), "remediation-log.json");
}

/** Appends one entry (secrets redacted); a corrupt or newer log is refused and left untouched. */
export async function appendRemediationLog(stateDir: string, entry: RemediationLogEntry): Promise<void> {
  const clean = RemediationLogEntry.parse(redactDeep(entry));
  await updateRecord(remediationLogPath(stateDir, entry.environment), RemediationLog, OPTIONS, (current) => ({
    schema_version: 1 as const,
    environment: entry.environment,
    entries: [...(current?.entries ?? []), clean],
  }));
}

/** The log, or undefined when no remediation was ever attempted in the environment. */
export async function readRemediationLog(stateDir: string, environment: string): Promise<RemediationLog | undefined> {
  return readRecord(remediationLogPath(stateDir, environment), RemediationLog, OPTIONS);
}
