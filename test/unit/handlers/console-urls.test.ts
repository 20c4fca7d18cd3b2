import { describe, expect, it } from "vitest";
import { consoleUrlFor, consoleUrlTypes } from "../../../src/handlers/hosting/aws/console-urls.js";

const ACCOUNT = "123456789012";
const R = "eu-west-1";
const HOST = `https://${R}.console.aws.amazon.com`;

// One row per type: the state values Terraform records (trimmed to what matters) and the link.
const CASES: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
  [
    "aws_s3_bucket",
    { bucket: "shop-assets", arn: "arn:aws:s3:::shop-assets", region: R },
    `https://s3.console.aws.amazon.com/s3/buckets/shop-assets?region=${R}`,
  ],
  [
    "aws_lambda_function",
    { function_name: "shop-api", arn: `arn:aws:lambda:${R}:${ACCOUNT}:function:shop-api` },
    `${HOST}/lambda/home?region=${R}#/functions/shop-api`,
  ],
  [
    "aws_lambda_alias",
    { name: "live", function_name: "shop-api", arn: `arn:aws:lambda:${R}:${ACCOUNT}:function:shop-api:live` },
    `${HOST}/lambda/home?region=${R}#/functions/shop-api/aliases/live`,
  ],
  [
    "aws_dynamodb_table",
    { name: "shop-orders", arn: `arn:aws:dynamodb:${R}:${ACCOUNT}:table/shop-orders` },
    `${HOST}/dynamodbv2/home?region=${R}#table?name=shop-orders`,
  ],
  [
    "aws_cloudwatch_log_group",
    { name: "/aws/lambda/shop-api", arn: `arn:aws:logs:${R}:${ACCOUNT}:log-group:/aws/lambda/shop-api` },
    `${HOST}/cloudwatch/home?region=${R}#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fshop-api`,
  ],
  [
    "aws_cloudwatch_metric_alarm",
    { alarm_name: "shop api errors", arn: `arn:aws:cloudwatch:${R}:${ACCOUNT}:alarm:shop api errors` },
    `${HOST}/cloudwatch/home?region=${R}#alarmsV2:alarm/shop%20api%20errors`,
  ],
  [
    "aws_iam_role",
    { name: "shop-api-role", arn: `arn:aws:iam::${ACCOUNT}:role/shop-api-role` },
    "https://us-east-1.console.aws.amazon.com/iam/home#/roles/details/shop-api-role",
  ],
  [
    "aws_iam_user",
    { name: "deployer", arn: `arn:aws:iam::${ACCOUNT}:user/deployer` },
    "https://us-east-1.console.aws.amazon.com/iam/home#/users/details/deployer",
  ],
  [
    "aws_iam_policy",
    { name: "shop-logs", arn: `arn:aws:iam::${ACCOUNT}:policy/shop-logs` },
    `https://us-east-1.console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3A${ACCOUNT}%3Apolicy%2Fshop-logs`,
  ],
  [
    "aws_ecs_cluster",
    { name: "shop", arn: `arn:aws:ecs:${R}:${ACCOUNT}:cluster/shop` },
    `${HOST}/ecs/v2/clusters/shop?region=${R}`,
  ],
  [
    "aws_ecs_service",
    {
      name: "web",
      cluster: `arn:aws:ecs:${R}:${ACCOUNT}:cluster/shop`,
      id: `arn:aws:ecs:${R}:${ACCOUNT}:service/shop/web`,
    },
    `${HOST}/ecs/v2/clusters/shop/services/web?region=${R}`,
  ],
  [
    "aws_ecs_task_definition",
    { family: "web", revision: 3, arn: `arn:aws:ecs:${R}:${ACCOUNT}:task-definition/web:3` },
    `${HOST}/ecs/v2/task-definitions/web/3?region=${R}`,
  ],
  ...(["aws_lb", "aws_alb"] as const).map(
    (type) =>
      [
        type,
        { name: "shop", arn: `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:loadbalancer/app/shop/50dc6c495c0c9188` },
        `${HOST}/ec2/home?region=${R}#LoadBalancer:loadBalancerArn=arn%3Aaws%3Aelasticloadbalancing%3A${R}%3A${ACCOUNT}%3Aloadbalancer%2Fapp%2Fshop%2F50dc6c495c0c9188`,
      ] as const,
  ),
  ...(["aws_lb_target_group", "aws_alb_target_group"] as const).map(
    (type) =>
      [
        type,
        { name: "web", arn: `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:targetgroup/web/73e2d6bc24d8a067` },
        `${HOST}/ec2/home?region=${R}#TargetGroup:targetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3A${R}%3A${ACCOUNT}%3Atargetgroup%2Fweb%2F73e2d6bc24d8a067`,
      ] as const,
  ),
  [
    "aws_sqs_queue",
    // The id/url an emulator returns is replaced by the public queue URL built from the ARN.
    {
      name: "shop-orders",
      arn: `arn:aws:sqs:${R}:${ACCOUNT}:shop-orders`,
      url: `http://127.0.0.1:5000/${ACCOUNT}/shop-orders`,
    },
    `${HOST}/sqs/v3/home?region=${R}#/queues/https%3A%2F%2Fsqs.${R}.amazonaws.com%2F${ACCOUNT}%2Fshop-orders`,
  ],
  [
    "aws_sns_topic",
    { name: "alerts", arn: `arn:aws:sns:${R}:${ACCOUNT}:alerts` },
    `${HOST}/sns/v3/home?region=${R}#/topic/arn:aws:sns:${R}:${ACCOUNT}:alerts`,
  ],
  [
    "aws_db_instance",
    { identifier: "shop-db", arn: `arn:aws:rds:${R}:${ACCOUNT}:db:shop-db` },
    `${HOST}/rds/home?region=${R}#database:id=shop-db;is-cluster=false`,
  ],
  [
    "aws_rds_cluster",
    { cluster_identifier: "shop", arn: `arn:aws:rds:${R}:${ACCOUNT}:cluster:shop` },
    `${HOST}/rds/home?region=${R}#database:id=shop;is-cluster=true`,
  ],
  [
    "aws_instance",
    { id: "i-0abc123", arn: `arn:aws:ec2:${R}:${ACCOUNT}:instance/i-0abc123` },
    `${HOST}/ec2/home?region=${R}#InstanceDetails:instanceId=i-0abc123`,
  ],
  [
    "aws_vpc",
    { id: "vpc-0abc", arn: `arn:aws:ec2:${R}:${ACCOUNT}:vpc/vpc-0abc` },
    `${HOST}/vpcconsole/home?region=${R}#VpcDetails:VpcId=vpc-0abc`,
  ],
  [
    "aws_subnet",
    { id: "subnet-0abc", arn: `arn:aws:ec2:${R}:${ACCOUNT}:subnet/subnet-0abc` },
    `${HOST}/vpcconsole/home?region=${R}#SubnetDetails:subnetId=subnet-0abc`,
  ],
  [
    "aws_security_group",
    { id: "sg-0abc", arn: `arn:aws:ec2:${R}:${ACCOUNT}:security-group/sg-0abc` },
    `${HOST}/ec2/home?region=${R}#SecurityGroup:groupId=sg-0abc`,
  ],
  [
    "aws_api_gateway_rest_api",
    { id: "a1b2c3d4e5", arn: `arn:aws:apigateway:${R}::/restapis/a1b2c3d4e5` },
    `${HOST}/apigateway/main/apis/a1b2c3d4e5/resources?api=a1b2c3d4e5&region=${R}`,
  ],
  [
    "aws_apigatewayv2_api",
    { id: "x9y8z7", arn: `arn:aws:apigateway:${R}::/apis/x9y8z7` },
    `${HOST}/apigateway/main/develop/routes?api=x9y8z7&region=${R}`,
  ],
  [
    "aws_ecr_repository",
    { name: "shop/web", registry_id: ACCOUNT, arn: `arn:aws:ecr:${R}:${ACCOUNT}:repository/shop/web` },
    `${HOST}/ecr/repositories/private/${ACCOUNT}/shop/web?region=${R}`,
  ],
  [
    "aws_kinesis_stream",
    { name: "clicks", arn: `arn:aws:kinesis:${R}:${ACCOUNT}:stream/clicks` },
    `${HOST}/kinesis/home?region=${R}#/streams/details/clicks/monitoring`,
  ],
];

