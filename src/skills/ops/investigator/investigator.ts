// The investigator: gathers the window's evidence, merges it into one timeline, turns it into signals
// and ranked root-cause hypotheses, and assembles the incident report.
import { relative, sep } from "node:path";
import type { ProjectContext } from "../../../core/context.js";
import type { Incident } from "../../../records/incident.js";
import { rankHypotheses, type Hypothesis, type Signals } from "./hypotheses.js";
import { gatherSources, type Gathered } from "./sources.js";
import { selectLogResources } from "./log-groups.js";
import type { Ops } from "../target.js";
import {
  alarmEntries,
  anomalyEntries,
  buildTimeline,
  clusterEntries,
  commitEntries,
  ecsEntries,
  historyEntries,
  inWindow,
  lambdaEntries,
  timelineKey,
  type TimelineEntry,
  type Window,
} from "./timeline.js";

/** Clusters kept in the report and on the timeline: the largest ones. */
export const MAX_CLUSTERS = 50;

export interface InvestigateInput {
  service?: string;
  window: Window;
}

const ms = (iso: string) => Date.parse(iso);
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The infrastructure folder relative to the project root, for "a commit touched infra/…". */
function infraPrefix(root: string, directory: string): string | undefined {
  const rel = relative(root, directory).split(sep).join("/");
  return rel === "" || rel.startsWith("..") ? undefined : `${rel}/`;
}

/** Pure: the hypotheses' inputs, each pointing at its timeline entry. */
export function signalsFrom(
  gathered: Gathered,
  clusters: Gathered["clusters"],
  timeline: readonly TimelineEntry[],
  window: Window,
  infra: string | undefined,
): Signals {
  const ids = new Map(timeline.map((entry) => [entry.key, entry.id]));
  const ref = (key: string) => ids.get(key);
  const withRef = <T extends { ref: string | undefined }>(items: T[]) =>
    items.filter((item): item is T & { ref: string } => item.ref !== undefined);
  const alarmSignals = [
    ...gathered.alarms
      .filter((a) => a.state === "ALARM" && a.stateUpdatedAt !== undefined)
      .map((a) => ({
        ref: ref(timelineKey.alarm(a.name, a.state, a.stateUpdatedAt!)),
        at: ms(a.stateUpdatedAt!),
        name: a.name,
        ...(a.metricName === undefined ? {} : { metric: a.metricName }),
      })),
    ...gathered.transitions
      .filter((t) => t.newState === "ALARM")
      .map((t) => ({ ref: ref(timelineKey.alarm(t.alarmName, t.newState, t.at)), at: ms(t.at), name: t.alarmName })),
  ];
  return {
    deployments: withRef(
      gathered.history.map((h) => ({
        ref: ref(timelineKey.history(h)),
        at: ms(h.at),
        id: h.id,
        kind: h.kind,
        outcome: h.outcome,
        ...(h.plan_id === undefined ? {} : { planId: h.plan_id }),
        ...(h.counts === undefined ? {} : { counts: h.counts }),
        ...(h.error === undefined ? {} : { error: `${h.error.code}: ${h.error.message}` }),
      })),
    ),
    clusters: withRef(
      clusters.flatMap((c) =>
        c.firstSeen === undefined
          ? []
          : [
              {
                ref: ref(timelineKey.cluster(c.fingerprint)),
                firstSeen: ms(c.firstSeen),
                lastSeen: ms(c.lastSeen ?? c.firstSeen),
                count: c.count,
                pattern: c.pattern,
                sample: c.sample,
                level: c.level,
              },
            ],
      ),
    ),
    alarms: withRef(alarmSignals),
    ecsEvents: withRef(
      gathered.ecs.flatMap(({ resource, facts }) =>
        facts.events.map((e) => ({
          ref: ref(timelineKey.ecsEvent(resource, e)),
          at: ms(e.at),
          resource,
          message: e.message,
        })),
      ),
    ),
    anomalies: withRef(
      gathered.anomalies.map((a) => ({
        ref: ref(timelineKey.anomaly(a)),
        at: ms(a.start),
        resource: a.resource,
        metric: a.metric,
        kind: a.kind,
        peak: a.peak,
      })),
    ),
    changes: withRef([
      ...gathered.lambdas.flatMap(({ resource, facts }) => [
        ...facts.versions
          .filter((v) => inWindow(v.lastModified, window))
          .map((v) => ({
            ref: ref(timelineKey.lambdaVersion(resource, v.version)),
            at: ms(v.lastModified!),
            resource,
            what: `version ${v.version} of ${resource} was published`,
          })),
        ...(inWindow(facts.lastModified, window)
          ? [
              {
                ref: ref(timelineKey.lambdaConfig(resource, facts.lastModified)),
                at: ms(facts.lastModified),
                resource,
                what: `the configuration of ${resource} changed`,
              },
            ]
          : []),
      ]),
      ...gathered.ecs.flatMap(({ resource, facts }) =>
        facts.deployments
          .filter((d) => inWindow(d.createdAt, window))
          .map((d) => ({
            ref: ref(timelineKey.ecsDeployment(resource, d.id)),
            at: ms(d.createdAt!),
            resource,
            what: `ECS deployment ${d.id} of ${resource} started`,
          })),
      ),
    ]),
    commits: withRef(
      gathered.commits.map((c) => ({
        ref: ref(timelineKey.commit(c.sha)),
        at: ms(c.at),
        sha: c.sha,
        subject: c.subject,
        files: c.files,
        touchesInfra: infra !== undefined && c.files.some((f) => f.startsWith(infra)),
      })),
    ),
  };
}

