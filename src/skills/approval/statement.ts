// What a person signs to approve a change: a short text naming every fact the approval is bound to
// (kind, plan, plan hash, environment, account, the state it may change, issue and expiry times).
// It is rebuilt from the plan record each time it is checked, so a record changed after signing
// (a later expiry, another hash, another target) no longer matches the signature.
import { STACK_SET_KIND, StackSetSpec, type StoredPlanRecord } from "../../records/plans.js";

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

/** A stack set's lines: every stack's plan and its hash, so a person sees what the one signature covers. */
function stackLines(record: StoredPlanRecord): string[] {
  if (record.kind !== STACK_SET_KIND || !("spec" in record)) return [];
  const spec = StackSetSpec.safeParse(record.spec);
  if (!spec.success) return ["stacks: unreadable"];
  return spec.data.stacks.map((stack) => `stack ${stack.stack}: plan ${stack.plan}, plan hash ${stack.plan_hash}`);
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
    ...stackLines(record),
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
