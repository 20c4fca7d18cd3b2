import { describe, expect, it } from "vitest";
import { createContext, projectPaths, type ProjectContext } from "../../../../src/core/context.js";
import { DevopsConfig } from "../../../../src/core/config/schema.js";
import { MemoryIoHost } from "../../../../src/core/io.js";
import { complianceChecks } from "../../../../src/skills/ops/auditor/compliance.js";
import type { AuditResource } from "../../../../src/skills/ops/auditor/scope.js";

function project(tagging: Record<string, unknown> = {}, naming: Record<string, unknown> = {}): ProjectContext {
  const config = DevopsConfig.parse({
    version: "1.0",
    project: { name: "shop", subsystem: "api" },
    handlers: { hosting: { active: "aws" }, iac: { active: "terraform" } },
    environments: { test: {} },
    tagging,
    resource_naming: naming,
  });
  const root = "/projects/shop";
  return {
    ...createContext({ cwd: root, env: {}, io: new MemoryIoHost() }),
    location: { path: `${root}/.devops/devops.json`, root, legacy: false },
    config,
    paths: projectPaths(root),
    environment: () => {
      throw new Error("not used by compliance checks");
    },
  };
}

const registry = (type: string, name: string, tags: Record<string, string> = {}): AuditResource => ({
  source: "registry",
  label: `${type}.main`,
  type,
  name,
  tags,
  metadata: {},
});
const statusOf = (checks: ReturnType<typeof complianceChecks>, id: string) =>
  checks.filter((c) => c.id === id).map((c) => c.status);

describe("naming", () => {
  it.each([
    ["a function following the pattern", registry("aws_lambda_function", "shop-api-test-orders"), "pass"],
    ["a function off the pattern", registry("aws_lambda_function", "orders"), "warn"],
    ["a bucket breaking S3's rules", registry("aws_s3_bucket", "shop-api-test-Assets_1"), "fail"],
    [
      "a Lambda log group, judged after AWS's prefix",
      registry("aws_cloudwatch_log_group", "/aws/lambda/shop-api-test-orders"),
      "pass",
    ],
    ["a log group off the pattern", registry("aws_cloudwatch_log_group", "/aws/lambda/orders"), "warn"],
  ])("%s: %s", (_name, resource, status) => {
    expect(statusOf(complianceChecks(project(), "test", [resource]), "compliance.naming")).toEqual([status]);
  });

  it.each([
    ["a policy attachment", registry("aws_iam_role_policy_attachment", "app_logs")],
    ["a Lambda alias", registry("aws_lambda_alias", "live")],
    [
      "a discovered security group known by its id",
      {
        source: "discovered",
        label: "arn:aws:ec2:us-east-1:1:security-group/sg-0123abcd",
        type: "aws_security_group",
        name: "sg-0123abcd",
        id: "sg-0123abcd",
        tags: {},
        metadata: {},
      } satisfies AuditResource,
    ],
    ["a resource outside AWS", registry("terraform_data", "item")],
    ["the VPC's default security group", registry("aws_security_group", "default")],
    ["a VPC named only by its Name tag", registry("aws_vpc", "legacy-vpc", { Name: "legacy-vpc" })],
  ])("does not judge the name of %s", (_name, resource) => {
    expect(statusOf(complianceChecks(project(), "test", [resource]), "compliance.naming")).toEqual([]);
  });
});

describe("naming: resource_naming.check and the message", () => {
  const legacy = registry("aws_lambda_function", "orders");

  it("names the resource once: the address in the resource field, not again in the detail", () => {
    const [check] = complianceChecks(project(), "test", [legacy]).filter((c) => c.id === "compliance.naming");

    expect(check).toMatchObject({
      resource: "orders (aws_lambda_function.main)",
      detail: 'named "orders", which does not start with "shop-api-test-" (resource_naming.pattern)',
    });
  });

  it.each([
    ["enforce", ["fail"]],
    ["warn", ["warn"]],
    ["off", []],
  ])("%s: %j", (check, statuses) => {
    expect(statusOf(complianceChecks(project({}, { check }), "test", [legacy]), "compliance.naming")).toEqual(statuses);
  });
});

describe("required tags", () => {
  const required = { required: ["Project", "Environment"] };

  it.each([
    [
      "all present",
      registry("aws_lambda_function", "shop-api-test-a", { Project: "shop", Environment: "test" }),
      ["pass"],
    ],
    ["one missing", registry("aws_lambda_function", "shop-api-test-a", { Project: "shop" }), ["fail"]],
    ["an untaggable attachment", registry("aws_iam_role_policy_attachment", "a"), []],
    [
      "a discovered resource of a kind with no Terraform type",
      {
        source: "discovered",
        label: "arn:aws:mq:us-east-1:1:broker:b:id",
        type: "aws:mq:broker",
        name: "b",
        id: "b",
        tags: { Project: "shop", Environment: "test" },
        metadata: {},
      } satisfies AuditResource,
      ["pass"],
    ],
  ])("%s", (_name, resource, statuses) => {
    expect(statusOf(complianceChecks(project(required), "test", [resource]), "compliance.required-tags")).toEqual(
      statuses,
    );
  });

  it("warns once when no tag is required at all", () => {
    const checks = complianceChecks(project(), "test", [registry("aws_lambda_function", "shop-api-test-a")]);

    expect(checks.filter((c) => c.id === "compliance.required-tags")).toEqual([
      expect.objectContaining({ status: "warn", detail: "tagging.required is empty: no tag is enforced" }),
    ]);
  });
});

describe("default tags", () => {
  it.each([
    [{ ManagedBy: "devops" }, "pass"],
    [{ ManagedBy: "console" }, "warn"],
    [{}, "warn"],
  ])("tags %j: %s", (tags, status) => {
    const checks = complianceChecks(project({ defaults: { ManagedBy: "devops" } }), "test", [
      registry("aws_s3_bucket", "shop-api-test-assets", tags),
    ]);

    expect(statusOf(checks, "compliance.default-tags")).toEqual([status]);
  });
});
