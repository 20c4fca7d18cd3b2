// Built-in rules for the audit trail: CloudTrail, access logs of load balancers, API stages and
// CloudFront, VPC flow logs, and CloudWatch log groups (retention, encryption); plus load balancer
// deletion protection, which sits with the other load balancer settings here.
import { blocks, bool, companionsOf, isUnset, num, str, type SecurityRule } from "./security-rules.js";

const LB_TYPES = ["aws_lb", "aws_alb"];

export const loggingRules: SecurityRule[] = [
  {
    id: "CLOUDTRAIL_LOGGING_DISABLED",
    title: "CloudTrail trail is not logging",
    severity: "high",
    category: "compliance",
    resourceTypes: ["aws_cloudtrail"],
    check: (trail) =>
      bool(trail.values, "enable_logging") === false
        ? [`trail ${str(trail.values, "name") ?? trail.address} is created stopped`]
        : [],
    remediation: "remove enable_logging = false",
  },
  {
    id: "CLOUDTRAIL_LOG_VALIDATION_DISABLED",
    title: "CloudTrail log file validation is off",
    severity: "high",
    category: "compliance",
    resourceTypes: ["aws_cloudtrail"],
    check: (trail) =>
      bool(trail.values, "enable_log_file_validation") === false
        ? ["changes to delivered log files cannot be detected"]
        : [],
    remediation: "set enable_log_file_validation = true",
  },
  {
    id: "LB_ACCESS_LOGS_DISABLED",
    title: "Load balancer access logs are off",
    severity: "low",
    category: "compliance",
    resourceTypes: LB_TYPES,
    check: (lb) => {
      if (!Array.isArray(lb.values.access_logs)) return [];
      const logs = blocks(lb.values, "access_logs")[0];
      return logs === undefined || bool(logs, "enabled") === false
        ? [`${str(lb.values, "name") ?? lb.address} keeps no record of requests`]
        : [];
    },
    remediation: "add access_logs { bucket = <log bucket>, enabled = true }",
  },
  {
    id: "LB_DELETION_PROTECTION_DISABLED",
    title: "Load balancer deletion protection is off",
    severity: "low",
    category: "configuration",
    resourceTypes: LB_TYPES,
    check: (lb) =>
      bool(lb.values, "enable_deletion_protection") === false
        ? [`${str(lb.values, "name") ?? lb.address} (and its DNS name) can be deleted by one call`]
        : [],
    remediation: "set enable_deletion_protection = true in production-like environments",
  },
  {
    id: "APIGW_STAGE_LOGGING_MISSING",
    title: "API Gateway stage has no access logging",
    severity: "medium",
    category: "compliance",
    resourceTypes: ["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
    check: (stage) =>
      Array.isArray(stage.values.access_log_settings) && blocks(stage.values, "access_log_settings").length === 0
        ? [
            `stage ${str(stage.values, "stage_name") ?? str(stage.values, "name") ?? stage.address} writes no access log`,
          ]
        : [],
    remediation: "add access_log_settings { destination_arn = <log group ARN>, format = <JSON format> }",
  },
  {
    id: "CLOUDFRONT_LOGGING_MISSING",
    title: "CloudFront distribution has no access logging",
    severity: "medium",
    category: "compliance",
    resourceTypes: ["aws_cloudfront_distribution"],
    check: (distribution) =>
      Array.isArray(distribution.values.logging_config) && blocks(distribution.values, "logging_config").length === 0
        ? ["viewer requests are not logged"]
        : [],
    remediation:
      "add logging_config { bucket = <log bucket>.s3.amazonaws.com } or CloudWatch real-time / standard logging v2",
  },
  {
    id: "VPC_FLOW_LOGS_MISSING",
    title: "VPC has no flow logs",
    severity: "medium",
    category: "compliance",
    resourceTypes: ["aws_vpc"],
    check: (vpc, all) =>
      companionsOf(vpc, all, "aws_flow_log", "vpc_id", ["id"]).length > 0
        ? []
        : ["no aws_flow_log records the VPC's traffic, so there is nothing to investigate with"],
    remediation: 'add an aws_flow_log for the VPC (traffic_type = "ALL" or "REJECT", to CloudWatch Logs or S3)',
  },
  {
    id: "LOG_GROUP_NO_RETENTION",
    title: "CloudWatch log group keeps logs forever",
    severity: "low",
    category: "configuration",
    resourceTypes: ["aws_cloudwatch_log_group"],
    check: (group) => {
      const days = num(group.values, "retention_in_days");
      return days === 0 || (days === undefined && group.values.retention_in_days === null)
        ? [`${str(group.values, "name") ?? group.address} never expires its logs, so storage cost only grows`]
        : [];
    },
    remediation: "set retention_in_days (for example 30 for application logs, longer where compliance requires)",
  },
  {
    id: "LOG_GROUP_NO_KMS",
    title: "CloudWatch log group is not encrypted with a customer managed key",
    severity: "low",
    category: "compliance",
    resourceTypes: ["aws_cloudwatch_log_group"],
    check: (group) =>
      isUnset(group.values, "kms_key_id")
        ? [`${str(group.values, "name") ?? group.address} uses the service-owned key`]
        : [],
    remediation:
      "set kms_key_id to a customer managed key whose policy allows the logs service, where key control is required",
  },
];
