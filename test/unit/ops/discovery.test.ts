import { describe, expect, it } from "vitest";
import type { RegistryResource } from "../../../src/records/registry.js";
import { describeArn, isKnown } from "../../../src/skills/ops/discovery.js";

describe("ARNs of tagged resources", () => {
  it.each([
    ["arn:aws:lambda:us-east-1:123456789012:function:shop-api", "aws_lambda_function", "shop-api", "shop-api"],
    ["arn:aws:s3:::shop-assets", "aws_s3_bucket", "shop-assets", "shop-assets"],
    [
      "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0abc1234",
      "aws_security_group",
      "sg-0abc1234",
      "sg-0abc1234",
    ],
    ["arn:aws:ecs:us-east-1:123456789012:service/shop/web", "aws_ecs_service", "web", "web"],
    [
      "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7",
      "aws_ecs_task_definition",
      "shop-web:7",
      "shop-web",
    ],
    [
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/shop-api",
      "aws_cloudwatch_log_group",
      "/aws/lambda/shop-api",
      "/aws/lambda/shop-api",
    ],
    ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/shop:*", "aws_cloudwatch_log_group", "/ecs/shop", "/ecs/shop"],
    [
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188",
      "aws_lb",
      "shop-alb",
      "shop-alb",
    ],
    ["arn:aws:sqs:us-east-1:123456789012:shop-jobs", "aws_sqs_queue", "shop-jobs", "shop-jobs"],
    ["arn:aws:dynamodb:us-east-1:123456789012:table/shop-orders", "aws_dynamodb_table", "shop-orders", "shop-orders"],
    ["arn:aws:iam::123456789012:role/service/shop-role", "aws_iam_role", "shop-role", "shop-role"],
    ["arn:aws:apigateway:us-east-1::/apis/a1b2c3", "aws_apigatewayv2_api", "a1b2c3", "a1b2c3"],
    ["arn:aws:mq:us-east-1:123456789012:broker:shop:b-1234", undefined, "shop:b-1234", "shop:b-1234"],
  ])("%s", (arn, type, id, name) => {
    const resource = describeArn(arn, {});

    expect({ type: resource.type, id: resource.id, name: resource.name }).toEqual({ type, id, name });
  });

  it("prefers the Name tag as the display name", () => {
    expect(describeArn("arn:aws:ec2:us-east-1:1:volume/vol-1", { Name: "data" })).toMatchObject({
      type: "aws_ebs_volume",
      id: "vol-1",
      name: "data",
      region: "us-east-1",
      kind: "ec2:volume",
    });
  });
});

describe("resources the registry already holds", () => {
  const entry = (type: string, more: Partial<RegistryResource>): RegistryResource => ({
    type,
    terraform_address: `${type}.x`,
    name: "x",
    tags: {},
    metadata: {},
    created: "2026-11-23T00:00:00Z",
    last_seen: "2026-11-23T00:00:00Z",
    deployment_id: "d1",
    ...more,
  });

  it.each([
    [
      "the same ARN",
      entry("aws_lambda_function", { arn: "arn:aws:lambda:us-east-1:1:function:api" }),
      "arn:aws:lambda:us-east-1:1:function:api",
      true,
    ],
    [
      "a log group ARN with :*",
      entry("aws_cloudwatch_log_group", { arn: "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/api:*" }),
      "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/api",
      true,
    ],
    [
      "an ECS service whose id is its ARN",
      entry("aws_ecs_service", { aws_id: "arn:aws:ecs:us-east-1:1:service/c/web" }),
      "arn:aws:ecs:us-east-1:1:service/c/web",
      true,
    ],
    [
      "a security group by id",
      entry("aws_security_group", { aws_id: "sg-1" }),
      "arn:aws:ec2:us-east-1:1:security-group/sg-1",
      true,
    ],
    ["a bucket by name", entry("aws_s3_bucket", { aws_id: "assets", name: "assets" }), "arn:aws:s3:::assets", true],
    [
      "another function",
      entry("aws_lambda_function", { arn: "arn:aws:lambda:us-east-1:1:function:api" }),
      "arn:aws:lambda:us-east-1:1:function:legacy",
      false,
    ],
    ["the same id of another type", entry("aws_sqs_queue", { aws_id: "assets" }), "arn:aws:s3:::assets", false],
  ])("%s: %s", (_name, known, arn, expected) => {
    expect(isKnown(describeArn(arn, {}), [known])).toBe(expected);
  });
});
