// Human renderings of check-health and analyze-performance: the overall verdict first, then one line
// per resource (worst first) with its reasons, the issues, recommendations and where the report is.
import type { CommandResult } from "../../core/result.js";
import type { HealthData, MetricSummary, PerformanceData } from "../../managers/ops-health.js";
import { formatNumber } from "../../core/format.js";
import type { CliIoHost } from "../host.js";

type Colors = CliIoHost["colors"];

function paintStatus(status: string, c: Colors): string {
  if (status === "HEALTHY") return c.green(status);
  if (status === "DEGRADED") return c.yellow(status);
  if (status === "UNHEALTHY") return c.red(c.bold(status));
  return c.dim(status);
}

const calls = (apiCalls: Record<string, number>) =>
  Object.entries(apiCalls)
    .map(([operation, count]) => `${operation} ×${count}`)
    .join(", ") || "none";

export function renderHealth(result: CommandResult<HealthData>, host: CliIoHost): string {
  const c = host.colors;
  const d = result.data;
  if (result.status === "not_deployed")
    return `Nothing is recorded as deployed in ${c.bold(d.environment)}: there is nothing to check.`;
  const r = d.resources;
  const lines = [
    `Health of ${c.bold(d.environment)}: ${paintStatus(d.overall, c)}`,
    c.dim(`${d.window.start} – ${d.window.end} (${d.window.timeframe}, ${d.window.periodSeconds} s periods)`),
    `${r.total} resources: ${c.green(`${r.healthy} healthy`)}, ${c.yellow(`${r.degraded} degraded`)}, ${c.red(`${r.unhealthy} unhealthy`)}, ${r.unknown} unknown`,
    "",
  ];
  for (const item of d.results) {
    lines.push(`  ${paintStatus(item.status.padEnd(9), c)} ${item.resource} ${c.dim(`(${item.type})`)}`);
    for (const reason of item.reasons) lines.push(`            ${c.dim("·")} ${reason}`);
  }
  if (d.results.length === 0) lines.push("  No resource here has health metrics.");
  const skipped = Object.entries(d.notMonitored);
  if (skipped.length > 0)
    lines.push("", c.dim(`Not monitored: ${skipped.map(([type, n]) => `${type} ×${n}`).join(", ")}`));
  if (d.recommendations.length > 0) {
    lines.push("", "Recommendations:");
    for (const recommendation of d.recommendations) lines.push(`  - ${recommendation}`);
  }
  lines.push("", c.dim(`API calls: ${calls(d.apiCalls)} · ${d.metricQueries} metric queries · ${d.durationMs} ms`));
  if (d.reportPath !== undefined) lines.push(c.dim(`Report: ${d.reportPath}`));
  return lines.join("\n");
}

function statsLine(m: MetricSummary): string {
  const unit = m.unit === "ms" ? " ms" : m.unit === "percent" ? "%" : m.unit === "bytes" ? " B" : "";
  const s = m.stats;
  const parts: string[] = [];
  const add = (label: string, value: number | undefined) =>
    value !== undefined && parts.push(`${label} ${formatNumber(value)}${unit}`);
  if (m.statistic === "sum") add("total", s.sum);
  add("avg", s.average);
  add("min", s.minimum);
  add("max", s.maximum);
  add("p95", s.p95);
  add("p99", s.p99);
  const trend =
    m.trend.direction === "insufficient_data"
      ? ""
      : `, ${m.trend.direction}${m.trend.changePct === undefined ? "" : ` ${formatNumber(m.trend.changePct)}%`}`;
  return `${parts.join(", ") || "no data"}${trend}${m.anomalies.length === 0 ? "" : `, ${m.anomalies.length} ${m.anomalies.length === 1 ? "anomaly" : "anomalies"}`}`;
}

export function renderPerformance(result: CommandResult<PerformanceData>, host: CliIoHost): string {
  const c = host.colors;
  const d = result.data;
  if (result.status === "not_deployed")
    return `Nothing is recorded as deployed in ${c.bold(d.environment)}: there is nothing to analyse.`;
  const lines = [
    `Performance of ${c.bold(d.environment)}`,
    c.dim(`${d.window.start} – ${d.window.end} (${d.window.timeframe}, ${d.window.periodSeconds} s periods)`),
  ];
  if (!d.percentiles.available && d.percentiles.requested > 0)
    lines.push(c.yellow(d.percentiles.reason ?? "percentiles unavailable"));
  lines.push("");
  for (const resource of d.resources) {
    lines.push(`${c.bold(resource.resource)} ${c.dim(`(${resource.type})`)}`);
    for (const metric of resource.metrics) lines.push(`  ${metric.metric.padEnd(28)} ${statsLine(metric)}`);
  }
  if (d.resources.length === 0) lines.push("No resource here has performance metrics.");
  if (d.recommendations.length > 0) {
    lines.push("", "Recommendations:");
    const paint = { high: c.red, medium: c.yellow, low: c.dim };
    for (const r of d.recommendations)
      lines.push(`  ${paint[r.severity](r.severity.padEnd(6))} ${r.resource}: ${r.message}`);
  }
  lines.push("", c.dim(`API calls: ${calls(d.apiCalls)} · ${d.metricQueries} metric queries · ${d.durationMs} ms`));
  if (d.chart !== undefined) lines.push(`Chart: ${d.chart}`);
  if (d.reportPath !== undefined) lines.push(c.dim(`Report: ${d.reportPath}`));
  return lines.join("\n");
}
