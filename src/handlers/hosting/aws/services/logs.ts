// AWS implementation of the logs service: CloudWatch Logs FilterLogEvents, and the read-only facts an
// investigation needs (CloudWatch alarms and alarm history, ECS service events and task definitions,
// Lambda configuration and versions, error metric series). Each SDK client is loaded on first use.
import * as z from "zod";
import { ProviderError } from "../../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type {
  AlarmFacts,
  AlarmTransition,
  EcsServiceFacts,
  LambdaFacts,
  LambdaVersion,
  LogEvent,
  LogQuery,
  LogQueryResult,
  LogsService,
  MetricSeries,
  MetricSeriesQuery,
} from "../../../../core/services/logs.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { loadSdk } from "../sdk/load.js";
import { alignDown, lazyClient } from "./shared.js";

const MAX_PAGE = 10_000;
// A safety stop: FilterLogEvents may hand back empty pages with a token while it scans a large group.
const MAX_PAGES = 500;
const METRIC_QUERIES_PER_CALL = 500;

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ProviderError && error.code === "AWS_NOT_FOUND";
}

const StateChange = z.object({
  oldState: z.object({ stateValue: z.string() }).partial().optional(),
  newState: z.object({ stateValue: z.string() }).partial().optional(),
});

function transitionStates(historyData: string | undefined): { oldState?: string; newState?: string } {
  if (historyData === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(historyData);
  } catch {
    return {};
  }
  const parsed = StateChange.safeParse(json);
  if (!parsed.success) return {};
  const { oldState, newState } = parsed.data;
  return {
    ...(oldState?.stateValue === undefined ? {} : { oldState: oldState.stateValue }),
    ...(newState?.stateValue === undefined ? {} : { newState: newState.stateValue }),
  };
}

