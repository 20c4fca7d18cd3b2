// Rough monthly prices per resource type for the design document (USD, us-east-1 list prices, light
// traffic): an order of magnitude, not an estimate.

export interface RoughPrice {
  usd: number;
  basis: string;
}

export const ROUGH_MONTHLY_USD: Readonly<Record<string, RoughPrice>> = {
  aws_s3_bucket: { usd: 0.25, basis: "10 GB Standard storage, few requests" },
  aws_s3_object: { usd: 0, basis: "a few bytes" },
  aws_cloudfront_distribution: { usd: 1, basis: "10 GB out, 100k requests; free tier not counted" },
  aws_lambda_function: { usd: 0.5, basis: "1M requests × 100 ms at 128 MB" },
  aws_dynamodb_table: { usd: 1.5, basis: "on-demand, 1M writes + 1M reads, 1 GB" },
  aws_apigatewayv2_api: { usd: 1, basis: "1M HTTP API requests" },
  aws_sqs_queue: { usd: 0.4, basis: "1M requests" },
  aws_cloudwatch_log_group: { usd: 0.5, basis: "1 GB ingested and stored" },
  aws_cloudwatch_metric_alarm: { usd: 0.1, basis: "one standard-resolution alarm" },
  aws_lb: { usd: 22, basis: "ALB hours + 1 LCU" },
  aws_ecs_service: { usd: 9, basis: "per task: 0.25 vCPU + 0.5 GB Fargate, always on" },
  aws_vpc: { usd: 0, basis: "no NAT gateway; public IPv4 addresses billed per task (~$3.60 each)" },
};
