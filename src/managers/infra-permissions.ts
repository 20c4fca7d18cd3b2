// infra permissions list | audit | grant (the infra-permission-manager skill's workflows), and
// autoGrant for the deploy loop: a missing deploy permission granted, scoped to the environment, into
// a dedicated statement of the deploy identity's managed policy through the discover profile.
import type { Context, ProjectContext } from "../core/context.js";
import type { ResolvedEnvironment } from "../core/config/resolve.js";
import { warn } from "../core/io.js";
import { isDevopsError } from "../core/errors.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { iamAuditPath, readIamAudit, type IamAuditEntry } from "../records/iam-audit.js";
import {
  attemptGrant,
  settleGrant,
  type GrantApprover,
  type GrantData,
  type GrantStatus,
} from "../skills/infra/permissions/grant-flow.js";
import type { DenialFlags } from "../skills/infra/permissions/runtime.js";
import {
  checkDrift,
  listDeployPolicy,
  type DriftCheck,
  type DriftFinding,
  type PolicyListing,
} from "../skills/infra/permissions/inspect.js";
import { openProject } from "../skills/project.js";

export type {
  GrantApprovalRequest,
  GrantApprover,
  GrantData,
  GrantStatus,
} from "../skills/infra/permissions/grant-flow.js";

export interface PermissionsGrantInput {
  env: string;
  action: string;
  /** The resource ARN named by the error. */
  resource?: string;
  reason?: string;
  sourceError?: string;
  plan?: string;
  confirm?: string;
  approver?: GrantApprover;
}

function auditWarning(ctx: Context, path: string) {
  return (error: unknown) =>
    warn(
      ctx.io,
      `this attempt could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}`,
      "IAM_AUDIT_FAILED",
    );
}

function nextSteps(data: GrantData): NextStep[] {
  if (data.outcome === "needs_confirmation" && data.approval !== null) {
    return [
      {
        command: data.approval.command,
        why: `write exactly this grant once a human has approved it (the code expires at ${data.approval.expiresAt} and works once)`,
      },
    ];
  }
  if (data.outcome === "granted" || data.outcome === "already_granted") {
    return [
      {
        command: `devops infra deploy --env ${data.environment}`,
        why: "retry the deployment with the permission in place",
      },
    ];
  }
  return [];
}

export async function permissionsGrant(ctx: Context, input: PermissionsGrantInput): Promise<CommandResult<GrantData>> {
  const project = await openProject(ctx);
  const data = await attemptGrant(project, input.env, input, auditWarning(ctx, iamAuditPath(project.paths.stateDir)));
  return { status: data.outcome, environment: data.environment, data, next: nextSteps(data) };
}

export interface PermissionsListData {
  environment: string;
  account: string;
  deployIdentity: string;
  discoverIdentity: string;
  policy: PolicyListing;
  /** The audit entries of this environment, oldest first. */
  audit: IamAuditEntry[];
}

export async function permissionsList(
  ctx: Context,
  input: { env: string },
): Promise<CommandResult<PermissionsListData>> {
  const project = await openProject(ctx);
  const env = project.environment(input.env);
  const trail = await readIamAudit(project.paths.stateDir);
  const { identities, listing } = await listDeployPolicy(project, env.name);
  return {
    status: "ok",
    environment: env.name,
    data: {
      environment: env.name,
      account: identities.deploy.account,
      deployIdentity: identities.deploy.arn,
      discoverIdentity: identities.discover.arn,
      policy: listing,
      audit: (trail?.entries ?? []).filter((entry) => entry.environment === env.name),
    },
    next: [
      {
        command: `devops infra permissions audit --env ${env.name}`,
        why: "check every audited grant is still in the policy",
      },
    ],
  };
}

export interface PermissionsAuditData {
  audit: string;
  environment: string | null;
  entries: IamAuditEntry[];
  drift: DriftFinding[];
  checks: DriftCheck[];
}

export async function permissionsAudit(
  ctx: Context,
  input: { env?: string },
): Promise<CommandResult<PermissionsAuditData>> {
  const project = await openProject(ctx);
  const environment = input.env === undefined ? null : project.environment(input.env).name;
  const trail = await readIamAudit(project.paths.stateDir);
  const entries = (trail?.entries ?? []).filter((entry) => environment === null || entry.environment === environment);
  const { drift, checks } = await checkDrift(project, entries);
  return {
    status: "ok",
    ...(environment === null ? {} : { environment }),
    data: { audit: iamAuditPath(project.paths.stateDir), environment, entries, drift, checks },
    verdict: drift.length > 0 ? "fail" : "pass",
    next:
      drift.length > 0
        ? [
            {
              command: `devops infra permissions list --env ${drift[0]!.environment}`,
              why: "see the deploy policy as it is now",
            },
          ]
        : [],
  };
}

/** A denied deploy permission as the debugger reports it. */
export interface AutoGrantRequest {
  action: string;
  resource?: string;
  resourceType?: string;
  passedToService?: string;
  principal?: string;
  denial?: DenialFlags;
  sourceError: string;
  reason: string;
}

export interface GrantOutcome {
  outcome: GrantStatus;
  environment: string;
  /** The audit entry id (YYYY-MM-DD-NNN), when one was written. */
  auditEntry: string | null;
  data?: GrantData;
  /** Why it was refused or failed. */
  error?: { code: string; message: string; suggestion?: string };
  /** needs_confirmation: the command a human approves (it carries the plan and code). */
  command?: string;
}

/**
 * For the deploy loop: grants one denied deploy permission. Never writes without a human approval in
 * an environment that requires confirmation (returns needs_confirmation with the command to run, or
 * asks `options.approver` on a terminal). Refusals and failures are returned, not thrown.
 */
export async function autoGrant(
  project: ProjectContext,
  env: ResolvedEnvironment,
  request: AutoGrantRequest,
  options: { approver?: GrantApprover } = {},
): Promise<GrantOutcome> {
  const path = iamAuditPath(project.paths.stateDir);
  if (!env.autoFixPermissions) {
    return {
      outcome: "refused",
      environment: env.name,
      auditEntry: null,
      error: {
        code: "AUTO_FIX_DISABLED",
        message: `environments.${env.name}.auto_fix_permissions is off`,
        suggestion: `set environments.${env.name}.auto_fix_permissions to true, or grant it yourself: devops infra permissions grant --env ${env.name} --action ${request.action}`,
      },
    };
  }
  try {
    const { data, error } = await settleGrant(
      project,
      env.name,
      { ...request, ...(options.approver === undefined ? {} : { approver: options.approver }) },
      auditWarning(project, path),
    );
    if (error !== undefined && !isDevopsError(error)) throw error;
    return {
      outcome: data.outcome,
      environment: env.name,
      auditEntry: data.auditEntry,
      data,
      ...(data.approval === null ? {} : { command: data.approval.command }),
      ...(error === undefined
        ? {}
        : {
            error: {
              code: error.code,
              message: error.message,
              ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }),
            },
          }),
    };
  } catch (error) {
    // The trail is corrupt or newer: nothing was attempted.
    if (!isDevopsError(error)) throw error;
    return {
      outcome: "failed",
      environment: env.name,
      auditEntry: null,
      error: {
        code: error.code,
        message: error.message,
        ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }),
      },
    };
  }
}
