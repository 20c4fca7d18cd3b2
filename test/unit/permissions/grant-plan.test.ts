import { describe, expect, it } from "vitest";
import { DevopsConfig } from "../../../src/core/config/schema.js";
import {
  computeGrant,
  environmentNamePattern,
  matchesNamePattern,
  starAllowance,
  type GrantScope,
} from "../../../src/skills/infra/permissions/grant-plan.js";

const scope: GrantScope = {
  environment: "test",
  namePattern: "shop-api-test-*",
  partition: "aws",
  account: "123456789012",
  regions: ["us-east-1", "eu-west-1"],
};
const A = "123456789012";
const R = "us-east-1";

function config(naming?: Record<string, string>) {
  return DevopsConfig.parse({
    version: "1.0",
    project: { name: "shop", subsystem: "api" },
    handlers: { hosting: { active: "aws" }, iac: { active: "terraform" } },
    environments: { test: {} },
    ...(naming === undefined ? {} : { resource_naming: naming }),
  });
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return "no refusal";
}

describe("the environment's name pattern", () => {
  it("is resource_naming.pattern with {resource} as *", () => {
    expect(environmentNamePattern(config(), "test")).toBe("shop-api-test-*");
  });

  it("follows a custom pattern, wherever {resource} sits", () => {
    expect(
      environmentNamePattern(config({ pattern: "{resource}.{environment}.{project}", separator: "." }), "prod"),
    ).toBe("*.prod.shop");
  });

  it("is refused when the pattern has no {environment}", () => {
    expect(refusal(() => environmentNamePattern(config({ pattern: "{project}-{resource}" }), "test"))).toBe(
      "GRANT_SCOPE_UNSAFE",
    );
  });

  it.each([
    ["shop-api-test-uploads", true],
    ["shop-api-test-", true],
    ["shop-api-prod-uploads", false],
    ["other-shop-api-test-x", false],
  ])("%s matches shop-api-test-*: %s", (name, expected) => {
    expect(matchesNamePattern(name, "shop-api-test-*")).toBe(expected);
  });
});

