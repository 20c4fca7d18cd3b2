// Saved plans and their approvals. A plan record binds a change to its hash, its environment and the
// AWS account it was made for: a deploy or teardown to its saved engine plan file, a remediation to its
// normalised spec (resource, action, parameters, the state it was computed from), a permission grant to
// the policy document it writes and the version it was computed from. An approval is a person's
// signature over exactly those facts (skills/approval), single-use and short-lived, so it can only
// ever apply the change it was asked for.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import { RecordError } from "../core/errors.js";
import type { PlanSummary } from "../core/handler-contract.js";
import { readRecord, updateRecord, writeRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;
export const PLAN_TTL_MS = 60 * 60_000;
/** How long a person has to sign an approval once it was asked for (never past the plan's own expiry). */
export const APPROVAL_TTL_MS = 30 * 60_000;

const common = {
  schema_version: z.literal(1),
  id: z.string(),
  environment: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  /** sha256 of the change: the engine plan's normalised changes, or a remediation's normalised spec. */
  plan_hash: z.string(),
  account: z.string(),
  identity_arn: z.string(),
  /** The approval asked for: when, until when, and the state it may change (all in the signed statement). */
  approval: z
    .object({
      issued_at: z.string(),
      expires_at: z.string(),
      target: z.string().optional(),
      /** The command that applies the plan once it is signed (not part of what is signed). */
      command: z.string().optional(),
    })
    .optional(),
  consumed_at: z.string().optional(),
  outcome: z.enum(["applied", "failed"]).optional(),
};

/** A deploy or teardown: a saved engine plan file. */
export const PlanRecord = z.object({
  ...common,
  kind: z.enum(["deploy", "teardown"]),
  plan_file: z.string(),
  workspace: z.string().optional(),
  /** The stack planned (stacks[].name in devops.json); absent in a project without stacks. */
  stack: z.string().optional(),
  summary: z.custom<PlanSummary>((value) => typeof value === "object" && value !== null),
  /** A plan that creates every resource while these existing states are known: deploy asks for --allow-empty-state. */
  states_elsewhere: z.array(z.object({ location: z.string(), resources: z.number().optional() })).optional(),
});
export type PlanRecord = z.infer<typeof PlanRecord>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What a remediation plan fixes: the resource, the action and everything its hash covers. */
export const RemediationSpec = z.object({
  resource: z.object({
    kind: z.enum(["ecs_service", "lambda_function"]),
    name: z.string(),
    arn: z.string(),
    cluster: z.string().optional(),
  }),
  action: z.enum(["restart", "scale", "rollback"]),
  /** What the caller asked for (`count` for scale). */
  params: z.record(z.string(), Scalar),
  /** The state the plan was computed from; it must still hold when the plan is redeemed. */
  before: z.record(z.string(), Scalar),
  /** The state the action sets. */
  target: z.record(z.string(), Scalar),
});
export type RemediationSpec = z.infer<typeof RemediationSpec>;

/** A remediation (restart, scale, rollback of a running service); there is no engine plan file. */
export const RemediationPlanRecord = z.object({
  ...common,
  kind: z.literal("remediation"),
  remediation: RemediationSpec.extend({
    action_key: z.string(),
    risk: z.enum(["auto", "confirm"]),
    changes: z.array(z.object({ field: z.string(), from: Scalar, to: Scalar })),
    description: z.string(),
  }),
});
export type RemediationPlanRecord = z.infer<typeof RemediationPlanRecord>;

/** What a permission grant changes: the deploy policy's exact next document, computed from a known version. */
export const GrantSpec = z.object({
  policy_arn: z.string(),
  statement_sid: z.string(),
  /** What the caller asked for: the action and the resource ARN named by the error (null: none). */
  action: z.string(),
  resource: z.string().nullable(),
  actions: z.array(z.string()),
  resources: z.array(z.string()),
  /** The default version and document hash the change was computed from; both must still hold. */
  base_version: z.string(),
  base_hash: z.string(),
  /** The hash of the document that will become the default version. */
  new_hash: z.string(),
  target_identity: z.string(),
  reason: z.string(),
});
export type GrantSpec = z.infer<typeof GrantSpec>;

/** A permission grant to the deploy identity's managed policy; there is no engine plan file. */
export const GrantPlanRecord = z.object({
  ...common,
  kind: z.literal("permission_grant"),
  grant: GrantSpec,
});
export type GrantPlanRecord = z.infer<typeof GrantPlanRecord>;

const BUILT_IN_KINDS: ReadonlySet<string> = new Set(["deploy", "teardown", "remediation", "permission_grant"]);

/**
 * Any other approved action (state surgery, releases, …): its kind, and the spec its plan hash covers.
 * A new action needs no schema of its own here; it checks its spec when it re-validates the plan.
 */
export const ActionPlanRecord = z.object({
  ...common,
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,40}$/)
    .refine((kind) => !BUILT_IN_KINDS.has(kind), "a built-in kind has its own record"),
  spec: z.record(z.string(), z.unknown()),
});
export type ActionPlanRecord = z.infer<typeof ActionPlanRecord>;

/** The kind of the record that binds one approval to the saved plans of several stacks. */
export const STACK_SET_KIND = "stack_set";

/**
 * A stack set's spec: the change, and each stack's saved plan and its hash, in apply order. The set's
 * plan hash covers all of them, so one signature approves exactly these plans and no others.
 */
