// Where each built-in rule's severity comes from: the severity Trivy publishes for the same check
// (aquasecurity/trivy-checks, checks/cloud/aws/**, read at commit 80e5382), or why the rule differs.
// docs/security-rules.md is rendered from this table and SECURITY_RULES, and a test keeps them equal.
import type { Severity } from "./types.js";

export interface PublishedSeverity {
  /** Trivy's check id and severity for the same question; absent when Trivy has no such check. */
  trivy?: { id: string; severity: Severity };
  /** Why the rule's severity is not Trivy's (required whenever they differ). */
  note?: string;
}

const GATE =
  "reachable from the whole internet: critical so that the default gate (max_critical_findings 0) fails on one finding";

export const PUBLISHED_SEVERITIES: Readonly<Record<string, PublishedSeverity>> = {
  PROVIDER_LITERAL_CREDENTIALS: {
    trivy: { id: "general-secrets-no-plaintext-exposure", severity: "critical" },
    note: "the same check as checkov CKV_AWS_41 (Trivy's example for it is this provider block)",
  },
  S3_PUBLIC_ACL: {
    trivy: { id: "AWS-0092", severity: "high" },
    note: "the bucket is public now, the same exposure as S3_POLICY_PUBLIC",
  },
  S3_PUBLIC_ACCESS_BLOCK_MISSING: { trivy: { id: "AWS-0094", severity: "low" } },
  S3_PUBLIC_ACCESS_BLOCK_DISABLED: { trivy: { id: "AWS-0086/0087/0091/0093", severity: "high" } },
  S3_PUBLIC_ACCESS_BLOCK_OFF: {
    trivy: { id: "AWS-0086/0087/0091/0093", severity: "high" },
    note: "Trivy reports the four settings as four high findings, more than the default max_high_findings of 2; one critical finding gives the same verdict",
  },
  S3_POLICY_PUBLIC: { note: "no Trivy check for a public bucket policy; the same exposure as a public ACL" },
  S3_ENCRYPTION_MISSING: {
    trivy: { id: "AWS-0088", severity: "high" },
    note: "S3 encrypts every new object with SSE-S3 since January 2023; only key control is missing",
  },
  S3_VERSIONING_DISABLED: { trivy: { id: "AWS-0090", severity: "medium" } },
  S3_ACCESS_LOGGING_MISSING: { trivy: { id: "AWS-0089", severity: "low" } },
  S3_SECURE_TRANSPORT_MISSING: {},
  RDS_PUBLICLY_ACCESSIBLE: { trivy: { id: "AWS-0180", severity: "high" }, note: GATE },
  RDS_STORAGE_UNENCRYPTED: { trivy: { id: "AWS-0079/0080", severity: "high" } },
  RDS_DELETION_PROTECTION_DISABLED: { trivy: { id: "AWS-0177/0343", severity: "medium" } },
  RDS_SKIP_FINAL_SNAPSHOT: {},
  RDS_TLS_NOT_ENFORCED: {},
  DYNAMODB_PITR_DISABLED: { trivy: { id: "AWS-0024", severity: "medium" } },
  DYNAMODB_NO_CMK: { trivy: { id: "AWS-0025", severity: "low" } },
  ELASTICACHE_AT_REST_UNENCRYPTED: { trivy: { id: "AWS-0045", severity: "high" } },
  ELASTICACHE_TRANSIT_UNENCRYPTED: { trivy: { id: "AWS-0051", severity: "high" } },
  EFS_UNENCRYPTED: { trivy: { id: "AWS-0037", severity: "high" } },
  EBS_UNENCRYPTED: { trivy: { id: "AWS-0026/0008/0131", severity: "high" } },
  SQS_UNENCRYPTED: { trivy: { id: "AWS-0096", severity: "high" } },
  SNS_UNENCRYPTED: { trivy: { id: "AWS-0095", severity: "high" } },
  REDSHIFT_UNENCRYPTED: { trivy: { id: "AWS-0084", severity: "high" } },
  OPENSEARCH_UNENCRYPTED: { trivy: { id: "AWS-0048", severity: "high" } },
  KINESIS_UNENCRYPTED: { trivy: { id: "AWS-0064", severity: "high" } },
  EKS_SECRETS_UNENCRYPTED: { trivy: { id: "AWS-0039", severity: "high" } },
  SSM_SECRET_AS_STRING: { note: "no Trivy check; a readable secret, like ENV_PLAINTEXT_SECRET one level down" },
  USER_DATA_SECRET: { trivy: { id: "AWS-0029/0129", severity: "critical" } },
  SG_OPEN_SSH: { trivy: { id: "AWS-0107", severity: "high" }, note: GATE },
  SG_OPEN_RDP: { trivy: { id: "AWS-0107", severity: "high" }, note: GATE },
  SG_OPEN_ALL_PORTS: { trivy: { id: "AWS-0102", severity: "critical" } },
  SG_OPEN_DATABASE_PORT: {
    trivy: { id: "AWS-0107", severity: "high" },
    note: `${GATE}; ops audit fails the same exposure`,
  },
  EC2_PUBLIC_IP: { trivy: { id: "AWS-0009", severity: "high" } },
  LAMBDA_URL_AUTH_NONE: {},
  APIGW_METHOD_NO_AUTH: { trivy: { id: "AWS-0004", severity: "low" } },
  LB_INTERNET_FACING_NO_HTTPS: { trivy: { id: "AWS-0054", severity: "critical" } },
  ALB_HTTP_NO_REDIRECT: { trivy: { id: "AWS-0054", severity: "critical" } },
  CLOUDFRONT_ALLOW_HTTP: { trivy: { id: "AWS-0012", severity: "critical" } },
  LAMBDA_PERMISSION_PUBLIC: { trivy: { id: "AWS-0067", severity: "critical" } },
  RESOURCE_POLICY_PUBLIC: {
    trivy: { id: "AWS-0032", severity: "high" },
    note: "Trivy's check covers ECR only; a policy open to everyone is rated as S3_POLICY_PUBLIC",
  },
  REDSHIFT_PUBLICLY_ACCESSIBLE: { note: "no Trivy check; the same exposure as RDS_PUBLICLY_ACCESSIBLE" },
  OPENSEARCH_NOT_IN_VPC: { note: "no Trivy check; the endpoint is public but guarded by the access policy" },
  EKS_PUBLIC_ENDPOINT: { trivy: { id: "AWS-0041", severity: "critical" } },
  SUBNET_PUBLIC_IP_ON_LAUNCH: { trivy: { id: "AWS-0164", severity: "high" } },
  ECS_SERVICE_PUBLIC_IP: { note: "no Trivy check; the same exposure as EC2_PUBLIC_IP" },
  DEFAULT_SG_HAS_RULES: { trivy: { id: "AWS-0173", severity: "low" } },
  NACL_OPEN_ADMIN_PORT: { trivy: { id: "AWS-0105", severity: "medium" } },
  IAM_MANAGED_ADMIN_ATTACHED: {
    note: "no Trivy check; the same grant as IAM_POLICY_ADMIN_WILDCARD through an AWS managed policy",
  },
  IAM_MANAGED_POWERUSER_ATTACHED: { note: "no Trivy check; the same grant as IAM_POLICY_SERVICE_WILDCARD" },
  IAM_PRIVESC_WILDCARD: { trivy: { id: "AWS-0057", severity: "high" } },
  IAM_DATA_READ_WILDCARD: { trivy: { id: "AWS-0057", severity: "high" } },
  IAM_POLICY_ADMIN_WILDCARD: {
    trivy: { id: "AWS-0057", severity: "high" },
    note: 'Action "*" on "*" is full administrator access, not one wildcard among others',
  },
  IAM_POLICY_SERVICE_WILDCARD: { trivy: { id: "AWS-0057", severity: "high" } },
  IAM_PASSROLE_WILDCARD: { trivy: { id: "AWS-0342", severity: "medium" } },
  IAM_TRUST_PUBLIC: { note: "no Trivy check; any AWS account may take the role" },
  ENV_PLAINTEXT_SECRET: { trivy: { id: "AWS-0036", severity: "critical" } },
  LAMBDA_NO_DLQ: {},
  LAMBDA_NO_CONCURRENCY_LIMIT: {},
  EC2_IMDSV1_ENABLED: { trivy: { id: "AWS-0028/0130", severity: "high" } },
  EC2_IMDS_HOP_LIMIT: { note: "no Trivy check; a narrower path to the same credentials as IMDSv1" },
  ECR_SCAN_ON_PUSH_DISABLED: { trivy: { id: "AWS-0030", severity: "high" } },
  ECR_TAGS_MUTABLE: {
    trivy: { id: "AWS-0031", severity: "high" },
    note: "overwriting a tag needs push rights to the repository already, and deploys by digest are unaffected",
  },
  KMS_ROTATION_DISABLED: { trivy: { id: "AWS-0065", severity: "medium" } },
  CLOUDTRAIL_LOGGING_DISABLED: {},
  CLOUDTRAIL_LOG_VALIDATION_DISABLED: { trivy: { id: "AWS-0016", severity: "high" } },
  LB_ACCESS_LOGS_DISABLED: {},
  LB_DELETION_PROTECTION_DISABLED: {},
  APIGW_STAGE_LOGGING_MISSING: { trivy: { id: "AWS-0001", severity: "medium" } },
  CLOUDFRONT_LOGGING_MISSING: { trivy: { id: "AWS-0010", severity: "medium" } },
  VPC_FLOW_LOGS_MISSING: { trivy: { id: "AWS-0178", severity: "medium" } },
  LOG_GROUP_NO_RETENTION: {},
  LOG_GROUP_NO_KMS: { trivy: { id: "AWS-0017", severity: "low" } },
};
