import { describe, expect, it } from "vitest";
import { MonitoringConfig } from "../../../../src/core/config/schema.js";
import type { ResourceStatus } from "../../../../src/core/services/metrics.js";
import {
  classifyHealth,
  overallHealth,
  type HealthFacts,
  type HealthStatus,
} from "../../../../src/skills/ops/monitor/health-classify.js";

// The seed thresholds, as the config schema defaults them.
const thresholds = MonitoringConfig.parse({}).thresholds;

const active: ResourceStatus = {
  outcome: "found",
  kind: "lambda",
  state: "Active",
  lastUpdateStatus: "Successful",
  timeoutSeconds: 3,
};
const ecs = (
  running: number,
  desired: number,
  more: Partial<Extract<ResourceStatus, { kind: "ecs"; outcome: "found" }>> = {},
): ResourceStatus => ({
  outcome: "found",
  kind: "ecs",
  status: "ACTIVE",
  desired,
  running,
  pending: desired - running,
  deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", desired, running, pending: 0, failedTasks: 0 }],
  ...more,
});

const lambda = (metrics: Record<string, number>, status: ResourceStatus | undefined = active): HealthFacts => ({
  kind: "lambda",
  name: "api",
  metrics,
  ...(status === undefined ? {} : { status }),
});

describe("classifyHealth: Lambda", () => {
  it.each<[string, HealthFacts, HealthStatus]>([
    ["no errors", lambda({ invocations: 1000, errors: 0 }), "HEALTHY"],
    ["error rate 0.05 % (below 0.1 %)", lambda({ invocations: 10_000, errors: 5 }), "HEALTHY"],
    ["error rate exactly 0.1 %", lambda({ invocations: 1000, errors: 1 }), "DEGRADED"],
    ["error rate 0.5 %", lambda({ invocations: 1000, errors: 5 }), "DEGRADED"],
    ["error rate exactly 1 %", lambda({ invocations: 1000, errors: 10 }), "DEGRADED"],
    ["error rate 2 %", lambda({ invocations: 1000, errors: 20 }), "UNHEALTHY"],
    ["one throttle (limit 0)", lambda({ invocations: 1000, errors: 0, throttles: 1 }), "UNHEALTHY"],
    ["duration over 80 % of the 3 s timeout", lambda({ invocations: 10, durationMs: 2500 }), "UNHEALTHY"],
    ["duration above 80 % of that limit", lambda({ invocations: 10, durationMs: 2000 }), "DEGRADED"],
    ["duration well inside", lambda({ invocations: 10, durationMs: 300 }), "HEALTHY"],
    ["no metric data, function Active", lambda({}), "UNKNOWN"],
    ["no metric data, no status", lambda({}, undefined), "UNKNOWN"],
    ["state Failed", lambda({}, { ...active, state: "Failed", stateReason: "bad role" }), "UNHEALTHY"],
    ["state Pending", lambda({ invocations: 1 }, { ...active, state: "Pending" }), "DEGRADED"],
    ["last update Failed", lambda({ invocations: 1 }, { ...active, lastUpdateStatus: "Failed" }), "DEGRADED"],
    ["Inactive is only a note", lambda({ invocations: 1 }, { ...active, state: "Inactive" }), "HEALTHY"],
    ["reserved concurrency 0", lambda({}, { ...active, reservedConcurrency: 0 }), "UNHEALTHY"],
    [
      "peak concurrency at 90 % of reserved",
      lambda({ invocations: 5, concurrentExecutions: 9 }, { ...active, reservedConcurrency: 10 }),
      "DEGRADED",
    ],
    [
      "recorded but not found in AWS",
      lambda({ invocations: 5 }, { outcome: "not_found", kind: "lambda" }),
      "UNHEALTHY",
    ],
    [
      "status call denied, metrics fine",
      lambda({ invocations: 5 }, { outcome: "error", kind: "lambda", code: "AWS_ACCESS_DENIED", message: "denied" }),
      "HEALTHY",
    ],
  ])("%s → %s", (_case, facts, expected) => {
    expect(classifyHealth(facts, thresholds).status).toBe(expected);
  });

  it("uses the configured duration limit instead of the timeout", () => {
    const verdict = classifyHealth(lambda({ invocations: 10, durationMs: 450 }), {
      ...thresholds,
      lambda_duration_ms: 500,
    });

    expect(verdict.status).toBe("DEGRADED");
    expect(verdict.issues).toEqual([
      expect.objectContaining({ severity: "warning", metric: "durationMs", value: 450, threshold: 500 }),
    ]);
  });

  it("reports the error rate, the issue with its threshold, and what to do", () => {
    const verdict = classifyHealth(lambda({ invocations: 200, errors: 10 }), thresholds);

    expect(verdict).toMatchObject({
      status: "UNHEALTHY",
      derived: { errorRatePct: 5 },
      issues: [{ severity: "critical", metric: "errorRatePct", value: 5, threshold: 1 }],
      recommendations: ["investigate the errors of api: its logs and recent deployments"],
    });
    expect(verdict.reasons[0]).toBe("error rate 5% over 200 invocations (above 1%)");
  });

  it("says why it knows nothing: no data, or the access problem", () => {
    const idle = classifyHealth(lambda({}), thresholds);
    const denied = classifyHealth({ ...lambda({}), metricsError: "metrics unavailable: access denied" }, thresholds);

    expect(idle.reasons).toEqual(["no metric data in the window (a new or idle resource)"]);
    expect(denied).toMatchObject({ status: "UNKNOWN", reasons: ["metrics unavailable: access denied"] });
  });
});

