// query-logs and investigate against the moto server: log groups resolved per resource (Lambda, ECS task
// definition, override), CloudWatch filter patterns moto implements (plain terms, quoted phrases),
// pagination, limits, timeframes in milliseconds; an investigation of errors that follow a deployment.
// What moto cannot produce (alarm history, ECS service events, throttling) is injected with
// aws-sdk-client-mock, in tests named for the fault.
import { execFileSync } from "node:child_process";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogsService } from "../../src/handlers/hosting/aws/services/logs.js";
import { investigate } from "../../src/managers/ops-logs.js";
import { appendHistory } from "../../src/records/history.js";
import { buildRegistry, registryPaths, writeRegistry } from "../../src/records/registry.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const FN = "shop-api-test-api";
const CLUSTER = "shop-api-test-cluster";
const WORKER = "shop-api-test-worker";
const LAMBDA_GROUP = `/aws/lambda/${FN}`;
const WORKER_GROUP = `/ecs/${WORKER}`;
const MINUTE = 60_000;

let project: InfraProject;
const mocks: Array<{ restore(): void }> = [];

const aws = () => ({
  endpoint: moto().endpoint,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const cli = (...args: string[]): Promise<CliRun> =>
  runCli([...args, "--json"], { cwd: project.root, env: project.env });

beforeEach(async () => {
  project = await infraProject(
    sandboxConfig(moto().endpoint, { monitoring: { log_groups: { legacy: "/legacy/app" } } }),
  );
});

afterEach(() => {
  for (const mock of mocks.splice(0)) mock.restore();
});

async function writeLogs(group: string, events: Array<{ at: number; message: string }>): Promise<void> {
  const logs = new CloudWatchLogsClient(aws());
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "main" })).catch(() => undefined);
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "main",
      logEvents: events.map((e) => ({ timestamp: e.at, message: e.message })),
    }),
  );
}

