// Gathers what an investigation looks at, source by source, in parallel. A source that cannot answer
// (an API the provider does not offer, a missing permission, no git) is noted as unavailable with its
// reason and the investigation goes on without it; only unusable credentials stop it.
import type { ProjectContext } from "../../../core/context.js";
import { clusterMessages } from "../../../core/error-normalise.js";
import { isDevopsError } from "../../../core/errors.js";
import type { AlarmFacts, AlarmTransition, EcsServiceFacts, LambdaFacts } from "../../../core/services/logs.js";
import { readHistory, type HistoryEntry } from "../../../records/history.js";
import { registryPaths, type RegistryResource } from "../../../records/registry.js";
import { commitsInWindow, type Commit } from "./git-commits.js";
import { ecsRef, findLogTargets, type LogTarget } from "./log-groups.js";
import { searchLogs, type GroupOutcome } from "./log-search.js";
import { findAnomalies, periodFor, seriesFor, type MetricAnomaly } from "./metric-anomalies.js";
import type { LogCluster, Window } from "./timeline.js";
import type { Ops } from "../target.js";

export interface SourceReport {
  available: string[];
  unavailable: Array<{ source: string; reason: string }>;
}

export interface Gathered {
  history: HistoryEntry[];
  alarms: AlarmFacts[];
  transitions: AlarmTransition[];
  ecs: Array<{ resource: string; facts: EcsServiceFacts }>;
  lambdas: Array<{ resource: string; facts: LambdaFacts }>;
  clusters: LogCluster[];
  logGroups: GroupOutcome[];
  logEventsRead: number;
  logsTruncated: boolean;
  anomalies: MetricAnomaly[];
  commits: Commit[];
  sources: SourceReport;
}

/** Events read per investigation, across its log groups; the clusters keep the signal small. */
export const INVESTIGATION_EVENTS = 5_000;

// Any of these words (CloudWatch `?term` syntax); the events are classified again locally.
export const TROUBLE_FILTER =
  "?ERROR ?Error ?error ?Exception ?exception ?FATAL ?Fatal ?CRITICAL ?Traceback ?timed ?Timeout ?Throttling ?ThrottlingException ?ProvisionedThroughputExceededException ?OutOfMemory ?killed ?denied ?refused ?WARN ?WARNING ?Warning";

/** Pure: the alarms about the selected resources: alarm resources themselves, or alarms whose dimensions name one. */
export function relevantAlarms(alarms: readonly AlarmFacts[], selected: readonly RegistryResource[]): AlarmFacts[] {
  const alarmNames = new Set(selected.filter((r) => r.type === "aws_cloudwatch_metric_alarm").map((r) => r.name));
  const names = new Set(
    selected.flatMap((r) => [r.name, r.aws_id, r.arn].filter((v): v is string => v !== undefined && v !== "")),
  );
  const lbSuffixes = selected.flatMap((r) =>
    r.arn?.includes(":loadbalancer/") ? [r.arn.split(":loadbalancer/")[1]!] : [],
  );
  return alarms.filter(
    (alarm) =>
      alarmNames.has(alarm.name) ||
      Object.values(alarm.dimensions).some((value) => names.has(value) || lbSuffixes.includes(value)),
  );
}

const firstLine = (text: string) => text.split("\n")[0] ?? "";

function reasonOf(error: unknown): string {
  if (isDevopsError(error)) {
    const status = error.details?.httpStatus;
    return `${error.code}${typeof status === "number" ? ` (HTTP ${status})` : ""}: ${firstLine(error.message)}`;
  }
  return firstLine(error instanceof Error ? error.message : String(error));
}

function sourceLog() {
  const report: SourceReport = { available: [], unavailable: [] };
  return {
    report,
    note(source: string, reason: string) {
      report.unavailable.push({ source, reason });
    },
    async attempt<T>(source: string, work: () => Promise<T>, fallback: T): Promise<T> {
      try {
        const value = await work();
        report.available.push(source);
        return value;
      } catch (error) {
        if (isDevopsError(error) && error.code === "AWS_CREDENTIALS") throw error;
        report.unavailable.push({ source, reason: reasonOf(error) });
        return fallback;
      }
    },
  };
}

export interface GatherInput {
  service?: string;
  selected: RegistryResource[];
  window: Window;
}

