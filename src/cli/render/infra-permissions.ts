// Human rendering of the permission manager: a grant (or the change awaiting approval), the deploy
// policy's statements, and the audit trail with its drift check.
import type { CommandResult } from "../../core/result.js";
import type { PermissionsAuditData, PermissionsListData } from "../../managers/infra-permissions.js";
import type { GrantApprovalRequest, GrantData } from "../../managers/infra-permissions.js";
import type { CliIoHost } from "../host.js";
import { handoffLines } from "./approval.js";

type Colors = CliIoHost["colors"];

export function grantBanner(request: GrantApprovalRequest, c: Colors): string {
  return [
    `${c.bold("Permission grant")} in ${c.bold(request.environment)} (account ${request.account})`,
    `  policy    ${request.policyArn} (now ${request.versionBefore})`,
    `  statement ${request.statementSid}`,
    `  actions   ${request.actions.join(", ")}`,
    `  resources ${request.resources.join(", ")}`,
    ...(request.condition === null ? [] : [`  condition ${JSON.stringify(request.condition)}`]),
    `  reason    ${request.reason}`,
    ...request.notes.map((note) => c.dim(`  - ${note}`)),
  ].join("\n");
}

export function renderGrant(result: CommandResult<GrantData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const head =
    {
      granted: c.green("Granted"),
      already_granted: c.green("Already granted"),
      needs_confirmation: c.yellow("Needs a human's approval — nothing changed"),
      cancelled: c.yellow("Cancelled — nothing changed"),
    }[data.outcome as "granted" | "already_granted" | "needs_confirmation" | "cancelled"] ?? data.outcome;
  const lines = [
    `${head}: ${data.actions.join(", ")} in ${c.bold(data.environment)}`,
    ...(data.policyArn === null
      ? []
      : [`  policy    ${data.policyArn} ${data.versionBefore ?? "?"} → ${data.versionAfter ?? "(unchanged)"}`]),
    ...(data.statementSid === null ? [] : [`  statement ${data.statementSid}`]),
    `  scope     ${data.resources.join(", ")}`,
    ...(data.prunedVersion === null
      ? []
      : [c.dim(`  deleted the oldest policy version ${data.prunedVersion} (IAM keeps at most 5)`)]),
    ...data.notes.map((note) => c.dim(`  - ${note}`)),
    c.dim(`  audit: ${data.audit}${data.auditEntry === null ? "" : ` (${data.auditEntry})`}`),
  ];
  if (data.approval !== null) lines.push("", ...handoffLines(data.approval, c));
  return lines.join("\n");
}

export function renderPermissionsList(result: CommandResult<PermissionsListData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const { policy } = data;
  const lines = [
    `Deploy policy of ${c.bold(data.environment)}: ${policy.policyArn} (${policy.defaultVersion}, ${policy.versions.length} of 5 versions, ${policy.size}/${policy.sizeLimit} characters)`,
    c.dim(`  deploy identity ${data.deployIdentity}; grants made by ${data.discoverIdentity}`),
  ];
  for (const statement of policy.statements) {
    const mark = statement.autoGranted ? c.yellow(" [auto-granted]") : "";
    lines.push(
      `  ${statement.sid ?? "(no Sid)"}${mark}: ${statement.effect} ${statement.actions.join(", ")} on ${statement.resources.join(", ")}`,
    );
  }
  lines.push("", `${data.audit.length} grant${data.audit.length === 1 ? "" : "s"} recorded for ${data.environment}`);
  for (const entry of data.audit.slice(-10))
    lines.push(`  ${entry.id} ${entry.outcome}: ${entry.actions.join(", ")} — ${entry.reason}`);
  return lines.join("\n");
}

export function renderPermissionsAudit(result: CommandResult<PermissionsAuditData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const lines = [
    `${data.entries.length} audited grant attempt${data.entries.length === 1 ? "" : "s"}${data.environment === null ? "" : ` in ${data.environment}`} (${data.audit})`,
  ];
  for (const entry of data.entries) {
    lines.push(
      `  ${entry.id} ${entry.environment} ${entry.outcome}: ${entry.actions.join(", ")} on ${entry.resource_scope.join(", ") || "-"} (${entry.approved_by ?? "not applied"})`,
    );
  }
  if (data.drift.length > 0) {
    lines.push("", c.red("Drift: grants no longer in the policy"));
    for (const d of data.drift)
      lines.push(`  ${d.id} ${d.statementSid}: missing ${[...d.missingActions, ...d.missingResources].join(", ")}`);
  }
  for (const check of data.checks.filter((one) => one.status === "unavailable"))
    lines.push(c.dim(`  not checked (${check.environment}): ${check.detail}`));
  return lines.join("\n");
}
