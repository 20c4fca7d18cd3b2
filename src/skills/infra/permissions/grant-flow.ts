// One permission-grant attempt, end to end: refusals → both identities → the grant → the deploy
// policy's next document → approval where the environment requires it (a plan-bound code, or a person
// at the terminal) → the new default version → one audit entry, whatever the outcome.
import type { ProjectContext } from "../../../core/context.js";
import { isDevopsError, UserError } from "../../../core/errors.js";
import {
  appendIamAudit,
  iamAuditPath,
  readIamAudit,
  type GrantApprovedBy,
  type IamAuditEntry,
} from "../../../records/iam-audit.js";
import { recordOutcome, type GrantPlanRecord } from "../../../records/plans.js";
import { checkGrantApproval, consumeApproval, issueApproval, loadPendingGrant } from "../approval.js";
import type { Grant, IamCondition } from "./grant-plan.js";
import { grantSpec, revalidateGrant, saveGrantPlan } from "./grant-approval.js";
import {
  openGrantTarget,
  planGrant,
  proposeGrant,
  resolveIdentities,
  writeGrant,
  type GrantFacts,
  type GrantProposal,
  type GrantTarget,
  type Identities,
} from "./granter.js";
import type { PolicyStatement } from "./policy-document.js";

/** What a person at a terminal is asked before a grant. */
export interface GrantApprovalRequest {
  environment: string;
  prodLike: boolean;
  protected: boolean;
  account: string;
  targetIdentity: string;
  policyArn: string;
  statementSid: string;
  actions: string[];
  resources: string[];
  condition: IamCondition | null;
  versionBefore: string;
  notes: string[];
  reason: string;
}

export type GrantApprover = (request: GrantApprovalRequest) => Promise<boolean>;

export interface GrantAttemptInput extends GrantFacts {
  plan?: string;
  confirm?: string;
  approver?: GrantApprover;
}

export type GrantStatus = IamAuditEntry["outcome"] | "cancelled";

export interface GrantData {
  environment: string;
  outcome: GrantStatus;
  account: string | null;
  targetIdentity: string | null;
  grantedByProfile: string | null;
  policyArn: string | null;
  statementSid: string | null;
  actions: string[];
  resources: string[];
  condition: IamCondition | null;
  scope: Grant["scope"] | null;
  notes: string[];
  /** The dedicated statement as it is after the grant (or would be, awaiting confirmation). */
  statement: PolicyStatement | null;
  versionBefore: string | null;
  versionAfter: string | null;
  hashBefore: string | null;
  hashAfter: string | null;
  prunedVersion: string | null;
  planId: string | null;
  /** `code` is the confirmation code (named so that secret redaction leaves it visible). */
  approval: { code: string; expiresAt: string; command: string } | null;
  auditEntry: string | null;
  audit: string;
}

interface Attempt {
  project: ProjectContext;
  target: GrantTarget;
  input: GrantAttemptInput;
  data: GrantData;
  wrote: boolean;
}