describe("classifyHealth: ECS", () => {
  const service = (status: ResourceStatus | undefined, metrics: Record<string, number> = {}): HealthFacts => ({
    kind: "ecs",
    name: "worker",
    metrics,
    ...(status === undefined ? {} : { status }),
  });

  it.each<[string, HealthFacts, HealthStatus]>([
    ["2 of 2 running, CPU 50 %", service(ecs(2, 2), { cpuPct: 50, memoryPct: 40 }), "HEALTHY"],
    ["2 of 2 running without metrics: the task count is a signal", service(ecs(2, 2)), "HEALTHY"],
    ["0 of 2 running", service(ecs(0, 2)), "UNHEALTHY"],
    ["1 of 2 running", service(ecs(1, 2)), "DEGRADED"],
    ["scaled to 0 (stopped)", service(ecs(0, 0)), "UNHEALTHY"],
    ["INACTIVE", service(ecs(2, 2, { status: "INACTIVE" })), "UNHEALTHY"],
    [
      "rollout FAILED",
      service(
        ecs(2, 2, {
          deployments: [
            { status: "PRIMARY", rolloutState: "FAILED", desired: 2, running: 2, pending: 0, failedTasks: 3 },
          ],
        }),
      ),
      "UNHEALTHY",
    ],
    [
      "tasks failing to start",
      service(
        ecs(2, 2, {
          deployments: [
            { status: "PRIMARY", rolloutState: "IN_PROGRESS", desired: 2, running: 2, pending: 0, failedTasks: 1 },
          ],
        }),
      ),
      "DEGRADED",
    ],
    ["CPU 95 % (limit 90 %)", service(ecs(2, 2), { cpuPct: 95 }), "UNHEALTHY"],
    ["CPU 75 % (above 80 % of 90 %)", service(ecs(2, 2), { cpuPct: 75 }), "DEGRADED"],
    ["memory 91 %", service(ecs(2, 2), { memoryPct: 91 }), "UNHEALTHY"],
    ["not found", service({ outcome: "not_found", kind: "ecs" }), "UNHEALTHY"],
    ["no status and no metrics", service(undefined), "UNKNOWN"],
  ])("%s → %s", (_case, facts, expected) => {
    expect(classifyHealth(facts, thresholds).status).toBe(expected);
  });

  it("mentions a deployment in progress when tasks are missing during a rollout", () => {
    const rolling = ecs(1, 2, {
      deployments: [
        { status: "PRIMARY", rolloutState: "IN_PROGRESS", desired: 2, running: 1, pending: 1, failedTasks: 0 },
      ],
    });

    expect(classifyHealth(service(rolling), thresholds).reasons[0]).toBe(
      "1 of 2 tasks running while a deployment is in progress",
    );
  });
});

describe("classifyHealth: HTTP front doors, databases, alarms", () => {
  const facts = (kind: HealthFacts["kind"], metrics: Record<string, number>, alarms: string[] = []): HealthFacts => ({
    kind,
    name: "front",
    metrics,
    alarms,
  });

  it.each<[string, HealthFacts, HealthStatus]>([
    ["ALB 2 % 5XX (limit 1 %)", facts("alb", { requests: 1000, elb5xx: 5, target5xx: 15 }), "UNHEALTHY"],
    ["ALB 0.9 % 5XX (above 80 % of 1 %)", facts("alb", { requests: 1000, target5xx: 9 }), "DEGRADED"],
    ["ALB latency 900 ms (80 % of 1000 ms)", facts("alb", { requests: 10, latencyMs: 900 }), "DEGRADED"],
    ["ALB latency 1.2 s", facts("alb", { requests: 10, latencyMs: 1200 }), "UNHEALTHY"],
    ["ALB quiet and fast", facts("alb", { requests: 10, latencyMs: 40 }), "HEALTHY"],
    ["REST API 0.5 % 5XX", facts("api-rest", { requests: 1000, errors5xx: 5 }), "HEALTHY"],
    ["HTTP API 3 % 5XX", facts("api-http", { requests: 100, errors5xx: 3 }), "UNHEALTHY"],
    ["S3 5XX without request metrics", facts("s3", { errors5xx: 3 }), "HEALTHY"],
    ["no healthy targets", facts("target-group", { healthyHosts: 0, unhealthyHosts: 2 }), "UNHEALTHY"],
    ["one unhealthy target", facts("target-group", { healthyHosts: 2, unhealthyHosts: 1 }), "DEGRADED"],
    ["RDS CPU 92 %", facts("rds-instance", { cpuPct: 92 }), "UNHEALTHY"],
    ["RDS read latency 850 ms", facts("rds-cluster", { readLatencyMs: 850 }), "DEGRADED"],
    ["an alarm in ALARM", facts("alb", { requests: 10 }, ["front-5xx"]), "DEGRADED"],
  ])("%s → %s", (_case, input, expected) => {
    expect(classifyHealth(input, thresholds).status).toBe(expected);
  });

  it("derives the 5XX share from the ELB's and the targets' errors", () => {
    expect(classifyHealth(facts("alb", { requests: 400, elb5xx: 1, target5xx: 1 }), thresholds).derived).toEqual({
      http5xxPct: 0.5,
    });
  });
});

describe("overallHealth", () => {
  it.each<[HealthStatus[], HealthStatus]>([
    [["HEALTHY", "HEALTHY"], "HEALTHY"],
    [["HEALTHY", "UNKNOWN"], "HEALTHY"],
    [["HEALTHY", "DEGRADED", "UNKNOWN"], "DEGRADED"],
    [["DEGRADED", "UNHEALTHY"], "UNHEALTHY"],
    [["UNKNOWN", "UNKNOWN"], "UNKNOWN"],
    [[], "UNKNOWN"],
  ])("%j → %s", (statuses, expected) => {
    expect(overallHealth(statuses)).toBe(expected);
  });
});
