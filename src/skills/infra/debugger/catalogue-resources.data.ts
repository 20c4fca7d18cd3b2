// Known failures about AWS resources themselves (names taken, dependencies, busy or missing resources) and
// parameter values AWS rejects. Specific entries come before the generic ones they refine.
import { commandLine } from "../../../core/commands/command-line.js";
import { ENVIRONMENT } from "./placeholders.data.js";
import type { KnownError, SolutionTemplate } from "./types.js";

const IMPORT: SolutionTemplate = {
  description: "Import the existing resource into the state",
  category: "state_fix",
  steps: [
    "Confirm the existing resource is this environment's (tags, name prefix)",
    "Add an import block (or run terraform import) for the address and the resource's id",
    "Preview: the plan should show no replacement",
  ],
  automation: { automated: false },
  command: commandLine("infra preview-changes", { env: ENVIRONMENT }),
};

const RENAME: SolutionTemplate = {
  description: "Choose another name",
  category: "config_fix",
  steps: [
    "Change the resource's name in the configuration (names must be unique per account, or globally for S3)",
    "Preview and deploy again",
  ],
  automation: { automated: false },
  command: commandLine("infra preview-changes", { env: ENVIRONMENT }),
};

const WAIT_AND_RETRY: SolutionTemplate = {
  description: "Wait for the running operation to finish, then retry",
  category: "retry",
  steps: ["Wait for the resource to leave its transitional state", "Run the command again"],
  automation: { automated: true, operation: "retry" },
};

const manual = (
  description: string,
  steps: string[],
  category: SolutionTemplate["category"] = "manual",
): SolutionTemplate => ({ description, category, steps, automation: { automated: false } });

