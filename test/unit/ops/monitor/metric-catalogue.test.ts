import { describe, expect, it } from "vitest";
import type { RegistryResource } from "../../../../src/records/registry.js";
import { CATALOGUE } from "../../../../src/skills/ops/monitor/metric-catalogue.data.js";
import { healthQueries, monitorTarget, planMonitoring } from "../../../../src/skills/ops/monitor/metric-catalogue.js";

const ACCOUNT = "123456789012";

function resource(type: string, name: string, more: Partial<RegistryResource> = {}): RegistryResource {
  return {
    type,
    terraform_address: `${type}.${name}`,
    name,
    tags: {},
    metadata: {},
    created: "2026-11-23T10:00:00Z",
    last_seen: "2026-11-23T10:00:00Z",
    deployment_id: "d-1",
    ...more,
  };
}

describe("monitorTarget", () => {
  it.each([
    [
      "a Lambda function by its function name",
      resource("aws_lambda_function", "shop-api"),
      "lambda",
      [{ name: "FunctionName", value: "shop-api" }],
    ],
    [
      "an ECS service, the cluster from its recorded cluster ARN",
      resource("aws_ecs_service", "worker", { metadata: { cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/main` } }),
      "ecs",
      [
        { name: "ClusterName", value: "main" },
        { name: "ServiceName", value: "worker" },
      ],
    ],
    [
      "an ECS service, the cluster from its own long-format ARN",
      resource("aws_ecs_service", "worker", { aws_id: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/main/worker` }),
      "ecs",
      [
        { name: "ClusterName", value: "main" },
        { name: "ServiceName", value: "worker" },
      ],
    ],
    [
      "an application load balancer by its ARN suffix",
      resource("aws_lb", "web", {
        arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`,
        metadata: { load_balancer_type: "application" },
      }),
      "alb",
      [{ name: "LoadBalancer", value: "app/web/50dc6c495c0c9188" }],
    ],
    [
      "a target group whose load balancer the registry names",
      resource("aws_lb_target_group", "web", {
        arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/73e2d6bc24d8a067`,
        metadata: {
          load_balancer_arns: [
            `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`,
          ],
        },
      }),
      "target-group",
      [
        { name: "TargetGroup", value: "targetgroup/web/73e2d6bc24d8a067" },
        { name: "LoadBalancer", value: "app/web/50dc6c495c0c9188" },
      ],
    ],
    [
      "a REST API by its name",
      resource("aws_api_gateway_rest_api", "shop"),
      "api-rest",
      [{ name: "ApiName", value: "shop" }],
    ],
    [
      "an HTTP API by its id",
      resource("aws_apigatewayv2_api", "shop", { aws_id: "a1b2c3", metadata: { protocol_type: "HTTP" } }),
      "api-http",
      [{ name: "ApiId", value: "a1b2c3" }],
    ],
    [
      "an RDS instance",
      resource("aws_db_instance", "orders"),
      "rds-instance",
      [{ name: "DBInstanceIdentifier", value: "orders" }],
    ],
    [
      "an Aurora cluster",
      resource("aws_rds_cluster", "orders"),
      "rds-cluster",
      [{ name: "DBClusterIdentifier", value: "orders" }],
    ],
    ["an S3 bucket", resource("aws_s3_bucket", "shop-assets"), "s3", [{ name: "BucketName", value: "shop-assets" }]],
  ])("monitors %s", (_case, input, kind, dimensions) => {
    expect(monitorTarget(input)).toMatchObject({ kind, dimensions });
  });

  it.each([
    ["an IAM role", resource("aws_iam_role", "app")],
    [
      "a network load balancer",
      resource("aws_lb", "nlb", {
        arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/nlb/1`,
        metadata: { load_balancer_type: "network" },
      }),
    ],
    [
      "a target group without its load balancer",
      resource("aws_lb_target_group", "web", {
        arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/1`,
      }),
    ],
    [
      "a WebSocket API",
      resource("aws_apigatewayv2_api", "ws", { aws_id: "x", metadata: { protocol_type: "WEBSOCKET" } }),
    ],
    ["an ECS service without a known cluster", resource("aws_ecs_service", "worker")],
  ])("does not monitor %s", (_case, input) => {
    expect(monitorTarget(input)).toBeUndefined();
  });

  it("gives Lambda functions and ECS services a status call keyed by their address", () => {
    const fn = monitorTarget(resource("aws_lambda_function", "shop-api"));
    const service = monitorTarget(resource("aws_ecs_service", "worker", { metadata: { cluster: "main" } }));

    expect(fn?.status).toEqual({ key: "aws_lambda_function.shop-api", kind: "lambda", functionName: "shop-api" });
    expect(service?.status).toEqual({ key: "aws_ecs_service.worker", kind: "ecs", cluster: "main", service: "worker" });
  });

  it("lists the seed's Lambda metrics, and asks S3 for its request metrics with the EntireBucket filter", () => {
    expect(CATALOGUE.lambda.map((m) => m.metricName)).toEqual([
      "Invocations",
      "Errors",
      "Duration",
      "Throttles",
      "ConcurrentExecutions",
    ]);
    expect(CATALOGUE.s3.every((m) => m.extraDimensions?.[0]?.name === "FilterId")).toBe(true);
  });
});

describe("planMonitoring and healthQueries", () => {
  it("counts what it does not monitor per type", () => {
    const plan = planMonitoring([
      resource("aws_lambda_function", "a"),
      resource("aws_iam_role", "r1"),
      resource("aws_iam_role", "r2"),
      resource("aws_cloudwatch_log_group", "g"),
    ]);

    expect(plan.targets.map((t) => t.resource.name)).toEqual(["a"]);
    expect(plan.notMonitored).toEqual({ aws_iam_role: 2, aws_cloudwatch_log_group: 1 });
  });

  it("makes one query per (resource, metric) with unique, CloudWatch-valid ids", () => {
    const { targets } = planMonitoring([resource("aws_lambda_function", "a"), resource("aws_s3_bucket", "b")]);

    const queries = healthQueries(targets, 300);

    expect(queries).toHaveLength(8);
    expect(new Set(queries.map((q) => q.id)).size).toBe(8);
    expect(queries.every((q) => /^[a-z][A-Za-z0-9_]*$/.test(q.id) && q.periodSeconds === 300)).toBe(true);
    expect(queries[5]).toEqual({
      id: "r1m0",
      namespace: "AWS/S3",
      metricName: "AllRequests",
      dimensions: [
        { name: "BucketName", value: "b" },
        { name: "FilterId", value: "EntireBucket" },
      ],
      stat: "Sum",
      periodSeconds: 300,
    });
  });
});
