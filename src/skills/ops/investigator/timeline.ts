// One incident timeline from many sources: deployment history, alarm states and transitions, ECS service
// events and deployments, Lambda versions and configuration changes, clustered log errors, metric
// anomalies and git commits. Each source has a pure builder; buildTimeline merges, orders and numbers.
import type { ErrorCluster } from "../../../core/error-normalise.js";
import type { AlarmFacts, AlarmTransition, EcsServiceFacts, LambdaFacts } from "../../../core/services/logs.js";
import type { HistoryEntry } from "../../../records/history.js";
import type { Commit } from "./git-commits.js";
import type { MetricAnomaly } from "./metric-anomalies.js";

export type TimelineSource =
  | "deployment"
  | "alarm"
  | "ecs-event"
  | "ecs-deployment"
  | "lambda-version"
  | "lambda-config"
  | "log-errors"
  | "metric-anomaly"
  | "commit";
export type Severity = "info" | "warning" | "error";

export interface TimelineEntry {
  /** T1, T2, … in time order; hypotheses cite these. */
  id: string;
  /** A stable key of what the entry is about (deploy:<id>, cluster:<fingerprint>, commit:<sha>, …). */
  key: string;
  /** ISO-8601. */
  at: string;
  source: TimelineSource;
  severity: Severity;
  resource?: string;
  title: string;
  detail?: string;
}

export type DraftEntry = Omit<TimelineEntry, "id">;

export interface Window {
  startMs: number;
  endMs: number;
}

/** The stable keys of entries, so callers can find the entry (and its id) a fact produced. */
export const timelineKey = {
  history: (entry: Pick<HistoryEntry, "kind" | "id">) => `${entry.kind}:${entry.id}`,
  alarm: (name: string, state: string | undefined, at: string) => `alarm:${name}:${state ?? "?"}:${at}`,
  ecsEvent: (resource: string, event: { id?: string; at: string }) => `ecs-event:${resource}:${event.id ?? event.at}`,
  ecsDeployment: (resource: string, id: string) => `ecs-deployment:${resource}:${id}`,
  lambdaVersion: (resource: string, version: string) => `lambda-version:${resource}:${version}`,
  lambdaConfig: (resource: string, at: string) => `lambda-config:${resource}:${at}`,
  cluster: (fingerprint: string) => `cluster:${fingerprint}`,
  anomaly: (anomaly: Pick<MetricAnomaly, "resource" | "metric" | "start">) =>
    `anomaly:${anomaly.resource}:${anomaly.metric}:${anomaly.start}`,
  commit: (sha: string) => `commit:${sha}`,
};

export const inWindow = (at: string | undefined, window: Window): at is string => {
  const ms = at === undefined ? Number.NaN : Date.parse(at);
  return Number.isFinite(ms) && ms >= window.startMs && ms <= window.endMs;
};

export function countsText(counts: HistoryEntry["counts"]): string | undefined {
  if (counts === undefined) return undefined;
  const parts = [`+${counts.create}`, `~${counts.update}`, `-${counts.delete}`];
  if (counts.replace > 0) parts.push(`±${counts.replace}`);
  return parts.join(" ");
}

/** History entries in the window, plus the last deploy before it: the usual suspect for what follows. */
export function historyEntries(history: readonly HistoryEntry[], window: Window): DraftEntry[] {
  const before = [...history]
    .reverse()
    .find(
      (entry) => entry.kind === "deploy" && entry.outcome !== "no_changes" && Date.parse(entry.at) < window.startMs,
    );
  const chosen = history.filter((entry) => inWindow(entry.at, window) || entry === before);
  return chosen.map((entry) => {
    const facts = [entry.plan_id === undefined ? undefined : `plan ${entry.plan_id}`, countsText(entry.counts)].filter(
      (part) => part !== undefined,
    );
    const notes = [
      entry === before ? "the last deployment before the window" : undefined,
      entry.error === undefined ? undefined : `${entry.error.code}: ${entry.error.message}`,
    ].filter((note) => note !== undefined);
    return {
      key: timelineKey.history(entry),
      at: new Date(Date.parse(entry.at)).toISOString(),
      source: "deployment",
      severity: entry.outcome === "failed" ? "error" : "info",
      title: `${entry.kind} ${entry.outcome}${facts.length === 0 ? "" : ` (${facts.join(", ")})`}`,
      ...(notes.length === 0 ? {} : { detail: notes.join("; ") }),
    };
  });
}