export const RESOURCE_ERRORS: readonly KnownError[] = [
  {
    id: "s3-bucket-name-taken",
    title: "The S3 bucket name is taken by another account",
    category: "resource",
    codes: ["BucketAlreadyExists"],
    patterns: [/\bBucketAlreadyExists\b(?!OwnedByYou)/],
    resourceTypes: ["aws_s3_bucket"],
    solutions: [{ ...RENAME, description: "Use a bucket name nobody else has (bucket names are global)" }],
  },
  {
    id: "s3-bucket-already-owned",
    title: "The S3 bucket already exists in this account",
    category: "resource",
    codes: ["BucketAlreadyOwnedByYou"],
    patterns: [/\bBucketAlreadyOwnedByYou\b/],
    resourceTypes: ["aws_s3_bucket"],
    solutions: [IMPORT, RENAME],
  },
  {
    id: "cloudfront-cname-exists",
    title: "The CloudFront alias (CNAME) belongs to another distribution",
    category: "resource",
    codes: ["CNAMEAlreadyExists"],
    patterns: [/\bCNAMEAlreadyExists\b/, /\bCNAMEs you provided are already associated\b/i],
    resourceTypes: ["aws_cloudfront_distribution"],
    solutions: [
      manual("Move the alias off the other distribution first", [
        "Find the distribution that holds the alias",
        "Remove the alias there (or use aws cloudfront associate-alias)",
        "Deploy again",
      ]),
    ],
  },
  {
    id: "route53-record-exists",
    title: "The DNS record already exists",
    category: "resource",
    patterns: [/\bTried to create resource record set\b[^\n]{0,200}\bbut it already exists\b/i],
    resourceTypes: ["aws_route53_record"],
    solutions: [
      IMPORT,
      manual(
        "Let Terraform overwrite the record",
        ["Set allow_overwrite = true on the aws_route53_record when the record is yours to manage"],
        "config_fix",
      ),
    ],
  },
  {
    id: "entity-already-exists",
    title: "A resource with that name already exists",
    category: "resource",
    codes: [
      "EntityAlreadyExists",
      "ResourceAlreadyExistsException",
      "AlreadyExistsException",
      "ResourceExistsException",
      "DBInstanceAlreadyExists",
      "RepositoryAlreadyExistsException",
      "InvalidGroup.Duplicate",
      "DuplicateTargetGroupName",
      "DuplicateLoadBalancerName",
    ],
    patterns: [/\balready exists\b/i],
    solutions: [IMPORT, RENAME],
  },
  {
    id: "dependency-violation",
    title: "The resource has dependents that must go first",
    category: "resource",
    codes: ["DependencyViolation"],
    patterns: [/\bDependencyViolation\b/, /\bhas a dependent object\b/i, /\bhas dependencies and cannot be deleted\b/i],
    solutions: [
      manual(
        "Remove or detach the dependents first",
        [
          "Find what still uses the resource (ENIs, attachments, rules referencing a security group)",
          "Delete or detach those, or let Terraform do it by declaring the dependency",
          "Run the command again",
        ],
        "resource_recreation",
      ),
    ],
  },
  {
    id: "alb-target-group-in-use",
    title: "The target group is still used by a listener or rule",
    category: "resource",
    codes: ["ResourceInUse"],
    patterns: [/\bTarget group [^\n]{1,300} is currently in use by a listener or a rule\b/i],
    resourceTypes: ["aws_lb_target_group"],
    solutions: [
      manual(
        "Replace the target group before destroying the old one",
        [
          "Add lifecycle { create_before_destroy = true } to the target group and give it a name_prefix",
          "Or change the listener's default action first, then remove the target group",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "alb-listener-conflict",
    title: "A listener on that port already exists or was not found",
    category: "resource",
    codes: ["DuplicateListener", "ListenerNotFound"],
    patterns: [/\bDuplicateListener\b/, /\bListenerNotFound\b/],
    resourceTypes: ["aws_lb_listener"],
    solutions: [IMPORT],
  },
  {
    id: "dynamodb-table-busy",
    title: "The DynamoDB table is being created or deleted",
    category: "resource",
    codes: ["ResourceInUseException"],
    patterns: [
      /\bTable (?:is )?being (?:deleted|created|updated)\b/i,
      /\bAttempt to change a resource which is still in use\b/i,
    ],
    resourceTypes: ["aws_dynamodb_table"],
    solutions: [WAIT_AND_RETRY],
  },
  {
    id: "lambda-update-in-progress",
    title: "A Lambda update is still in progress",
    category: "resource",
    codes: ["ResourceConflictException"],
    patterns: [/\bAn update is in progress for resource\b/i],
    resourceTypes: ["aws_lambda_function"],
    solutions: [WAIT_AND_RETRY],
  },
  {
    id: "s3-operation-aborted",
    title: "A conflicting S3 operation is in progress (bucket recently deleted?)",
    category: "resource",
    codes: ["OperationAborted"],
    patterns: [/\bconflicting conditional operation is currently in progress\b/i],
    resourceTypes: ["aws_s3_bucket"],
    solutions: [
      {
        ...WAIT_AND_RETRY,
        steps: [
          "A bucket name just deleted can take up to an hour to become available again",
          "Retry later, or use another name",
        ],
      },
    ],
  },
  {
    id: "s3-bucket-not-empty",
    title: "The S3 bucket is not empty",
    category: "resource",
    codes: ["BucketNotEmpty"],
    patterns: [/\bBucketNotEmpty\b/, /\bbucket you tried to delete is not empty\b/i],
    resourceTypes: ["aws_s3_bucket"],
    solutions: [
      manual(
        "Empty the bucket (all versions) or set force_destroy",
        [
          "Back up anything worth keeping",
          "Empty the bucket including object versions, or set force_destroy = true and apply before destroying",
        ],
        "resource_recreation",
      ),
    ],
  },
  {
    id: "iam-delete-conflict",
    title: "The IAM entity still has attachments",
    category: "resource",
    codes: ["DeleteConflict"],
    patterns: [/\bmust detach all policies first\b/i, /\bDeleteConflict\b/],
    solutions: [
      manual(
        "Detach its policies and instance profiles first",
        [
          "List the attached policies and instance profiles",
          "Detach them (or manage them in Terraform so they are removed first)",
          "Run the command again",
        ],
        "resource_recreation",
      ),
    ],
  },
  {
    id: "resource-in-use",
    title: "The resource is in use or busy",
    category: "resource",
    codes: [
      "ResourceInUse",
      "ResourceInUseException",
      "ConflictException",
      "ConcurrentModificationException",
      "IncorrectState",
      "InvalidDBInstanceState",
    ],
    patterns: [/\bResourceInUse\b/, /\bcurrently in use\b/i],
    solutions: [WAIT_AND_RETRY],
  },
  {
    id: "kms-key-unusable",
    title: "The KMS key is disabled or pending deletion",
    category: "resource",
    codes: ["DisabledException", "KMSInvalidStateException"],
    patterns: [/\bpending deletion\b/i, /\bKMSInvalidStateException\b/],
    resourceTypes: ["aws_kms_key"],
    solutions: [
      manual("Enable the key or cancel its deletion", [
        "aws kms cancel-key-deletion / aws kms enable-key for the key named",
        "Or point the resource at a usable key",
      ]),
    ],
  },
  {
    id: "ecs-service-not-active",
    title: "The ECS service is not active",
    category: "resource",
    codes: ["ServiceNotActiveException"],
    patterns: [/\bServiceNotActive/, /\bService (?:is |was )?not ACTIVE\b/i],
    resourceTypes: ["aws_ecs_service"],
    solutions: [
      manual(
        "Recreate the inactive service",
        [
          "An INACTIVE service cannot be updated: remove it from the state (terraform state rm) or taint it",
          "Deploy again so Terraform creates it",
        ],
        "resource_recreation",
      ),
    ],
  },
  {
    id: "ecs-cluster-not-found",
    title: "The ECS cluster does not exist",
    category: "resource",
    codes: ["ClusterNotFoundException"],
    patterns: [/\bClusterNotFoundException\b/],
    resourceTypes: ["aws_ecs_service", "aws_ecs_cluster"],
    solutions: [
      manual(
        "Create the cluster or fix the cluster reference",
        ["Check the cluster name and region", "Deploy the cluster first"],
        "config_fix",
      ),
    ],
  },
  {
    id: "security-group-not-found",
    title: "The security group does not exist",
    category: "resource",
    codes: ["InvalidGroup.NotFound"],
    patterns: [/\bInvalidGroup\.NotFound\b/, /\bsecurity group\b[^\n]{0,120}\bdoes not exist\b/i],
    resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_instance"],
    solutions: [
      manual(
        "Reference a security group that exists in this VPC and region",
        [
          "Check the id against the VPC and region",
          "If it was deleted outside Terraform, refresh and let Terraform recreate it",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "subnet-vpc-not-found",
    title: "The subnet or VPC does not exist",
    category: "resource",
    codes: ["InvalidSubnetID.NotFound", "InvalidVpcID.NotFound", "InvalidSubnet"],
    patterns: [
      /\bInvalid(?:SubnetID|VpcID)\.NotFound\b/,
      /\bno matching EC2 (?:Subnet|VPC) found\b/i,
      /\bsubnet\b[^\n]{0,80}\bdoes not exist\b/i,
    ],
    resourceTypes: ["aws_subnet", "aws_vpc"],
    solutions: [
      manual(
        "Reference a subnet / VPC that exists in this account and region",
        ["Check the ids and the environment's region", "Check the data source filters (tags) match the network"],
        "config_fix",
      ),
    ],
  },
  {
    id: "acm-validation-timeout",
    title: "The ACM certificate was not validated in time",
    category: "resource",
    patterns: [/\bPENDING_VALIDATION\b/, /\bwaiting for ACM Certificate\b/i],
    resourceTypes: ["aws_acm_certificate", "aws_acm_certificate_validation"],
    solutions: [
      manual(
        "Create the DNS validation records and wait",
        [
          "Create the CNAME records from domain_validation_options in the hosted zone that serves the domain",
          "Check the domain's name servers point at that zone",
          "Deploy again once the certificate is ISSUED",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "resource-wait-timeout",
    title: "A resource did not reach the wanted state in time",
    category: "resource",
    patterns: [
      /\btimeout while waiting for (?:state|resource)\b/i,
      /\bunexpected state '[^'\n]{0,60}', wanted target\b/i,
    ],
    solutions: [
      manual("Find why the resource is stuck", [
        "Look at the resource's events in the console (ECS service events, instance status)",
        "Fix the cause; raise the resource's timeouts block only if it is merely slow",
        "Deploy again",
      ]),
    ],
  },
  {
    id: "resource-not-found",
    title: "A referenced resource does not exist",
    category: "resource",
    codes: [
      "ResourceNotFoundException",
      "NoSuchEntity",
      "NoSuchBucket",
      "NotFoundException",
      "NoSuchHostedZone",
      "ResourceNotFound",
    ],
    patterns: [/\bNoSuch[A-Z][A-Za-z]{1,40}\b/, /\.NotFound\b/],
    solutions: [
      manual(
        "Create it, or fix the reference (name, id, region, account)",
        [
          "Check the name or id and the region of the environment",
          "If it was deleted outside Terraform, preview: Terraform plans to recreate it",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "lambda-invalid-runtime",
    title: "The Lambda runtime is not supported",
    category: "config",
    codes: ["InvalidParameterValueException", "ValidationException"],
    patterns: [
      /\bruntime parameter of [^\n]{1,60} is no longer supported\b/i,
      /\bat 'runtime' failed to satisfy constraint\b/i,
    ],
    resourceTypes: ["aws_lambda_function"],
    solutions: [
      manual(
        "Move the function to a supported runtime",
        [
          "Pick a supported runtime (e.g. nodejs20.x, python3.12)",
          "Update runtime in the configuration and test the function",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "invalid-resource-name",
    title: "A name breaks AWS naming rules",
    category: "config",
    codes: ["InvalidBucketName"],
    patterns: [
      /\bexpected length of\b/i,
      /\bonly (?:lowercase )?alphanumeric characters\b/i,
      /\bcannot be longer than\b/i,
      /\bInvalidBucketName\b/,
    ],
    solutions: [
      manual(
        "Shorten or rewrite the name to fit the service's rules",
        [
          "Check the limits (S3: 3–63 lowercase letters, digits, hyphens; IAM role: 64; ALB / target group: 32)",
          "Shorten the project or subsystem part of the naming pattern, or use name_prefix",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "malformed-policy",
    title: "An IAM or resource policy is malformed",
    category: "config",
    codes: ["MalformedPolicyDocument", "MalformedPolicyDocumentException"],
    patterns: [/\bMalformedPolicyDocument\b/],
    solutions: [
      manual(
        "Fix the policy document",
        [
          "Check Action/Resource formats, principals that exist, and prohibited fields for the policy type",
          "Build it with aws_iam_policy_document to catch mistakes at plan time",
        ],
        "config_fix",
      ),
    ],
  },
  {
    id: "opt-in-required",
    title: "The account is not subscribed to the service or region",
    category: "config",
    codes: ["OptInRequired"],
    patterns: [/\bOptInRequired\b/],
    solutions: [
      manual("Enable the region or service for the account", [
        "Enable the region (Account settings) or subscribe to the service",
        "Or deploy to an enabled region",
      ]),
    ],
  },
  {
    id: "aws-invalid-parameter",
    title: "AWS rejected a parameter value",
    category: "config",
    codes: [
      "ValidationException",
      "ValidationError",
      "InvalidParameterValue",
      "InvalidParameterValueException",
      "InvalidParameterException",
      "InvalidParameterCombination",
      "InvalidRequest",
    ],
    patterns: [/\bfailed to satisfy constraint\b/i],
    solutions: [
      manual(
        "Correct the value the error names",
        ["Find the argument the message names", "Check it against the service's allowed values for this region"],
        "config_fix",
      ),
    ],
  },
];