const SAFE_WORD = /^[\w:/.@=+,-]+$/;
const quote = (word: string) => (SAFE_WORD.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

export function grantCommand(environment: string, input: { action: string; resource?: string }, extra = ""): string {
  return `devops infra permissions grant --env ${quote(environment)} --action ${quote(input.action)}${input.resource === undefined ? "" : ` --resource ${quote(input.resource)}`}${extra}`;
}

function reasonOf(input: GrantAttemptInput): string {
  return input.reason ?? (input.sourceError === undefined ? "requested" : "deploy failed for a missing permission");
}

type Audited = Pick<Attempt, "project" | "input" | "data">;

async function audit(
  { project, input, data }: Audited,
  outcome: IamAuditEntry["outcome"],
  approvedBy: GrantApprovedBy | null,
  error: { code: string; message: string } | null,
): Promise<void> {
  const entry = await appendIamAudit(
    project.paths.stateDir,
    {
      environment: data.environment,
      account_id: data.account,
      target_identity: data.targetIdentity,
      granted_by_profile: data.grantedByProfile,
      policy_arn: data.policyArn,
      statement_sid: data.statementSid,
      actions: data.actions.length > 0 ? data.actions : [input.action],
      resource_scope: data.resources,
      reason: reasonOf(input),
      source_error: input.sourceError ?? null,
      policy_version_before: data.versionBefore,
      policy_version_after: data.versionAfter,
      policy_hash_before: data.hashBefore,
      policy_hash_after: data.hashAfter,
      pruned_version: data.prunedVersion,
      approved_by: approvedBy,
      plan_id: data.planId,
      outcome,
      error,
    },
    project.clock.now(),
  );
  data.auditEntry = entry.id;
}

function useProposal(attempt: Attempt, identities: Identities, proposal: GrantProposal): void {
  const { grant, before, after } = proposal;
  const statement = (after?.document ?? before.document).Statement;
  Object.assign(attempt.data, {
    account: identities.deploy.account,
    targetIdentity: identities.deploy.arn,
    policyArn: before.policy.arn,
    statementSid: grant.sid,
    actions: grant.actions,
    resources: grant.resources,
    condition: grant.condition ?? null,
    scope: grant.scope,
    notes: grant.notes,
    statement: (Array.isArray(statement) ? statement : [statement]).find((s) => s.Sid === grant.sid) ?? null,
    versionBefore: before.versionId,
    hashBefore: before.hash,
    hashAfter: after?.hash ?? before.hash,
  });
}

async function apply(
  attempt: Attempt,
  proposal: GrantProposal,
  approvedBy: GrantApprovedBy,
  again: string,
  record?: GrantPlanRecord,
): Promise<GrantData> {
  const { project } = attempt;
  const progress = project.io.progress(
    `granting ${proposal.grant.actions.join(", ")} in ${proposal.before.policy.arn}`,
  );
  attempt.wrote = true;
  try {
    const written = await writeGrant(attempt.target, proposal, again);
    Object.assign(attempt.data, {
      versionAfter: written.versionAfter,
      prunedVersion: written.pruned ?? null,
      outcome: "granted",
    });
  } catch (error) {
    progress.fail("the grant was not written");
    if (record !== undefined) await recordOutcome(project.paths.stateDir, record, "failed").catch(() => undefined);
    throw error;
  }
  if (record !== undefined) await recordOutcome(project.paths.stateDir, record, "applied");
  progress.done(`${proposal.grant.sid}: version ${attempt.data.versionAfter ?? "?"} is the default`);
  await audit(attempt, "granted", approvedBy, null);
  return attempt.data;
}

async function run(attempt: Attempt): Promise<GrantData> {
  const { project, target, input, data } = attempt;
  const env = target.env;
  const request = {
    action: input.action.trim(),
    ...(input.resource === undefined ? {} : { resource: input.resource.trim() }),
  };
  const again = `run ${grantCommand(env.name, request)} again (without --confirm) for a new plan and code`;
  const identities = await resolveIdentities(project, target);
  Object.assign(data, { account: identities.deploy.account, targetIdentity: identities.deploy.arn });
  const grant = planGrant(project, target, identities, input);
  const proposal = await proposeGrant(target, identities, grant);
  useProposal(attempt, identities, proposal);
  if (proposal.after === undefined) {
    data.outcome = "already_granted";
    await audit(attempt, "already_granted", "not_required", null);
    return data;
  }

  if (input.confirm !== undefined) {
    const record = await checkGrantApproval(project, env.name, identities.deploy, {
      token: input.confirm,
      again,
      ...(input.plan === undefined ? {} : { planId: input.plan }),
    });
    data.planId = record.id;
    revalidateGrant(record, proposal, request, again);
    await consumeApproval(project, record, again);
    return apply(attempt, proposal, "code", again, record);
  }
  if (!env.requireConfirmation) return apply(attempt, proposal, "not_required", again);

  let record: GrantPlanRecord | undefined;
  if (input.plan !== undefined) {
    record = await loadPendingGrant(project, env.name, input.plan, again);
    data.planId = record.id;
    revalidateGrant(record, proposal, request, again);
  }
  if (input.approver !== undefined) {
    const approved = await input.approver({
      environment: env.name,
      prodLike: env.prodLike,
      protected: env.protected,
      account: identities.deploy.account,
      targetIdentity: identities.deploy.arn,
      policyArn: proposal.before.policy.arn,
      statementSid: grant.sid,
      actions: grant.actions,
      resources: grant.resources,
      condition: grant.condition ?? null,
      versionBefore: proposal.before.versionId,
      notes: grant.notes,
      reason: reasonOf(input),
    });
    if (!approved) {
      data.outcome = "cancelled";
      await audit(attempt, "refused", null, {
        code: "GRANT_CANCELLED",
        message: "the person at the terminal declined the grant",
      });
      return data;
    }
    if (record !== undefined) await consumeApproval(project, record, again);
    return apply(attempt, proposal, "terminal", again, record);
  }
  record ??= await saveGrantPlan(
    project,
    env.name,
    identities,
    grantSpec(proposal, identities, { ...request, reason: reasonOf(input) }),
  );
  const issued = await issueApproval(project, record);
  Object.assign(data, {
    outcome: "needs_confirmation",
    planId: record.id,
    approval: {
      code: issued.token,
      expiresAt: issued.expiresAt,
      command: grantCommand(env.name, request, ` --plan ${record.id} --confirm ${issued.token}`),
    },
  });
  await audit(attempt, "needs_confirmation", null, null);
  return data;
}

/**
 * Runs one grant attempt in an environment and settles it: refusals and failures come back as `error`
 * next to the audited data (an audit that cannot take the entry is only reported to `onAuditError`).
 * The environment must exist and the trail must be sound, or nothing is attempted (thrown).
 */
export async function settleGrant(
  project: ProjectContext,
  environmentWord: string,
  input: GrantAttemptInput,
  onAuditError: (error: unknown) => void,
): Promise<{ data: GrantData; error?: unknown }> {
  const env = project.environment(environmentWord);
  // A trail that cannot take the entry stops the attempt before anything is read or changed.
  await readIamAudit(project.paths.stateDir);
  const data: GrantData = {
    environment: env.name,
    outcome: "refused",
    account: env.accountId ?? null,
    targetIdentity: null,
    grantedByProfile: env.discoverProfile ?? (env.endpoint === undefined ? null : "(emulator)"),
    policyArn: null,
    statementSid: null,
    actions: [],
    resources: [],
    condition: null,
    scope: null,
    notes: [],
    statement: null,
    versionBefore: null,
    versionAfter: null,
    hashBefore: null,
    hashAfter: null,
    prunedVersion: null,
    planId: null,
    approval: null,
    auditEntry: null,
    audit: iamAuditPath(project.paths.stateDir),
  };
  let attempt: Attempt | undefined;
  try {
    const target = await openGrantTarget(project, env.name);
    attempt = { project, target, input, data, wrote: false };
    return { data: await run(attempt) };
  } catch (error) {
    const failure = isDevopsError(error)
      ? { code: error.code, message: error.message }
      : { code: "INTERNAL", message: String(error) };
    // Refused: stopped by a rule before anything was written. Failed: AWS or this tool broke.
    const refused =
      attempt?.wrote !== true &&
      (error instanceof UserError || (isDevopsError(error) && error.code === "ACCOUNT_MISMATCH"));
    data.outcome = refused ? "refused" : "failed";
    await audit({ project, input, data }, data.outcome, null, failure).catch(onAuditError);
    return { data, error };
  }
}

/** Runs one grant attempt; a refusal or failure is audited, then thrown as the original error. */
export async function attemptGrant(
  project: ProjectContext,
  environmentWord: string,
  input: GrantAttemptInput,
  onAuditError: (error: unknown) => void,
): Promise<GrantData> {
  const settled = await settleGrant(project, environmentWord, input, onAuditError);
  if (settled.error !== undefined) throw settled.error;
  return settled.data;
}
