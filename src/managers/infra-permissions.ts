// infra permissions list | audit | grant (the infra-permission-manager skill's workflows): a missing
// deploy permission granted, scoped to the environment, into a dedicated statement of the deploy
// identity's managed policy through the discover profile.
import { commandLine } from "../core/commands/command-line.js";
import type { Context } from "../core/context.js";
import { warn } from "../core/io.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { iamAuditPath, readIamAudit, type IamAuditEntry } from "../records/iam-audit.js";
import { handoffSteps } from "../skills/approval/flow.js";
import { attemptGrant, type GrantApprover, type GrantData } from "../skills/infra/permissions/grant-flow.js";
import {
  checkDrift,
  listDeployPolicy,
  type DriftCheck,
  type DriftFinding,
  type PolicyListing,
} from "../skills/infra/permissions/inspect.js";
import { openProject } from "../skills/project.js";

export { autoGrant, type AutoGrantRequest, type GrantOutcome } from "../skills/infra/permissions/auto-grant.js";
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
  if (data.outcome === "needs_confirmation" && data.approval !== null) return handoffSteps(data.approval);
  if (data.outcome === "granted" || data.outcome === "already_granted") {
    return [
      {
        command: commandLine("infra deploy", { env: data.environment }),
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
        command: commandLine("infra permissions audit", { env: env.name }),
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
              command: commandLine("infra permissions list", { env: drift[0]!.environment }),
              why: "see the deploy policy as it is now",
            },
          ]
        : [],
  };
}
