import { describe, expect, it } from "vitest";
import { namingCompliance, recommendedTags, taggingCompliance } from "../../../src/skills/infra/tester/compliance.js";
import { planned, project, TAGS } from "./project.js";

describe("naming compliance (the validator's rules on planned resources)", () => {
  it.each([
    ["the pattern's prefix", planned("aws_s3_bucket", "a", { bucket: "shop-api-test-assets" }), "pass", []],
    ["another prefix", planned("aws_s3_bucket", "a", { bucket: "assets-bucket" }), "warn", ["naming-pattern"]],
    ["an invalid S3 name", planned("aws_s3_bucket", "a", { bucket: "shop-api-test-Assets" }), "fail", ["aws-name"]],
    ["a function name", planned("aws_lambda_function", "f", { function_name: "shop-api-test-api" }), "pass", []],
    ["a resource without a chosen name", planned("aws_iam_role_policy_attachment", "x", { role: "r" }), "pass", []],
  ])("%s", (_what, resource, status, rules) => {
    const result = namingCompliance(project(), "test", [resource]);

    expect(result.status).toBe(status);
    expect(result.non_compliant.map((f) => f.rule)).toEqual(rules);
  });

  it("judges only names the code chooses and the plan knows; says which are unknown at plan time", () => {
    const result = namingCompliance(project(), "test", [
      planned("aws_vpc", "main", { cidr_block: "10.0.0.0/16", tags: { Name: "legacy-vpc" } }),
      planned("aws_subnet", "a", { tags: { Name: "legacy-a" } }),
      planned("aws_iam_role", "computed", {}),
      planned("aws_s3_bucket", "prefixed", { bucket_prefix: "legacy-" }),
      planned("aws_lambda_function", "api", { function_name: "shop-api-test-api" }),
    ]);

    expect(result).toMatchObject({
      status: "pass",
      checked: 1,
      unknown_at_plan_time: ["aws_iam_role.computed", "aws_s3_bucket.prefixed"],
      summary: "1 of 1 known name(s) follow resource_naming.pattern; 2 unknown at plan time",
    });
  });

  it("does not judge names AWS fixes (the default security group, aws_default_* resources)", () => {
    const result = namingCompliance(project(), "test", [
      planned("aws_default_security_group", "default", { name: "default" }),
      planned("aws_security_group", "vpc_default", { name: "default" }),
      planned("aws_default_vpc", "default", {}),
    ]);

    expect(result).toMatchObject({ status: "pass", checked: 0, aws_fixed: 3, non_compliant: [] });
  });

  it("names each address once: in its own field, not again in the message", () => {
    const [finding] = namingCompliance(project(), "test", [
      planned("aws_s3_bucket", "legacy", { bucket: "legacy-assets" }),
    ]).non_compliant;

    expect(finding).toEqual({
      address: "aws_s3_bucket.legacy",
      rule: "naming-pattern",
      severity: "warning",
      message: 'named "legacy-assets", which does not start with "shop-api-test-" (resource_naming.pattern)',
    });
  });

  it.each([
    ["enforce", "fail", 1],
    ["warn", "warn", 1],
    ["off", "pass", 0],
  ] as const)("resource_naming.check %s: a name off the pattern gives %s", (check, status, findings) => {
    const result = namingCompliance(project({ resource_naming: { check } }), "test", [
      planned("aws_s3_bucket", "legacy", { bucket: "legacy-assets" }),
    ]);

    expect(result.status).toBe(status);
    expect(result.non_compliant).toHaveLength(findings);
  });

  it("off still reports a name AWS would reject", () => {
    const result = namingCompliance(project({ resource_naming: { check: "off" } }), "test", [
      planned("aws_s3_bucket", "bad", { bucket: "Legacy-assets" }),
    ]);

    expect(result.status).toBe("fail");
    expect(new Set(result.non_compliant.map((f) => f.rule))).toEqual(new Set(["aws-name"]));
  });

  it("leaves tags to the tagging test", () => {
    const result = namingCompliance(project({ tagging: { required: ["Owner"] } }), "test", [
      planned("aws_s3_bucket", "a", { bucket: "shop-api-test-a", tags: {} }),
    ]);

    expect(result.status).toBe("pass");
  });
});

describe("tagging compliance", () => {
  it("checks tagging.required when configured: a missing tag fails", () => {
    const result = taggingCompliance(project({ tagging: { required: ["Owner", "Project"] } }), "test", [
      planned("aws_s3_bucket", "ok", { bucket: "shop-api-test-ok", tags: { Owner: "team", Project: "shop" } }),
      planned("aws_s3_bucket", "bad", { bucket: "shop-api-test-bad", tags: { Project: "shop" } }),
    ]);

    expect(result).toMatchObject({
      status: "fail",
      source: "tagging.required",
      required_tags: ["Owner", "Project"],
      checked: 2,
      missing_tags: [{ address: "aws_s3_bucket.bad", missing: ["Owner"] }],
    });
  });

  it("counts provider default tags (tags_all)", () => {
    const result = taggingCompliance(project({ tagging: { required: ["Owner"] } }), "test", [
      planned("aws_s3_bucket", "a", { tags: null, tags_all: { Owner: "team" } }),
    ]);

    expect(result.status).toBe("pass");
  });

  it("without tagging.required, recommends the conventional tags: missing ones warn", () => {
    const result = taggingCompliance(project(), "test", [
      planned("aws_s3_bucket", "tagged", { bucket: "shop-api-test-tagged", tags: TAGS }),
      planned("aws_s3_bucket", "bare", { bucket: "shop-api-test-bare", tags: null }),
      planned("aws_iam_role_policy_attachment", "x", { role: "r" }),
    ]);

    expect(result).toMatchObject({
      status: "warn",
      source: "recommended",
      checked: 2,
      missing_tags: [{ address: "aws_s3_bucket.bare", missing: ["Environment", "Project", "Subsystem", "ManagedBy"] }],
    });
  });

  it.each([
    [{ name: "shop", subsystem: "api" }, ["Environment", "Project", "Subsystem", "ManagedBy"]],
    [{ name: "shop" }, ["Environment", "Project", "ManagedBy"]],
  ])("the conventional set for %j", (projectConfig, tags) => {
    expect(recommendedTags(project({ project: projectConfig }))).toEqual(tags);
  });
});
