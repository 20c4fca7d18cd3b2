// The price table of the pre-deployment cost estimate (data, not code). It extends the table the ops
// auditor prices a running environment with (skills/aws-prices.data.ts: same prices, same usage
// assumptions, so a plan and a running environment are estimated alike) with the types a plan often
// holds and the auditor does not price.
import {
  EC2_HOURLY as AUDIT_EC2,
  HOURS_PER_MONTH,
  PRICES,
  RDS_HOURLY as AUDIT_RDS,
  USAGE,
} from "../../aws-prices.data.js";

export { FREE_TYPES, HOURS_PER_MONTH, PRICES, USAGE, USAGE_ASSUMPTIONS } from "../../aws-prices.data.js";

/** The date the figures below were last checked against the AWS price list (us-east-1, on demand, USD). */
export const PLAN_PRICES_AS_OF = "2025-06";
export const PRICE_REGION = "us-east-1";

/** Linux, shared tenancy: the auditor's types plus more common ones. */
export const EC2_HOURLY: Readonly<Record<string, number>> = {
  ...AUDIT_EC2,
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
  ...AUDIT_RDS,
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
