// Read-only views of the permission manager's work: the deploy policy's current default version with
// its statements (auto-granted ones marked), and drift between the audit trail and the live policies.
import type { ProjectContext } from "../../../core/context.js";
import { isDevopsError } from "../../../core/errors.js";
import type { PolicyVersionInfo } from "../../../core/services/iam-admin.js";
import type { IamAuditEntry } from "../../../records/iam-audit.js";
import { findDeployPolicy, openGrantTarget, readPolicyState, resolveIdentities, type Identities } from "./granter.js";
import {
  isAutoGrantStatement,
  MANAGED_POLICY_MAX_CHARS,
  policySize,
  statementsOf,
  type PolicyDocument,
} from "./policy-document.js";

export interface StatementView {
  sid: string | null;
  effect: string;
  actions: string[];
  resources: string[];
  /** NotAction / NotResource / Condition are shown as they are. */
  notActions: string[];
  notResources: string[];
  condition: Record<string, unknown> | null;
  autoGranted: boolean;
}

export interface PolicyListing {
  policyArn: string;
  policyName: string;
  defaultVersion: string;
  versions: PolicyVersionInfo[];
  hash: string;
  size: number;
  sizeLimit: number;
  statements: StatementView[];
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function statementViews(document: PolicyDocument): StatementView[] {
  return statementsOf(document).map((s) => ({
    sid: s.Sid ?? null,
    effect: s.Effect,
    actions: list(s.Action),
    resources: list(s.Resource),
    notActions: list(s.NotAction),
    notResources: list(s.NotResource),
    condition: s.Condition ?? null,
    autoGranted: isAutoGrantStatement(s),
  }));
}

export async function listDeployPolicy(
  project: ProjectContext,
  environmentWord: string,
): Promise<{ identities: Identities; listing: PolicyListing }> {
  const target = await openGrantTarget(project, environmentWord);
  const identities = await resolveIdentities(project, target);
  const policy = await findDeployPolicy(target, identities);
  const [state, versions] = await Promise.all([
    readPolicyState(target, policy),
    target.iam.listPolicyVersions(policy.arn),
  ]);
  return {
    identities,
    listing: {
      policyArn: policy.arn,
      policyName: policy.name,
      defaultVersion: state.versionId,
      versions,
      hash: state.hash,
      size: policySize(JSON.stringify(state.document)),
      sizeLimit: MANAGED_POLICY_MAX_CHARS,
      statements: statementViews(state.document),
    },
  };
}

export interface DriftFinding {
  id: string;
  environment: string;
  policyArn: string;
  statementSid: string;
  missingActions: string[];
  missingResources: string[];
}

export interface DriftCheck {
  environment: string;
  policyArn: string | null;
  status: "checked" | "unavailable";
  detail: string;
}

/** Granted entries whose actions or resources are no longer in their statement of the document. */
export function driftOf(
  entries: readonly IamAuditEntry[],
  document: PolicyDocument,
): Omit<DriftFinding, "environment" | "policyArn">[] {
  const statements = statementsOf(document);
  return entries.flatMap((entry) => {
    if (entry.outcome !== "granted" || entry.statement_sid === null) return [];
    const statement = statements.find((s) => s.Sid === entry.statement_sid && s.Effect === "Allow");
    const actions = new Set(list(statement?.Action).map((a) => a.toLowerCase()));
    const resources = new Set(list(statement?.Resource));
    const missingActions = entry.actions.filter((a) => !actions.has(a.toLowerCase()));
    const missingResources = entry.resource_scope.filter((r) => !resources.has(r));
    return missingActions.length === 0 && missingResources.length === 0
      ? []
      : [{ id: entry.id, statementSid: entry.statement_sid, missingActions, missingResources }];
  });
}

/** Checks each environment's granted entries against its deploy policy's default version (discover profile). */
export async function checkDrift(
  project: ProjectContext,
  entries: readonly IamAuditEntry[],
): Promise<{ drift: DriftFinding[]; checks: DriftCheck[] }> {
  const drift: DriftFinding[] = [];
  const checks: DriftCheck[] = [];
  const granted = entries.filter((entry) => entry.outcome === "granted" && entry.policy_arn !== null);
  const byPolicy = new Map<string, IamAuditEntry[]>();
  for (const entry of granted)
    byPolicy.set(`${entry.environment}\n${entry.policy_arn}`, [
      ...(byPolicy.get(`${entry.environment}\n${entry.policy_arn}`) ?? []),
      entry,
    ]);
  for (const [key, group] of byPolicy) {
    const [environment, policyArn] = key.split("\n") as [string, string];
    try {
      const target = await openGrantTarget(project, environment);
      const policy = await target.iam.getPolicy(policyArn);
      if (policy === undefined) {
        checks.push({ environment, policyArn, status: "checked", detail: "the policy no longer exists" });
        drift.push(
          ...group.map((entry) => ({
            id: entry.id,
            environment,
            policyArn,
            statementSid: entry.statement_sid ?? "",
            missingActions: entry.actions,
            missingResources: entry.resource_scope,
          })),
        );
        continue;
      }
      const state = await readPolicyState(target, policy);
      const found = driftOf(group, state.document).map((finding) => ({ ...finding, environment, policyArn }));
      drift.push(...found);
      checks.push({
        environment,
        policyArn,
        status: "checked",
        detail: `default version ${state.versionId}: ${found.length === 0 ? "every audited grant is present" : `${found.length} audited grant(s) missing`}`,
      });
    } catch (error) {
      if (!isDevopsError(error)) throw error;
      checks.push({ environment, policyArn, status: "unavailable", detail: `${error.code}: ${error.message}` });
    }
  }
  return { drift, checks };
}
