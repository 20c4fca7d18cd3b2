// Edits an IAM policy document for a grant: only the grant's dedicated statement (Sid
// DevopsAutoGrant…) is created or extended; every other statement is kept exactly as it was. Also the
// managed-policy limits (6,144 characters without whitespace, 5 versions) and a stable hash.
import { createHash } from "node:crypto";
import * as z from "zod";
import { ProviderError, UserError } from "../../../core/errors.js";
import type { PolicyVersionInfo } from "../../../core/services/iam-admin.js";
import { SID_PREFIX, type Grant } from "./grant-plan.js";

/** Customer-managed policy documents: at most this many characters, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;
export const MAX_POLICY_VERSIONS = 5;

const Strings = z.union([z.string(), z.array(z.string())]);
export const PolicyStatement = z.looseObject({
  Sid: z.string().optional(),
  Effect: z.string(),
  Action: Strings.optional(),
  NotAction: Strings.optional(),
  Resource: Strings.optional(),
  NotResource: Strings.optional(),
  Condition: z.record(z.string(), z.unknown()).optional(),
});
export type PolicyStatement = z.infer<typeof PolicyStatement>;

export const PolicyDocument = z.looseObject({
  Version: z.string().optional(),
  Statement: z.union([PolicyStatement, z.array(PolicyStatement)]),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export function parsePolicy(text: string, where: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProviderError("POLICY_UNREADABLE", `${where} is not JSON: ${(error as Error).message}`);
  }
  const parsed = PolicyDocument.safeParse(raw);
  if (!parsed.success)
    throw new ProviderError(
      "POLICY_UNREADABLE",
      `${where} is not an IAM policy document: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  return parsed.data;
}

export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** JSON with object keys sorted, so equal documents hash equally however AWS orders their keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function policyHash(document: PolicyDocument): string {
  return `sha256:${createHash("sha256").update(canonicalJson(document)).digest("hex")}`;
}

/** The size IAM checks against the limit: every character except whitespace. */
export function policySize(text: string): number {
  return text.replace(/\s/g, "").length;
}

export function isAutoGrantStatement(statement: PolicyStatement): boolean {
  return statement.Sid?.startsWith(SID_PREFIX) === true;
}

/** The grant's actions and resources already in its dedicated statement. */
export function grantPresent(document: PolicyDocument, grant: Grant): boolean {
  const statement = statementsOf(document).find((s) => s.Sid === grant.sid);
  if (statement === undefined || statement.Effect !== "Allow") return false;
  const actions = new Set(list(statement.Action).map((a) => a.toLowerCase()));
  const resources = new Set(list(statement.Resource));
  return grant.actions.every((a) => actions.has(a.toLowerCase())) && grant.resources.every((r) => resources.has(r));
}

export interface MergedPolicy {
  document: PolicyDocument;
  changed: boolean;
}

/**
 * Adds the grant to its dedicated statement (created at the end when absent). A statement with the
 * grant's Sid that is not a plain Allow with the grant's condition is refused: it was edited by hand.
 */
export function mergeGrant(document: PolicyDocument, grant: Grant): MergedPolicy {
  const statements = statementsOf(document);
  const index = statements.findIndex((s) => s.Sid === grant.sid);
  if (index === -1) {
    const added: PolicyStatement = {
      Sid: grant.sid,
      Effect: "Allow",
      Action: [...grant.actions],
      Resource: [...grant.resources],
      ...(grant.condition === undefined ? {} : { Condition: grant.condition }),
    };
    return {
      document: { ...document, Version: document.Version ?? "2012-10-17", Statement: [...statements, added] },
      changed: true,
    };
  }
  const current = statements[index]!;
  const plain =
    current.Effect === "Allow" &&
    current.NotAction === undefined &&
    current.NotResource === undefined &&
    current.Action !== undefined &&
    current.Resource !== undefined;
  if (!plain || canonicalJson(current.Condition ?? null) !== canonicalJson(grant.condition ?? null)) {
    throw new UserError(
      "GRANT_STATEMENT_CONFLICT",
      `statement "${grant.sid}" of the deploy policy is not the plain Allow this tool writes (it was edited by hand)`,
      {
        suggestion: `restore "${grant.sid}" to Effect Allow with Action and Resource lists${grant.condition === undefined ? "" : " and the same Condition"}, or rename it; nothing was changed`,
      },
    );
  }
  const actions = list(current.Action);
  const resources = list(current.Resource);
  const known = new Set(actions.map((a) => a.toLowerCase()));
  const newActions = grant.actions.filter((a) => !known.has(a.toLowerCase()));
  const newResources = grant.resources.filter((r) => !resources.includes(r));
  if (newActions.length === 0 && newResources.length === 0) return { document, changed: false };
  const merged: PolicyStatement = {
    ...current,
    Action: [...actions, ...newActions],
    Resource: [...resources, ...newResources],
  };
  return { document: { ...document, Statement: statements.map((s, i) => (i === index ? merged : s)) }, changed: true };
}

export function checkPolicySize(text: string, policyArn: string): void {
  const size = policySize(text);
  if (size > MANAGED_POLICY_MAX_CHARS) {
    throw new UserError(
      "POLICY_TOO_LARGE",
      `with this grant ${policyArn} would be ${size} characters (whitespace not counted); a customer-managed policy holds at most ${MANAGED_POLICY_MAX_CHARS}`,
      {
        suggestion:
          "split the deploy permissions into a second customer-managed policy (in Terraform) and attach it to the deploy identity; nothing was changed",
        details: { size, limit: MANAGED_POLICY_MAX_CHARS },
      },
    );
  }
}

const versionNumber = (id: string) => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);

/** The version to delete before creating one: the oldest non-default, when all 5 exist; else none. */
export function versionToPrune(versions: readonly PolicyVersionInfo[]): string | undefined {
  if (versions.length < MAX_POLICY_VERSIONS) return undefined;
  const candidates = versions.filter((v) => !v.isDefault);
  const age = (v: PolicyVersionInfo) => (v.created === undefined ? Number.NaN : Date.parse(v.created));
  const oldest = [...candidates].sort((a, b) => {
    const byDate = age(a) - age(b);
    return Number.isNaN(byDate) || byDate === 0 ? versionNumber(a.versionId) - versionNumber(b.versionId) : byDate;
  })[0];
  return oldest?.versionId;
}
