// The incident report an investigation writes (`incidents/<env>/<ts>-incident.json` and `.md`): the
// window, the merged timeline, clustered errors, metric anomalies, ranked hypotheses with the timeline
// entries behind them, recommendations, and which sources could not be read.
import * as z from "zod";
import { reportStamp, writeReport, type WrittenReport } from "./reports.js";

const Instant = z.iso.datetime({ offset: true });

export const IncidentTimelineEntry = z.object({
  id: z.string(),
  key: z.string(),
  at: Instant,
  source: z.enum([
    "deployment",
    "alarm",
    "ecs-event",
    "ecs-deployment",
    "lambda-version",
    "lambda-config",
    "log-errors",
    "metric-anomaly",
    "commit",
  ]),
  severity: z.enum(["info", "warning", "error"]),
  resource: z.string().optional(),
  title: z.string(),
  detail: z.string().optional(),
});

export const IncidentCluster = z.object({
  fingerprint: z.string(),
  pattern: z.string(),
  level: z.enum(["error", "warning"]),
  count: z.number().int().nonnegative(),
  firstSeen: Instant.optional(),
  lastSeen: Instant.optional(),
  sample: z.string(),
  sources: z.array(z.string()),
  resources: z.array(z.string()),
});

export const IncidentAnomaly = z.object({
  resource: z.string(),
  metric: z.string(),
  kind: z.enum(["errors", "throttles", "5xx", "memory", "cpu"]),
  start: Instant,
  end: Instant,
  peak: z.number(),
  median: z.number(),
  points: z.number().int(),
  reason: z.string(),
});

export const IncidentHypothesis = z.object({
  kind: z.string(),
  statement: z.string(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
  lastEvidenceAt: Instant,
  recommendation: z.string(),
});

export const IncidentCommit = z.object({
  sha: z.string(),
  at: Instant,
  author: z.string(),
  subject: z.string(),
  files: z.array(z.string()),
});

export const Incident = z.object({
  schemaVersion: z.literal(1),
  environment: z.string().min(1),
  generatedAt: Instant,
  window: z.object({ start: Instant, end: Instant }),
  service: z.string().optional(),
  resources: z.array(z.string()),
  summary: z.string(),
  lastDeployment: z
    .object({
      id: z.string(),
      at: Instant,
      outcome: z.string(),
      planId: z.string().optional(),
      counts: z.object({ create: z.number(), update: z.number(), delete: z.number(), replace: z.number() }).optional(),
    })
    .optional(),
  timeline: z.array(IncidentTimelineEntry),
  clusters: z.array(IncidentCluster),
  /** Clusters left out of `clusters` (the smallest), when there were many. */
  clustersOmitted: z.number().int().nonnegative(),
  anomalies: z.array(IncidentAnomaly),
  hypotheses: z.array(IncidentHypothesis),
  recommendations: z.array(z.string()),
  commits: z.array(IncidentCommit),
  logs: z.object({
    groups: z.array(
      z.object({
        logGroup: z.string(),
        resources: z.array(z.string()),
        exists: z.boolean(),
        events: z.number().int(),
        truncated: z.boolean(),
      }),
    ),
    eventsRead: z.number().int().nonnegative(),
    truncated: z.boolean(),
  }),
  sources: z.object({
    available: z.array(z.string()),
    unavailable: z.array(z.object({ source: z.string(), reason: z.string() })),
  }),
});
export type Incident = z.infer<typeof Incident>;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** The report for people: what happened, the likely causes first, then the evidence. */
export function renderIncidentMarkdown(incident: Incident): string {
  const lines = [
    `# Incident report — ${incident.environment}${incident.service === undefined ? "" : ` / ${incident.service}`}`,
    "",
    `- Window: ${incident.window.start} → ${incident.window.end}`,
    `- Generated: ${incident.generatedAt}`,
    `- Resources: ${incident.resources.length === 0 ? "(none recorded)" : incident.resources.join(", ")}`,
    ...(incident.lastDeployment === undefined
      ? []
      : [
          `- Last deployment: ${incident.lastDeployment.at} (${incident.lastDeployment.outcome}${incident.lastDeployment.planId === undefined ? "" : `, plan ${incident.lastDeployment.planId}`})`,
        ]),
    "",
    "## Summary",
    "",
    incident.summary,
    "",
    "## Hypotheses",
    "",
  ];
  if (incident.hypotheses.length === 0) lines.push("No hypothesis: nothing in the window points at a cause.", "");
  incident.hypotheses.forEach((h, index) => {
    lines.push(
      `${index + 1}. **${h.statement}** — confidence ${h.confidence.toFixed(2)}; evidence ${h.evidence.join(", ")}`,
      `   - ${h.recommendation}`,
    );
  });
  lines.push(
    "",
    "## Recommendations",
    "",
    ...(incident.recommendations.length === 0 ? ["None."] : incident.recommendations.map((r) => `- ${r}`)),
    "",
  );
  lines.push("## Timeline", "");
  if (incident.timeline.length === 0) lines.push("Nothing happened in the window.");
  else {
    lines.push("| id | time | source | severity | resource | what |", "| --- | --- | --- | --- | --- | --- |");
    for (const e of incident.timeline)
      lines.push(
        `| ${e.id} | ${e.at} | ${e.source} | ${e.severity} | ${cell(e.resource ?? "")} | ${cell(e.title)}${e.detail === undefined ? "" : ` — ${cell(e.detail)}`} |`,
      );
  }
  lines.push("", "## Error clusters", "");
  if (incident.clusters.length === 0) lines.push("No errors or warnings in the logs read.");
  for (const c of incident.clusters) {
    lines.push(
      `- **${c.count}× ${c.level}** ${cell(c.pattern.split("\n")[0] ?? "")} (${c.firstSeen ?? "?"} → ${c.lastSeen ?? "?"}; ${c.resources.join(", ") || c.sources.join(", ")})`,
      "",
      "  ```",
      ...c.sample
        .split("\n")
        .slice(0, 8)
        .map((l) => `  ${l.replace(/`{3}/g, "'''")}`),
      "  ```",
    );
  }
  if (incident.clustersOmitted > 0) lines.push(`- … and ${incident.clustersOmitted} smaller clusters`);
  if (incident.anomalies.length > 0) {
    lines.push("", "## Metric anomalies", "");
    for (const a of incident.anomalies)
      lines.push(
        `- ${a.metric} of ${a.resource}: peak ${a.peak} (median ${a.median}) ${a.start} → ${a.end}, ${a.reason}`,
      );
  }
  lines.push("", "## Sources", "", `- Read: ${incident.sources.available.join(", ") || "none"}`);
  for (const u of incident.sources.unavailable) lines.push(`- Not available: ${u.source} — ${cell(u.reason)}`);
  return `${lines.join("\n")}\n`;
}

/** Writes the JSON and markdown reports under `incidents/<env>/`. */
export async function writeIncident(stateDir: string, incident: Incident, now: Date): Promise<WrittenReport> {
  const checked = Incident.parse(incident);
  return writeReport({
    stateDir,
    category: "incidents",
    environment: checked.environment,
    name: `${reportStamp(now)}-incident`,
    json: checked,
    markdown: renderIncidentMarkdown(checked),
  });
}
