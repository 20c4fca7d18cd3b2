// check-health and analyze-performance through the CLI against a real moto server: a Lambda function
// and an ECS service recorded in the registry, metrics seeded with PutMetricData, status read with
// GetFunction / DescribeServices. Healthy, unhealthy, no data, --service matching, exit 4, batching.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  CloudWatchClient,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { beforeEach, describe, expect, it } from "vitest";
import type { StateResource } from "../../src/core/handler-contract.js";
import { checkHealth } from "../../src/managers/ops-health.js";
import { buildRegistry, registryPaths, writeRegistry } from "../../src/records/registry.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { fixturePath } from "../helpers/project.js";

const moto = useMoto();
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const FUNCTION = "shop-api-test-api";
const CLUSTER = "shop-api-test";
const SERVICE = "shop-api-test-worker";
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
let project: InfraProject;

const sdk = () => ({
  endpoint: moto().endpoint,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

beforeEach(async () => {
  project = await infraProject(sandboxConfig(moto().endpoint));
});

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--json"], { cwd: project.root, env: project.env });
}

const aws = (type: string, name: string, values: Record<string, unknown>): StateResource => ({
  address: `${type}.${name}`,
  type,
  name,
  providerName: "registry.terraform.io/hashicorp/aws",
  values,
});

const lambdaResource = (fn: string, address = "api") =>
  aws("aws_lambda_function", address, {
    function_name: fn,
    id: fn,
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`,
    timeout: 10,
    memory_size: 256,
  });

const ecsResource = () =>
  aws("aws_ecs_service", "worker", {
    name: SERVICE,
    id: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`,
    cluster: CLUSTER_ARN,
    desired_count: 2,
  });

async function recordRegistry(resources: StateResource[]): Promise<void> {
  const registry = buildRegistry({
    environment: "test",
    project: "shop",
    resources,
    deploymentId: "d-1",
    now: new Date(),
    region: REGION,
    consoleUrl: () => undefined,
  });
  await writeRegistry(registryPaths(join(project.root, ".devops"), "test").registry, registry);
}

async function createFunction(name = FUNCTION): Promise<void> {
  const iam = new IAMClient(sdk());
  const role = await iam
    .send(
      new CreateRoleCommand({
        RoleName: "app-role",
        AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      }),
    )
    .catch(() => undefined);
  const lambda = new LambdaClient(sdk());
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "python3.12",
      Handler: "index.handler",
      Role: role?.Role?.Arn ?? `arn:aws:iam::${ACCOUNT}:role/app-role`,
      Code: { ZipFile: await readFile(fixturePath("stacks", "aws-small", "lambda.zip")) },
      Timeout: 10,
    }),
  );
}

/** An ECS service with `running` of its 2 tasks running (moto starts services with none running). */
async function createService(running: 0 | 2): Promise<void> {
  const ecs = new ECSClient(sdk());
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "worker",
      containerDefinitions: [{ name: "app", image: "nginx", memory: 256 }],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({ cluster: CLUSTER, serviceName: SERVICE, taskDefinition: "worker", desiredCount: 2 }),
  );
  if (running === 2) await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 2 }));
}

async function putMetrics(
  namespace: string,
  dimensions: Record<string, string>,
  values: Record<string, number>,
  minutesAgo = 10,
): Promise<void> {
  const cloudwatch = new CloudWatchClient(sdk());
  await cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: Object.entries(values).map(([MetricName, Value]) => ({
        MetricName,
        Value,
        Timestamp: new Date(Date.now() - minutesAgo * 60_000),
        Dimensions: Object.entries(dimensions).map(([Name, DimValue]) => ({ Name, Value: DimValue })),
      })),
    }),
  );
}

const lambdaMetrics = (values: Record<string, number>, fn = FUNCTION) =>
  putMetrics("AWS/Lambda", { FunctionName: fn }, values);
const ecsMetrics = (values: Record<string, number>) =>
  putMetrics("AWS/ECS", { ClusterName: CLUSTER, ServiceName: SERVICE }, values);

async function seedHealthy(): Promise<void> {
  await createFunction();
  await createService(2);
  await lambdaMetrics({ Invocations: 1000, Errors: 0, Duration: 120, Throttles: 0, ConcurrentExecutions: 3 });
  await ecsMetrics({ CPUUtilization: 40, MemoryUtilization: 55 });
  await recordRegistry([
    lambdaResource(FUNCTION),
    ecsResource(),
    aws("aws_iam_role", "app", { name: "shop-api-test-app-role", id: "shop-api-test-app-role" }),
  ]);
}

