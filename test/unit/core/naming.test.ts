import { describe, expect, it } from "vitest";

import {
  checkAwsName,
  knownNamingRuleTypes,
  placeholdersIn,
  resourceName,
  substitute,
} from "../../../src/core/naming.js";
import type { PatternVars } from "../../../src/core/naming.js";

const FIELD = "handlers.iac.terraform.backend.key";
const VARS: PatternVars = {
  project: "shop",
  subsystem: "api",
  environment: "prod",
  resource: "orders",
  organization: "acme",
};

function errorFrom(action: () => unknown): { code?: string; message?: string; suggestion?: string; details?: unknown } {
  try {
    action();
  } catch (error) {
    return error as { code?: string; message?: string; suggestion?: string; details?: unknown };
  }
  throw new Error("expected an error");
}

describe("substitute", () => {
  it.each([
    ["{project}-{environment}", "shop-prod"],
    ["{project}-{project}", "shop-shop"],
    ["{organization}/{project}/{subsystem}/{environment}/{resource}", "acme/shop/api/prod/orders"],
    ["state/{environment}/{environment}.tfstate", "state/prod/prod.tfstate"],
    ["no placeholders here", "no placeholders here"],
    ["", ""],
    ["{project", "{project"],
    ["project}", "project}"],
    ["{ project }", "{ project }"],
    ["{pro-ject}", "{pro-ject}"],
    ['{"json": {project}}', '{"json": shop}'],
    ["{{project}}", "{shop}"],
  ])("%j → %j", (template, expected) => {
    const result = substitute(template, VARS, FIELD);

    expect(result).toBe(expected);
  });

  it("uses an empty-string value as a deliberate blank", () => {
    const result = substitute("{project}-{subsystem}", { project: "shop", subsystem: "" }, FIELD);

    expect(result).toBe("shop-");
  });

  describe("an unknown placeholder is PATTERN_UNKNOWN_PLACEHOLDER", () => {
    it.each([
      ["{env}", "env", "did you mean {environment}?"],
      ["{project}-{Project}", "Project", "did you mean {project}?"],
      ["{org}", "org", "did you mean {organization}?"],
      ["{projet}", "projet", "did you mean {project}?"],
      ["{resources}", "resources", "did you mean {resource}?"],
      ["{region}", "region", undefined],
      ["{account_id}", "account_id", undefined],
    ])("%j names {%s}", (template, placeholder, didYouMean) => {
      const error = errorFrom(() => substitute(template, VARS, FIELD));

      expect(error.code).toBe("PATTERN_UNKNOWN_PLACEHOLDER");
      expect(error.message).toContain(FIELD);
      expect(error.message).toContain(`"${template}"`);
      expect(error.message).toContain(`{${placeholder}}`);
      expect(error.suggestion).toContain("{project}, {subsystem}, {environment}, {resource}, {organization}");
      if (didYouMean === undefined) expect(error.suggestion).not.toContain("did you mean");
      else expect(error.suggestion).toContain(didYouMean);
    });
  });

  describe("a known placeholder without a value is PATTERN_MISSING_VALUE", () => {
    it.each([
      ["{organization}-{project}", { project: "shop" }, "organization"],
      ["{project}/{subsystem}", { project: "shop" }, "subsystem"],
      ["{environment}", {}, "environment"],
    ] satisfies Array<[string, PatternVars, string]>)("%j with %j names {%s}", (template, vars, placeholder) => {
      const error = errorFrom(() => substitute(template, vars, FIELD));

      expect(error.code).toBe("PATTERN_MISSING_VALUE");
      expect(error.message).toContain(FIELD);
      expect(error.message).toContain(`{${placeholder}}`);
      expect(error.details).toEqual({ field: FIELD, template, placeholder });
    });
  });
});

describe("placeholdersIn", () => {
  it.each([
    ["{project}-{environment}-{project}", ["project", "environment"]],
    ["{env}/{project}", ["env", "project"]],
    ["plain", []],
    ["{project", []],
    ["{resource}{subsystem}{resource}", ["resource", "subsystem"]],
  ])("%j → %j", (template, expected) => {
    const names = placeholdersIn(template);

    expect(names).toEqual(expected);
  });
});

