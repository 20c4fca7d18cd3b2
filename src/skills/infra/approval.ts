// Plan-bound approvals, for deploys, teardowns, remediations and permission grants alike. Issuing
// returns a short token bound to (kind, plan, hash, environment, account); redeeming checks every one
// of those facts, the expiry, and single use, and consumes the plan under a lock before anything is
// applied. No flag, config key or environment variable bypasses it.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ProjectContext } from "../../core/context.js";
import { ProviderError, UserError } from "../../core/errors.js";
import type { CallerIdentity } from "../../core/handler-contract.js";
import {
  approvalKey,
  approvalToken,
  consumePlan,
  listPlanRecords,
  markApprovalIssued,
  readPlanRecord,
  tokensEqual,
  type GrantPlanRecord,
  type PlanRecord,
  type RemediationPlanRecord,
  type StoredPlanRecord,
} from "../../records/plans.js";

export interface IssuedApproval {
  token: string;
  expiresAt: string;
}

export async function issueApproval(project: ProjectContext, record: StoredPlanRecord): Promise<IssuedApproval> {
  const issued = await markApprovalIssued(project.paths.stateDir, record, project.clock.now());
  const token = approvalToken(await approvalKey(project.paths.stateDir), issued);
  return { token, expiresAt: issued.approval!.expires_at };
}

function expired(at: string, now: Date): boolean {
  return Date.parse(at) <= now.getTime();
}

function isInfraPlan(record: StoredPlanRecord): record is PlanRecord {
  return record.kind === "deploy" || record.kind === "teardown";
}

function pendingChecks(project: ProjectContext, record: StoredPlanRecord, planId: string, again: string): void {
  if (record.consumed_at !== undefined) {
    throw new UserError(
      "PLAN_ALREADY_USED",
      `plan ${planId} was already used at ${record.consumed_at}; a plan is applied at most once`,
      { suggestion: again },
    );
  }
  if (expired(record.expires_at, project.clock.now())) {
    throw new UserError("PLAN_EXPIRED", `plan ${planId} expired at ${record.expires_at}`, { suggestion: again });
  }
}

/** A saved plan the caller names with --plan: it must exist, be of this kind, unconsumed and fresh. */
export async function loadPendingPlan(
  project: ProjectContext,
  environment: string,
  planId: string,
  kind: PlanRecord["kind"],
): Promise<PlanRecord> {
  const record = await readPlanRecord(project.paths.stateDir, environment, planId);
  if (record === undefined || record.kind !== kind || !isInfraPlan(record)) {
    throw new UserError("PLAN_NOT_FOUND", `no saved ${kind} plan "${planId}" for environment "${environment}"`, {
      suggestion: `create one with devops infra ${kind === "deploy" ? "preview-changes" : "teardown"} --env ${environment}`,
    });
  }
  pendingChecks(project, record, planId, `preview again: devops infra preview-changes --env ${environment}`);
  return record;
}

/** A saved remediation plan named with --plan: it must exist, be a remediation, unconsumed and fresh. */
export async function loadPendingRemediation(
  project: ProjectContext,
  environment: string,
  planId: string,
  again: string,
): Promise<RemediationPlanRecord> {
  const record = await readPlanRecord(project.paths.stateDir, environment, planId);
  if (record === undefined || record.kind !== "remediation") {
    throw new UserError("PLAN_NOT_FOUND", `no saved remediation plan "${planId}" for environment "${environment}"`, {
      suggestion: again,
    });
  }
  pendingChecks(project, record, planId, again);
  return record;
}

/** A saved permission-grant plan named with --plan: it must exist, be a grant, unconsumed and fresh. */
export async function loadPendingGrant(
  project: ProjectContext,
  environment: string,
  planId: string,
  again: string,
): Promise<GrantPlanRecord> {
  const record = await readPlanRecord(project.paths.stateDir, environment, planId);
  if (record === undefined || record.kind !== "permission_grant") {
    throw new UserError(
      "PLAN_NOT_FOUND",
      `no saved permission-grant plan "${planId}" for environment "${environment}"`,
      { suggestion: again },
    );
  }
  pendingChecks(project, record, planId, again);
  return record;
}

async function tokenOwner(project: ProjectContext, key: Buffer, token: string): Promise<StoredPlanRecord | undefined> {
  const environments = await readdir(join(project.paths.stateDir, "plans"), { withFileTypes: true }).catch(() => []);
  for (const entry of environments.filter((e) => e.isDirectory())) {
    for (const record of await listPlanRecords(project.paths.stateDir, entry.name)) {
      if (record.approval !== undefined && tokensEqual(approvalToken(key, record), token)) return record;
    }
  }
  return undefined;
}

interface RedeemRequest {
  token: string;
  planId?: string;
  kind: StoredPlanRecord["kind"];
  /** What to do instead, for every refusal's suggestion. */
  again: string;
}