export async function gatherSources(project: ProjectContext, ops: Ops, input: GatherInput): Promise<Gathered> {
  const log = sourceLog();
  const { window, selected } = input;
  const logs = ops.services.logs;
  const monitoring = project.config.monitoring;
  const projectNames = ops.resources.map((resource) => resource.name).filter((name) => name.length >= 6);

  const history = log.attempt(
    "deployment-history",
    () => readHistory(registryPaths(project.paths.stateDir, ops.env.name).history),
    [] as HistoryEntry[],
  );
  const alarms = log.attempt("alarms", async () => relevantAlarms(await logs.alarms(), selected), [] as AlarmFacts[]);
  const transitions = alarms.then(async (found) => {
    const names = new Set(found.map((alarm) => alarm.name));
    if (names.size === 0) return [] as AlarmTransition[];
    return log.attempt(
      "alarm-history",
      async () => (await logs.alarmHistory(window)).filter((t) => names.has(t.alarmName)),
      [] as AlarmTransition[],
    );
  });

  const ecsServices = selected.filter((r) => r.type === "aws_ecs_service");
  const ecs =
    ecsServices.length === 0
      ? Promise.resolve([])
      : log.attempt(
          "ecs-events",
          async () => {
            const refs = ecsServices.flatMap((resource) => {
              const ref = ecsRef(resource);
              return ref === undefined ? [] : [{ resource: resource.name, ref }];
            });
            const facts = await Promise.all(
              refs.map(async ({ resource, ref }) => ({ resource, facts: await logs.ecsService(ref) })),
            );
            return facts.flatMap(({ resource, facts: f }) => (f === undefined ? [] : [{ resource, facts: f }]));
          },
          [] as Gathered["ecs"],
        );

  const functions = selected.filter((r) => r.type === "aws_lambda_function");
  const lambdas =
    functions.length === 0
      ? Promise.resolve([])
      : log.attempt(
          "lambda-versions",
          async () => {
            const facts = await Promise.all(
              functions.map(async (resource) => ({
                resource: resource.name,
                facts: await logs.lambdaFunction(resource.name),
              })),
            );
            return facts.flatMap(({ resource, facts: f }) => (f === undefined ? [] : [{ resource, facts: f }]));
          },
          [] as Gathered["lambdas"],
        );

  const emptyLogs = { clusters: [] as LogCluster[], groups: [] as GroupOutcome[], read: 0, truncated: false };
  const logResult = log.attempt(
    "logs",
    async () => {
      const { targets } = await findLogTargets({ ...ops, resources: selected }, monitoring.log_groups, input.service);
      return clusterLogs(logs, targets, window, projectNames);
    },
    emptyLogs,
  );

  const series = seriesFor(selected, monitoring.thresholds);
  const anomalies =
    series.length === 0
      ? Promise.resolve([])
      : log.attempt(
          "metrics",
          async () => {
            const found = await logs.errorMetricSeries(
              series.map((s) => s.query),
              { ...window, periodSeconds: periodFor(window) },
            );
            return found.flatMap((result, index) =>
              findAnomalies(result, {
                resource: series[index]!.resource,
                metric: series[index]!.query.metricName,
                rule: series[index]!.rule,
              }),
            );
          },
          [] as MetricAnomaly[],
        );

  const commits = commitsInWindow({ root: project.paths.root, env: project.env }, window).then((outcome) => {
    if (outcome.available) log.report.available.push("git");
    else log.note("git", outcome.reason);
    return outcome.commits;
  });

  const [h, a, t, e, l, lr, an, c] = await Promise.all([
    history,
    alarms,
    transitions,
    ecs,
    lambdas,
    logResult,
    anomalies,
    commits,
  ]);
  return {
    history: h,
    alarms: a,
    transitions: t,
    ecs: e,
    lambdas: l,
    clusters: lr.clusters,
    logGroups: lr.groups,
    logEventsRead: lr.read,
    logsTruncated: lr.truncated,
    anomalies: an,
    commits: c,
    sources: {
      available: [...log.report.available].sort(),
      unavailable: [...log.report.unavailable].sort((x, y) => x.source.localeCompare(y.source)),
    },
  };
}

async function clusterLogs(
  logs: Ops["services"]["logs"],
  targets: readonly LogTarget[],
  window: Window,
  projectNames: readonly string[],
) {
  const found = await searchLogs(logs, targets, {
    ...window,
    filterPattern: TROUBLE_FILTER,
    limit: INVESTIGATION_EVENTS,
  });
  const resourcesOf = new Map(targets.map((target) => [target.logGroup, target.resources]));
  const clusters: LogCluster[] = (["error", "warning"] as const).flatMap((level) =>
    clusterMessages(
      found.events
        .filter((event) => event.level === level)
        .map((event) => ({ text: event.message, at: event.timestamp, source: event.logGroup })),
      { projectNames },
    ).map((cluster) => ({
      ...cluster,
      level,
      resources: [...new Set(cluster.sources.flatMap((group) => resourcesOf.get(group) ?? []))].sort(),
    })),
  );
  return { clusters, groups: found.groups, read: found.events.length, truncated: found.truncated };
}