const alarmSeverity = (state: string | undefined): Severity =>
  state === "ALARM" ? "error" : state === "INSUFFICIENT_DATA" ? "warning" : "info";

/** Alarms currently in ALARM (whenever that began) and alarm changes inside the window. */
export function alarmEntries(
  alarms: readonly AlarmFacts[],
  transitions: readonly AlarmTransition[],
  window: Window,
): DraftEntry[] {
  const entries: DraftEntry[] = [];
  for (const alarm of alarms) {
    if (alarm.stateUpdatedAt === undefined) continue;
    if (alarm.state !== "ALARM" && !inWindow(alarm.stateUpdatedAt, window)) continue;
    const at = Date.parse(alarm.stateUpdatedAt);
    // The history already tells this change (its timestamp may differ by a few milliseconds).
    if (
      transitions.some(
        (t) =>
          t.alarmName === alarm.name &&
          t.newState === alarm.state &&
          Math.abs(Date.parse(t.at) - at) <= 60_000 &&
          inWindow(t.at, window),
      )
    )
      continue;
    entries.push({
      key: timelineKey.alarm(alarm.name, alarm.state, alarm.stateUpdatedAt),
      at: alarm.stateUpdatedAt,
      source: "alarm",
      severity: alarmSeverity(alarm.state),
      resource: alarm.name,
      title: `alarm ${alarm.name} is ${alarm.state}${alarm.metricName === undefined ? "" : ` (${alarm.namespace ?? ""}${alarm.namespace === undefined ? "" : " "}${alarm.metricName})`}`,
      ...(alarm.stateReason === undefined ? {} : { detail: alarm.stateReason }),
    });
  }
  for (const transition of transitions) {
    if (!inWindow(transition.at, window)) continue;
    entries.push({
      key: timelineKey.alarm(transition.alarmName, transition.newState, transition.at),
      at: transition.at,
      source: "alarm",
      severity: alarmSeverity(transition.newState),
      resource: transition.alarmName,
      title:
        transition.newState === undefined
          ? `alarm ${transition.alarmName} changed`
          : `alarm ${transition.alarmName} went from ${transition.oldState ?? "?"} to ${transition.newState}`,
      ...(transition.summary === "" ? {} : { detail: transition.summary }),
    });
  }
  return entries;
}

const ECS_TROUBLE = /unable|failed|unhealthy|error|OutOfMemory|stopped|CannotPull|deregistered|draining/i;

export function ecsEntries(resource: string, facts: EcsServiceFacts, window: Window): DraftEntry[] {
  const events: DraftEntry[] = facts.events
    .filter((event) => inWindow(event.at, window))
    .map((event) => ({
      key: timelineKey.ecsEvent(resource, event),
      at: event.at,
      source: "ecs-event",
      severity: ECS_TROUBLE.test(event.message) ? "warning" : "info",
      resource,
      title: event.message,
    }));
  const deployments: DraftEntry[] = facts.deployments
    .filter((deployment) => inWindow(deployment.createdAt, window))
    .map((deployment) => ({
      key: timelineKey.ecsDeployment(resource, deployment.id),
      at: deployment.createdAt!,
      source: "ecs-deployment",
      severity: deployment.rolloutState === "FAILED" ? "error" : "info",
      resource,
      title: `ECS deployment ${deployment.id} (${deployment.status}${deployment.rolloutState === undefined ? "" : `, ${deployment.rolloutState}`}) of ${deployment.taskDefinition?.split("/").pop() ?? "a task definition"}`,
      ...(deployment.rolloutStateReason === undefined ? {} : { detail: deployment.rolloutStateReason }),
    }));
  return [...events, ...deployments];
}

