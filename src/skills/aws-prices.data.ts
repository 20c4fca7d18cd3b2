// The price table the ops auditor's cost estimate uses when Cost Explorer has no data (data, not code):
// on-demand list prices for us-east-1 in USD, and the usage each resource is assumed to have. Both are
// stated in every estimate; other regions differ by a few percent, and free tiers are ignored. The
// infra tester's plan estimate extends it (infra/tester/cost-prices.data.ts), so it sits below both.

export const PRICES_AS_OF = "us-east-1 on-demand list prices, reviewed 2025-06";
export const HOURS_PER_MONTH = 730;

export const PRICES = {
  lambdaPerGbSecond: 0.0000166667,
  lambdaPerMillionRequests: 0.2,
  fargatePerVcpuHour: 0.04048,
  fargatePerGbHour: 0.004445,
  albPerHour: 0.0225,
  albPerLcuHour: 0.008,
  nlbPerHour: 0.0225,
  nlbPerNlcuHour: 0.006,
  natPerHour: 0.045,
  natPerGbProcessed: 0.045,
  publicIpv4PerHour: 0.005,
  dynamodbPerMillionWrites: 0.625,
  dynamodbPerMillionReads: 0.125,
  dynamodbPerGbMonth: 0.25,
  s3StandardPerGbMonth: 0.023,
  alarmPerMonth: 0.1,
  logsPerGbIngested: 0.5,
  logsPerGbMonthStored: 0.03,
  sqsPerMillionRequests: 0.4,
  snsPerMillionPublishes: 0.5,
  ecrPerGbMonth: 0.1,
  kinesisPerShardHour: 0.015,
  ebsGp3PerGbMonth: 0.08,
  rdsGp2PerGbMonth: 0.115,
  httpApiPerMillionRequests: 1.0,
} as const;

/** Hourly on-demand prices of common EC2 instance types (Linux). Others are listed as not estimated. */
export const EC2_HOURLY: Readonly<Record<string, number>> = {
  "t3.nano": 0.0052,
  "t3.micro": 0.0104,
  "t3.small": 0.0208,
  "t3.medium": 0.0416,
  "t3.large": 0.0832,
  "t4g.micro": 0.0084,
  "t4g.small": 0.0168,
  "t4g.medium": 0.0336,
  "m5.large": 0.096,
  "m6i.large": 0.096,
  "c5.large": 0.085,
  "r5.large": 0.126,
};

/** Hourly on-demand prices of common RDS instance classes (single-AZ, open-source engines). */
export const RDS_HOURLY: Readonly<Record<string, number>> = {
  "db.t3.micro": 0.017,
  "db.t3.small": 0.034,
  "db.t3.medium": 0.068,
  "db.t4g.micro": 0.016,
  "db.t4g.small": 0.032,
  "db.t4g.medium": 0.065,
  "db.m5.large": 0.171,
};

/** Usage assumed per resource and month where the registry cannot tell. */
export const USAGE = {
  lambdaRequests: 1_000_000,
  lambdaDurationMs: 200,
  lambdaMemoryMb: 128,
  fargateCpuUnits: 256,
  fargateMemoryMb: 512,
  albLcus: 1,
  natGbProcessed: 10,
  dynamodbWrites: 1_000_000,
  dynamodbReads: 1_000_000,
  dynamodbGb: 1,
  s3Gb: 10,
  logsGbIngested: 1,
  logsGbStored: 1,
  sqsRequests: 1_000_000,
  snsPublishes: 1_000_000,
  ecrGb: 1,
  ebsGb: 8,
  httpApiRequests: 1_000_000,
} as const;

/** The assumptions, in words, as every estimate states them. */
export const USAGE_ASSUMPTIONS: readonly string[] = [
  `Prices: ${PRICES_AS_OF}; ${HOURS_PER_MONTH} hours a month; free tiers, data transfer and taxes are not included`,
  `Lambda: ${USAGE.lambdaRequests.toLocaleString("en-US")} requests a month of ${USAGE.lambdaDurationMs} ms at the function's memory (${USAGE.lambdaMemoryMb} MB when unknown)`,
  `ECS Fargate: the task definition's cpu and memory (${USAGE.fargateCpuUnits} cpu units / ${USAGE.fargateMemoryMb} MB when unknown) × desired count, running all month`,
  `Load balancers: running all month with ${USAGE.albLcus} capacity unit; NAT gateways: ${USAGE.natGbProcessed} GB processed`,
  `DynamoDB on demand: ${USAGE.dynamodbWrites.toLocaleString("en-US")} writes, ${USAGE.dynamodbReads.toLocaleString("en-US")} reads, ${USAGE.dynamodbGb} GB stored`,
  `S3: ${USAGE.s3Gb} GB in S3 Standard per bucket; ECR: ${USAGE.ecrGb} GB per repository; EBS: the volume at ${USAGE.ebsGb} GB gp3`,
  `CloudWatch: one standard alarm each; logs: ${USAGE.logsGbIngested} GB ingested and ${USAGE.logsGbStored} GB stored per log group`,
  `SQS: ${USAGE.sqsRequests.toLocaleString("en-US")} requests per queue; SNS: ${USAGE.snsPublishes.toLocaleString("en-US")} publishes per topic; HTTP APIs: ${USAGE.httpApiRequests.toLocaleString("en-US")} requests`,
];

/** Types that cost nothing by themselves (their cost shows on the resources that use them). */
export const FREE_TYPES: ReadonlySet<string> = new Set([
  "aws_iam_role",
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_user",
  "aws_iam_instance_profile",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc",
  "aws_subnet",
  "aws_route_table",
  "aws_route_table_association",
  "aws_route",
  "aws_internet_gateway",
  "aws_ecs_cluster",
  "aws_ecs_task_definition",
  "aws_lambda_alias",
  "aws_lambda_permission",
  "aws_lambda_event_source_mapping",
  "aws_lb_target_group",
  "aws_alb_target_group",
  "aws_lb_listener",
  "aws_alb_listener",
  "aws_lb_listener_rule",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_cloudwatch_log_subscription_filter",
  "aws_sns_topic_subscription",
  "aws_sqs_queue_policy",
  "aws_appautoscaling_target",
  "aws_appautoscaling_policy",
]);
