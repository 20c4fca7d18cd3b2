// Human rendering of remediate, and the banner a person sees before approving a remediation at the
// terminal: what will change, current → target.
import type { CommandResult } from "../../core/result.js";
import type { RemediationData, RemediationRequest } from "../../managers/ops-remediate.js";
import type { CliIoHost } from "../host.js";
import { handoffLines } from "./approval.js";

type Colors = CliIoHost["colors"];

function show(value: unknown): string {
  return value === null || value === undefined ? "none" : String(value);
}

function changeLines(changes: RemediationData["changes"], c: Colors): string[] {
  return changes.map(
    (change) => `  ${c.yellow("~")} ${change.field}: ${show(change.from)} → ${c.bold(show(change.to))}`,
  );
}

function noteLines(notes: readonly string[], c: Colors): string[] {
  return notes.map((note) => c.dim(`  note: ${note}`));
}

export function renderRemediation(result: CommandResult<RemediationData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const head = `${data.action} of ${c.bold(data.resource.name)} in ${c.bold(data.environment)}${data.account === undefined ? "" : ` (account ${data.account})`}`;
  const lines = [head, `  ${data.description}`, ...changeLines(data.changes, c), ...noteLines(data.notes, c), ""];
  if (result.status === "needs_confirmation" && data.approval !== undefined) {
    lines.push(
      c.yellow(c.bold("This remediation needs a human approval. Nothing has been changed.")),
      ...data.reasons.map((reason) => `  - ${reason}`),
      ...handoffLines(data.approval, c),
    );
  } else if (result.status === "no_changes") {
    lines.push(`Nothing to do: ${data.description}.`);
  } else if (result.status === "cancelled") {
    lines.push(c.yellow("Cancelled: nothing was changed."));
  } else if (data.verification !== undefined) {
    const v = data.verification;
    const label =
      v.status === "verified"
        ? c.green("Verified")
        : v.status === "timed_out"
          ? c.yellow("Applied, not settled yet")
          : c.red("Verification failed");
    lines.push(`${label}: ${v.detail} (${v.polls} check(s), ${Math.round(v.waitedMs / 1000)} s)`);
  }
  lines.push(c.dim(`log: ${data.log} (entry ${data.logEntry})`));
  return lines.join("\n").trimEnd();
}

/** One "yes"; for production-like or protected environments, then the environment's name. */
export function remediationBanner(request: RemediationRequest, c: Colors): string {
  return [
    c.bold(`${request.action} ${request.resource.name} in ${request.environment} (account ${request.account})`),
    `  ${request.description}`,
    ...changeLines(request.changes, c),
    ...noteLines(request.notes, c),
    ...request.reasons.map((reason) => c.dim(`  approval needed: ${reason}`)),
  ].join("\n");
}
