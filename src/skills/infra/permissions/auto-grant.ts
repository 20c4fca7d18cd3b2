// The permission loop of a failed deploy: when the debugger finds a missing deploy permission and the
// environment allows it (`auto_fix_permissions`), exactly that action is granted, scoped to the
// environment, and the deploy is retried once. A grant in an environment that requires confirmation is
// never applied without a human: the outcome then carries the approval command. Refusals and failures
// are returned, not thrown.
import { commandLine, placeholder } from "../../../core/commands/command-line.js";
import type { ProjectContext } from "../../../core/context.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import { isDevopsError } from "../../../core/errors.js";
import { warn } from "../../../core/io.js";
import type { Step } from "../../../core/result.js";
import { iamAuditPath } from "../../../records/iam-audit.js";
import { recordSolutionOutcome } from "../../../records/issue-log.js";
import type { DebugResult } from "../debugger/debugger.js";
import type { Infra } from "../target.js";
import { settleGrant, type GrantApprover, type GrantData, type GrantStatus } from "./grant-flow.js";
import type { DenialFlags } from "./runtime.js";

function auditWarning(project: ProjectContext, path: string) {
  return (error: unknown) =>
    warn(
      project.io,
      `this attempt could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}`,
      "IAM_AUDIT_FAILED",
    );
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
  /** needs_confirmation: the command that applies the plan once a person has signed its approval. */
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

export interface PermissionFix {
  outcome: GrantOutcome["outcome"];
  action: string;
  auditEntry: string | null;
  /** needs_confirmation: the grant a human approves, then the deploy is run again. */
  command?: string;
  error?: { code: string; message: string };
}

/** Whether this failure is one the loop may try to fix. */
export function wantsPermissionFix(
  infra: Infra,
  diagnosis: DebugResult | undefined,
): diagnosis is DebugResult & { action: string } {
  return (
    infra.env.autoFixPermissions &&
    diagnosis !== undefined &&
    diagnosis.category === "permission" &&
    diagnosis.action !== null
  );
}

export async function grantMissingPermission(
  project: ProjectContext,
  infra: Infra,
  diagnosis: DebugResult & { action: string },
  planId: string,
  steps: Step[],
): Promise<PermissionFix> {
  const outcome = await autoGrant(project, infra.env, {
    action: diagnosis.action,
    ...(diagnosis.resource === null ? {} : { resource: diagnosis.resource }),
    ...(diagnosis.resource_type === null ? {} : { resourceType: diagnosis.resource_type }),
    ...(diagnosis.principal === null ? {} : { principal: diagnosis.principal }),
    denial: diagnosis.denial,
    sourceError: diagnosis.message,
    reason: `deploy of plan ${planId} to ${infra.env.name} was denied ${diagnosis.action}`,
  });
  const fix: PermissionFix = {
    outcome: outcome.outcome,
    action: diagnosis.action,
    auditEntry: outcome.auditEntry,
    ...(outcome.command === undefined ? {} : { command: outcome.command }),
    ...(outcome.error === undefined ? {} : { error: { code: outcome.error.code, message: outcome.error.message } }),
  };
  const granted = fix.outcome === "granted" || fix.outcome === "already_granted";
  steps.push({
    name: "permission fix",
    status: granted ? "done" : fix.outcome === "needs_confirmation" ? "waiting" : "failed",
    detail: granted
      ? `${fix.outcome === "granted" ? "granted" : "already granted"} ${fix.action} (audit ${fix.auditEntry ?? "-"})`
      : (fix.error?.message ?? `a human must approve granting ${fix.action}`),
  });
  return fix;
}

/** Teaches the issue log whether the grant-and-retry fixed this failure. */
export async function recordFixOutcome(
  project: ProjectContext,
  diagnosis: DebugResult,
  success: boolean,
): Promise<void> {
  if (diagnosis.issue_id === null) return;
  const known = diagnosis.solutions.find((solution) => solution.category === "permission_grant");
  await recordSolutionOutcome(
    project.paths.stateDir,
    {
      issueId: diagnosis.issue_id,
      solution: {
        description:
          known?.description ?? `Grant ${diagnosis.action} to the deploy identity, scoped to the environment`,
        category: "permission_grant",
        steps: known?.steps ?? [
          commandLine("infra permissions grant", {
            env: placeholder("<env>"),
            action: diagnosis.action ?? placeholder("<action>"),
          }),
        ],
        automation: { automated: true, operation: "permission-grant" },
        ...(known?.command === undefined ? {} : { command: known.command }),
        ...(known?.catalogue_id === undefined ? {} : { catalogueId: known.catalogue_id }),
      },
      success,
    },
    project.clock.now(),
  ).catch(() => undefined);
}