export function summarise(
  hypotheses: readonly Hypothesis[],
  clusters: Gathered["clusters"],
  timeline: readonly TimelineEntry[],
): string {
  const errorClusters = clusters.filter((c) => c.level === "error");
  const errors = errorClusters.reduce((sum, c) => sum + c.count, 0);
  const trouble = timeline.filter((e) => e.severity !== "info").length;
  const head = `${plural(timeline.length, "timeline entry", "timeline entries")} (${trouble} with warnings or errors), ${plural(errors, "error log event", "error log events")} in ${plural(errorClusters.length, "cluster", "clusters")}.`;
  const top = hypotheses[0];
  if (top === undefined) return `${head} Nothing points at a cause.`;
  return `${head} Most likely: ${top.statement} (confidence ${top.confidence.toFixed(2)}).`;
}

export async function investigate(project: ProjectContext, ops: Ops, input: InvestigateInput): Promise<Incident> {
  const overrides = project.config.monitoring.log_groups;
  const selection = selectLogResources(ops.resources, overrides, input.service, ops.env.name);
  const gathered = await gatherSources(project, ops, {
    ...(input.service === undefined ? {} : { service: input.service }),
    selected: selection.resources,
    window: input.window,
  });

  const clusters = gathered.clusters
    .slice()
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_CLUSTERS);
  const timeline = buildTimeline([
    ...historyEntries(gathered.history, input.window),
    ...alarmEntries(gathered.alarms, gathered.transitions, input.window),
    ...gathered.ecs.flatMap(({ resource, facts }) => ecsEntries(resource, facts, input.window)),
    ...gathered.lambdas.flatMap(({ resource, facts }) => lambdaEntries(resource, facts, input.window)),
    ...clusterEntries(clusters),
    ...anomalyEntries(gathered.anomalies),
    ...commitEntries(gathered.commits),
  ]);
  const signals = signalsFrom(
    gathered,
    clusters,
    timeline,
    input.window,
    infraPrefix(project.paths.root, ops.env.iac.directory),
  );
  const hypotheses = rankHypotheses(signals);
  const last = [...gathered.history].reverse().find((h) => h.kind === "deploy" && h.outcome !== "no_changes");

  return {
    schemaVersion: 1,
    environment: ops.env.name,
    generatedAt: project.clock.now().toISOString(),
    window: { start: new Date(input.window.startMs).toISOString(), end: new Date(input.window.endMs).toISOString() },
    ...(input.service === undefined ? {} : { service: input.service }),
    resources: [...selection.resources.map((r) => r.name), ...selection.overrideKeys],
    summary: summarise(hypotheses, clusters, timeline),
    ...(last === undefined
      ? {}
      : {
          lastDeployment: {
            id: last.id,
            at: new Date(ms(last.at)).toISOString(),
            outcome: last.outcome,
            ...(last.plan_id === undefined ? {} : { planId: last.plan_id }),
            ...(last.counts === undefined ? {} : { counts: last.counts }),
          },
        }),
    timeline,
    clusters,
    clustersOmitted: gathered.clusters.length - clusters.length,
    anomalies: gathered.anomalies,
    hypotheses,
    recommendations: [...new Set(hypotheses.slice(0, 5).map((h) => h.recommendation))],
    commits: gathered.commits,
    logs: { groups: gathered.logGroups, eventsRead: gathered.logEventsRead, truncated: gathered.logsTruncated },
    sources: gathered.sources,
  };
}
