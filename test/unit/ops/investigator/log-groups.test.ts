import { describe, expect, it } from "vitest";
import type { RegistryResource } from "../../../../src/records/registry.js";
import {
  addTarget,
  clusterOfServiceArn,
  planLogGroups,
  selectLogResources,
  type LogTarget,
} from "../../../../src/skills/ops/investigator/log-groups.js";

function resource(type: string, name: string, extra: Partial<RegistryResource> = {}): RegistryResource {
  return {
    type,
    terraform_address: `${type}.${name.replace(/\W/g, "_")}`,
    name,
    tags: {},
    metadata: {},
    created: "2026-11-23T10:00:00Z",
    last_seen: "2026-11-23T10:00:00Z",
    deployment_id: "d1",
    ...extra,
  };
}

const fn = resource("aws_lambda_function", "shop-api-test-api");
const svc = resource("aws_ecs_service", "shop-api-test-worker", {
  aws_id: "arn:aws:ecs:us-east-1:123456789012:service/shop-api-test-cluster/shop-api-test-worker",
  metadata: { cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/shop-api-test-cluster" },
});
const group = resource("aws_cloudwatch_log_group", "/aws/lambda/shop-api-test-api");
const extraGroup = resource("aws_cloudwatch_log_group", "/app/audit");
const role = resource("aws_iam_role", "shop-api-test-app-role");

describe("planLogGroups", () => {
  it.each([
    [
      "a Lambda function → /aws/lambda/<name>",
      [fn],
      {},
      [{ logGroup: "/aws/lambda/shop-api-test-api", resources: ["shop-api-test-api"], source: "lambda" }],
      [],
    ],
    [
      "an override wins over the default",
      [fn],
      { "shop-api-test-api": "/custom/api" },
      [{ logGroup: "/custom/api", resources: ["shop-api-test-api"], source: "override" }],
      [],
    ],
    [
      "an ECS service is left for its task definition",
      [svc],
      {},
      [],
      [
        {
          resource: "shop-api-test-worker",
          cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/shop-api-test-cluster",
          service: "shop-api-test-worker",
        },
      ],
    ],
    [
      "a function's own log group resource is not listed twice",
      [fn, group],
      {},
      [{ logGroup: "/aws/lambda/shop-api-test-api", resources: ["shop-api-test-api"], source: "lambda" }],
      [],
    ],
    [
      "a log group resource of its own is a target",
      [extraGroup],
      {},
      [{ logGroup: "/app/audit", resources: ["/app/audit"], source: "log-group" }],
      [],
    ],
    ["resources without logs are ignored", [role], {}, [], []],
  ])("%s", (_what, resources, overrides, targets, ecs) => {
    const plan = planLogGroups(resources, overrides);

    expect(plan.targets).toEqual(targets);
    expect(plan.ecs).toEqual(ecs);
  });

  it("finds the cluster in the service ARN when the registry metadata has none", () => {
    const plan = planLogGroups([{ ...svc, metadata: {} }], {});

    expect(plan.ecs).toEqual([
      { resource: "shop-api-test-worker", cluster: "shop-api-test-cluster", service: "shop-api-test-worker" },
    ]);
  });

  it("reports an ECS service without any cluster as unresolved", () => {
    const plan = planLogGroups([{ ...svc, aws_id: "shop-api-test-worker", metadata: {} }], {});

    expect(plan.unresolved).toEqual([
      {
        resource: "shop-api-test-worker",
        type: "aws_ecs_service",
        reason: "the registry names no cluster for this ECS service",
      },
    ]);
  });

  it("adds override-only services", () => {
    const plan = planLogGroups([], { legacy: "/legacy/app" }, ["legacy"]);

    expect(plan.targets).toEqual([{ logGroup: "/legacy/app", resources: ["legacy"], source: "override" }]);
  });
});

describe("clusterOfServiceArn", () => {
  it.each([
    ["arn:aws:ecs:us-east-1:123456789012:service/main/web", "main"],
    ["arn:aws:ecs:us-east-1:123456789012:service/web", undefined],
    ["web", undefined],
    [undefined, undefined],
  ])("%s → %s", (arn, cluster) => {
    expect(clusterOfServiceArn(arn)).toBe(cluster);
  });
});

describe("addTarget", () => {
  it("merges resources that write to the same group", () => {
    const targets: LogTarget[] = [{ logGroup: "/aws/lambda/a", resources: ["a"], source: "lambda" }];

    addTarget(targets, { logGroup: "/aws/lambda/a", resources: ["worker"], source: "ecs" });
    addTarget(targets, { logGroup: "/aws/lambda/a", resources: ["worker"], source: "ecs" });

    expect(targets).toEqual([{ logGroup: "/aws/lambda/a", resources: ["a", "worker"], source: "lambda" }]);
  });
});

describe("selectLogResources", () => {
  const all = [fn, svc, role];

  it("selects everything, plus override keys that name no recorded resource", () => {
    expect(selectLogResources(all, { legacy: "/legacy", "shop-api-test-api": "/x" }, undefined, "test")).toEqual({
      resources: all,
      overrideKeys: ["legacy"],
    });
  });

  it("a --service naming only an override selects the override", () => {
    expect(selectLogResources(all, { legacy: "/legacy" }, "legacy", "test")).toEqual({
      resources: [],
      overrideKeys: ["legacy"],
    });
  });

  it("a --service matching part of a name selects that resource", () => {
    expect(selectLogResources(all, {}, "worker", "test").resources).toEqual([svc]);
  });

  it("an unknown --service is bad input naming the known resources", () => {
    expect(() => selectLogResources(all, {}, "nothing-like-it", "test")).toThrow(
      expect.objectContaining({ code: "SERVICE_UNKNOWN" }),
    );
  });
});