export function lambdaEntries(resource: string, facts: LambdaFacts, window: Window): DraftEntry[] {
  const entries: DraftEntry[] = facts.versions
    .filter((version) => inWindow(version.lastModified, window))
    .map((version) => ({
      key: timelineKey.lambdaVersion(resource, version.version),
      at: version.lastModified!,
      source: "lambda-version",
      severity: "info",
      resource,
      title: `version ${version.version} of ${resource} published${version.description === undefined ? "" : ` (${version.description})`}`,
    }));
  if (inWindow(facts.lastModified, window)) {
    entries.push({
      key: timelineKey.lambdaConfig(resource, facts.lastModified),
      at: facts.lastModified,
      source: "lambda-config",
      severity: "info",
      resource,
      title: `configuration of ${resource} changed (memory ${facts.memoryMb ?? "?"} MB, timeout ${facts.timeoutSeconds ?? "?"} s)`,
    });
  }
  return entries;
}

export interface LogCluster extends ErrorCluster {
  level: "error" | "warning";
  /** The resources writing to the cluster's log groups. */
  resources: string[];
}

export function clusterEntries(clusters: readonly LogCluster[]): DraftEntry[] {
  return clusters.flatMap((cluster) =>
    cluster.firstSeen === undefined
      ? []
      : [
          {
            key: timelineKey.cluster(cluster.fingerprint),
            at: cluster.firstSeen,
            source: "log-errors" as const,
            severity: cluster.level,
            ...(cluster.resources.length === 0 ? {} : { resource: cluster.resources.join(", ") }),
            title: `${cluster.count}× ${cluster.pattern.split("\n")[0]!.slice(0, 160)}`,
            detail: `first ${cluster.firstSeen}, last ${cluster.lastSeen ?? cluster.firstSeen}; e.g. ${cluster.sample.split("\n")[0]!.slice(0, 300)}`,
          },
        ],
  );
}

export function anomalyEntries(anomalies: readonly MetricAnomaly[]): DraftEntry[] {
  return anomalies.map((anomaly) => ({
    key: timelineKey.anomaly(anomaly),
    at: anomaly.start,
    source: "metric-anomaly",
    severity: anomaly.kind === "cpu" ? "warning" : "error",
    resource: anomaly.resource,
    title: `${anomaly.metric} of ${anomaly.resource} peaked at ${anomaly.peak} (window median ${anomaly.median})`,
    detail: `${anomaly.points} period(s) from ${anomaly.start} to ${anomaly.end}: ${anomaly.reason}`,
  }));
}

export function commitEntries(commits: readonly Commit[]): DraftEntry[] {
  return commits.map((commit) => ({
    key: timelineKey.commit(commit.sha),
    at: commit.at,
    source: "commit",
    severity: "info",
    title: `commit ${commit.sha.slice(0, 7)} by ${commit.author}: ${commit.subject}`,
    ...(commit.files.length === 0
      ? {}
      : {
          detail: `${commit.files.slice(0, 10).join(", ")}${commit.files.length > 10 ? `, … (${commit.files.length} files)` : ""}`,
        }),
  }));
}

const SOURCE_ORDER: readonly TimelineSource[] = [
  "commit",
  "deployment",
  "ecs-deployment",
  "lambda-version",
  "lambda-config",
  "alarm",
  "ecs-event",
  "metric-anomaly",
  "log-errors",
];

/** Merges the drafts: one entry per key, oldest first (causes before effects at equal times), numbered. */
export function buildTimeline(drafts: readonly DraftEntry[]): TimelineEntry[] {
  const byKey = new Map<string, DraftEntry>();
  for (const draft of drafts) if (!byKey.has(draft.key)) byKey.set(draft.key, draft);
  return [...byKey.values()]
    .filter((draft) => Number.isFinite(Date.parse(draft.at)))
    .map((draft) => ({ ...draft, at: new Date(Date.parse(draft.at)).toISOString() }))
    .sort(
      (a, b) =>
        a.at.localeCompare(b.at) ||
        SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) ||
        a.key.localeCompare(b.key),
    )
    .map((draft, index) => ({ id: `T${index + 1}`, ...draft }));
}
