// Simulated traffic for the demo: writes to the emulator the CloudWatch metrics and container logs a
// running ECS service behind an ALB would produce — a healthy hour, then an error burst after a bad
// release — with the AWS SDK, exactly where AWS itself would put them (names read from the deployment).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CloudWatchClient, PutMetricDataCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";

const REGION = "us-east-1";
const MINUTE = 60_000;
const METRIC_BATCH = 500;

export function awsClients(endpoint) {
  const config = { endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  return {
    // moto cannot read the gzip bodies the SDK sends for large PutMetricData requests.
    cloudwatch: new CloudWatchClient({ ...config, disableRequestCompression: true }),
    logs: new CloudWatchLogsClient(config),
    ecs: new ECSClient(config),
  };
}

/** `arn:…:loadbalancer/app/<name>/<id>` → `app/<name>/<id>`, the ALB metrics' LoadBalancer dimension. */
export function loadBalancerDimension(arn) {
  return /:loadbalancer\/(app\/.+)$/.exec(arn ?? "")?.[1];
}

/**
 * Where the service's telemetry goes: its cluster and name, the ALB dimension, the task definition's
 * awslogs group and stream prefix (from the registry, then the ECS API), and its alarms.
 */
export async function discoverService(projectDir, env, clients) {
  const registry = JSON.parse(await readFile(join(projectDir, ".devops", "deployments", env, "registry.json"), "utf8"));
  const resources = registry.resources ?? [];
  const service = resources.find((r) => r.type === "aws_ecs_service");
  if (service === undefined) {
    throw new Error(
      `the traffic simulation needs an ECS service behind a load balancer (pattern ecs-alb), and the ${env} registry records none (types: ${[...new Set(resources.map((r) => r.type))].join(", ")})`,
    );
  }
  const lb = resources.find((r) => r.type === "aws_lb" || r.type === "aws_alb");
  const loadBalancer = loadBalancerDimension(lb?.arn);
  if (loadBalancer === undefined) throw new Error(`the ${env} registry records no application load balancer ARN`);
  const clusterRef =
    typeof service.metadata?.cluster === "string"
      ? service.metadata.cluster
      : /:service\/([^/]+)\//.exec(service.arn ?? "")?.[1];
  if (clusterRef === undefined) throw new Error(`the registry names no cluster for the ECS service ${service.name}`);

  const described = await clients.ecs.send(
    new DescribeServicesCommand({ cluster: clusterRef, services: [service.name] }),
  );
  const taskDefinition = described.services?.[0]?.taskDefinition;
  if (taskDefinition === undefined)
    throw new Error(`ECS does not describe the service ${service.name} in ${clusterRef}`);
  const container = (await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }))).taskDefinition
    ?.containerDefinitions?.[0];
  const options = container?.logConfiguration?.options ?? {};
  const logGroup = options["awslogs-group"];
  if (logGroup === undefined) throw new Error(`the task definition ${taskDefinition} has no awslogs log configuration`);
  const alarms = resources
    .filter((r) => r.type === "aws_cloudwatch_metric_alarm")
    .map((r) => ({
      name: r.name,
      metric: r.metadata?.metric_name,
      namespace: r.metadata?.namespace,
      threshold: Number(r.metadata?.threshold),
      comparison: r.metadata?.comparison_operator,
    }));
  return {
    cluster: clusterRef.split("/").pop(),
    service: service.name,
    loadBalancer,
    taskDefinition,
    container: container.name,
    image: container.image,
    logGroup,
    streamPrefix: options["awslogs-stream-prefix"],
    alarms,
  };
}

/** A task's log stream as the awslogs driver names it: prefix/container/task-id. */
function streamName(svc, taskId) {
  return svc.streamPrefix === undefined ? taskId : `${svc.streamPrefix}/${svc.container}/${taskId}`;
}

