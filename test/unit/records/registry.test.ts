import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StateResource } from "../../../src/core/handler-contract.js";
import { consoleUrlFor } from "../../../src/handlers/hosting/aws/console-urls.js";
import {
  buildRegistry,
  readRegistry,
  registryPaths,
  writeRegistry,
  type Registry,
} from "../../../src/records/registry.js";
import { stateResources } from "../../../src/handlers/iac/terraform/index.js";
import { readFixture, tempDir } from "../../helpers/project.js";

// test/fixtures/terraform/aws-stack.state.json is `terraform show -json` of a small stack applied to
// moto (see the fixture's resources), read with the Terraform handler's own state parser.

async function fixtureResources(): Promise<StateResource[]> {
  const state = JSON.parse(await readFixture("terraform", "aws-stack.state.json"));
  return stateResources(state);
}

const NOW = new Date("2026-11-23T16:30:00.000Z");
const LATER = new Date("2026-11-24T09:00:00.000Z");
const REGION = "us-east-1";
const TAGS = { Environment: "test", ManagedBy: "terraform", Project: "shop-orders" };

function build(
  resources: StateResource[],
  extra: { previous?: Registry; now?: Date; deploymentId?: string; deployed?: boolean } = {},
): Registry {
  return buildRegistry({
    environment: "test",
    project: "shop-orders",
    resources,
    deploymentId: extra.deploymentId ?? "dep-1",
    now: extra.now ?? NOW,
    region: REGION,
    consoleUrl: (resource) => consoleUrlFor(resource.type, resource.values, REGION),
    ...(extra.previous === undefined ? {} : { previous: extra.previous }),
    ...(extra.deployed === undefined ? {} : { deployed: extra.deployed }),
  });
}

const entry = (registry: Registry, address: string) =>
  registry.resources.find((resource) => resource.terraform_address === address);

function resource(type: string, values: Record<string, unknown>, name = "main"): StateResource {
  return { address: `${type}.${name}`, type, name, providerName: "registry.terraform.io/hashicorp/aws", values };
}

describe("buildRegistry from recorded Terraform state", () => {
  it("has one entry per managed resource, child modules included, sorted by address", async () => {
    const registry = build(await fixtureResources());

    expect(registry.resources.map((r) => r.terraform_address)).toEqual([
      "aws_cloudwatch_log_group.api",
      "aws_cloudwatch_metric_alarm.api_errors",
      "aws_dynamodb_table.orders",
      "aws_iam_policy.api_logs",
      "aws_iam_role.api",
      "aws_iam_role_policy_attachment.api_logs",
      "aws_lambda_alias.live",
      "aws_lambda_function.api",
      "aws_s3_bucket.assets",
      "aws_sns_topic.alerts",
      "aws_sqs_queue.orders",
      "module.extra.aws_sqs_queue.dead_letters",
      "terraform_data.release",
    ]);
    expect(registry).toMatchObject({
      schema_version: 1,
      environment: "test",
      project: "shop-orders",
      last_deployed: NOW.toISOString(),
      deployment_id: "dep-1",
    });
  });

  it("records a Lambda function with its AWS name, ARN, console link, tags and allow-listed metadata only", async () => {
    const registry = build(await fixtureResources());

    expect(entry(registry, "aws_lambda_function.api")).toEqual({
      type: "aws_lambda_function",
      terraform_address: "aws_lambda_function.api",
      name: "shop-orders-test-api",
      aws_id: "shop-orders-test-api",
      arn: "arn:aws:lambda:us-east-1:123456789012:function:shop-orders-test-api",
      console_url:
        "https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/shop-orders-test-api",
      region: "us-east-1",
      tags: TAGS,
      metadata: { runtime: "python3.12", handler: "handler.handler", memory_size: 256, timeout: 10, version: "1" },
      created: NOW.toISOString(),
      last_seen: NOW.toISOString(),
      deployment_id: "dep-1",
    });
  });

  it("records a child module's resource with its module address", async () => {
    const registry = build(await fixtureResources());

    expect(entry(registry, "module.extra.aws_sqs_queue.dead_letters")).toMatchObject({
      module: "module.extra",
      name: "shop-orders-test-dead-letters",
      arn: "arn:aws:sqs:us-east-1:123456789012:shop-orders-test-dead-letters",
      console_url:
        "https://us-east-1.console.aws.amazon.com/sqs/v3/home?region=us-east-1#/queues/https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F123456789012%2Fshop-orders-test-dead-letters",
      metadata: { fifo_queue: false, visibility_timeout_seconds: 30, message_retention_seconds: 1209600 },
    });
  });

  it("records terraform_data with its id and nothing AWS-specific", async () => {
    const registry = build(await fixtureResources());

    expect(entry(registry, "terraform_data.release")).toEqual({
      type: "terraform_data",
      terraform_address: "terraform_data.release",
      name: "release",
      aws_id: "e96afcfa-e19d-abef-620e-6131be6014de",
      tags: {},
      metadata: {},
      created: NOW.toISOString(),
      last_seen: NOW.toISOString(),
      deployment_id: "dep-1",
    });
  });

  it("gives global IAM resources no region, and resources without an ARN the environment's", async () => {
    const registry = build(await fixtureResources());

    expect(entry(registry, "aws_iam_role.api")).toMatchObject({
      name: "shop-orders-test-api-role",
      console_url: "https://us-east-1.console.aws.amazon.com/iam/home#/roles/details/shop-orders-test-api-role",
    });
    expect(entry(registry, "aws_iam_role.api")?.region).toBeUndefined();
    expect(entry(registry, "aws_iam_role_policy_attachment.api_logs")).toMatchObject({
      name: "api_logs",
      region: REGION,
      metadata: {
        role: "shop-orders-test-api-role",
        policy_arn: "arn:aws:iam::123456789012:policy/shop-orders-test-api-logs",
      },
    });
    expect(entry(registry, "aws_iam_role_policy_attachment.api_logs")?.arn).toBeUndefined();
  });

  it("is pure: the same input gives the same registry and the input is not changed", async () => {
    const resources = await fixtureResources();
    const before = structuredClone(resources);

    const first = build(resources);
    const second = build(resources);

    expect(second).toEqual(first);
    expect(resources).toEqual(before);
  });
});