describe("resourceName", () => {
  it.each([
    [
      "{project}-{environment}-{resource}",
      "-",
      { resource: "logs", project: "shop", environment: "prod" },
      "shop-prod-logs",
    ],
    ["{project}-{subsystem}-{resource}", "-", { resource: "logs", project: "shop", subsystem: "" }, "shop-logs"],
    ["{subsystem}-{project}-{resource}", "-", { resource: "logs", project: "shop", subsystem: "" }, "shop-logs"],
    ["{project}-{resource}-{subsystem}", "-", { resource: "logs", project: "shop", subsystem: "" }, "shop-logs"],
    ["{project}_{subsystem}_{resource}", "_", { resource: "logs", project: "shop", subsystem: "" }, "shop_logs"],
    ["{project}-{subsystem}_{resource}", "_", { resource: "logs", project: "shop", subsystem: "" }, "shop-_logs"],
    ["{project}.{subsystem}.{resource}", ".", { resource: "logs", project: "shop", subsystem: "" }, "shop.logs"],
    ["{project}--{resource}", "", { resource: "logs", project: "shop" }, "shop--logs"],
    ["{resource}", "-", { resource: "-logs-" }, "logs"],
  ] satisfies Array<[string, string, PatternVars & { resource: string }, string]>)(
    "%j with separator %j → %j",
    (pattern, separator, vars, expected) => {
      const name = resourceName(pattern, separator, vars);

      expect(name).toBe(expected);
    },
  );

  it.each([
    ["{region}-{resource}", "PATTERN_UNKNOWN_PLACEHOLDER"],
    ["{organization}-{resource}", "PATTERN_MISSING_VALUE"],
    ["{subsystem}", "PATTERN_EMPTY_RESULT"],
  ])("%j fails with %s", (pattern, code) => {
    const error = errorFrom(() => resourceName(pattern, "-", { resource: "logs", subsystem: "" }));

    expect(error.code).toBe(code);
    expect(error.message).toContain(pattern);
  });
});

