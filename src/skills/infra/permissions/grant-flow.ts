// One permission-grant attempt, end to end: refusals → both identities → the grant → the deploy
// policy's next document → approval where the environment requires it (a person's signature of the plan, made
// at the terminal) → the new default version → one audit entry, whatever the outcome.
import { commandLine } from "../../../core/commands/command-line.js";
import type { ProjectContext } from "../../../core/context.js";
import {
  appendIamAudit,
  iamAuditPath,
  readIamAudit,
  type GrantApprovedBy,
  type IamAuditEntry,
} from "../../../records/iam-audit.js";
import { recordOutcome, type GrantPlanRecord } from "../../../records/plans.js";
import { decide, reuse, settle } from "../../approval/flow.js";
import { approvalTarget } from "../../approval/target.js";
import { guardActiveTarget } from "../../protected-target.js";
import type { ApprovalRequestBase, ApprovedAction, Approver, Handoff } from "../../approval/types.js";
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
export interface GrantApprovalRequest extends ApprovalRequestBase {
  kind: "permission_grant";
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

export type GrantApprover = Approver<GrantApprovalRequest>;

export interface GrantAttemptInput extends GrantFacts {
  plan?: string;
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
  approval: Handoff | null;
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

export function grantCommand(
  environment: string,
  input: { action: string; resource?: string },
  approval: { plan?: string } = {},
): string {
  return commandLine("infra permissions grant", { env: environment, ...input, ...approval });
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

/** A grant as the approval component sees it: the policy's exact next document, from a known version. */
function grantAction(
  attempt: Attempt,
  identities: Identities,
  proposal: GrantProposal,
  request: { action: string; resource?: string },
): ApprovedAction<GrantProposal, GrantPlanRecord, GrantData, GrantApprovalRequest> {
  const { project, target, input, data } = attempt;
  const env = target.env;
  const again = `run ${grantCommand(env.name, request)} again (without --plan) for a new plan`;
  const { grant } = proposal;
  return {
    kind: "permission_grant",
    again,
    describe: () => ({
      kind: "permission_grant",
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
    }),
    save: () =>
      saveGrantPlan(
        project,
        env.name,
        identities,
        grantSpec(proposal, identities, { ...request, reason: reasonOf(input) }),
      ),
    revalidate: async (record) => {
      data.planId = record.id;
      revalidateGrant(record, proposal, request, again);
      return proposal;
    },
    apply: (plan, approval) => apply(attempt, plan, approval.by, again, approval.record),
    planCommand: (record) => grantCommand(env.name, request, { plan: record.id }),
  };
}

async function run(attempt: Attempt): Promise<GrantData> {
  const { project, target, input, data } = attempt;
  const env = target.env;
  const request = {
    action: input.action.trim(),
    ...(input.resource === undefined ? {} : { resource: input.resource.trim() }),
  };
  const identities = await resolveIdentities(project, target);
  await guardActiveTarget(project, env, identities.deploy.account, identities.deploy.arn);
  Object.assign(data, { account: identities.deploy.account, targetIdentity: identities.deploy.arn });
  const grant = planGrant(project, target, identities, input);
  const proposal = await proposeGrant(target, identities, grant);
  useProposal(attempt, identities, proposal);
  if (proposal.after === undefined) {
    data.outcome = "already_granted";
    await audit(attempt, "already_granted", "not_required", null);
    return data;
  }
  const scope = {
    project,
    environment: env.name,
    identity: identities.deploy,
    target: await approvalTarget(project, env),
  };
  const action = grantAction(attempt, identities, proposal, request);

  const reused = input.plan === undefined ? undefined : await reuse(scope, action, input.plan);
  const outcome = await decide(scope, action, proposal, reused?.record, {
    required: env.requireConfirmation,
    ...(input.approver === undefined ? {} : { approver: input.approver }),
  });
  if (outcome.status === "applied") return outcome.result;
  if (outcome.status === "declined") {
    data.outcome = "cancelled";
    await audit(attempt, "refused", null, {
      code: "GRANT_CANCELLED",
      message: "the person at the terminal declined the grant",
    });
    return data;
  }
  Object.assign(data, { outcome: "needs_confirmation", planId: outcome.record.id, approval: outcome.handoff });
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
    const settled = await settle(
      async () => {
        attempt = { project, target: await openGrantTarget(project, env.name), input, data, wrote: false };
        return run(attempt);
      },
      {
        changing: () => attempt?.wrote === true,
        audit: (outcome, failure) => {
          data.outcome = outcome;
          return audit({ project, input, data }, outcome, null, failure);
        },
        onAuditError,
      },
    );
    return { data: settled };
  } catch (error) {
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
