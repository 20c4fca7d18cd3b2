// Which checkov checks test the same control as a built-in rule, so that the two findings on one
// resource become one. Only exact overlaps are listed: a checkov check that is stricter (a customer
// managed key where the built-in rule asks for any encryption) or broader (every IAM action on `*`)
// stays a finding of its own. Ids and what each check tests are those of checkov 3.3.30's own check
// definitions (the version scripts/setup-test-tools.sh pins); the comment after each is its check name.

/** checkov check id → built-in rule id. */
export const CHECKOV_TO_BUILTIN: Readonly<Record<string, string>> = {
  // Network
  CKV_AWS_24: "SG_OPEN_SSH", // no security groups allow ingress from 0.0.0.0:0 to port 22
  CKV_AWS_25: "SG_OPEN_RDP", // … to port 3389
  CKV_AWS_277: "SG_OPEN_ALL_PORTS", // … to port -1
  CKV_AWS_88: "EC2_PUBLIC_IP", // EC2 instance should not have public IP
  CKV_AWS_258: "LAMBDA_URL_AUTH_NONE", // Lambda function URLs AuthType is not None
  CKV_AWS_59: "APIGW_METHOD_NO_AUTH", // no open access to back-end resources through API
  CKV_AWS_2: "ALB_HTTP_NO_REDIRECT", // ALB protocol is HTTPS (an HTTP listener passes only by redirecting)
  CKV_AWS_34: "CLOUDFRONT_ALLOW_HTTP", // CloudFront distribution ViewerProtocolPolicy is set to HTTPS
  CKV_AWS_130: "SUBNET_PUBLIC_IP_ON_LAUNCH", // VPC subnets do not assign public IP by default
  CKV_AWS_333: "ECS_SERVICE_PUBLIC_IP", // ECS services do not have public IP addresses assigned automatically
  CKV_AWS_232: "NACL_OPEN_ADMIN_PORT", // no NACL allow ingress from 0.0.0.0:0 to port 22
  CKV_AWS_231: "NACL_OPEN_ADMIN_PORT", // … to port 3389
  CKV_AWS_87: "REDSHIFT_PUBLICLY_ACCESSIBLE", // Redshift cluster should not be publicly accessible
  CKV_AWS_137: "OPENSEARCH_NOT_IN_VPC", // Elasticsearch is configured inside a VPC (also aws_opensearch_domain)
  CKV_AWS_38: "EKS_PUBLIC_ENDPOINT", // Amazon EKS public endpoint not accessible to 0.0.0.0/0
  CKV_AWS_301: "LAMBDA_PERMISSION_PUBLIC", // AWS Lambda function is not publicly accessible (aws_lambda_permission)
  CKV_AWS_32: "RESOURCE_POLICY_PUBLIC", // ECR policy is not set to public
  CKV_AWS_33: "RESOURCE_POLICY_PUBLIC", // KMS key policy does not contain wildcard (*) principal
  CKV_AWS_168: "RESOURCE_POLICY_PUBLIC", // SQS queue policy is not public
  CKV_AWS_169: "RESOURCE_POLICY_PUBLIC", // SNS topic policy is not public
  // S3
  CKV2_AWS_6: "S3_PUBLIC_ACCESS_BLOCK_MISSING", // S3 bucket has a Public Access block
  CKV_AWS_53: "S3_PUBLIC_ACCESS_BLOCK_DISABLED", // block public ACLS enabled
  CKV_AWS_54: "S3_PUBLIC_ACCESS_BLOCK_DISABLED", // block public policy enabled
  CKV_AWS_55: "S3_PUBLIC_ACCESS_BLOCK_DISABLED", // ignore public ACLs enabled
  CKV_AWS_56: "S3_PUBLIC_ACCESS_BLOCK_DISABLED", // 'restrict_public_buckets' enabled
  CKV_AWS_20: "S3_PUBLIC_ACL", // ACL which allows public READ access
  CKV_AWS_57: "S3_PUBLIC_ACL", // ACL which allows public WRITE access
  CKV_AWS_70: "S3_POLICY_PUBLIC", // S3 bucket does not allow an action with any Principal
  CKV_AWS_19: "S3_ENCRYPTION_MISSING", // all data stored in the S3 bucket is securely encrypted at rest
  CKV_AWS_21: "S3_VERSIONING_DISABLED", // all data stored in the S3 bucket have versioning enabled
  CKV_AWS_18: "S3_ACCESS_LOGGING_MISSING", // the S3 bucket has access logging enabled
  // Data stores
  CKV_AWS_17: "RDS_PUBLICLY_ACCESSIBLE", // all data stored in RDS is not publicly accessible
  CKV_AWS_16: "RDS_STORAGE_UNENCRYPTED", // all data stored in the RDS is securely encrypted at rest
  CKV_AWS_96: "RDS_STORAGE_UNENCRYPTED", // all data stored in Aurora is securely encrypted at rest
  CKV_AWS_293: "RDS_DELETION_PROTECTION_DISABLED", // database instances have deletion protection enabled
  CKV_AWS_139: "RDS_DELETION_PROTECTION_DISABLED", // RDS clusters have deletion protection enabled
  CKV_AWS_28: "DYNAMODB_PITR_DISABLED", // DynamoDB point in time recovery (backup) is enabled
  CKV_AWS_119: "DYNAMODB_NO_CMK", // DynamoDB Tables are encrypted using a KMS Customer Managed CMK
  CKV_AWS_29: "ELASTICACHE_AT_REST_UNENCRYPTED", // ElastiCache Replication Group … encrypted at rest
  CKV_AWS_30: "ELASTICACHE_TRANSIT_UNENCRYPTED", // ElastiCache Replication Group … encrypted at transit
  CKV_AWS_42: "EFS_UNENCRYPTED", // EFS is securely encrypted
  CKV_AWS_3: "EBS_UNENCRYPTED", // all data stored in the EBS is securely encrypted
  CKV_AWS_27: "SQS_UNENCRYPTED", // all data stored in the SQS queue is encrypted
  CKV_AWS_26: "SNS_UNENCRYPTED", // all data stored in the SNS topic is encrypted
  CKV_AWS_7: "KMS_ROTATION_DISABLED", // rotation for customer created CMKs is enabled
  CKV_AWS_64: "REDSHIFT_UNENCRYPTED", // all data stored in the Redshift cluster is securely encrypted at rest
  CKV_AWS_5: "OPENSEARCH_UNENCRYPTED", // all data stored in the Elasticsearch is securely encrypted at rest
  CKV_AWS_43: "KINESIS_UNENCRYPTED", // Kinesis Stream is securely encrypted
  CKV_AWS_58: "EKS_SECRETS_UNENCRYPTED", // EKS Cluster has Secrets Encryption Enabled
  // Compute
  CKV_AWS_45: "ENV_PLAINTEXT_SECRET", // no hard-coded secrets exist in lambda environment
  CKV_AWS_116: "LAMBDA_NO_DLQ", // Lambda function is configured for a Dead Letter Queue(DLQ)
  CKV_AWS_115: "LAMBDA_NO_CONCURRENCY_LIMIT", // function-level concurrent execution limit
  CKV_AWS_79: "EC2_IMDSV1_ENABLED", // Instance Metadata Service Version 1 is not enabled
  CKV_AWS_163: "ECR_SCAN_ON_PUSH_DISABLED", // ECR image scanning on push is enabled
  CKV_AWS_51: "ECR_TAGS_MUTABLE", // ECR Image Tags are immutable
  CKV_AWS_341: "EC2_IMDS_HOP_LIMIT", // Launch template should not have a metadata response hop limit greater than 1
  CKV_AWS_46: "USER_DATA_SECRET", // no hard-coded secrets exist in EC2 user data
  // IAM
  CKV_AWS_62: "IAM_POLICY_ADMIN_WILDCARD", // IAM policies that allow full "*-*" administrative privileges
  CKV_AWS_60: "IAM_TRUST_PUBLIC", // IAM role allows only specific services or principals to assume it
  CKV_AWS_274: "IAM_MANAGED_ADMIN_ATTACHED", // AdministratorAccess not used by IAM roles, users or groups
  // Provider
  CKV_AWS_41: "PROVIDER_LITERAL_CREDENTIALS", // no hard coded AWS access key and secret key exists in provider
  // Logging
  CKV_AWS_251: "CLOUDTRAIL_LOGGING_DISABLED", // CloudTrail logging is enabled
  CKV_AWS_36: "CLOUDTRAIL_LOG_VALIDATION_DISABLED", // CloudTrail log file validation is enabled
  CKV_AWS_91: "LB_ACCESS_LOGS_DISABLED", // the ELBv2 (Application/Network) has access logging enabled
  CKV_AWS_92: "LB_ACCESS_LOGS_DISABLED", // the ELB has access logging enabled
  CKV_AWS_150: "LB_DELETION_PROTECTION_DISABLED", // Load Balancer has deletion protection enabled
  CKV_AWS_76: "APIGW_STAGE_LOGGING_MISSING", // API Gateway has Access Logging enabled
  CKV_AWS_86: "CLOUDFRONT_LOGGING_MISSING", // CloudFront distribution has Access Logging enabled
  CKV2_AWS_11: "VPC_FLOW_LOGS_MISSING", // VPC flow logging is enabled in all VPCs
  CKV_AWS_66: "LOG_GROUP_NO_RETENTION", // CloudWatch Log Group specifies retention days
  CKV_AWS_158: "LOG_GROUP_NO_KMS", // CloudWatch Log Group is encrypted by KMS
};

/**
 * Built-in rules that are one control at two degrees and never fire together on one resource: checkov's
 * checks of the control join whichever of them fired (a public access block with all four settings off
 * is S3_PUBLIC_ACCESS_BLOCK_OFF, and checkov reports it as CKV_AWS_53 to 56).
 */
export const BUILTIN_CONTROL: Readonly<Record<string, string>> = {
  S3_PUBLIC_ACCESS_BLOCK_OFF: "S3_PUBLIC_ACCESS_BLOCK_DISABLED",
};