export function createLogsService(env: ResolvedEnvironment): LogsService {
  const logs = lazyClient(
    () => loadSdk("cloudwatch-logs"),
    (m) => new m.CloudWatchLogsClient(clientConfig(env)),
  );
  const cloudwatch = lazyClient(
    () => loadSdk("inv-cloudwatch"),
    (m) => new m.CloudWatchClient(clientConfig(env)),
  );
  const ecs = lazyClient(
    () => loadSdk("inv-ecs"),
    (m) => new m.ECSClient(clientConfig(env)),
  );
  const lambda = lazyClient(
    () => loadSdk("inv-lambda"),
    (m) => new m.LambdaClient(clientConfig(env)),
  );

  async function filterEvents(query: LogQuery): Promise<LogQueryResult> {
    const { sdk: module, client } = await logs();
    const events: LogEvent[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const want = Math.min(MAX_PAGE, query.pageSize ?? MAX_PAGE, Math.max(1, query.maxEvents - events.length));
      let page;
      try {
        page = await call("logs:FilterLogEvents", env, () =>
          client.send(
            new module.FilterLogEventsCommand({
              logGroupName: query.logGroup,
              startTime: query.startMs,
              endTime: query.endMs,
              limit: want,
              ...(query.filterPattern === undefined || query.filterPattern === ""
                ? {}
                : { filterPattern: query.filterPattern }),
              ...(token === undefined ? {} : { nextToken: token }),
            }),
          ),
        );
      } catch (error) {
        if (pages === 0 && isNotFound(error)) return { events: [], stoppedEarly: false, groupExists: false, pages: 0 };
        throw error;
      }
      pages++;
      for (const event of page.events ?? []) {
        if (event.timestamp === undefined || event.message === undefined) continue;
        events.push({
          timestamp: event.timestamp,
          message: event.message,
          logGroup: query.logGroup,
          ...(event.logStreamName === undefined ? {} : { logStream: event.logStreamName }),
        });
      }
      token = page.nextToken;
    } while (token !== undefined && events.length < query.maxEvents && pages < MAX_PAGES);
    events.sort((a, b) => a.timestamp - b.timestamp);
    return {
      events: events.slice(0, query.maxEvents),
      stoppedEarly: token !== undefined || events.length > query.maxEvents,
      groupExists: true,
      pages,
    };
  }

  async function ecsService(ref: { cluster: string; service: string }): Promise<EcsServiceFacts | undefined> {
    const { sdk: module, client } = await ecs();
    let answer;
    try {
      answer = await call("ecs:DescribeServices", env, () =>
        client.send(new module.DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] })),
      );
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const service = answer.services?.[0];
    if (service === undefined) return undefined;
    return {
      serviceName: service.serviceName ?? ref.service,
      ...(service.taskDefinition === undefined ? {} : { taskDefinition: service.taskDefinition }),
      ...(service.desiredCount === undefined ? {} : { desiredCount: service.desiredCount }),
      ...(service.runningCount === undefined ? {} : { runningCount: service.runningCount }),
      events: (service.events ?? []).flatMap((event) => {
        const at = iso(event.createdAt);
        return at === undefined || event.message === undefined
          ? []
          : [{ ...(event.id === undefined ? {} : { id: event.id }), at, message: event.message }];
      }),
      deployments: (service.deployments ?? []).map((deployment) => {
        const createdAt = iso(deployment.createdAt);
        const updatedAt = iso(deployment.updatedAt);
        return {
          id: deployment.id ?? "",
          status: deployment.status ?? "UNKNOWN",
          ...(deployment.taskDefinition === undefined ? {} : { taskDefinition: deployment.taskDefinition }),
          ...(deployment.rolloutState === undefined ? {} : { rolloutState: deployment.rolloutState }),
          ...(deployment.rolloutStateReason === undefined ? {} : { rolloutStateReason: deployment.rolloutStateReason }),
          ...(createdAt === undefined ? {} : { createdAt }),
          ...(updatedAt === undefined ? {} : { updatedAt }),
          ...(deployment.failedTasks === undefined ? {} : { failedTasks: deployment.failedTasks }),
        };
      }),
    };
  }

  async function taskDefinitionLogGroups(taskDefinition: string): Promise<string[]> {
    const { sdk: module, client } = await ecs();
    const answer = await call("ecs:DescribeTaskDefinition", env, () =>
      client.send(new module.DescribeTaskDefinitionCommand({ taskDefinition })),
    );
    const groups = (answer.taskDefinition?.containerDefinitions ?? []).flatMap((container) => {
      const config = container.logConfiguration;
      const group = config?.logDriver === "awslogs" ? config.options?.["awslogs-group"] : undefined;
      return group === undefined || group === "" ? [] : [group];
    });
    return [...new Set(groups)];
  }

  async function lambdaFunction(functionName: string): Promise<LambdaFacts | undefined> {
    const { sdk: module, client } = await lambda();
    let config;
    try {
      config = await call("lambda:GetFunctionConfiguration", env, () =>
        client.send(new module.GetFunctionConfigurationCommand({ FunctionName: functionName })),
      );
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const versions: LambdaVersion[] = [];
    let marker: string | undefined;
    do {
      const page = await call("lambda:ListVersionsByFunction", env, () =>
        client.send(
          new module.ListVersionsByFunctionCommand({
            FunctionName: functionName,
            ...(marker === undefined ? {} : { Marker: marker }),
          }),
        ),
      );
      for (const version of page.Versions ?? []) {
        if (version.Version === undefined || version.Version === "$LATEST") continue;
        const lastModified = iso(version.LastModified);
        versions.push({
          version: version.Version,
          ...(lastModified === undefined ? {} : { lastModified }),
          ...(version.Description ? { description: version.Description } : {}),
        });
      }
      marker = page.NextMarker;
    } while (marker !== undefined);
    const lastModified = iso(config.LastModified);
    return {
      functionName,
      ...(lastModified === undefined ? {} : { lastModified }),
      ...(config.Timeout === undefined ? {} : { timeoutSeconds: config.Timeout }),
      ...(config.MemorySize === undefined ? {} : { memoryMb: config.MemorySize }),
      ...(config.LastUpdateStatus === undefined ? {} : { lastUpdateStatus: config.LastUpdateStatus }),
      versions,
    };
  }

  async function alarms(): Promise<AlarmFacts[]> {
    const { sdk: module, client } = await cloudwatch();
    const found: AlarmFacts[] = [];
    let token: string | undefined;
    do {
      const page = await call("cloudwatch:DescribeAlarms", env, () =>
        client.send(new module.DescribeAlarmsCommand({ ...(token === undefined ? {} : { NextToken: token }) })),
      );
      for (const alarm of page.MetricAlarms ?? []) {
        if (alarm.AlarmName === undefined) continue;
        const stateUpdatedAt = iso(alarm.StateUpdatedTimestamp);
        found.push({
          name: alarm.AlarmName,
          state: alarm.StateValue ?? "UNKNOWN",
          ...(alarm.StateReason === undefined ? {} : { stateReason: alarm.StateReason }),
          ...(stateUpdatedAt === undefined ? {} : { stateUpdatedAt }),
          ...(alarm.Namespace === undefined ? {} : { namespace: alarm.Namespace }),
          ...(alarm.MetricName === undefined ? {} : { metricName: alarm.MetricName }),
          dimensions: Object.fromEntries(
            (alarm.Dimensions ?? []).flatMap((d) =>
              d.Name === undefined || d.Value === undefined ? [] : [[d.Name, d.Value]],
            ),
          ),
        });
      }
      token = page.NextToken;
    } while (token !== undefined);
    return found;
  }

  async function alarmHistory(range: { startMs: number; endMs: number }): Promise<AlarmTransition[]> {
    const { sdk: module, client } = await cloudwatch();
    const found: AlarmTransition[] = [];
    let token: string | undefined;
    do {
      const page = await call("cloudwatch:DescribeAlarmHistory", env, () =>
        client.send(
          new module.DescribeAlarmHistoryCommand({
            StartDate: new Date(range.startMs),
            EndDate: new Date(range.endMs),
            HistoryItemType: "StateUpdate",
            MaxRecords: 100,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        ),
      );
      for (const item of page.AlarmHistoryItems ?? []) {
        const at = iso(item.Timestamp);
        if (item.AlarmName === undefined || at === undefined) continue;
        found.push({
          alarmName: item.AlarmName,
          at,
          summary: item.HistorySummary ?? "",
          ...transitionStates(item.HistoryData),
        });
      }
      token = page.NextToken;
    } while (token !== undefined);
    return found;
  }

  async function errorMetricSeries(
    queries: readonly MetricSeriesQuery[],
    range: { startMs: number; endMs: number; periodSeconds: number },
  ): Promise<MetricSeries[]> {
    const { sdk: module, client } = await cloudwatch();
    const points = new Map(queries.map((query) => [query.id, [] as MetricSeries["points"]]));
    for (let offset = 0; offset < queries.length; offset += METRIC_QUERIES_PER_CALL) {
      const batch = queries.slice(offset, offset + METRIC_QUERIES_PER_CALL);
      // Our own ids keep the API's id rules out of the callers' way.
      const byId = new Map(batch.map((query, index) => [`m${index}`, query.id]));
      let token: string | undefined;
      do {
        const page = await call("cloudwatch:GetMetricData", env, () =>
          client.send(
            new module.GetMetricDataCommand({
              // Aligned to the period, as CloudWatch recommends, so buckets start on period boundaries.
              StartTime: new Date(alignDown(range.startMs, range.periodSeconds)),
              EndTime: new Date(range.endMs),
              ScanBy: "TimestampAscending",
              MetricDataQueries: batch.map((query, index) => ({
                Id: `m${index}`,
                ReturnData: true,
                MetricStat: {
                  Metric: {
                    Namespace: query.namespace,
                    MetricName: query.metricName,
                    Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
                  },
                  Period: range.periodSeconds,
                  Stat: query.stat,
                },
              })),
              ...(token === undefined ? {} : { NextToken: token }),
            }),
          ),
        );
        for (const result of page.MetricDataResults ?? []) {
          const target = points.get(byId.get(result.Id ?? "") ?? "");
          if (target === undefined) continue;
          (result.Timestamps ?? []).forEach((timestamp, index) => {
            const value = result.Values?.[index];
            if (value !== undefined) target.push({ t: timestamp.getTime(), v: value });
          });
        }
        token = page.NextToken;
      } while (token !== undefined);
    }
    return queries.map((query) => ({ id: query.id, points: (points.get(query.id) ?? []).sort((a, b) => a.t - b.t) }));
  }

  return {
    service: "logs",
    filterEvents,
    ecsService,
    taskDefinitionLogGroups,
    lambdaFunction,
    alarms,
    alarmHistory,
    errorMetricSeries,
  };
}