describe("scope patterns when the error names no resource", () => {
  it.each([
    ["s3:PutObject", "DevopsAutoGrantS3", ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"]],
    ["lambda:CreateFunction", "DevopsAutoGrantLambda", [`arn:aws:lambda:${R}:${A}:function:shop-api-test-*`]],
    [
      "dynamodb:CreateTable",
      "DevopsAutoGrantDynamoDb",
      [
        `arn:aws:dynamodb:${R}:${A}:table/shop-api-test-*/index/*`,
        `arn:aws:dynamodb:${R}:${A}:table/shop-api-test-*/stream/*`,
        `arn:aws:dynamodb:${R}:${A}:table/shop-api-test-*`,
      ],
    ],
    [
      "logs:CreateLogGroup",
      "DevopsAutoGrantLogs",
      [
        `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/shop-api-test-*`,
        `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/shop-api-test-*:*`,
        `arn:aws:logs:${R}:${A}:log-group:shop-api-test-*`,
        `arn:aws:logs:${R}:${A}:log-group:shop-api-test-*:*`,
      ],
    ],
    [
      "iam:CreateRole",
      "DevopsAutoGrantIam",
      [`arn:aws:iam::${A}:role/shop-api-test-*`, `arn:aws:iam::${A}:policy/shop-api-test-*`],
    ],
    [
      "ecs:CreateService",
      "DevopsAutoGrantEcs",
      [
        `arn:aws:ecs:${R}:${A}:cluster/shop-api-test-*`,
        `arn:aws:ecs:${R}:${A}:service/shop-api-test-*`,
        `arn:aws:ecs:${R}:${A}:service/*/shop-api-test-*`,
        `arn:aws:ecs:${R}:${A}:task-definition/shop-api-test-*:*`,
        `arn:aws:ecs:${R}:${A}:task/shop-api-test-*/*`,
      ],
    ],
    ["ecr:CreateRepository", "DevopsAutoGrantEcr", [`arn:aws:ecr:${R}:${A}:repository/shop-api-test-*`]],
    ["sqs:CreateQueue", "DevopsAutoGrantSqs", [`arn:aws:sqs:${R}:${A}:shop-api-test-*`]],
    ["sns:CreateTopic", "DevopsAutoGrantSns", [`arn:aws:sns:${R}:${A}:shop-api-test-*`]],
    ["cloudwatch:PutMetricAlarm", "DevopsAutoGrantCloudWatch", [`arn:aws:cloudwatch:${R}:${A}:alarm:shop-api-test-*`]],
    [
      "elasticloadbalancing:CreateTargetGroup",
      "DevopsAutoGrantElb",
      [
        `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/*/shop-api-test-*/*`,
        `arn:aws:elasticloadbalancing:${R}:${A}:listener/*/shop-api-test-*/*`,
        `arn:aws:elasticloadbalancing:${R}:${A}:listener-rule/*/shop-api-test-*/*`,
        `arn:aws:elasticloadbalancing:${R}:${A}:targetgroup/shop-api-test-*/*`,
      ],
    ],
    ["cloudfront:CreateDistribution", "DevopsAutoGrantCloudFront", [`arn:aws:cloudfront::${A}:distribution/*`]],
  ])("%s → %s on %j", (action, sid, resources) => {
    const grant = computeGrant({ action }, scope);

    expect(grant).toMatchObject({ sid, actions: [action], resources });
    expect(grant.condition).toBeUndefined();
  });

  it("cloudfront is scoped to the account, and says so", () => {
    expect(computeGrant({ action: "cloudfront:CreateDistribution" }, scope)).toMatchObject({
      scope: "account",
      notes: [expect.stringContaining("ids")],
    });
  });
});

describe("scope patterns from the ARN the error names", () => {
  it.each([
    ["s3:PutObject", "arn:aws:s3:::shop-api-test-uploads/photos/a.jpg", ["arn:aws:s3:::shop-api-test-*/*"]],
    ["s3:CreateBucket", "arn:aws:s3:::shop-api-test-uploads", ["arn:aws:s3:::shop-api-test-*"]],
    [
      "lambda:UpdateAlias",
      `arn:aws:lambda:${R}:${A}:function:shop-api-test-handler:live`,
      [`arn:aws:lambda:${R}:${A}:function:shop-api-test-*`],
    ],
    [
      "dynamodb:Query",
      `arn:aws:dynamodb:${R}:${A}:table/shop-api-test-orders/index/by-user`,
      [`arn:aws:dynamodb:${R}:${A}:table/shop-api-test-*/index/*`],
    ],
    [
      "logs:PutRetentionPolicy",
      `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/shop-api-test-handler:*`,
      [
        `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/shop-api-test-*`,
        `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/shop-api-test-*:*`,
      ],
    ],
    [
      "iam:CreateRole",
      `arn:aws:iam::${A}:role/service/shop-api-test-exec`,
      [`arn:aws:iam::${A}:role/service/shop-api-test-*`],
    ],
    [
      "ecs:UpdateService",
      `arn:aws:ecs:${R}:${A}:service/shop-api-test-cluster/shop-api-test-web`,
      [`arn:aws:ecs:${R}:${A}:service/shop-api-test-*`, `arn:aws:ecs:${R}:${A}:service/*/shop-api-test-*`],
    ],
    [
      "sqs:SetQueueAttributes",
      `arn:aws:sqs:eu-west-1:${A}:shop-api-test-jobs`,
      [`arn:aws:sqs:eu-west-1:${A}:shop-api-test-*`],
    ],
    ["ec2:CreateSecurityGroup", `arn:aws:ec2:${R}:${A}:vpc/vpc-0abc123`, [`arn:aws:ec2:${R}:${A}:vpc/vpc-0abc123`]],
    [
      "kms:Decrypt",
      `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      [`arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ],
    [
      "kms:CreateAlias",
      `arn:aws:kms:${R}:${A}:alias/shop-api-test-data`,
      [`arn:aws:kms:${R}:${A}:alias/shop-api-test-*`],
    ],
  ])("%s on %s → %j", (action, resource, resources) => {
    expect(computeGrant({ action, resource }, scope).resources).toEqual(resources);
  });
});

describe('Resource "*"', () => {
  it.each([
    "ec2:DescribeInstances",
    "ec2:DescribeVpcs",
    "sts:GetCallerIdentity",
    "iam:ListRoles",
    "s3:ListAllMyBuckets",
    "cloudwatch:PutMetricData",
    "logs:DescribeLogGroups",
    "tag:GetResources",
    "ecr:GetAuthorizationToken",
  ])("%s is allow-listed and gets its own statement", (action) => {
    const grant = computeGrant({ action }, scope);

    expect(grant.resources).toEqual(["*"]);
    expect(grant.sid).toMatch(/^DevopsAutoGrant\w+AnyResource$/);
  });

  it("matches the allow-list ignoring case, as IAM does", () => {
    expect(starAllowance("EC2:describeinstances")?.action).toBe("ec2:Describe*");
  });

  it.each(["s3:PutObject", "iam:CreateRole", "ec2:CreateTags", "lambda:InvokeFunction"])(
    "%s on * is refused",
    (action) => {
      expect(refusal(() => computeGrant({ action, resource: "*" }, scope))).toBe("GRANT_STAR_REFUSED");
    },
  );

  it("a wildcard ARN is refused too", () => {
    expect(refusal(() => computeGrant({ action: "s3:PutObject", resource: "arn:aws:s3:::*" }, scope))).toBe(
      "GRANT_STAR_REFUSED",
    );
  });
});

describe("refusals", () => {
  it.each([
    ["a resource of another environment", "s3:PutObject", "arn:aws:s3:::shop-api-prod-uploads/a", "GRANT_OUT_OF_SCOPE"],
    [
      "a resource of another project",
      "lambda:UpdateFunctionCode",
      `arn:aws:lambda:${R}:${A}:function:billing-test-fn`,
      "GRANT_OUT_OF_SCOPE",
    ],
    [
      "another account",
      "lambda:UpdateFunctionCode",
      `arn:aws:lambda:${R}:999999999999:function:shop-api-test-fn`,
      "GRANT_OUT_OF_SCOPE",
    ],
    ["another region", "sqs:CreateQueue", `arn:aws:sqs:ap-south-1:${A}:shop-api-test-jobs`, "GRANT_OUT_OF_SCOPE"],
    [
      "an ARN format it does not know",
      "rds:CreateDBInstance",
      `arn:aws:rds:${R}:${A}:db:shop-api-test-db`,
      "GRANT_RESOURCE_UNSUPPORTED",
    ],
  ])("%s", (_what, action, resource, code) => {
    expect(refusal(() => computeGrant({ action, resource }, scope))).toBe(code);
  });

  it.each([
    ["a service without ARN formats", "rds:CreateDBInstance", "GRANT_UNSUPPORTED_SERVICE"],
    ["an ec2 action that needs the resource id", "ec2:CreateSecurityGroup", "GRANT_RESOURCE_REQUIRED"],
    ["a kms key action without the key", "kms:Decrypt", "GRANT_RESOURCE_REQUIRED"],
    ["an API Gateway path without the error's ARN", "apigateway:POST", "GRANT_RESOURCE_REQUIRED"],
    ["a wildcard action", "s3:*", "GRANT_ACTION_INVALID"],
    ["an ARN fragment instead of an action", "arn:aws", "GRANT_ACTION_INVALID"],
  ])("%s", (_what, action, code) => {
    expect(refusal(() => computeGrant({ action }, scope))).toBe(code);
  });

  it("says how to stay inside the environment", () => {
    try {
      computeGrant({ action: "s3:PutObject", resource: "arn:aws:s3:::shop-api-prod-uploads/a" }, scope);
    } catch (error) {
      expect((error as Error).message).toContain("shop-api-test-*");
      expect((error as { suggestion: string }).suggestion).toContain("resource_naming.pattern");
    }
  });
});

describe("iam:PassRole", () => {
  it("is limited to roles and conditioned on the service it is passed to", () => {
    const grant = computeGrant({ action: "iam:PassRole", resourceType: "aws_lambda_function" }, scope);

    expect(grant).toEqual({
      service: "iam",
      sid: "DevopsAutoGrantIamPassRoleToLambda",
      actions: ["iam:PassRole"],
      resources: [`arn:aws:iam::${A}:role/shop-api-test-*`],
      condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
      scope: "environment",
      notes: [],
    });
  });

  it.each([
    ["aws_ecs_task_definition", "ecs-tasks.amazonaws.com", "DevopsAutoGrantIamPassRoleToEcsTasks"],
    ["aws_sfn_state_machine", "states.amazonaws.com", "DevopsAutoGrantIamPassRoleToStates"],
  ])("from %s: passed to %s", (resourceType, service, sid) => {
    expect(computeGrant({ action: "iam:PassRole", resourceType }, scope)).toMatchObject({
      sid,
      condition: { StringEquals: { "iam:PassedToService": service } },
    });
  });

  it("without a known service it goes to the plain Iam statement, and says so", () => {
    expect(computeGrant({ action: "iam:PassRole" }, scope)).toMatchObject({
      sid: "DevopsAutoGrantIam",
      notes: [expect.stringContaining("iam:PassedToService")],
    });
  });
});
