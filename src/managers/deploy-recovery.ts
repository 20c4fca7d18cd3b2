// The permission loop of a failed deploy: when the debugger finds a missing deploy permission and the
// environment allows it (`auto_fix_permissions`), the permission manager grants exactly that action,
// scoped to the environment, and the deploy is retried once. A grant in an environment that requires
// confirmation is never applied without a human: the failure then carries the approval command.
import type { ProjectContext } from "../core/context.js";
import { recordSolutionOutcome } from "../records/issue-log.js";
import type { DebugResult } from "../skills/infra/debugger/debugger.js";
import type { Infra } from "../skills/infra/target.js";
import type { Step } from "./deploy-manager.js";
import type { GrantOutcome } from "./infra-permissions.js";

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
  const { autoGrant } = await import("./infra-permissions.js");
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
        steps: known?.steps ?? [`devops infra permissions grant --env <env> --action ${diagnosis.action}`],
        automation: { automated: true, operation: "permission-grant" },
        ...(known?.command === undefined ? {} : { command: known.command }),
        ...(known?.catalogue_id === undefined ? {} : { catalogueId: known.catalogue_id }),
      },
      success,
    },
    project.clock.now(),
  ).catch(() => undefined);
}
