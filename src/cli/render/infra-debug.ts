// Human rendering of debug: the diagnosis in one line, the facts that were found, the ranked fixes
// with their record, and the recommended next step.
import type { CommandResult } from "../../core/result.js";
import type { DebugData, OutcomeData } from "../../managers/infra-debug.js";
import type { CliIoHost } from "../host.js";

type Colors = CliIoHost["colors"];

function facts(data: DebugData): string[] {
  const rows: [string, string | number | null][] = [
    ["code", data.code],
    ["HTTP status", data.http_status],
    ["IAM action", data.action],
    ["resource", data.resource],
    ["resource type", data.resource_type],
    ["resource name", data.resource_name],
    ["principal", data.principal],
    ["lock id", data.lock_id],
  ];
  const denials = Object.entries(data.denial)
    .filter(([, on]) => on)
    .map(([name]) => name);
  const lines = rows.filter(([, value]) => value !== null).map(([name, value]) => `  ${name.padEnd(14)} ${value}`);
  if (denials.length > 0) lines.push(`  ${"denied by".padEnd(14)} ${denials.join(", ")} (a grant cannot fix this)`);
  if (data.encoded_message !== null)
    lines.push(
      `  ${"encoded".padEnd(14)} an encoded authorization message is attached (decode it with sts:DecodeAuthorizationMessage)`,
    );
  return lines;
}

function solutionLines(data: DebugData, c: Colors): string[] {
  if (data.solutions.length === 0) return [c.dim("  no known fix: this looks new")];
  return data.solutions.flatMap((solution, index) => {
    const record =
      solution.success_rate === null
        ? "built-in, not yet tried here"
        : `${solution.success_rate.successes}/${solution.success_rate.attempts} worked (${solution.success_rate.percentage} %)`;
    const head = `  ${index + 1}. ${c.bold(solution.description)} ${c.dim(`[${solution.confidence}, score ${solution.score.toFixed(1)}, ${record}]`)}`;
    const steps = solution.steps.slice(0, 4).map((step) => c.dim(`       - ${step}`));
    return [head, ...steps, ...(solution.command === undefined ? [] : [`       $ ${solution.command}`])];
  });
}

/** Which run --last debugs and when, so an old failure is not mistaken for the one just seen. */
function failedRunLine(data: DebugData, c: Colors): string[] {
  const run = data.failed_run;
  if (run === undefined) return [];
  const what = run.command_line ?? run.command ?? "a run";
  const where = run.environment === null ? "" : ` in ${run.environment}`;
  return [`Last failure: ${c.bold(what)}${where} at ${run.at} (${c.bold(run.age)})`];
}

function renderDiagnosis(result: CommandResult<DebugData>, host: CliIoHost): string {
  const c = host.colors;
  const { data } = result;
  const where = data.environment === null ? "" : ` in ${c.bold(data.environment)}`;
  const lines = [
    ...failedRunLine(data, c),
    `${c.bold(data.category.toUpperCase())} error${where} (${data.confidence} confidence, rule ${data.rule})${data.errors > 1 ? c.dim(` — root cause of ${data.errors} errors`) : ""}`,
    ...facts(data),
    "",
    c.bold("Fixes"),
    ...solutionLines(data, c),
    "",
    `${c.bold("Recommendation")}: ${data.recommendation.action} — ${data.recommendation.reason}`,
  ];
  if (data.recommendation.command !== null) lines.push(`  $ ${data.recommendation.command}`);
  if (data.issue_id !== null)
    lines.push(
      c.dim(`issue ${data.issue_id.slice(0, 12)} seen ${data.occurrences} time${data.occurrences === 1 ? "" : "s"}`),
    );
  return lines.join("\n");
}

function renderOutcome(result: CommandResult<OutcomeData>): string {
  const { data } = result;
  const rate = data.success_rate;
  return `Recorded for issue ${data.issue_id.slice(0, 12)}: "${data.description}" has worked ${rate.successes} of ${rate.attempts} times (${rate.percentage} %).`;
}

export function renderDebugCommand(result: CommandResult<DebugData | OutcomeData>, host: CliIoHost): string {
  return result.status === "recorded"
    ? renderOutcome(result as CommandResult<OutcomeData>)
    : renderDiagnosis(result as CommandResult<DebugData>, host);
}