describe("buildRegistry rules", () => {
  it.each([
    ["aws_lambda_function", { function_name: "api-fn", id: "api-fn" }, "api-fn"],
    ["aws_s3_bucket", { bucket: "assets-bucket", id: "assets-bucket" }, "assets-bucket"],
    ["aws_ecs_task_definition", { family: "web", revision: 4 }, "web"],
    ["aws_cloudwatch_metric_alarm", { alarm_name: "errors-high" }, "errors-high"],
    ["aws_db_instance", { identifier: "orders-db", id: "db-ABCDEFGHIJ" }, "orders-db"],
    ["aws_sqs_queue", { name: "jobs" }, "jobs"],
    ["aws_vpc", { id: "vpc-0abc", tags_all: { Name: "main-vpc" } }, "main-vpc"],
    ["aws_iam_role_policy_attachment", { id: "role-2026", role: "r" }, "main"],
    ["aws_sqs_queue", { name: "" }, "main"],
  ])("names %s %j as %s", (type, values, expected) => {
    const registry = build([resource(type, values)]);

    expect(registry.resources[0]?.name).toBe(expected);
  });

  it("keeps `created` and the creating deployment for a resource seen before", () => {
    const queue = resource("aws_sqs_queue", { id: "https://sqs/q", name: "q", arn: "arn:aws:sqs:us-east-1:1:q" });
    const previous = build([queue]);

    const next = build([queue, resource("aws_sns_topic", { id: "t", name: "t" }, "new")], {
      previous,
      now: LATER,
      deploymentId: "dep-2",
    });

    expect(entry(next, "aws_sqs_queue.main")).toMatchObject({
      created: NOW.toISOString(),
      last_seen: LATER.toISOString(),
      deployment_id: "dep-1",
    });
    expect(entry(next, "aws_sns_topic.new")).toMatchObject({
      created: LATER.toISOString(),
      last_seen: LATER.toISOString(),
      deployment_id: "dep-2",
    });
    expect(next).toMatchObject({ last_deployed: LATER.toISOString(), deployment_id: "dep-2" });
  });

  it.each([
    ["a refresh of an environment never deployed", undefined, undefined],
    ["a failed deploy after a good one", NOW, NOW.toISOString()],
  ])("claims no deploy time for %s", (_name, before, expected) => {
    const queue = resource("aws_sqs_queue", { id: "q1", arn: "arn:aws:sqs:us-east-1:123456789012:q1" });
    const previous = before === undefined ? undefined : build([queue], { now: before });

    const next = build([queue], { now: LATER, deployed: false, ...(previous === undefined ? {} : { previous }) });

    expect(next.last_deployed).toBe(expected);
    expect(entry(next, "aws_sqs_queue.main")?.last_seen).toBe(LATER.toISOString());
  });

  it("treats a new id at the same address as a replacement, created now", () => {
    const previous = build([resource("terraform_data", { id: "old-id" })]);

    const next = build([resource("terraform_data", { id: "new-id" })], { previous, now: LATER, deploymentId: "dep-2" });

    expect(next.resources[0]).toMatchObject({ aws_id: "new-id", created: LATER.toISOString(), deployment_id: "dep-2" });
  });

  it("drops resources that are no longer in state", () => {
    const previous = build([
      resource("aws_sqs_queue", { id: "a", name: "a" }, "a"),
      resource("aws_sqs_queue", { id: "b", name: "b" }, "b"),
    ]);

    const next = build([resource("aws_sqs_queue", { id: "a", name: "a" }, "a")], { previous, now: LATER });

    expect(next.resources.map((r) => r.terraform_address)).toEqual(["aws_sqs_queue.a"]);
  });

  it("copies only allow-listed attributes and redacts secrets", () => {
    const db = resource("aws_db_instance", {
      id: "db-ABC",
      identifier: "orders",
      engine: "postgres",
      instance_class: "db.t4g.micro",
      password: "hunter2hunter2",
      username: "admin",
      tags_all: { Team: "core", api_token: "tok-12345" },
    });

    const registry = build([db]);

    expect(registry.resources[0]).toMatchObject({
      metadata: { engine: "postgres", instance_class: "db.t4g.micro" },
      tags: { Team: "core", api_token: "[REDACTED]" },
    });
    expect(JSON.stringify(registry)).not.toContain("hunter2");
  });

  it("prefers tags_all (provider default tags included) over tags", () => {
    const registry = build([
      resource("aws_sqs_queue", { name: "q", tags: { Own: "1" }, tags_all: { Own: "1", Project: "p" } }),
    ]);

    expect(registry.resources[0]?.tags).toEqual({ Own: "1", Project: "p" });
  });

  it("takes an ARN-shaped id as the ARN when there is no arn attribute (ECS services)", () => {
    const id = "arn:aws:ecs:eu-west-1:123456789012:service/shop/web";

    const registry = build([
      resource("aws_ecs_service", {
        id,
        name: "web",
        cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
        desired_count: 2,
      }),
    ]);

    expect(registry.resources[0]).toMatchObject({ arn: id, region: "eu-west-1", metadata: { desired_count: 2 } });
  });
});

