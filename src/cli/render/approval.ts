// Human renderings of `devops approval setup|status|sign`.
import type { CommandResult } from "../../core/result.js";
import type { SetupData, SignData, StatusData } from "../../managers/approval-manager.js";
import type { Handoff } from "../../managers/approval-manager.js";
import type { CliIoHost } from "../host.js";

type Colors = CliIoHost["colors"];

function protectionLine(writable: SetupData["writable"], path: string, c: Colors): string {
  if (writable === "root only") return `  ${c.green("✓")} ${path} can be changed only by root`;
  const who = writable === "others" ? "other users" : "you (and so any program you run)";
  return [
    `  ${c.yellow("!")} ${path} can be changed by ${who}: a program running as you could add its own key.`,
    `    For full protection, make the list root's: sudo install -D -o root -m 0644 ${path} /etc/devops/approvers`,
  ].join("\n");
}

export function renderApprovalSetup(result: CommandResult<SetupData>, host: CliIoHost): string {
  const { data } = result;
  const c = host.colors;
  return [
    `${c.green("✓")} ${data.added ? "Added" : "Already listed:"} ${data.principal} (${data.type} ${data.fingerprint}, ${data.protection}) in ${data.approvers}`,
    `  signing key: ${data.key}${data.created ? " (created)" : ""}`,
    protectionLine(data.writable, data.approvers, c),
  ].join("\n");
}

export function renderApprovalStatus(result: CommandResult<StatusData>, host: CliIoHost): string {
  const { data } = result;
  const c = host.colors;
  if (data.approvers === null) {
    return `${c.yellow("!")} No approver is set up on this machine: protected changes cannot be approved yet.`;
  }
  const lines = [`Approvers (${data.approvers}):`];
  for (const approver of data.listed) lines.push(`  ${approver.principal}  ${approver.type}  ${approver.fingerprint}`);
  if (data.listed.length === 0) lines.push("  (none listed for devops-approval)");
  if (data.writable !== null) lines.push(protectionLine(data.writable, data.approvers, c));
  lines.push(
    data.key === null ? "Your signing key: not set up" : `Your signing key: ${data.key} (as ${data.principal})`,
  );
  return lines.join("\n");
}

export function renderApprovalSign(result: CommandResult<SignData>, host: CliIoHost): string {
  const { data } = result;
  return `${host.colors.green("✓")} Signed the approval of ${data.kind} plan ${data.plan} (${data.environment}) as ${data.signer.principal} (${data.signer.key}); valid until ${data.expiresAt}`;
}

/** What a person must do to approve a plan that is waiting for them; nothing in it approves anything. */
export function handoffLines(handoff: Handoff, c: Colors): string[] {
  return [
    "A person approves by signing it; nothing printed here can approve it.",
    ...(handoff.approvers === null
      ? [c.yellow("  No approver is set up on this machine yet: devops approval setup (once).")]
      : []),
    `  1. In your own terminal (shows the plan, asks for your key's passphrase or touch):`,
    `     ${handoff.sign}`,
    `  2. Then, before ${handoff.expiresAt}, apply exactly this plan (once):`,
    `     ${handoff.command}`,
  ];
}