describe("checkAwsName", () => {
  it.each([
    ["aws_s3_bucket", "shop-prod-assets"],
    ["aws_s3_bucket", "shop.prod.assets-2026"],
    ["aws_s3_bucket", "abc"],
    ["aws_s3_bucket", "a".repeat(63)],
    ["aws_lambda_function", "Shop_Prod-handler"],
    ["aws_iam_role", "shop+prod=deploy,role.x@y_z-1"],
    ["aws_iam_user", "ci-deployer"],
    ["aws_iam_policy", "p".repeat(128)],
    ["aws_dynamodb_table", "Shop.Prod_orders-v2"],
    ["aws_sqs_queue", "shop-prod-orders"],
    ["aws_sqs_queue", "shop-prod-orders.fifo"],
    ["aws_sqs_queue", `${"q".repeat(75)}.fifo`],
    ["aws_sns_topic", "Shop_Alerts.fifo"],
    ["aws_cloudwatch_log_group", "/aws/lambda/shop-prod_api#1.0"],
    ["aws_ecs_cluster", "shop_prod-cluster"],
    ["aws_ecs_service", "api"],
    ["aws_ecs_task_definition", "shop-prod-api"],
    ["aws_lb", "shop-prod-alb"],
    ["aws_alb", "Shop-Prod"],
    ["aws_lb_target_group", "shop-prod-tg-8080"],
    ["aws_db_instance", "shop-prod-db1"],
    ["aws_cloudwatch_metric_alarm", "Shop prod: 5xx > 1% (api)"],
    ["aws_kinesis_stream", "shop.prod_events-1"],
    ["aws_ecr_repository", "shop/prod/api-server"],
    ["aws_ecr_repository", "a1"],
    ["aws_ecr_repository", "team.one/app_x"],
    ["aws_unknown_thing", "ANY name at all!"],
  ])("%s %j is valid", (terraformType, name) => {
    const problems = checkAwsName(terraformType, name);

    expect(problems).toEqual([]);
  });

  it.each([
    [
      "aws_s3_bucket",
      "My_Bucket",
      [
        'aws_s3_bucket name "My_Bucket" must use only lowercase letters, digits, dots and hyphens',
        'aws_s3_bucket name "My_Bucket" must start and end with a lowercase letter or digit',
      ],
    ],
    ["aws_s3_bucket", "ab", ['aws_s3_bucket name "ab" must be 3–63 characters long']],
    ["aws_s3_bucket", "a".repeat(64), [`aws_s3_bucket name "${"a".repeat(64)}" must be 3–63 characters long`]],
    ["aws_s3_bucket", "-bucket", ['aws_s3_bucket name "-bucket" must start and end with a lowercase letter or digit']],
    ["aws_s3_bucket", "bucket.", ['aws_s3_bucket name "bucket." must start and end with a lowercase letter or digit']],
    ["aws_s3_bucket", "192.168.5.4", ['aws_s3_bucket name "192.168.5.4" must not be formatted as an IP address']],
    ["aws_s3_bucket", "my..bucket", ['aws_s3_bucket name "my..bucket" must not contain ".."']],
    ["aws_s3_bucket", "xn--bucket", ['aws_s3_bucket name "xn--bucket" must not start with "xn--"']],
    ["aws_s3_bucket", "bucket-s3alias", ['aws_s3_bucket name "bucket-s3alias" must not end with "-s3alias"']],
    ["aws_s3_bucket", "", ['aws_s3_bucket name "" must not be empty']],
    [
      "aws_lambda_function",
      "shop.handler",
      ['aws_lambda_function name "shop.handler" must use only letters, digits, hyphens and underscores'],
    ],
    [
      "aws_lambda_function",
      "f".repeat(65),
      [`aws_lambda_function name "${"f".repeat(65)}" must be 1–64 characters long`],
    ],
    [
      "aws_iam_role",
      "deploy role",
      ['aws_iam_role name "deploy role" must use only letters, digits and + = , . @ _ -'],
    ],
    ["aws_iam_role", "r".repeat(65), [`aws_iam_role name "${"r".repeat(65)}" must be 1–64 characters long`]],
    [
      "aws_iam_user",
      "ci/deployer",
      ['aws_iam_user name "ci/deployer" must use only letters, digits and + = , . @ _ -'],
    ],
    ["aws_iam_policy", "p".repeat(129), [`aws_iam_policy name "${"p".repeat(129)}" must be 1–128 characters long`]],
    ["aws_dynamodb_table", "ab", ['aws_dynamodb_table name "ab" must be 3–255 characters long']],
    [
      "aws_dynamodb_table",
      "shop/orders",
      ['aws_dynamodb_table name "shop/orders" must use only letters, digits, underscores, dots and hyphens'],
    ],
    [
      "aws_sqs_queue",
      "orders.v2",
      [
        'aws_sqs_queue name "orders.v2" must use only letters, digits, hyphens and underscores, optionally ending in ".fifo"',
      ],
    ],
    [
      "aws_sqs_queue",
      `${"q".repeat(76)}.fifo`,
      [`aws_sqs_queue name "${"q".repeat(76)}.fifo" must be 1–80 characters long`],
    ],
    [
      "aws_sns_topic",
      "alerts!",
      [
        'aws_sns_topic name "alerts!" must use only letters, digits, hyphens and underscores, optionally ending in ".fifo"',
      ],
    ],
    ["aws_sns_topic", "t".repeat(257), [`aws_sns_topic name "${"t".repeat(257)}" must be 1–256 characters long`]],
    [
      "aws_cloudwatch_log_group",
      "/aws/lambda/shop prod",
      ['aws_cloudwatch_log_group name "/aws/lambda/shop prod" must use only letters, digits and . - _ / #'],
    ],
    [
      "aws_cloudwatch_log_group",
      "l".repeat(513),
      [`aws_cloudwatch_log_group name "${"l".repeat(513)}" must be 1–512 characters long`],
    ],
    [
      "aws_ecs_cluster",
      "shop.prod",
      ['aws_ecs_cluster name "shop.prod" must use only letters, digits, hyphens and underscores'],
    ],
    ["aws_ecs_service", "c".repeat(256), [`aws_ecs_service name "${"c".repeat(256)}" must be 1–255 characters long`]],
    [
      "aws_ecs_task_definition",
      "shop:api",
      ['aws_ecs_task_definition name "shop:api" must use only letters, digits, hyphens and underscores'],
    ],
    ["aws_lb", "internal-shop", ['aws_lb name "internal-shop" must not start with "internal-"']],
    ["aws_lb", "shop_prod_alb", ['aws_lb name "shop_prod_alb" must use only letters, digits and hyphens']],
    ["aws_lb", "-shop-", ['aws_lb name "-shop-" must not start or end with a hyphen']],
    ["aws_alb", "a".repeat(33), [`aws_alb name "${"a".repeat(33)}" must be 1–32 characters long`]],
    ["aws_lb_target_group", "tg-", ['aws_lb_target_group name "tg-" must not start or end with a hyphen']],
    ["aws_db_instance", "1shop", ['aws_db_instance name "1shop" must start with a lowercase letter']],
    ["aws_db_instance", "shop--db", ['aws_db_instance name "shop--db" must not contain "--"']],
    ["aws_db_instance", "shop-db-", ['aws_db_instance name "shop-db-" must not end with "-"']],
    [
      "aws_db_instance",
      "Shop-DB",
      [
        'aws_db_instance name "Shop-DB" must use only lowercase letters, digits and hyphens',
        'aws_db_instance name "Shop-DB" must start with a lowercase letter',
      ],
    ],
    [
      "aws_cloudwatch_metric_alarm",
      "a".repeat(256),
      [`aws_cloudwatch_metric_alarm name "${"a".repeat(256)}" must be 1–255 characters long`],
    ],
    [
      "aws_kinesis_stream",
      "events:prod",
      ['aws_kinesis_stream name "events:prod" must use only letters, digits, underscores, dots and hyphens'],
    ],
    ["aws_ecr_repository", "a", ['aws_ecr_repository name "a" must be 2–256 characters long']],
    [
      "aws_ecr_repository",
      "Shop/API",
      [
        'aws_ecr_repository name "Shop/API" must use only lowercase letters and digits in "/"-separated segments, joined inside a segment by single . _ or -',
      ],
    ],
    [
      "aws_ecr_repository",
      "shop//api",
      [
        'aws_ecr_repository name "shop//api" must use only lowercase letters and digits in "/"-separated segments, joined inside a segment by single . _ or -',
      ],
    ],
    [
      "aws_ecr_repository",
      "shop-/api",
      [
        'aws_ecr_repository name "shop-/api" must use only lowercase letters and digits in "/"-separated segments, joined inside a segment by single . _ or -',
      ],
    ],
  ])("%s %j breaks a rule", (terraformType, name, expected) => {
    const problems = checkAwsName(terraformType, name);

    expect(problems).toEqual(expected);
  });

  it("checks long hostile names in linear time", () => {
    const hostile = `${"a-".repeat(20_000)}!`;

    const started = performance.now();
    const problems = checkAwsName("aws_ecr_repository", hostile);

    expect(problems.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("knownNamingRuleTypes", () => {
  it("lists every type with rules", () => {
    const types = [...knownNamingRuleTypes].sort();

    expect(types).toEqual([
      "aws_alb",
      "aws_cloudwatch_log_group",
      "aws_cloudwatch_metric_alarm",
      "aws_db_instance",
      "aws_dynamodb_table",
      "aws_ecr_repository",
      "aws_ecs_cluster",
      "aws_ecs_service",
      "aws_ecs_task_definition",
      "aws_iam_policy",
      "aws_iam_role",
      "aws_iam_user",
      "aws_kinesis_stream",
      "aws_lambda_function",
      "aws_lb",
      "aws_lb_target_group",
      "aws_s3_bucket",
      "aws_sns_topic",
      "aws_sqs_queue",
    ]);
  });

  it.each(knownNamingRuleTypes.map((type) => [type]))("%s rejects an empty name", (type) => {
    const problems = checkAwsName(type, "");

    expect(problems).toEqual([`${type} name "" must not be empty`]);
  });
});
