// The AWS metrics service and the monitor workflows where moto cannot serve: paging, percentiles,
// throttling and access denied are injected with aws-sdk-client-mock, each test named for the fault
// or capability it injects. Batching is checked on the requests the SDK was really asked to send.
import { join } from "node:path";
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import type { MetricQuery } from "../../../src/core/services/metrics.js";
import { createMetricsService } from "../../../src/handlers/hosting/aws/services/metrics.js";
import { analyzePerformance, checkHealth } from "../../../src/managers/ops-health.js";
import { buildRegistry, registryPaths, writeRegistry } from "../../../src/records/registry.js";
import { sandboxConfig } from "../../helpers/infra-project.js";
import { projectWith } from "../../helpers/project.js";

const cloudwatch = mockClient(CloudWatchClient);
const lambda = mockClient(LambdaClient);
const NOW = Date.now();
const MIN = 60_000;
const env = { name: "test", region: "us-east-1", endpoint: "http://127.0.0.1:9" } as ResolvedEnvironment;

beforeEach(() => {
  cloudwatch.reset();
  lambda.reset();
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
});

afterEach(() => {
  cloudwatch.reset();
  lambda.reset();
});

const query = (i: number): MetricQuery => ({
  id: `q${i}`,
  namespace: "AWS/Lambda",
  metricName: "Invocations",
  dimensions: [{ name: "FunctionName", value: `fn${i}` }],
  stat: "Sum",
  periodSeconds: 300,
});
const range = { startMs: NOW - 60 * MIN, endMs: NOW };

/** Answers every query with one point whose value a function of its metric name and statistic decides. */
function answerEach(value: (metric: string, stat: string) => number | undefined) {
  return (input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const v = value(q.MetricStat!.Metric!.MetricName!, q.MetricStat!.Stat!);
      return {
        Id: q.Id,
        StatusCode: "Complete" as const,
        Timestamps: v === undefined ? [] : [new Date(NOW - 10 * MIN)],
        Values: v === undefined ? [] : [v],
      };
    }),
  });
}

describe("createMetricsService().getMetricData", () => {
  it("sends 600 queries as two requests of 500 and 100, and counts them", async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake(answerEach(() => 1));
    const service = createMetricsService(env);

    const result = await service.getMetricData(
      Array.from({ length: 600 }, (_, i) => query(i)),
      range,
    );

    const sizes = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries?.length);
    expect(sizes.sort((a, b) => b! - a!)).toEqual([500, 100]);
    expect(result.calls).toBe(2);
    expect(result.series).toHaveLength(600);
    expect(result.series[599]).toMatchObject({ id: "q599", values: [1], status: "complete" });
    expect(service.calls()).toEqual({ "cloudwatch:GetMetricData": 2 });
  });

  it("follows NextToken pages (mocked: moto never pages) and merges them oldest first", async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        NextToken: "page-2",
        MetricDataResults: [
          { Id: "q0", StatusCode: "PartialData", Timestamps: [new Date(NOW - 5 * MIN)], Values: [7] },
        ],
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: "q0", StatusCode: "Complete", Timestamps: [new Date(NOW - 15 * MIN)], Values: [3] }],
      });
    const service = createMetricsService(env);

    const result = await service.getMetricData([query(0)], range);

    expect(result.calls).toBe(2);
    expect(result.series[0]).toEqual({
      id: "q0",
      timestamps: [NOW - 15 * MIN, NOW - 5 * MIN],
      values: [3, 7],
      status: "complete",
    });
    expect(cloudwatch.commandCalls(GetMetricDataCommand)[1]!.args[0].input.NextToken).toBe("page-2");
  });

  it("marks a series CloudWatch answers Forbidden (mocked: moto does not enforce IAM)", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "q0", StatusCode: "Forbidden", Messages: [{ Code: "Forbidden", Value: "no access to the namespace" }] },
      ],
    });

    const result = await createMetricsService(env).getMetricData([query(0)], range);

    expect(result.series[0]).toMatchObject({ status: "forbidden", message: "no access to the namespace", values: [] });
  });

  it("turns a ThrottlingException (mocked) into AWS_THROTTLED", async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .rejects(
        Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }),
      );

    await expect(createMetricsService(env).getMetricData([query(0)], range)).rejects.toMatchObject({
      code: "AWS_THROTTLED",
    });
  });

  it("refuses duplicate or invalid query ids before calling AWS", async () => {
    const service = createMetricsService(env);

    await expect(service.getMetricData([query(1), query(1)], range)).rejects.toMatchObject({ code: "INTERNAL" });
    await expect(service.getMetricData([{ ...query(1), id: "1bad" }], range)).rejects.toMatchObject({
      code: "INTERNAL",
    });
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});

