// Turns `terraform show -json <plan>` into the typed PlanSummary every command shows: counts,
// destructive changes first, output changes, drift, and a hash that binds approvals to this plan.
import { createHash } from "node:crypto";
import type {
  ChangeAction,
  LiteralProviderCredentials,
  OutputChange,
  PlanScope,
  PlanSummary,
  ResourceChange,
} from "../../../core/handler-contract.js";
import { ConfigReferences, type PlanJson, type PlannedResourceChange } from "./schema.js";

export function actionOf(actions: readonly string[]): ChangeAction {
  const set = new Set(actions);
  if (set.has("delete") && set.has("create")) return "replace";
  for (const action of ["create", "update", "delete", "read"] as const) if (set.has(action)) return action;
  return "no-op";
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

function same(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Top-level attributes whose value changes or becomes unknown; `tags: null → {}` does not count. */
export function changedAttributes(change: PlannedResourceChange["change"]): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
  if (typeof before !== "object" || typeof after !== "object") return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => unknown[key] === true || !same(before[key], after[key])).sort();
}

function toResourceChange(resource: PlannedResourceChange): ResourceChange {
  const action = actionOf(resource.change.actions);
  const replacePaths = resource.change.replace_paths?.map((path) => path.join("."));
  const changed = action === "update" || action === "replace" ? changedAttributes(resource.change) : [];
  return {
    address: resource.address,
    type: resource.type,
    name: resource.name,
    ...(resource.module_address === undefined ? {} : { module: resource.module_address }),
    action,
    ...(replacePaths === undefined || replacePaths.length === 0 ? {} : { replacePaths }),
    ...(changed.length === 0 ? {} : { changedAttributes: changed }),
    ...(resource.action_reason === undefined ? {} : { reason: resource.action_reason }),
  };
}

const DESTRUCTIVE = new Set<ChangeAction>(["delete", "replace"]);
const ORDER: Record<ChangeAction, number> = { delete: 0, replace: 1, update: 2, create: 3, read: 4, "no-op": 5 };