/** Smooth, repeatable variation (no randomness: two runs of the demo show the same numbers). */
const wave = (i, base, spread) => Math.round((base + spread * Math.sin(i * 0.7) * Math.cos(i * 0.3)) * 100) / 100;

async function putMetrics(clients, namespace, data) {
  for (let i = 0; i < data.length; i += METRIC_BATCH) {
    await clients.cloudwatch.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + METRIC_BATCH) }),
    );
  }
}

async function putLogs(clients, logGroup, stream, events) {
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: logGroup })).catch((error) => {
    if (error.name !== "ResourceAlreadyExistsException") throw error;
  });
  await clients.logs
    .send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: stream }))
    .catch((error) => {
      if (error.name !== "ResourceAlreadyExistsException") throw error;
    });
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  for (let i = 0; i < sorted.length; i += 1000) {
    await clients.logs.send(
      new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: stream, logEvents: sorted.slice(i, i + 1000) }),
    );
  }
}

function serviceMetrics(svc, at, { cpu, memory, requests, errors5xx, latencySeconds }) {
  const ecs = [
    { Name: "ClusterName", Value: svc.cluster },
    { Name: "ServiceName", Value: svc.service },
  ];
  const alb = [{ Name: "LoadBalancer", Value: svc.loadBalancer }];
  return {
    ecs: [
      { MetricName: "CPUUtilization", Dimensions: ecs, Timestamp: at, Value: cpu, Unit: "Percent" },
      { MetricName: "MemoryUtilization", Dimensions: ecs, Timestamp: at, Value: memory, Unit: "Percent" },
    ],
    alb: [
      { MetricName: "RequestCount", Dimensions: alb, Timestamp: at, Value: requests, Unit: "Count" },
      {
        MetricName: "HTTPCode_Target_2XX_Count",
        Dimensions: alb,
        Timestamp: at,
        Value: requests - errors5xx,
        Unit: "Count",
      },
      { MetricName: "HTTPCode_Target_5XX_Count", Dimensions: alb, Timestamp: at, Value: errors5xx, Unit: "Count" },
      { MetricName: "TargetResponseTime", Dimensions: alb, Timestamp: at, Value: latencySeconds, Unit: "Seconds" },
    ],
  };
}

const PATHS = ["/api/products", "/api/cart", "/api/products/42", "/health", "/api/checkout"];

/**
 * A healthy hour: one data point a minute from `fromMinutes` to `toMinutes` ago (CPU ~25 %, memory ~40 %,
 * ~125 requests a minute, no 5xx, ~110 ms), and the INFO access lines of the task serving it.
 */
export async function writeHealthyTraffic(
  svc,
  clients,
  { now = Date.now(), fromMinutes = 60, toMinutes = 2, taskId = "4f1c9a2e7b3d4e5fa1b2c3d4e5f60718" } = {},
) {
  const ecs = [];
  const alb = [];
  const events = [];
  let requests = 0;
  for (let m = fromMinutes, i = 0; m >= toMinutes; m -= 1, i += 1) {
    const at = new Date(now - m * MINUTE);
    const count = Math.round(wave(i, 125, 15));
    requests += count;
    const point = serviceMetrics(svc, at, {
      cpu: wave(i, 25, 6),
      memory: wave(i, 40, 3),
      requests: count,
      errors5xx: 0,
      latencySeconds: wave(i, 0.11, 0.03),
    });
    ecs.push(...point.ecs);
    alb.push(...point.alb);
    for (let k = 0; k < 3; k += 1) {
      const path = PATHS[(i + k) % PATHS.length];
      events.push({
        timestamp: at.getTime() + k * 17_000,
        message: `INFO ${path === "/api/checkout" ? "POST" : "GET"} ${path} 200 ${Math.round(wave(i + k, 90, 40))}ms request_id=${(i * 3 + k).toString(16).padStart(8, "0")}`,
      });
    }
  }
  await putMetrics(clients, "AWS/ECS", ecs);
  await putMetrics(clients, "AWS/ApplicationELB", alb);
  const stream = streamName(svc, taskId);
  await putLogs(clients, svc.logGroup, stream, events);
  return {
    minutes: fromMinutes - toMinutes + 1,
    requests,
    metricPoints: ecs.length + alb.length,
    logEvents: events.length,
    stream,
  };
}