describe("the monitor workflows with injected CloudWatch answers", () => {
  const FN = "shop-api-test-api";

  async function project() {
    const root = await projectWith(sandboxConfig("http://127.0.0.1:9"));
    const registry = buildRegistry({
      environment: "test",
      project: "shop",
      deploymentId: "d-1",
      now: new Date(),
      region: "us-east-1",
      consoleUrl: () => undefined,
      resources: [
        {
          address: "aws_lambda_function.api",
          type: "aws_lambda_function",
          name: "api",
          providerName: "registry.terraform.io/hashicorp/aws",
          values: { function_name: FN, id: FN, timeout: 10, memory_size: 256 },
        },
      ],
    });
    await writeRegistry(registryPaths(join(root, ".devops"), "test").registry, registry);
    const io = new MemoryIoHost();
    return { root, io, ctx: createContext({ cwd: root, env: {}, io }) };
  }

  it("reports p95/p99 when CloudWatch computes percentiles (mocked: moto answers 500 for pXX)", async () => {
    const { ctx } = await project();
    const byStat: Record<string, number> = {
      Sum: 30_000,
      SampleCount: 100,
      Minimum: 90,
      Maximum: 9_400,
      p95: 8_600,
      p99: 9_300,
    };
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(answerEach((metric, stat) => (metric === "Duration" ? byStat[stat] : stat === "SampleCount" ? 1 : 0)));
    lambda
      .on(GetFunctionCommand)
      .resolves({ Configuration: { FunctionName: FN, State: "Active", Timeout: 10, MemorySize: 256 } });

    const result = await analyzePerformance(ctx, {
      env: "test",
      timeframe: "1h",
      metric: "Duration",
      chart: "perf.svg",
    });

    expect(result.data.percentiles).toEqual({ requested: 2, available: true });
    expect(result.data.resources[0]!.metrics[0]).toMatchObject({
      metric: "Duration",
      stats: { average: 300, p95: 8_600, p99: 9_300, maximum: 9_400 },
    });
    expect(result.data.recommendations).toEqual([
      expect.objectContaining({
        category: "latency",
        severity: "high",
        message: expect.stringContaining("p95 duration 8600 ms"),
      }),
    ]);
    const requests = cloudwatch
      .commandCalls(GetMetricDataCommand)
      .map((c) => c.args[0].input.MetricDataQueries!.map((q) => q.MetricStat!.Stat));
    expect(requests).toEqual(
      expect.arrayContaining([
        ["Sum", "SampleCount", "Minimum", "Maximum"],
        ["p95", "p99"],
      ]),
    );
  });

  it("keeps the analysis when the percentile group is throttled (mocked ThrottlingException), saying percentiles are unavailable", async () => {
    const { ctx, io } = await project();
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput) => {
      if (input.MetricDataQueries?.some((q) => q.MetricStat?.Stat === "p95"))
        throw Object.assign(new Error("Rate exceeded"), {
          name: "ThrottlingException",
          $metadata: { httpStatusCode: 400 },
        });
      return answerEach(() => 5)(input);
    });
    lambda.on(GetFunctionCommand).resolves({ Configuration: { FunctionName: FN, State: "Active" } });

    const result = await analyzePerformance(ctx, { env: "test", timeframe: "1h" });

    expect(result.status).toBe("analyzed");
    expect(result.data.percentiles).toMatchObject({
      available: false,
      reason: expect.stringContaining("AWS_THROTTLED"),
    });
    expect(io.warnings()).toEqual([expect.stringMatching(/^percentiles unavailable/)]);
  });

  it("is UNKNOWN, not failing, when GetMetricData is denied (mocked AccessDenied: moto does not enforce IAM)", async () => {
    const { ctx } = await project();
    cloudwatch.on(GetMetricDataCommand).rejects(
      Object.assign(new Error("not authorized to perform cloudwatch:GetMetricData"), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      }),
    );
    lambda.on(GetFunctionCommand).resolves({ Configuration: { FunctionName: FN, State: "Active" } });

    const result = await checkHealth(ctx, { env: "test" });

    expect(result).toMatchObject({
      status: "unknown",
      verdict: "pass",
      data: { overall: "UNKNOWN", resources: { unknown: 1 } },
    });
    expect(result.data.results[0]!.reasons).toEqual([expect.stringMatching(/^metrics unavailable: access denied/)]);
  });
});