export const StackSetSpec = z.object({
  change: z.enum(["deploy", "teardown"]),
  stacks: z.array(z.object({ stack: z.string(), plan: z.string(), plan_hash: z.string(), target: z.string() })).min(1),
  description: z.string(),
});
export type StackSetSpec = z.infer<typeof StackSetSpec>;

/** Any record in the plans folder. */
export const StoredPlanRecord = z.union([
  z.discriminatedUnion("kind", [PlanRecord, RemediationPlanRecord, GrantPlanRecord]),
  ActionPlanRecord,
]);
export type StoredPlanRecord = z.infer<typeof StoredPlanRecord>;

/** sha256 over the action's kind, environment, account and spec (keys in a canonical order). */
export function actionPlanHash(
  kind: string,
  environment: string,
  account: string,
  spec: Record<string, unknown>,
): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, inner]) => [key, canonical(inner)]),
          )
        : value;
  return createHash("sha256")
    .update(JSON.stringify(canonical({ kind, environment, account, spec })))
    .digest("hex");
}

/** Saves the plan of an approved action that has no record kind of its own. */
export function saveActionPlan(
  stateDir: string,
  now: Date,
  plan: { kind: string; environment: string; account: string; identityArn: string; spec: Record<string, unknown> },
): Promise<ActionPlanRecord> {
  return savePlanRecord(stateDir, {
    schema_version: 1,
    id: newPlanId(now),
    kind: plan.kind,
    environment: plan.environment,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
    plan_hash: actionPlanHash(plan.kind, plan.environment, plan.account, plan.spec),
    account: plan.account,
    identity_arn: plan.identityArn,
    spec: plan.spec,
  });
}

/** Whether a record is a deploy or teardown with its saved engine plan file. */
export function isEnginePlan(record: StoredPlanRecord): record is PlanRecord {
  return (record.kind === "deploy" || record.kind === "teardown") && "plan_file" in record;
}

export function plansDir(stateDir: string, environment: string): string {
  return join(stateDir, "plans", environment);
}

export function planRecordPath(stateDir: string, environment: string, id: string): string {
  return join(plansDir(stateDir, environment), `${id}.json`);
}

export function newPlanId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

export async function savePlanRecord<R extends StoredPlanRecord>(stateDir: string, record: R): Promise<R> {
  await mkdir(plansDir(stateDir, record.environment), { recursive: true, mode: 0o700 });
  return (await writeRecord(
    planRecordPath(stateDir, record.environment, record.id),
    StoredPlanRecord,
    OPTIONS,
    record,
  )) as R;
}

/** The record of any kind (callers check `kind`); undefined when absent or the id is not a plan id. */
export async function readPlanRecord(
  stateDir: string,
  environment: string,
  id: string,
): Promise<StoredPlanRecord | undefined> {
  if (!/^[\w-]+$/.test(id)) return undefined;
  return readRecord(planRecordPath(stateDir, environment, id), StoredPlanRecord, OPTIONS);
}

export async function listPlanRecords(stateDir: string, environment: string): Promise<StoredPlanRecord[]> {
  const names = await readdir(plansDir(stateDir, environment)).catch(() => [] as string[]);
  const records = await Promise.all(
    names
      .filter((name) => name.endsWith(".json"))
      .map((name) => readPlanRecord(stateDir, environment, name.slice(0, -5))),
  );
  return records
    .filter((record): record is StoredPlanRecord => record !== undefined)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** Updates a record under the lock; the kind never changes, so the result keeps the caller's type. */
async function updatePlan<R extends StoredPlanRecord>(
  stateDir: string,
  record: R,
  change: (current: StoredPlanRecord | undefined) => StoredPlanRecord,
): Promise<R> {
  const path = planRecordPath(stateDir, record.environment, record.id);
  return (await updateRecord(path, StoredPlanRecord, OPTIONS, (current) => {
    if (current !== undefined && current.kind !== record.kind) {
      throw new RecordError(
        "PLAN_KIND_CHANGED",
        `${path} now holds a ${current.kind} plan, not the ${record.kind} plan read before`,
        { details: { path } },
      );
    }
    return change(current);
  })) as R;
}

/** Marks the plan consumed under the lock; returns false when another process consumed it first. */
export async function consumePlan(stateDir: string, record: StoredPlanRecord, now: Date): Promise<boolean> {
  let won = false;
  await updatePlan(stateDir, record, (current) => {
    if (current === undefined || current.consumed_at !== undefined) return current ?? record;
    won = true;
    return { ...current, consumed_at: now.toISOString() };
  });
  return won;
}

export async function recordOutcome(
  stateDir: string,
  record: StoredPlanRecord,
  outcome: "applied" | "failed",
): Promise<void> {
  await updatePlan(stateDir, record, (current) => ({ ...(current ?? record), outcome }));
}

/** Asks for an approval of the plan (the facts the person signs); an approval already asked for stays. */
export async function markApprovalIssued<R extends StoredPlanRecord>(
  stateDir: string,
  record: R,
  now: Date,
  target: string,
  command: string,
): Promise<R> {
  return updatePlan(stateDir, record, (current) => {
    const base = current ?? record;
    const open = base.approval;
    if (open?.target === target && Date.parse(open.expires_at) > now.getTime()) return base;
    const expires = Math.min(now.getTime() + APPROVAL_TTL_MS, Date.parse(base.expires_at));
    return {
      ...base,
      approval: { issued_at: now.toISOString(), expires_at: new Date(expires).toISOString(), target, command },
    };
  });
}
