// AWS implementation of the metrics service: CloudWatch GetMetricData in batches of 500 queries
// (pages followed), DescribeAlarms, and the Lambda/ECS status calls (metrics-status.ts). Every
// request is counted, so callers can report what a check cost.
import { InternalError } from "../../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import {
  METRIC_QUERIES_PER_CALL,
  type AlarmState,
  type AlarmSummary,
  type MetricDataResult,
  type MetricDimension,
  type MetricQuery,
  type MetricSeries,
  type MetricsService,
} from "../../../../core/services/metrics.js";
import type { TimeRange } from "../../../../core/timeframe.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { resourceStatus } from "./metrics-status.js";
import { alignDown, mapLimit } from "./shared.js";
import { loadSdk } from "../sdk/load.js";

type CloudWatchSdk = typeof import("../sdk/cloudwatch.js");

/** Batches fetched at once: enough to overlap latency, few enough not to trip CloudWatch's TPS limit. */
const PARALLEL_BATCHES = 4;
const QUERY_ID = /^[a-z][A-Za-z0-9_]*$/;

type CallCounter = (operation: string) => void;

function checkQueries(queries: readonly MetricQuery[]): void {
  const seen = new Set<string>();
  for (const query of queries) {
    if (!QUERY_ID.test(query.id))
      throw new InternalError(`metric query id "${query.id}" is not a valid CloudWatch query id`);
    if (seen.has(query.id)) throw new InternalError(`metric query id "${query.id}" is used twice in one fetch`);
    seen.add(query.id);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function seriesStatus(code: string | undefined): MetricSeries["status"] {
  if (code === "PartialData") return "partial";
  if (code === "Forbidden") return "forbidden";
  if (code === "InternalError") return "error";
  return "complete";
}

/** Merges pages into ascending series (the provider may page and may answer newest first). */
function sortSeries(series: MetricSeries): MetricSeries {
  const order = series.timestamps.map((_, i) => i).sort((a, b) => series.timestamps[a]! - series.timestamps[b]!);
  return {
    ...series,
    timestamps: order.map((i) => series.timestamps[i]!),
    values: order.map((i) => series.values[i]!),
  };
}

async function fetchBatch(
  sdk: CloudWatchSdk,
  client: InstanceType<CloudWatchSdk["CloudWatchClient"]>,
  env: ResolvedEnvironment,
  batch: readonly MetricQuery[],
  range: TimeRange,
  count: CallCounter,
): Promise<{ series: Map<string, MetricSeries>; calls: number }> {
  const series = new Map<string, MetricSeries>(
    batch.map((q) => [q.id, { id: q.id, timestamps: [], values: [], status: "complete" }]),
  );
  const request = {
    // Aligned to the shortest period of the batch, as CloudWatch recommends, so buckets start on period boundaries.
    StartTime: new Date(alignDown(range.startMs, Math.min(...batch.map((q) => q.periodSeconds)))),
    EndTime: new Date(range.endMs),
    ScanBy: "TimestampAscending" as const,
    MetricDataQueries: batch.map((q) => ({
      Id: q.id,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: q.namespace,
          MetricName: q.metricName,
          Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        },
        Period: q.periodSeconds,
        Stat: q.stat,
      },
    })),
  };
  let calls = 0;
  let nextToken: string | undefined;
  do {
    count("cloudwatch:GetMetricData");
    calls += 1;
    const page = await call("cloudwatch:GetMetricData", env, () =>
      client.send(
        new sdk.GetMetricDataCommand({ ...request, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }),
      ),
    );
    for (const result of page.MetricDataResults ?? []) {
      const target = result.Id === undefined ? undefined : series.get(result.Id);
      if (target === undefined) continue;
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let i = 0; i < Math.min(timestamps.length, values.length); i += 1) {
        target.timestamps.push(timestamps[i]!.getTime());
        target.values.push(values[i]!);
      }
      const status = seriesStatus(result.StatusCode);
      // A partial page is normal while more pages follow; only the last word counts.
      target.status = status === "partial" && page.NextToken !== undefined ? target.status : status;
      const message = result.Messages?.map((m) => m.Value ?? m.Code)
        .filter(Boolean)
        .join("; ");
      if (message) target.message = message;
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return { series, calls };
}

function dimensionsOf(
  list: ReadonlyArray<{ Name?: string | undefined; Value?: string | undefined }> | undefined,
): MetricDimension[] {
  return (list ?? [])
    .filter((d) => d.Name !== undefined && d.Value !== undefined)
    .map((d) => ({ name: d.Name!, value: d.Value! }));
}

export function createMetricsService(env: ResolvedEnvironment): MetricsService {
  const counts: Record<string, number> = {};
  const count: CallCounter = (operation) => {
    counts[operation] = (counts[operation] ?? 0) + 1;
  };
  let cloudwatch: Promise<{ sdk: CloudWatchSdk; client: InstanceType<CloudWatchSdk["CloudWatchClient"]> }> | undefined;
  const cw = () =>
    (cloudwatch ??= loadSdk("cloudwatch").then((sdk) => ({
      sdk,
      client: new sdk.CloudWatchClient(clientConfig(env)),
    })));

  return {
    service: "metrics",

    async getMetricData(queries: readonly MetricQuery[], range: TimeRange): Promise<MetricDataResult> {
      checkQueries(queries);
      if (queries.length === 0) return { series: [], calls: 0 };
      const { sdk, client } = await cw();
      const results = await mapLimit(chunks(queries, METRIC_QUERIES_PER_CALL), PARALLEL_BATCHES, (batch) =>
        fetchBatch(sdk, client, env, batch, range, count),
      );
      const byId = new Map<string, MetricSeries>();
      for (const result of results) for (const [id, series] of result.series) byId.set(id, sortSeries(series));
      return {
        series: queries.map((q) => byId.get(q.id)!),
        calls: results.reduce((sum, result) => sum + result.calls, 0),
      };
    },

    async describeAlarms(options: { state?: AlarmState; namePrefix?: string } = {}): Promise<AlarmSummary[]> {
      const { sdk, client } = await cw();
      const alarms: AlarmSummary[] = [];
      let nextToken: string | undefined;
      do {
        count("cloudwatch:DescribeAlarms");
        const page = await call("cloudwatch:DescribeAlarms", env, () =>
          client.send(
            new sdk.DescribeAlarmsCommand({
              AlarmTypes: ["MetricAlarm"],
              ...(options.state === undefined ? {} : { StateValue: options.state }),
              ...(options.namePrefix === undefined ? {} : { AlarmNamePrefix: options.namePrefix }),
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          ),
        );
        for (const alarm of page.MetricAlarms ?? []) {
          if (alarm.AlarmName === undefined) continue;
          const fromMath = (alarm.Metrics ?? []).flatMap((m) => dimensionsOf(m.MetricStat?.Metric?.Dimensions));
          alarms.push({
            name: alarm.AlarmName,
            state: (alarm.StateValue ?? "INSUFFICIENT_DATA") as AlarmState,
            ...(alarm.StateReason === undefined ? {} : { reason: alarm.StateReason }),
            ...(alarm.StateUpdatedTimestamp === undefined
              ? {}
              : { updatedAt: alarm.StateUpdatedTimestamp.toISOString() }),
            ...(alarm.Namespace === undefined ? {} : { namespace: alarm.Namespace }),
            ...(alarm.MetricName === undefined ? {} : { metricName: alarm.MetricName }),
            dimensions: [...dimensionsOf(alarm.Dimensions), ...fromMath],
            ...(alarm.Threshold === undefined ? {} : { threshold: alarm.Threshold }),
            ...(alarm.ComparisonOperator === undefined ? {} : { comparison: alarm.ComparisonOperator }),
          });
        }
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
      return alarms;
    },

    resourceStatus: (targets) => resourceStatus(env, targets, count),

    calls: () => ({ ...counts }),
  };
}
