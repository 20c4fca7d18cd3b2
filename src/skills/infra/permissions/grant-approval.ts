// The plan a grant's approval is bound to: the exact next policy document (its hash), the
// version and hash it was computed from, the environment and the account. Redeeming re-computes the
// grant against the live policy and accepts only the identical change.
import { createHash } from "node:crypto";
import type { ProjectContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import {
  newPlanId,
  PLAN_TTL_MS,
  savePlanRecord,
  type GrantPlanRecord,
  type GrantSpec,
} from "../../../records/plans.js";
import { canonicalJson } from "./policy-document.js";
import type { GrantProposal, Identities } from "./granter.js";

/** sha256 over the environment, account and every fact of the change, the new document's hash included. */
export function grantPlanHash(environment: string, account: string, spec: GrantSpec): string {
  return createHash("sha256").update(canonicalJson({ environment, account, spec })).digest("hex");
}

export function grantSpec(
  proposal: GrantProposal,
  identities: Identities,
  request: { action: string; resource?: string; reason: string },
): GrantSpec {
  const { grant, before, after } = proposal;
  if (after === undefined) throw new Error("a grant plan needs a changed document");
  return {
    policy_arn: before.policy.arn,
    statement_sid: grant.sid,
    action: request.action,
    resource: request.resource ?? null,
    actions: grant.actions,
    resources: grant.resources,
    base_version: before.versionId,
    base_hash: before.hash,
    new_hash: after.hash,
    target_identity: identities.deploy.arn,
    reason: request.reason,
  };
}

/** Saves the plan an approval will be bound to (0600, .devops/plans/<env>/). */
export function saveGrantPlan(
  project: ProjectContext,
  environment: string,
  identities: Identities,
  spec: GrantSpec,
): Promise<GrantPlanRecord> {
  const now = project.clock.now();
  return savePlanRecord(project.paths.stateDir, {
    schema_version: 1,
    id: newPlanId(now),
    kind: "permission_grant",
    environment,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
    plan_hash: grantPlanHash(environment, identities.deploy.account, spec),
    account: identities.deploy.account,
    identity_arn: identities.discover.arn,
    grant: spec,
  });
}

/**
 * Checks that a plan found through its code is exactly this command's grant: the same action and
 * resource, an untampered record, and a live policy that still yields the approved document.
 */
export function revalidateGrant(
  record: GrantPlanRecord,
  proposal: GrantProposal,
  request: { action: string; resource?: string },
  again: string,
): void {
  const spec = record.grant;
  const mismatch = (what: string) =>
    new UserError("CONFIRMATION_MISMATCH", `the approval was asked for ${what}; it cannot approve this command`, {
      suggestion: again,
      details: { plan: record.id, action: spec.action, resource: spec.resource },
    });
  if (spec.action !== request.action) throw mismatch(`${spec.action}, not ${request.action}`);
  if (spec.resource !== (request.resource ?? null))
    throw mismatch(`resource ${spec.resource ?? "(none)"}, not ${request.resource ?? "(none)"}`);
  if (grantPlanHash(record.environment, record.account, spec) !== record.plan_hash) {
    throw new UserError("PLAN_CHANGED", `the permission-grant plan ${record.id} was changed after it was saved`, {
      suggestion: again,
    });
  }
  const { before, after } = proposal;
  const same =
    after !== undefined &&
    before.policy.arn === spec.policy_arn &&
    before.versionId === spec.base_version &&
    before.hash === spec.base_hash &&
    after.hash === spec.new_hash;
  if (!same) {
    throw new UserError(
      "GRANT_STALE",
      `the deploy policy ${spec.policy_arn} is no longer at version ${spec.base_version} or the grant no longer yields the approved document; the approved change does not apply as described`,
      {
        suggestion: again,
        details: { plan: record.id, approvedBase: spec.base_version, currentBase: before.versionId },
      },
    );
  }
}