export const BAD_RELEASE_ERROR =
  "TypeError: Cannot read properties of undefined (reading 'currency') at formatPrice (/app/src/pricing.js:42:17)";

/**
 * The bad release failing: between `from` and `to` (epoch ms, after its deployment), 5xx on most
 * requests, CPU near 100 %, slow responses, and ERROR lines repeating one exception in the new task's
 * stream. Alarms whose threshold these numbers cross are set to ALARM, as CloudWatch would.
 */
export async function writeErrorBurst(svc, clients, { from, to, taskId = "9b8e7d6c5a4b4c3d8e9f0a1b2c3d4e5f" }) {
  const points = 6;
  const figures = { cpu: 96, memory: 71, requests: 40, errors5xx: 26, latencySeconds: 1.8 };
  const ecs = [];
  const alb = [];
  const at = (i, of) => new Date(from + Math.round(((to - from) * i) / Math.max(1, of - 1)));
  for (let i = 0; i < points; i += 1) {
    const point = serviceMetrics(svc, at(i, points), figures);
    ecs.push(...point.ecs);
    alb.push(...point.alb);
  }
  await putMetrics(clients, "AWS/ECS", ecs);
  await putMetrics(clients, "AWS/ApplicationELB", alb);

  const errors = 40;
  const events = [];
  for (let i = 0; i < errors; i += 1) {
    const timestamp = at(i, errors).getTime();
    events.push({
      timestamp,
      message: `ERROR POST /api/checkout 500 request_id=${(0xbad000 + i).toString(16)} ${BAD_RELEASE_ERROR}`,
    });
    if (i % 8 === 0)
      events.push({ timestamp, message: `WARN retrying price lookup for cart ${1000 + i} (attempt 2 of 3)` });
  }
  const stream = streamName(svc, taskId);
  await putLogs(clients, svc.logGroup, stream, events);

  // Custom metrics (the ERROR log metric filter's count) and alarm states: moto evaluates neither.
  const burst = {
    CPUUtilization: figures.cpu,
    MemoryUtilization: figures.memory,
    HTTPCode_Target_5XX_Count: figures.errors5xx * points,
    TargetResponseTime: figures.latencySeconds,
  };
  const alarmed = [];
  for (const alarm of svc.alarms) {
    let value = burst[alarm.metric];
    if (value === undefined && alarm.namespace !== undefined && !alarm.namespace.startsWith("AWS/")) {
      value = errors;
      await putMetrics(clients, alarm.namespace, [
        { MetricName: alarm.metric, Timestamp: new Date(to), Value: value, Unit: "Count" },
      ]);
    }
    if (value === undefined || !crosses(value, alarm)) continue;
    await clients.cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: alarm.name,
        StateValue: "ALARM",
        StateReason: `Threshold Crossed: 1 datapoint [${value}] was ${alarm.comparison ?? "above"} the threshold (${alarm.threshold}).`,
      }),
    );
    alarmed.push(alarm.name);
  }
  return {
    requests: figures.requests * points,
    errors5xx: figures.errors5xx * points,
    errorLines: errors,
    stream,
    alarmed,
  };
}

function crosses(value, alarm) {
  if (!Number.isFinite(alarm.threshold)) return false;
  switch (alarm.comparison) {
    case "LessThanThreshold":
      return value < alarm.threshold;
    case "LessThanOrEqualToThreshold":
      return value <= alarm.threshold;
    case "GreaterThanOrEqualToThreshold":
      return value >= alarm.threshold;
    default:
      return value > alarm.threshold;
  }
}
