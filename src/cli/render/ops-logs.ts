// Human renderings of query-logs (events oldest first, levels coloured, counts and truncation) and
// investigate (hypotheses first, then the timeline and where the report was written).
import type { CommandResult } from "../../core/result.js";
import type { InvestigationData, LogsData } from "../../managers/ops-logs.js";
import type { CliIoHost } from "../host.js";

type Colors = CliIoHost["colors"];

function level(text: string, value: "error" | "warning" | "info", c: Colors): string {
  return value === "error" ? c.red(text) : value === "warning" ? c.yellow(text) : text;
}

export function renderLogs(result: CommandResult<unknown>, host: CliIoHost): string {
  const data = result.data as LogsData;
  const c = host.colors;
  const lines = [
    `Logs of ${c.bold(data.environment)}${data.service === undefined ? "" : ` / ${data.service}`}  ${c.dim(`${data.window.start} → ${data.window.end}${data.filter === undefined ? "" : `  filter: ${data.filter}`}`)}`,
  ];
  if (data.logGroups.length === 0) lines.push(c.yellow("No log group is known for the selected resources."));
  for (const group of data.logGroups)
    lines.push(
      c.dim(`  ${group.logGroup} (${group.resources.join(", ")})${group.exists ? "" : " — does not exist yet"}`),
    );
  for (const entry of data.unresolved) lines.push(c.yellow(`  ${entry.resource}: ${entry.reason}`));
  lines.push("");
  for (const event of data.events) {
    const tag = event.level === "info" ? "     " : level(event.level === "error" ? "ERROR" : "WARN ", event.level, c);
    lines.push(
      `${c.dim(event.at)} ${tag} ${event.message}${event.fullLength === undefined ? "" : c.dim(` (cut from ${event.fullLength} characters)`)}`,
    );
  }
  if (data.events.length === 0 && data.logGroups.length > 0) lines.push("No events in the window.");
  lines.push(
    "",
    `${data.returned} event(s): ${c.red(`${data.counts.error} errors`)}, ${c.yellow(`${data.counts.warning} warnings`)}` +
      (data.truncated ? c.yellow(`; limited to ${data.limit}, at least ${data.more} more`) : ""),
  );
  return lines.join("\n");
}

export function renderInvestigation(result: CommandResult<unknown>, host: CliIoHost): string {
  const { incident, report } = result.data as InvestigationData;
  const c = host.colors;
  const lines = [
    `Investigation of ${c.bold(incident.environment)}${incident.service === undefined ? "" : ` / ${incident.service}`}  ${c.dim(`${incident.window.start} → ${incident.window.end}`)}`,
    "",
    incident.summary,
    "",
    c.bold("Hypotheses"),
  ];
  if (incident.hypotheses.length === 0) lines.push("  none: nothing in the window points at a cause");
  incident.hypotheses.forEach((h, index) => {
    lines.push(
      `  ${index + 1}. ${h.statement} ${c.dim(`(confidence ${h.confidence.toFixed(2)}; ${h.evidence.join(", ")})`)}`,
      c.dim(`     → ${h.recommendation}`),
    );
  });
  lines.push("", c.bold("Timeline"));
  if (incident.timeline.length === 0) lines.push("  nothing happened in the window");
  for (const e of incident.timeline.slice(-40)) {
    const mark = e.severity === "error" ? c.red("✗") : e.severity === "warning" ? c.yellow("!") : c.dim("·");
    lines.push(`  ${mark} ${c.dim(`${e.id.padEnd(4)} ${e.at}`)} ${e.source.padEnd(14)} ${e.title}`);
  }
  if (incident.timeline.length > 40)
    lines.push(c.dim(`  (${incident.timeline.length - 40} earlier entries in the report)`));
  if (incident.sources.unavailable.length > 0) {
    lines.push("", c.yellow("Not available:"));
    for (const u of incident.sources.unavailable) lines.push(c.dim(`  ${u.source}: ${u.reason}`));
  }
  lines.push("", `Report: ${report.json}${report.markdown === undefined ? "" : ` and ${report.markdown}`}`);
  return lines.join("\n");
}