/** A function, an ECS service logging to its own group, an errors alarm — in moto and in the registry. */
async function seedStack(): Promise<void> {
  const iam = new IAMClient(aws());
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: "shop-api-test-app-role", AssumeRolePolicyDocument: "{}" }),
  );
  const zip = await readFile(join(import.meta.dirname, "..", "fixtures", "stacks", "aws-small", "lambda.zip"));
  const fn = await new LambdaClient(aws()).send(
    new CreateFunctionCommand({
      FunctionName: FN,
      Role: role.Role!.Arn!,
      Runtime: "python3.12",
      Handler: "index.handler",
      Code: { ZipFile: zip },
      Timeout: 3,
    }),
  );
  const ecs = new ECSClient(aws());
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: WORKER,
      containerDefinitions: [
        {
          name: "worker",
          image: "busybox",
          memory: 128,
          logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": WORKER_GROUP, "awslogs-region": REGION, "awslogs-stream-prefix": "worker" },
          },
        },
      ],
    }),
  );
  const service = await ecs.send(
    new CreateServiceCommand({ cluster: CLUSTER, serviceName: WORKER, taskDefinition: WORKER, desiredCount: 1 }),
  );
  await new CloudWatchClient(aws()).send(
    new PutMetricAlarmCommand({
      AlarmName: `${FN}-errors`,
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: FN }],
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }),
  );
  const providerName = "registry.terraform.io/hashicorp/aws";
  const registry = buildRegistry({
    environment: "test",
    project: "shop",
    deploymentId: "dep-1",
    now: new Date(),
    region: REGION,
    consoleUrl: () => undefined,
    resources: [
      {
        address: "aws_lambda_function.api",
        type: "aws_lambda_function",
        name: "api",
        providerName,
        values: { id: FN, function_name: FN, arn: fn.FunctionArn, timeout: 3, memory_size: 128 },
      },
      {
        address: "aws_ecs_service.worker",
        type: "aws_ecs_service",
        name: "worker",
        providerName,
        values: {
          id: service.service!.serviceArn,
          name: WORKER,
          cluster: cluster.cluster!.clusterArn,
          desired_count: 1,
        },
      },
      {
        address: "aws_cloudwatch_metric_alarm.api_errors",
        type: "aws_cloudwatch_metric_alarm",
        name: "api_errors",
        providerName,
        values: {
          id: `${FN}-errors`,
          alarm_name: `${FN}-errors`,
          arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${FN}-errors`,
        },
      },
    ],
  });
  await writeRegistry(registryPaths(join(project.root, ".devops"), "test").registry, registry);
}

const lambdaLines = (now: number) => [
  { at: now - 50 * MINUTE, message: "START RequestId: 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f Version: $LATEST" },
  { at: now - 49 * MINUTE, message: "[WARN] cache miss rate high" },
  { at: now - 48 * MINUTE, message: "[ERROR] Database timeout after 3000 ms (order 17)" },
  { at: now - 47 * MINUTE, message: "INFO processed order 18" },
  { at: now - 46 * MINUTE, message: "[ERROR] Database timeout after 3001 ms (order 19)" },
  { at: now - 45 * MINUTE, message: "[ERROR] KeyError: 'order_id'" },
  { at: now - 44 * MINUTE, message: "END RequestId: 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f" },
];

describe("ops query-logs", () => {
  beforeEach(async () => {
    await seedStack();
  });

  it("reads a function's /aws/lambda group, oldest first, with error and warning counts", async () => {
    await writeLogs(LAMBDA_GROUP, lambdaLines(Date.now()));

    const run = await cli("ops", "query-logs", "--env", "test", "--service", FN);

    expect(run.exitCode).toBe(0);
    const { status, data } = run.json();
    expect(status).toBe("found");
    expect(data.logGroups).toEqual([
      { logGroup: LAMBDA_GROUP, resources: [FN], exists: true, events: 7, truncated: false },
    ]);
    expect(data.events.map((e: { message: string }) => e.message)).toEqual(lambdaLines(0).map((l) => l.message));
    expect(data.counts).toEqual({ error: 3, warning: 1, info: 3 });
    expect(data).toMatchObject({ returned: 7, truncated: false, more: 0, limit: 200 });
  });

  it.each([
    ["a plain term", "ERROR", 3],
    ["all of several plain terms", "ERROR KeyError", 1],
    ["a quoted phrase", '"Database timeout"', 2],
  ])("passes %s to FilterLogEvents as the filter pattern", async (_what, filter, expected) => {
    await writeLogs(LAMBDA_GROUP, lambdaLines(Date.now()));

    const run = await cli("ops", "query-logs", "--env", "test", "--service", FN, "--filter", filter);

    expect(run.json().data.returned).toBe(expected);
    expect(run.json().data.filter).toBe(filter);
  });

  it("stops at --limit, reports truncation with a lower bound of the rest, and suggests narrowing", async () => {
    await writeLogs(LAMBDA_GROUP, lambdaLines(Date.now()));

    const run = await cli("ops", "query-logs", "--env", "test", "--service", FN, "--limit", "3");

    const { data, next } = run.json();
    expect(data.events.map((e: { message: string }) => e.message)).toEqual(
      lambdaLines(0)
        .slice(0, 3)
        .map((l) => l.message),
    );
    expect(data).toMatchObject({ returned: 3, truncated: true, limit: 3 });
    expect(data.more).toBeGreaterThanOrEqual(1);
    expect(next[0].why).toMatch(/more events matched/);
  });

  it("reads a timeframe given as an epoch-millisecond range", async () => {
    const now = Date.now();
    await writeLogs(LAMBDA_GROUP, lambdaLines(now));

    const run = await cli(
      "ops",
      "query-logs",
      "--env",
      "test",
      "--service",
      FN,
      "--timeframe",
      `${now - 48.5 * MINUTE}/${now - 45.5 * MINUTE}`,
    );

    expect(run.json().data.events.map((e: { message: string }) => e.message)).toEqual(
      lambdaLines(0)
        .slice(2, 5)
        .map((l) => l.message),
    );
    expect(run.json().data.window).toMatchObject({ startMs: Math.floor(now - 48.5 * MINUTE) });
  });

  it("resolves an ECS service's group from its task definition's awslogs configuration", async () => {
    await writeLogs(WORKER_GROUP, [{ at: Date.now() - MINUTE, message: "worker alive" }]);

    const run = await cli("ops", "query-logs", "--env", "test", "--service", "worker");

    expect(run.json().data.logGroups).toEqual([
      { logGroup: WORKER_GROUP, resources: [WORKER], exists: true, events: 1, truncated: false },
    ]);
  });

  it("uses a configured log group override, and reports a group that does not exist yet", async () => {
    const run = await cli("ops", "query-logs", "--env", "test", "--service", "legacy");

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      status: "no_events",
      data: { logGroups: [{ logGroup: "/legacy/app", resources: ["legacy"], exists: false, events: 0 }] },
    });
  });

  it("reads every resource's group without --service and caps long messages", async () => {
    const now = Date.now();
    await writeLogs(LAMBDA_GROUP, [{ at: now - 2 * MINUTE, message: `ERROR ${"x".repeat(2_500)}` }]);
    await writeLogs(WORKER_GROUP, [{ at: now - 3 * MINUTE, message: "worker alive" }]);

    const run = await cli("ops", "query-logs", "--env", "test");

    const { data } = run.json();
    expect(data.logGroups.map((g: { logGroup: string }) => g.logGroup).sort()).toEqual([
      LAMBDA_GROUP,
      WORKER_GROUP,
      "/legacy/app",
    ]);
    expect(data.events.map((e: { logGroup: string }) => e.logGroup)).toEqual([WORKER_GROUP, LAMBDA_GROUP]);
    expect(data.events[1]).toMatchObject({ level: "error", fullLength: 2_506 });
    expect(data.events[1].message).toHaveLength(2_001);
  });

  it("an unknown --service is bad input (exit 2) with a suggestion", async () => {
    const run = await cli("ops", "query-logs", "--env", "test", "--service", "payments");

    expect(run.exitCode).toBe(2);
    expect(run.json().error.code).toBe("SERVICE_UNKNOWN");
  });
});

describe("logs service pagination", () => {
  it("pages FilterLogEvents with a small page size until the limit, and knows when it stopped early", async () => {
    const now = Date.now();
    await writeLogs(LAMBDA_GROUP, lambdaLines(now));
    const env = (await project.open()).environment("test");
    const logs = createLogsService(env);

    const all = await logs.filterEvents({
      logGroup: LAMBDA_GROUP,
      startMs: now - 3_600_000,
      endMs: now,
      maxEvents: 100,
      pageSize: 2,
    });
    const first = await logs.filterEvents({
      logGroup: LAMBDA_GROUP,
      startMs: now - 3_600_000,
      endMs: now,
      maxEvents: 4,
      pageSize: 2,
    });

    expect(all).toMatchObject({ pages: 4, stoppedEarly: false, groupExists: true });
    expect(all.events).toHaveLength(7);
    expect(first).toMatchObject({ pages: 2, stoppedEarly: true });
    expect(first.events.map((e) => e.message)).toEqual(
      lambdaLines(0)
        .slice(0, 4)
        .map((l) => l.message),
    );
  });
});

describe("ops investigate", () => {
  async function seedIncident(now: number): Promise<void> {
    await seedStack();
    const history = registryPaths(join(project.root, ".devops"), "test").history;
    await appendHistory(history, {
      schema_version: 1,
      id: "dep-0",
      kind: "deploy",
      environment: "test",
      at: new Date(now - 26 * 3_600_000).toISOString(),
      actor: "tester",
      outcome: "applied",
      plan_id: "plan-0",
      counts: { create: 5, update: 0, delete: 0, replace: 0 },
    });
    await appendHistory(history, {
      schema_version: 1,
      id: "dep-1",
      kind: "deploy",
      environment: "test",
      at: new Date(now - 30 * MINUTE).toISOString(),
      actor: "tester",
      outcome: "applied",
      plan_id: "plan-7",
      counts: { create: 0, update: 2, delete: 0, replace: 0 },
    });
    await writeLogs(LAMBDA_GROUP, [
      { at: now - 50 * MINUTE, message: "INFO all good" },
      { at: now - 24 * MINUTE, message: "[ERROR] KeyError: 'order_id' (request 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f)" },
      { at: now - 20 * MINUTE, message: "[ERROR] KeyError: 'order_id' (request 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d)" },
      { at: now - 10 * MINUTE, message: "[ERROR] KeyError: 'order_id' (request 11111111-2222-4333-8444-555555555555)" },
    ]);
    const cloudwatch = new CloudWatchClient(aws());
    const point = (minutesAgo: number, value: number) => ({
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: FN }],
      Value: value,
      Unit: "Count" as const,
      Timestamp: new Date(now - minutesAgo * MINUTE),
    });
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "AWS/Lambda",
        MetricData: [point(90, 0), point(70, 0), point(50, 0), point(40, 0), point(23, 6), point(20, 9)],
      }),
    );
  }

  it("after errors that follow a deployment, names that deployment first and writes the incident report", async () => {
    const now = Date.now();
    await seedIncident(now);

    const run = await cli("ops", "investigate", "--env", "test");

    expect(run.exitCode).toBe(0);
    const { status, data } = run.json();
    expect(status).toBe("findings");
    const { incident, report } = data;
    expect(incident.hypotheses[0]).toMatchObject({
      kind: "deployment",
      statement: expect.stringMatching(
        /^the deployment at .* \(plan plan-7, \+0 ~2 -0\) preceded the first error cluster by 6 minutes$/,
      ),
    });
    const cited = incident.timeline.filter((e: { id: string }) => incident.hypotheses[0].evidence.includes(e.id));
    expect(cited.map((e: { key: string }) => e.key)).toEqual(["deploy:dep-1", expect.stringMatching(/^cluster:/)]);
    expect(incident.clusters).toEqual([
      expect.objectContaining({
        level: "error",
        count: 3,
        pattern: "[ERROR] KeyError: 'order_id' (request <uuid>)",
        resources: [FN],
      }),
    ]);
    expect(incident.anomalies).toEqual([expect.objectContaining({ resource: FN, metric: "Errors", peak: 9 })]);
    expect(incident.lastDeployment).toMatchObject({ id: "dep-1", planId: "plan-7" });
    expect(incident.sources.available).toEqual(
      expect.arrayContaining(["alarms", "deployment-history", "ecs-events", "lambda-versions", "logs", "metrics"]),
    );
    expect(incident.sources.unavailable).toEqual(
      expect.arrayContaining([
        { source: "alarm-history", reason: expect.stringMatching(/HTTP 500/) },
        { source: "git", reason: "the project is not a git repository" },
      ]),
    );
    expect(report.json).toMatch(/\.devops\/incidents\/test\/\d{8}T\d{6}Z-incident\.json$/);
    const written = JSON.parse(await readFile(report.json, "utf8"));
    expect(written.hypotheses).toEqual(incident.hypotheses);
    const markdown = await readFile(report.markdown, "utf8");
    expect(markdown).toContain("# Incident report — test");
    expect(markdown).toContain("plan plan-7");
    expect(await readdir(join(project.root, ".devops", "incidents", "test"))).toHaveLength(2);
  }, 30_000);

  it("names a commit in the window that touched the infrastructure", async () => {
    const now = Date.now();
    await seedIncident(now);
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: project.root,
        env: {
          PATH: process.env.PATH,
          HOME: project.root,
          GIT_AUTHOR_NAME: "Ada",
          GIT_AUTHOR_EMAIL: "ada@example.com",
          GIT_COMMITTER_NAME: "Ada",
          GIT_COMMITTER_EMAIL: "ada@example.com",
          GIT_COMMITTER_DATE: new Date(now - 40 * MINUTE).toISOString(),
          GIT_AUTHOR_DATE: new Date(now - 40 * MINUTE).toISOString(),
        },
      });
    git("init", "-q");
    git("add", "infra/main.tf");
    git("commit", "-q", "-m", "Lower the function's memory");

    const run = await cli("ops", "investigate", "--env", "test", "--service", FN);

    const { incident } = run.json().data;
    expect(incident.commits).toEqual([
      expect.objectContaining({ author: "Ada", subject: "Lower the function's memory", files: ["infra/main.tf"] }),
    ]);
    expect(incident.hypotheses.find((h: { kind: string }) => h.kind === "commit")).toMatchObject({
      statement: expect.stringContaining("a commit touched infra/main.tf"),
      confidence: 0.35,
    });
    expect(incident.sources.available).toContain("git");
  }, 30_000);

  it("with nothing wrong, finds nothing and still exits 0", async () => {
    await seedStack();

    const run = await cli("ops", "investigate", "--env", "test", "--service", "worker", "--timeframe", "30m");

    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      status: "no_findings",
      data: { incident: { hypotheses: [], resources: [WORKER] } },
    });
  }, 30_000);

  it("a bad timeframe is bad input (exit 2)", async () => {
    const run = await cli("ops", "investigate", "--env", "test", "--timeframe", "yesterday-ish");

    expect(run.exitCode).toBe(2);
    expect(run.json().error.code).toBe("TIMEFRAME_INVALID");
  });
});

describe("faults moto cannot produce", () => {
  it("alarm history (DescribeAlarmHistory, HTTP 500 in moto) with an OK → ALARM transition reaches the timeline and the hypotheses", async () => {
    const now = Date.now();
    await seedStack();
    const cloudwatch = mockClient(CloudWatchClient);
    mocks.push(cloudwatch);
    cloudwatch.onAnyCommand().resolves({});
    const changedAt = new Date(now - 15 * MINUTE);
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: `${FN}-errors`,
          StateValue: "ALARM",
          StateUpdatedTimestamp: changedAt,
          Namespace: "AWS/Lambda",
          MetricName: "Errors",
          Dimensions: [{ Name: "FunctionName", Value: FN }],
        },
      ],
    });
    cloudwatch.on(DescribeAlarmHistoryCommand).resolves({
      AlarmHistoryItems: [
        {
          AlarmName: `${FN}-errors`,
          Timestamp: changedAt,
          HistoryItemType: "StateUpdate",
          HistorySummary: "Alarm updated from OK to ALARM",
          HistoryData: JSON.stringify({
            oldState: { stateValue: "OK" },
            newState: { stateValue: "ALARM", stateReason: "Threshold Crossed" },
          }),
        },
      ],
    });

    const run = await cli("ops", "investigate", "--env", "test", "--service", FN);

    const { incident } = run.json().data;
    expect(incident.timeline.map((e: { title: string }) => e.title)).toContain(
      `alarm ${FN}-errors went from OK to ALARM`,
    );
    expect(incident.hypotheses[0]).toMatchObject({
      kind: "alarm",
      statement: `alarm ${FN}-errors went to ALARM at ${changedAt.toISOString()} (Errors)`,
    });
    expect(incident.sources.available).toEqual(expect.arrayContaining(["alarm-history", "alarms"]));
  }, 30_000);

  it("ECS service events (moto records none): failed health checks and an out-of-memory stop reach the hypotheses", async () => {
    const now = Date.now();
    await seedStack();
    const ecs = mockClient(ECSClient);
    mocks.push(ecs);
    ecs.onAnyCommand().resolves({});
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: WORKER,
          taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${WORKER}:1`,
          events: [
            {
              id: "e3",
              createdAt: new Date(now - 5 * MINUTE),
              message: `(service ${WORKER}) (task 0f1e2d3c4b5a49687766554433221100) failed container health checks.`,
            },
            {
              id: "e2",
              createdAt: new Date(now - 8 * MINUTE),
              message: `(service ${WORKER}) stopped 1 running tasks: OutOfMemoryError: Container killed due to memory usage`,
            },
            {
              id: "e1",
              createdAt: new Date(now - 60 * MINUTE),
              message: `(service ${WORKER}) has reached a steady state.`,
            },
          ],
          deployments: [],
        },
      ],
    });

    const run = await cli("ops", "investigate", "--env", "test", "--service", "worker");

    const { incident } = run.json().data;
    expect(incident.timeline.filter((e: { source: string }) => e.source === "ecs-event")).toHaveLength(3);
    expect(incident.hypotheses.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(["ecs-health", "out-of-memory"]),
    );
    expect(incident.hypotheses.find((h: { kind: string }) => h.kind === "out-of-memory").statement).toContain(
      "Container killed due to memory usage",
    );
  }, 30_000);

  it("throttled FilterLogEvents (ThrottlingException, HTTP 400): logs are noted unavailable and the investigation goes on", async () => {
    await seedStack();
    const logs = mockClient(CloudWatchLogsClient);
    mocks.push(logs);
    logs
      .on(FilterLogEventsCommand)
      .rejects(
        Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }),
      );

    const result = await investigate(project.context(), { env: "test", service: FN, timeframe: "1h" });

    expect(result.data.incident.sources.unavailable).toEqual(
      expect.arrayContaining([
        { source: "logs", reason: expect.stringMatching(/^AWS_THROTTLED \(HTTP 400\): .*Rate exceeded/) },
      ]),
    );
    expect(result.data.incident.sources.available).toEqual(
      expect.arrayContaining(["lambda-versions", "deployment-history"]),
    );
  }, 30_000);
});