describe("check-health", () => {
  it("reports HEALTHY from seeded metrics and status calls, and writes the report", async () => {
    await seedHealthy();

    const run = await cli("ops", "check-health", "--env", "test");

    expect(run.exitCode).toBe(0);
    const { data, status, verdict } = run.json();
    expect({ status, verdict }).toEqual({ status: "healthy", verdict: "pass" });
    expect(data).toMatchObject({
      overall: "HEALTHY",
      environment: "test",
      resources: { total: 2, healthy: 2, degraded: 0, unhealthy: 0, unknown: 0 },
      notMonitored: { aws_iam_role: 1 },
      metricQueries: 7,
    });
    const lambda = data.results.find((r: { resource: string }) => r.resource === FUNCTION);
    expect(lambda).toMatchObject({
      type: "aws_lambda_function",
      status: "HEALTHY",
      metrics: { invocations: 1000, errors: 0, errorRatePct: 0, durationMs: 120 },
      state: { kind: "lambda", state: "Active" },
    });
    const worker = data.results.find((r: { resource: string }) => r.resource === SERVICE);
    expect(worker).toMatchObject({
      status: "HEALTHY",
      metrics: { cpuPct: 40, memoryPct: 55 },
      state: { kind: "ecs", running: 2, desired: 2 },
    });
    expect(worker.reasons).toContain("2 of 2 tasks running");
    expect(data.apiCalls).toEqual({
      "cloudwatch:GetMetricData": 1,
      "cloudwatch:DescribeAlarms": 1,
      "lambda:GetFunction": 1,
      "ecs:DescribeServices": 1,
    });
    const report = JSON.parse(await readFile(data.reportPath, "utf8"));
    expect(data.reportPath).toMatch(/\.devops\/monitoring\/test\/\d{8}T\d{6}Z-health-check\.json$/);
    expect(report).toMatchObject({
      overall: "HEALTHY",
      environment: "test",
      resources: { total: 2 },
      results: expect.any(Array),
      issues: [],
      recommendations: [],
    });
  }, 30_000);

  it("exits 4 when an error rate is above 1 % and an ECS service runs none of its tasks", async () => {
    await createFunction();
    await createService(0);
    await lambdaMetrics({ Invocations: 200, Errors: 10, Duration: 150, Throttles: 0, ConcurrentExecutions: 2 });
    await recordRegistry([lambdaResource(FUNCTION), ecsResource()]);

    const run = await cli("ops", "check-health", "--env", "test");

    expect(run.exitCode).toBe(4);
    expect(run.json()).toMatchObject({
      ok: true,
      status: "unhealthy",
      verdict: "fail",
      data: { overall: "UNHEALTHY", resources: { unhealthy: 2 } },
    });
    expect(run.json().data.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: "critical",
          resource: FUNCTION,
          metric: "errorRatePct",
          value: 5,
          threshold: 1,
        }),
        expect.objectContaining({
          severity: "critical",
          resource: SERVICE,
          metric: "runningCount",
          value: 0,
          threshold: 2,
        }),
      ]),
    );
    expect(run.json().next[0].command).toMatch(/^devops ops investigate --env test --service /);
  }, 30_000);

  it("is UNKNOWN, not failing, for a function without metric data", async () => {
    await createFunction();
    await recordRegistry([lambdaResource(FUNCTION)]);

    const run = await cli("ops", "check-health", "--env", "test");

    expect(run.exitCode).toBe(0);
    expect(run.json().data).toMatchObject({ overall: "UNKNOWN", resources: { total: 1, unknown: 1 } });
    expect(run.json().data.results[0].reasons).toContain("no metric data in the window (a new or idle resource)");
  }, 30_000);

  it("is DEGRADED for an error rate between 0.1 and 1 %, and for a resource whose alarm is in ALARM", async () => {
    await seedHealthy();
    await ecsMetrics({ CPUUtilization: 40 });
    await lambdaMetrics({ Invocations: 1000, Errors: 5 });
    const cloudwatch = new CloudWatchClient(sdk());
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: "worker-cpu",
        Namespace: "AWS/ECS",
        MetricName: "CPUUtilization",
        Dimensions: [
          { Name: "ClusterName", Value: CLUSTER },
          { Name: "ServiceName", Value: SERVICE },
        ],
        Statistic: "Average",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 30,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: "worker-cpu", StateValue: "ALARM", StateReason: "test" }),
    );

    const run = await cli("ops", "check-health", "--env", "test");

    expect(run.exitCode).toBe(0);
    const results = Object.fromEntries(run.json().data.results.map((r: { resource: string }) => [r.resource, r]));
    expect(results[FUNCTION]).toMatchObject({ status: "DEGRADED", metrics: { errorRatePct: 0.25 } });
    expect(results[SERVICE]).toMatchObject({
      status: "DEGRADED",
      reasons: expect.arrayContaining(["alarm worker-cpu is in ALARM"]),
    });
    expect(run.json().data.overall).toBe("DEGRADED");
  }, 30_000);

  it("matches --service forgivingly against registry names, and names the known ones when nothing matches", async () => {
    await seedHealthy();

    const worker = await cli("ops", "check-health", "--env", "test", "--service", "WORKER");
    const unknown = await cli("ops", "check-health", "--env", "test", "--service", "wroker");

    expect(worker.json().data.results.map((r: { resource: string }) => r.resource)).toEqual([SERVICE]);
    expect(worker.json().data.apiCalls).toEqual({
      "cloudwatch:GetMetricData": 1,
      "cloudwatch:DescribeAlarms": 1,
      "ecs:DescribeServices": 1,
    });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.json().error).toMatchObject({ code: "SERVICE_UNKNOWN" });
  }, 30_000);

  it("calls a function recorded in the registry but missing in AWS UNHEALTHY (registry drift)", async () => {
    await lambdaMetrics({ Invocations: 10, Errors: 0 });
    await recordRegistry([lambdaResource(FUNCTION)]);

    const run = await cli("ops", "check-health", "--env", "test");

    expect(run.exitCode).toBe(4);
    expect(run.json().data.results[0]).toMatchObject({ status: "UNHEALTHY", state: { outcome: "not_found" } });
  }, 30_000);

  it("fetches 120 functions × 5 metrics = 600 queries in exactly 2 GetMetricData calls", async () => {
    const names = Array.from({ length: 120 }, (_, i) => `fn-${String(i).padStart(3, "0")}`);
    await recordRegistry(names.map((name, i) => lambdaResource(name, `fn${i}`)));
    await lambdaMetrics({ Invocations: 50, Errors: 0 }, names[119]);

    const result = await checkHealth(project.context(), { env: "test" });

    expect(result.data.metricQueries).toBe(600);
    expect(result.data.apiCalls["cloudwatch:GetMetricData"]).toBe(2);
    expect(result.data.apiCalls["lambda:GetFunction"]).toBe(120);
    expect(result.data.results.find((r) => r.resource === "fn-119")?.metrics).toMatchObject({ invocations: 50 });
  }, 60_000);

  it("says nothing is deployed when the environment has no registry", async () => {
    const run = await cli("ops", "check-health", "--env", "test");

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ status: "not_deployed", data: { resources: { total: 0 } } });
  }, 30_000);

  it("renders a human summary without --json", async () => {
    await seedHealthy();

    const run = await runCli(["ops", "check-health", "--env", "test"], { cwd: project.root, env: project.env });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Health of test: HEALTHY");
    expect(run.stdout).toContain(`HEALTHY   ${FUNCTION} (aws_lambda_function)`);
    expect(run.stdout).toMatch(/Report: .*health-check\.json/);
  }, 30_000);
});

