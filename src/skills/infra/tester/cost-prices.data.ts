// The one price table of the cost estimate (data, not code), used by test-changes on a plan and by the
// audit on the recorded resources: on-demand list prices for us-east-1 in USD, the region price levels,
// and the usage each usage-priced resource is assumed to have. All of it is stated in every estimate;
// free tiers are ignored.

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
const BASE_EC2_HOURLY: Readonly<Record<string, number>> = {
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
const BASE_RDS_HOURLY: Readonly<Record<string, number>> = {
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

/** The date the figures below were last checked against the AWS price list (us-east-1, on demand, USD). */
export const PLAN_PRICES_AS_OF = "2025-06";
export const PRICE_REGION = "us-east-1";

/** Linux, shared tenancy: the auditor's types plus more common ones. */
export const EC2_HOURLY: Readonly<Record<string, number>> = {
  ...BASE_EC2_HOURLY,
  "t2.micro": 0.0116,
  "t2.small": 0.023,
  "t2.medium": 0.0464,
  "t3.xlarge": 0.1664,
  "t3.2xlarge": 0.3328,
  "t4g.nano": 0.0042,
  "t4g.large": 0.0672,
  "m5.xlarge": 0.192,
  "m5.2xlarge": 0.384,
  "m6i.xlarge": 0.192,
  "m6g.large": 0.077,
  "m7i.large": 0.1008,
  "m7g.large": 0.0816,
  "c5.xlarge": 0.17,
  "c6i.large": 0.085,
  "c7g.large": 0.0725,
  "r5.xlarge": 0.252,
  "r6i.large": 0.126,
};

/** Single-AZ, open-source engines (MySQL, PostgreSQL, MariaDB); Multi-AZ doubles instance and storage. */
export const RDS_HOURLY: Readonly<Record<string, number>> = {
  ...BASE_RDS_HOURLY,
  "db.t3.large": 0.136,
  "db.t4g.large": 0.129,
  "db.m5.xlarge": 0.342,
  "db.m6g.large": 0.152,
  "db.m6i.large": 0.171,
  "db.m7g.large": 0.168,
  "db.r5.large": 0.25,
  "db.r6g.large": 0.225,
};

/** RDS storage per GB-month by storage_type (gp3's 3,000 baseline IOPS are included). */
export const RDS_STORAGE_GB_MONTH: Readonly<Record<string, number>> = {
  gp2: PRICES.rdsGp2PerGbMonth,
  gp3: 0.115,
  io1: 0.125,
  io2: 0.125,
  standard: 0.1,
};
export const RDS_PROVISIONED_IOPS_MONTH = 0.1;

/** EBS per GB-month by volume type. */
export const EBS_GB_MONTH: Readonly<Record<string, number>> = {
  gp2: 0.1,
  gp3: PRICES.ebsGp3PerGbMonth,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05,
};
/** io1/io2 provisioned IOPS per month; gp3 IOPS above 3,000 and throughput above 125 MB/s. */
export const EBS_EXTRA = {
  ioIopsMonth: 0.065,
  gp3IopsMonth: 0.005,
  gp3MbpsMonth: 0.04,
  gp3FreeIops: 3000,
  gp3FreeMbps: 125,
} as const;

/** ElastiCache on-demand node hours (Redis OSS / Memcached). */
export const ELASTICACHE_HOURLY: Readonly<Record<string, number>> = {
  "cache.t3.micro": 0.017,
  "cache.t3.small": 0.034,
  "cache.t3.medium": 0.068,
  "cache.t4g.micro": 0.016,
  "cache.t4g.small": 0.032,
  "cache.t4g.medium": 0.065,
  "cache.m5.large": 0.156,
  "cache.m6g.large": 0.149,
  "cache.r5.large": 0.216,
  "cache.r6g.large": 0.206,
};

export const FIXED = {
  kmsKeyMonth: 1,
  secretMonth: 0.4,
  vpcInterfaceEndpointPerAzHour: 0.01,
  dynamodbWcuHour: 0.00065,
  dynamodbRcuHour: 0.00013,
  restApiPerMillionRequests: 3.5,
  cloudfrontPerGbOut: 0.085,
  cloudfrontPerTenThousandHttps: 0.01,
} as const;

/** Usage the table assumes where only traffic decides the bill (stated in every estimate). */
export const PLAN_USAGE = {
  ...USAGE,
  restApiRequests: 1_000_000,
  cloudfrontGbOut: 10,
  cloudfrontRequests: 1_000_000,
} as const;

export const PLAN_ASSUMPTIONS: readonly string[] = [
  `API Gateway REST APIs: ${PLAN_USAGE.restApiRequests / 1e6}M requests; CloudFront: ${PLAN_USAGE.cloudfrontGbOut} GB out and ${PLAN_USAGE.cloudfrontRequests / 1e6}M HTTPS requests`,
  "KMS keys, Secrets Manager secrets, interface endpoints, provisioned DynamoDB capacity and node-based services are priced for the whole month, before API calls",
];

/**
 * Approximate price level of other regions relative to us-east-1, derived from the m5.large on-demand
 * price in each (2025-06). Compute-heavy bills follow it closely; other services differ somewhat.
 */
export const REGION_MULTIPLIERS: Readonly<Record<string, number>> = {
  "us-east-1": 1,
  "us-east-2": 1,
  "us-west-2": 1,
  "us-west-1": 1.17,
  "ca-central-1": 1.11,
  "eu-west-1": 1.11,
  "eu-west-2": 1.16,
  "eu-west-3": 1.16,
  "eu-central-1": 1.2,
  "eu-north-1": 1.06,
  "ap-south-1": 1.05,
  "ap-southeast-1": 1.25,
  "ap-southeast-2": 1.25,
  "ap-northeast-1": 1.29,
  "ap-northeast-2": 1.23,
  "sa-east-1": 1.59,
};

export const MONTH_HOURS = HOURS_PER_MONTH;

/** Configuration-only types a plan often holds, beyond the auditor's FREE_TYPES: no charge of their own. */
export const PLAN_FREE_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_acl",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_cors_configuration",
  "aws_s3_bucket_logging",
  "aws_s3_bucket_notification",
  "aws_s3_bucket_website_configuration",
  "aws_iam_policy_attachment",
  "aws_iam_user_policy",
  "aws_iam_group",
  "aws_iam_group_policy_attachment",
  "aws_ecs_cluster_capacity_providers",
  "aws_kms_alias",
  "aws_secretsmanager_secret_version",
  "aws_db_subnet_group",
  "aws_db_parameter_group",
  "aws_elasticache_subnet_group",
  "aws_elasticache_parameter_group",
  "aws_api_gateway_resource",
  "aws_api_gateway_method",
  "aws_api_gateway_integration",
  "aws_api_gateway_deployment",
  "aws_api_gateway_stage",
  "aws_apigatewayv2_stage",
  "aws_apigatewayv2_route",
  "aws_apigatewayv2_integration",
  "aws_lambda_function_url",
  "aws_cloudwatch_event_target",
  "aws_network_acl",
  "aws_main_route_table_association",
  "aws_default_security_group",
  "aws_vpc_endpoint_route_table_association",
  "aws_eip_association",
  "aws_ssm_parameter",
  "aws_acm_certificate",
  "aws_lb_target_group_attachment",
]);