/** Finds the plan a token was issued for and checks it fits this command exactly; consumes nothing. */
async function checkToken(
  project: ProjectContext,
  environment: string,
  identity: CallerIdentity,
  request: RedeemRequest,
): Promise<StoredPlanRecord> {
  const key = await approvalKey(project.paths.stateDir);
  const record = await tokenOwner(project, key, request.token);
  const { again } = request;
  if (record === undefined) {
    throw new UserError(
      "CONFIRMATION_INVALID",
      `the confirmation token "${request.token}" was not issued for any plan of this project`,
      { suggestion: again },
    );
  }
  const mismatch = (what: string) =>
    new UserError(
      "CONFIRMATION_MISMATCH",
      `the confirmation token was issued for ${what}; it cannot approve this command`,
      {
        suggestion: again,
        details: { plan: record.id, environment: record.environment, kind: record.kind },
      },
    );
  if (record.environment !== environment) throw mismatch(`environment "${record.environment}", not "${environment}"`);
  if (record.kind !== request.kind) throw mismatch(`a ${record.kind}, not a ${request.kind}`);
  if (request.planId !== undefined && request.planId !== record.id)
    throw mismatch(`plan ${record.id}, not plan ${request.planId}`);
  if (record.account !== identity.account) {
    throw new ProviderError(
      "ACCOUNT_MISMATCH",
      `the plan was made for AWS account ${record.account}, but the credentials now reach ${identity.account}`,
      {
        suggestion: again,
        details: { expected: record.account, actual: identity.account },
      },
    );
  }
  const now = project.clock.now();
  if (record.consumed_at !== undefined) {
    throw new UserError(
      "CONFIRMATION_USED",
      `the confirmation token was already used at ${record.consumed_at}; each token approves one apply`,
      { suggestion: again },
    );
  }
  if (expired(record.approval!.expires_at, now)) {
    throw new UserError("CONFIRMATION_EXPIRED", `the confirmation token expired at ${record.approval!.expires_at}`, {
      suggestion: again,
    });
  }
  if (expired(record.expires_at, now)) {
    throw new UserError("PLAN_EXPIRED", `plan ${record.id} expired at ${record.expires_at}`, { suggestion: again });
  }
  return record;
}

/** Consumes a checked plan under the lock; exactly one command can win it. */
export async function consumeApproval(project: ProjectContext, record: StoredPlanRecord, again: string): Promise<void> {
  if (!(await consumePlan(project.paths.stateDir, record, project.clock.now()))) {
    throw new UserError("CONFIRMATION_USED", "the confirmation token was used by another command at the same time", {
      suggestion: again,
    });
  }
}

/**
 * Finds the plan a token was issued for, checks it fits this command exactly, and consumes it.
 * Returns the plan to apply; throws (with nothing applied) on any mismatch.
 */
export async function redeemApproval(
  project: ProjectContext,
  infra: { env: { name: string } },
  identity: CallerIdentity,
  request: { token: string; planId?: string; kind: PlanRecord["kind"] },
): Promise<PlanRecord> {
  const env = infra.env.name;
  const again = `run devops infra ${request.kind === "deploy" ? "deploy" : "teardown"} --env ${env} again for a new plan and token`;
  const record = await checkToken(project, env, identity, { ...request, again });
  if (!isInfraPlan(record))
    throw new UserError("CONFIRMATION_MISMATCH", `the confirmation token was issued for a ${record.kind}`, {
      suggestion: again,
    });
  await consumeApproval(project, record, again);
  return record;
}

/**
 * The remediation plan a token was issued for, checked against the environment, account, expiry and
 * single use, but not yet consumed: the caller re-validates the resource's current state against the
 * plan first, then consumes it with consumeApproval before acting.
 */
export async function checkRemediationApproval(
  project: ProjectContext,
  environment: string,
  identity: CallerIdentity,
  request: { token: string; planId?: string; again: string },
): Promise<RemediationPlanRecord> {
  const record = await checkToken(project, environment, identity, { ...request, kind: "remediation" });
  if (record.kind !== "remediation")
    throw new UserError("CONFIRMATION_MISMATCH", `the confirmation token was issued for a ${record.kind}`, {
      suggestion: request.again,
    });
  return record;
}

/**
 * The permission-grant plan a token was issued for, checked against the environment, account, expiry
 * and single use, but not yet consumed: the caller re-checks the policy is still at the version the
 * grant was computed from, then consumes it with consumeApproval before writing.
 */
export async function checkGrantApproval(
  project: ProjectContext,
  environment: string,
  identity: CallerIdentity,
  request: { token: string; planId?: string; again: string },
): Promise<GrantPlanRecord> {
  const record = await checkToken(project, environment, identity, { ...request, kind: "permission_grant" });
  if (record.kind !== "permission_grant")
    throw new UserError("CONFIRMATION_MISMATCH", `the confirmation token was issued for a ${record.kind}`, {
      suggestion: request.again,
    });
  return record;
}
