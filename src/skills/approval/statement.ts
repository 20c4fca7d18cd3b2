// What a person signs to approve a change: a short text naming every fact the approval is bound to
// (kind, plan, plan hash, environment, account, the state it may change, issue and expiry times).
// It is rebuilt from the plan record each time it is checked, so a record changed after signing
// (a later expiry, another hash, another target) no longer matches the signature.
import type { StoredPlanRecord } from "../../records/plans.js";

/** The signature namespace: a signature made for anything else (git, another tool) never verifies here. */
export const APPROVAL_NAMESPACE = "devops-approval";

function change(record: StoredPlanRecord): string {
  if (record.kind === "deploy" || record.kind === "teardown") {
    if (!("summary" in record)) return record.kind;
    const { create, update, delete: remove, replace } = record.summary.counts;
    return `${create} to create, ${update} to change, ${replace} to replace, ${remove} to destroy`;
  }
  if (record.kind === "remediation" && "remediation" in record) return record.remediation.description;
  if (record.kind === "permission_grant" && "grant" in record) {
    return `${record.grant.actions.join(", ")} on ${record.grant.resources.join(", ") || "*"} for ${record.grant.target_identity}`;
  }
  if ("spec" in record && typeof record.spec.description === "string") return record.spec.description;
  return record.kind;
}

/** The statement of a plan whose approval was asked for; undefined when none was. */
export function approvalStatement(record: StoredPlanRecord, project: string): string | undefined {
  const { approval } = record;
  if (approval?.target === undefined) return undefined;
  return [
    "devops approval v1",
    `kind: ${record.kind}`,
    `plan: ${record.id}`,
    `plan hash: ${record.plan_hash}`,
    `environment: ${record.environment}`,
    `account: ${record.account}`,
    `target: ${approval.target}`,
    `project: ${project}`,
    `change: ${change(record)}`,
    `issued: ${approval.issued_at}`,
    `expires: ${approval.expires_at}`,
    "",
  ].join("\n");
}