/** sha256 over the normalised changes (and the plan's scope, which the plan file does not record). */
export function planHash(plan: PlanJson, scope?: PlanScope): string {
  const resources = plan.resource_changes
    .filter((resource) => !["no-op", "read"].includes(actionOf(resource.change.actions)))
    .map((resource) => ({
      address: resource.address,
      actions: resource.change.actions,
      before: resource.change.before ?? null,
      after: resource.change.after ?? null,
      after_unknown: resource.change.after_unknown ?? null,
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
  const outputs = Object.entries(plan.output_changes)
    .filter(([, change]) => actionOf(change.actions) !== "no-op")
    .map(([name, change]) => ({
      name,
      actions: change.actions,
      after: change.after ?? null,
      after_unknown: change.after_unknown ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const imports = importsOf(plan);
  const hashed = {
    resources,
    outputs,
    ...(scope === undefined ? {} : { scope }),
    ...(imports.length === 0 ? {} : { imports }),
  };
  return createHash("sha256").update(stableJson(hashed)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Drift that matters: objects deleted outside Terraform, and out-of-band changes to attributes the
 * plan depends on or will change back. Like Terraform's own "changed outside of Terraform" note, it
 * leaves out refreshed computed values (attachment counts and the like) that change nothing.
 */
function relevantDrift(plan: PlanJson, changes: readonly ResourceChange[]): ResourceChange[] {
  const planned = new Set(changes.map((change) => change.address));
  const relevant = new Map<string, Set<string>>();
  for (const entry of plan.relevant_attributes) {
    const first = entry.attribute[0];
    if (typeof first !== "string") continue;
    relevant.set(entry.resource, (relevant.get(entry.resource) ?? new Set()).add(first));
  }
  return plan.resource_drift.map(toResourceChange).filter((change) => {
    if (change.action === "delete") return true;
    const attributes = change.changedAttributes ?? [];
    if (attributes.length === 0) return false;
    return planned.has(change.address) || attributes.some((name) => relevant.get(change.address)?.has(name) === true);
  });
}

/** The objects a plan imports, by address. */
function importsOf(plan: PlanJson): Array<{ address: string; id: string }> {
  return plan.resource_changes
    .filter((resource) => resource.change.importing !== undefined)
    .map((resource) => ({ address: resource.address, id: resource.change.importing?.id ?? "" }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** The scope to record: none for a full, refreshed plan, so such a plan hashes as it always did. */
export function planScope(scope: PlanScope | undefined): PlanScope | undefined {
  if (scope === undefined) return undefined;
  const variables = [...new Set(scope.variables ?? [])].sort();
  const narrowed = scope.targets.length > 0 || scope.replace.length > 0 || !scope.refresh || variables.length > 0;
  return narrowed
    ? {
        targets: [...scope.targets].sort(),
        replace: [...scope.replace].sort(),
        refresh: scope.refresh,
        ...(variables.length === 0 ? {} : { variables }),
      }
    : undefined;
}

/**
 * The shape of a real AWS credential, per attribute: an access key id is 20 upper-case letters and
 * digits, a secret key 40 base64 characters, a session token longer still. A placeholder such as the
 * emulator's "test" (a sandbox environment's override writes it) is no credential.
 */
const CREDENTIAL_SHAPES = {
  access_key: /^[A-Z0-9]{20}$/,
  secret_key: /^[A-Za-z0-9/+=]{40}$/,
  token: /^[A-Za-z0-9/+=]{40,}$/,
} as const;

/**
 * AWS provider blocks whose credentials are literals in the code (a `constant_value`; a variable or an
 * environment variable is a reference or nothing). Only the attribute names leave here: a summary is
 * printed and recorded, and the value is a secret.
 */
export function literalCredentialsOf(plan: PlanJson): LiteralProviderCredentials[] {
  const found: LiteralProviderCredentials[] = [];
  for (const [key, provider] of Object.entries(plan.configuration?.provider_config ?? {})) {
    if (provider.name !== "aws") continue;
    const attributes = Object.entries(CREDENTIAL_SHAPES)
      .filter(([name, shape]) => {
        const parsed = ConfigReferences.safeParse(provider.expressions?.[name]);
        return (
          parsed.success && typeof parsed.data.constant_value === "string" && shape.test(parsed.data.constant_value)
        );
      })
      .map(([name]) => name);
    if (attributes.length > 0) found.push({ provider: key, attributes });
  }
  return found.sort((a, b) => a.provider.localeCompare(b.provider));
}

export function summarisePlan(plan: PlanJson, requested?: PlanScope): PlanSummary {
  const scope = planScope(requested);
  const changes = plan.resource_changes
    .filter((resource) => resource.mode === "managed")
    .map(toResourceChange)
    .filter((change) => change.action !== "no-op" && change.action !== "read")
    .sort((a, b) => ORDER[a.action] - ORDER[b.action] || a.address.localeCompare(b.address));
  const counts = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const change of changes) if (change.action in counts) counts[change.action as keyof typeof counts] += 1;
  const outputs: OutputChange[] = Object.entries(plan.output_changes)
    .map(([name, change]) => ({
      name,
      action: actionOf(change.actions),
      sensitive: change.after_sensitive === true || change.before_sensitive === true,
    }))
    .filter((output) => output.action !== "no-op")
    .sort((a, b) => a.name.localeCompare(b.name));
  const drift = relevantDrift(plan, changes);
  const imports = importsOf(plan);
  const literalCredentials = literalCredentialsOf(plan);
  return {
    counts,
    destructive: changes.filter((change) => DESTRUCTIVE.has(change.action)),
    changes,
    outputs,
    drift,
    hasChanges: changes.length > 0 || outputs.length > 0 || imports.length > 0,
    planHash: planHash(plan, scope),
    ...(plan.terraform_version === undefined ? {} : { engineVersion: plan.terraform_version }),
    ...(scope === undefined ? {} : { scope }),
    ...(imports.length === 0 ? {} : { imports }),
    ...(literalCredentials.length === 0 ? {} : { literalCredentials }),
  };
}