describe("consoleUrlFor", () => {
  it.each(CASES)("links %s", (type, values, expected) => {
    const url = consoleUrlFor(type, values, "us-east-1");

    expect(url).toBe(expected);
  });

  it("has a case above for every type it knows", () => {
    expect([...new Set(CASES.map(([type]) => type))].sort()).toEqual([...consoleUrlTypes]);
  });

  it.each([
    [
      "the ARN's region over everything",
      { function_name: "f", arn: "arn:aws:lambda:ap-south-1:1:function:f", region: "eu-north-1" },
      "ap-south-1",
    ],
    [
      "the resource's own region when the ARN has none",
      { bucket: "b", arn: "arn:aws:s3:::b", region: "eu-north-1" },
      "eu-north-1",
    ],
    ["the environment's region otherwise", { name: "t" }, "sa-east-1"],
  ])("takes %s", (_rule, values, region) => {
    const type =
      "bucket" in values ? "aws_s3_bucket" : "function_name" in values ? "aws_lambda_function" : "aws_dynamodb_table";

    const url = consoleUrlFor(type, values, "sa-east-1");

    expect(url).toContain(`region=${region}`);
  });

  it("encodes names", () => {
    expect(consoleUrlFor("aws_dynamodb_table", { name: "a&b#c" }, R)).toBe(
      `${HOST}/dynamodbv2/home?region=${R}#table?name=a%26b%23c`,
    );
    expect(consoleUrlFor("aws_cloudwatch_log_group", { name: "/ecs/web [blue]" }, R)).toBe(
      `${HOST}/cloudwatch/home?region=${R}#logsV2:log-groups/log-group/$252Fecs$252Fweb$2520$255Bblue$255D`,
    );
  });

  it("takes an alias's function by ARN as well as by name", () => {
    const values = { name: "live", function_name: `arn:aws:lambda:${R}:${ACCOUNT}:function:shop-api` };

    expect(consoleUrlFor("aws_lambda_alias", values, R)).toBe(
      `${HOST}/lambda/home?region=${R}#/functions/shop-api/aliases/live`,
    );
  });

  it.each([
    ["an unknown type", "aws_glue_job", { name: "etl" }, R],
    ["a non-AWS resource", "terraform_data", { id: "e96afcfa" }, R],
    ["a prototype key as type", "constructor", { name: "x" }, R],
    ["a missing name", "aws_lambda_function", { arn: `arn:aws:lambda:${R}:${ACCOUNT}:function:f` }, R],
    ["an empty name", "aws_iam_role", { name: "" }, R],
    ["another partition, whose console lives elsewhere", "aws_sns_topic", { arn: "arn:aws-cn:sns:cn-north-1:1:t" }, R],
    ["a region that is not one", "aws_dynamodb_table", { name: "t" }, "localhost"],
  ])("gives no link for %s", (_case, type, values, region) => {
    expect(consoleUrlFor(type, values, region)).toBeUndefined();
  });
});
