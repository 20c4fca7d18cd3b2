// Saved plans and their approvals. A plan record binds a saved engine plan file to its hash, its
// environment and the AWS account it was made for; an approval token is an HMAC over exactly those
// facts, single-use and short-lived, so an approval can only ever apply the plan it was issued for.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import type { PlanSummary } from "../core/handler-contract.js";
import { readRecord, updateRecord, writeAtomic, writeRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;
export const PLAN_TTL_MS = 60 * 60_000;
export const TOKEN_TTL_MS = 15 * 60_000;
const TOKEN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const PlanRecord = z.object({
  schema_version: z.literal(1),
  id: z.string(),
  kind: z.enum(["deploy", "teardown"]),
  environment: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  plan_file: z.string(),
  plan_hash: z.string(),
  workspace: z.string().optional(),
  account: z.string(),
  identity_arn: z.string(),
  summary: z.custom<PlanSummary>((value) => typeof value === "object" && value !== null),
  approval: z.object({ issued_at: z.string(), expires_at: z.string() }).optional(),
  consumed_at: z.string().optional(),
  outcome: z.enum(["applied", "failed"]).optional(),
});
export type PlanRecord = z.infer<typeof PlanRecord>;

export function plansDir(stateDir: string, environment: string): string {
  return join(stateDir, "plans", environment);
}

export function planRecordPath(stateDir: string, environment: string, id: string): string {
  return join(plansDir(stateDir, environment), `${id}.json`);
}

export function newPlanId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

export async function savePlanRecord(stateDir: string, record: PlanRecord): Promise<PlanRecord> {
  await mkdir(plansDir(stateDir, record.environment), { recursive: true, mode: 0o700 });
  return writeRecord(planRecordPath(stateDir, record.environment, record.id), PlanRecord, OPTIONS, record);
}

export async function readPlanRecord(stateDir: string, environment: string, id: string): Promise<PlanRecord | undefined> {
  if (!/^[\w-]+$/.test(id)) return undefined;
  return readRecord(planRecordPath(stateDir, environment, id), PlanRecord, OPTIONS);
}

export async function listPlanRecords(stateDir: string, environment: string): Promise<PlanRecord[]> {
  const names = await readdir(plansDir(stateDir, environment)).catch(() => [] as string[]);
  const records = await Promise.all(
    names.filter((name) => name.endsWith(".json")).map((name) => readPlanRecord(stateDir, environment, name.slice(0, -5))),
  );
  return records.filter((record): record is PlanRecord => record !== undefined).sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** Marks the plan consumed under the lock; returns false when another process consumed it first. */
export async function consumePlan(stateDir: string, record: PlanRecord, now: Date): Promise<boolean> {
  let won = false;
  await updateRecord(planRecordPath(stateDir, record.environment, record.id), PlanRecord, OPTIONS, (current) => {
    if (current === undefined || current.consumed_at !== undefined) return current ?? record;
    won = true;
    return { ...current, consumed_at: now.toISOString() };
  });
  return won;
}

export async function recordOutcome(stateDir: string, record: PlanRecord, outcome: "applied" | "failed"): Promise<void> {
  await updateRecord(planRecordPath(stateDir, record.environment, record.id), PlanRecord, OPTIONS, (current) => ({ ...(current ?? record), outcome }));
}

export async function markApprovalIssued(stateDir: string, record: PlanRecord, now: Date): Promise<PlanRecord> {
  return updateRecord(planRecordPath(stateDir, record.environment, record.id), PlanRecord, OPTIONS, (current) => ({
    ...(current ?? record),
    approval: { issued_at: now.toISOString(), expires_at: new Date(now.getTime() + TOKEN_TTL_MS).toISOString() },
  }));
}

/** The project's secret approval key (created on first use, 0600, under the git-ignored plans folder). */
export async function approvalKey(stateDir: string): Promise<Buffer> {
  const path = join(stateDir, "plans", ".approval-key");
  const existing = await readFile(path).catch(() => undefined);
  if (existing !== undefined && existing.length >= 32) return existing;
  const key = randomBytes(32);
  await mkdir(join(stateDir, "plans"), { recursive: true, mode: 0o700 });
  await writeAtomic(path, key.toString("base64"), 0o600);
  return Buffer.from(key.toString("base64"));
}

/** The approval token for a plan: HMAC over (kind, plan id, plan hash, environment, account, issue time). */
export function approvalToken(key: Buffer, record: PlanRecord): string {
  if (record.approval === undefined) throw new Error(`plan ${record.id} has no approval issued`);
  const facts = [record.kind, record.id, record.plan_hash, record.environment, record.account, record.approval.issued_at].join("\n");
  const digest = createHmac("sha256", key).update(facts).digest();
  let token = "";
  for (let i = 0; i < 10; i += 1) token += TOKEN_ALPHABET[digest[i]! % TOKEN_ALPHABET.length];
  return `${token.slice(0, 5)}-${token.slice(5)}`;
}

export function normaliseToken(token: string): string {
  const clean = token.trim().toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return clean.length === 10 ? `${clean.slice(0, 5)}-${clean.slice(5)}` : clean;
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(normaliseToken(a));
  const right = Buffer.from(normaliseToken(b));
  return left.length === right.length && timingSafeEqual(left, right);
}