describe("analyze-performance", () => {
  async function seedSeries(): Promise<void> {
    await createFunction();
    for (let hour = 1; hour <= 6; hour += 1) {
      await putMetrics(
        "AWS/Lambda",
        { FunctionName: FUNCTION },
        { Invocations: 100, Errors: 1, Duration: 100 + hour * 50, Throttles: 0, ConcurrentExecutions: 4 },
        hour * 60,
      );
    }
    await recordRegistry([lambdaResource(FUNCTION)]);
  }

  it("computes window statistics and a trend, and says percentiles are unavailable when the emulator cannot compute them", async () => {
    await seedSeries();

    const run = await cli("ops", "analyze-performance", "--env", "test", "--timeframe", "8h", "--chart", "perf.svg");

    expect(run.exitCode).toBe(0);
    const { data, warnings, status } = run.json();
    expect(status).toBe("analyzed");
    expect(data.percentiles).toMatchObject({
      requested: 2,
      available: false,
      reason: expect.stringMatching(/^percentiles unavailable/),
    });
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^percentiles unavailable/)]));
    const duration = data.resources[0].metrics.find((m: { metric: string }) => m.metric === "Duration");
    expect(duration).toMatchObject({
      statistic: "average",
      unit: "ms",
      points: 6,
      stats: { minimum: 150, maximum: 400, sampleCount: 6, average: 275 },
      trend: { direction: "falling" },
    });
    const invocations = data.resources[0].metrics.find((m: { metric: string }) => m.metric === "Invocations");
    expect(invocations.stats.sum).toBe(600);
    expect(await readFile(join(project.root, "perf.svg"), "utf8")).toContain("<polyline");
    expect(JSON.parse(await readFile(data.reportPath, "utf8")).resources[0].metrics[0].series).toHaveLength(6);
  }, 30_000);

  it("keeps only the --metric asked for, and refuses a metric no resource has", async () => {
    await seedSeries();

    const one = await cli("ops", "analyze-performance", "--env", "test", "--metric", "duration");
    const none = await cli("ops", "analyze-performance", "--env", "test", "--metric", "QueueDepth");

    expect(one.json().data.resources[0].metrics.map((m: { metric: string }) => m.metric)).toEqual(["Duration"]);
    expect(none.exitCode).toBe(2);
    expect(none.json().error).toMatchObject({
      code: "METRIC_UNKNOWN",
      suggestion: expect.stringContaining("Invocations"),
    });
  }, 30_000);
});