describe("registry.json on disk", () => {
  it("round-trips through a real file", async () => {
    const { registry: path } = registryPaths(join(await tempDir(), ".devops"), "test");
    const registry = build(await fixtureResources());

    await writeRegistry(path, registry);

    expect(await readRegistry(path)).toEqual(registry);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ schema_version: 1, environment: "test" });
  });

  it("reads a missing registry as undefined", async () => {
    expect(await readRegistry(join(await tempDir(), "registry.json"))).toBeUndefined();
  });

  it.each([
    ["not JSON", "{ truncated", "RECORD_CORRUPT"],
    ["the wrong shape", '{"schema_version": 1, "environment": "test", "resources": "none"}', "RECORD_CORRUPT"],
    ["a newer schema version", '{"schema_version": 2, "environment": "test", "resources": []}', "RECORD_NEWER_VERSION"],
  ])("refuses to overwrite a file that is %s, and leaves it byte-identical", async (_name, content, code) => {
    const path = join(await tempDir(), "registry.json");
    await writeFile(path, content);

    const attempt = writeRegistry(path, build([]));

    await expect(attempt).rejects.toMatchObject({ code });
    expect(await readFile(path, "utf8")).toBe(content);
    await expect(readRegistry(path)).rejects.toMatchObject({ code });
  });
});

describe("registryPaths", () => {
  it("places an environment's records under deployments/<env>", () => {
    expect(registryPaths("/p/.devops", "prod")).toEqual({
      dir: "/p/.devops/deployments/prod",
      registry: "/p/.devops/deployments/prod/registry.json",
      deployedMd: "/p/.devops/deployments/prod/DEPLOYED.md",
      history: "/p/.devops/deployments/prod/history.ndjson",
    });
  });

  it.each(["../prod", "a/b", "", "Prod"])("refuses the environment name %j", (env) => {
    expect(() => registryPaths("/p/.devops", env)).toThrow(/environment name/);
  });
});
