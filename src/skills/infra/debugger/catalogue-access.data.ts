// Known failures of access and capacity: credentials, IAM denials (grantable or not), KMS access, throttling,
// service quotas, the network path and AWS-side errors.
import { commandLine, placeholder } from "../../../core/commands/command-line.js";
import { ENVIRONMENT } from "./placeholders.data.js";
import type { KnownError, SolutionTemplate } from "./types.js";

const RETRY: SolutionTemplate = {
  description: "Retry with backoff",
  category: "retry",
  steps: ["Wait a minute", "Run the command again; devops retries AWS calls with exponential backoff"],
  automation: { automated: true, operation: "retry" },
};

const REFRESH_CREDENTIALS: SolutionTemplate = {
  description: "Refresh the environment's credentials",
  category: "manual",
  steps: [
    "For an SSO profile: aws sso login --profile <the environment's profile>",
    "For access keys: check the key is active and that the secret matches (aws configure --profile <profile>)",
    "Check the result with aws sts get-caller-identity --profile <profile>",
    "Run the command again",
  ],
  automation: { automated: false },
};

export const ACCESS_ERRORS: readonly KnownError[] = [
  {
    id: "credentials-expired",
    title: "The AWS session token has expired",
    category: "permission",
    codes: ["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "UnauthorizedSSOTokenError"],
    patterns: [
      /\bsecurity token included in the request is expired\b/i,
      /\bSSO (?:session|token)\b[^\n]{0,120}\bexpired\b/i,
      /\bToken has expired and refresh failed\b/i,
    ],
    solutions: [REFRESH_CREDENTIALS],
  },
  {
    id: "credentials-invalid",
    title: "The AWS credentials are not valid",
    category: "permission",
    codes: [
      "InvalidClientTokenId",
      "SignatureDoesNotMatch",
      "UnrecognizedClientException",
      "InvalidAccessKeyId",
      "AuthFailure",
    ],
    patterns: [
      /\bsecurity token included in the request is invalid\b/i,
      /\brequest signature we calculated does not match\b/i,
      /\bAWS Access Key Id you provided does not exist\b/i,
    ],
    solutions: [{ ...REFRESH_CREDENTIALS, description: "Replace the invalid credentials" }],
  },
  {
    id: "credentials-missing",
    title: "No AWS credentials were found",
    category: "permission",
    codes: ["CredentialsProviderError", "NoCredentialProviders"],
    patterns: [
      /\bno valid credential sources\b/i,
      /\bUnable to locate credentials\b/i,
      /\bCould not load credentials from any providers\b/i,
      /\bfailed to refresh cached credentials\b/i,
    ],
    solutions: [
      {
        description: "Configure the environment's AWS profile",
        category: "manual",
        steps: [
          "Check that the profile named in .devops/devops.json exists (aws configure list-profiles)",
          "Log in (aws sso login --profile <profile>) or configure keys (aws configure --profile <profile>)",
          "Run the command again",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "permission-explicit-deny",
    title: "Denied by an explicit deny, an SCP, a permissions boundary or a session policy",
    category: "permission",
    patterns: [
      /\bwith an explicit deny\b/i,
      /\bservice control polic(?:y|ies)\b/i,
      /\bpermissions boundary\b/i,
      /\bno session policy allows\b/i,
    ],
    solutions: [
      {
        description: "Have the owner of the deny change it; a grant cannot override it",
        category: "manual",
        steps: [
          "Find the policy that denies (the error says: explicit deny in an identity policy, a service control policy or a permissions boundary)",
          "For an SCP, ask the organisation's administrators; for a boundary, the account's IAM administrators",
          "Or change the deployment so it no longer needs the denied action",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "permission-runtime-role",
    title: "A service role (Lambda, ECS task) lacks a runtime permission",
    category: "permission",
    patterns: [
      /\bexecution role does not have permissions?\b/i,
      /-(?:lambda|task|execution|exec|function|service)-role\//i,
      /\bCannotPullContainerError\b/,
    ],
    solutions: [
      {
        description: "Add the permission to the service role in Terraform",
        category: "config_fix",
        steps: [
          "Find the role the service runs as (the assumed-role in the error)",
          "Add the action and resource to that role's policy in the Terraform configuration (aws_iam_role_policy or a managed policy attachment)",
          "Deploy; runtime permissions are not granted to the deploy identity",
        ],
        automation: { automated: false },
        command: commandLine("infra deploy", { env: ENVIRONMENT }),
      },
    ],
  },
  {
    id: "kms-access-denied",
    title: "Access to a KMS key is denied",
    category: "permission",
    codes: ["KMSAccessDeniedException"],
    patterns: [
      /\bnot authori[sz]ed to perform: kms:/i,
      /\bKMS key\b[^\n]{0,120}\b(?:access denied|not authori[sz]ed)\b/i,
      /\bor you are not allowed to access\b/i,
    ],
    solutions: [
      {
        description: "Allow the principal in the key policy (and in IAM)",
        category: "manual",
        steps: [
          "Open the key policy of the key named in the error",
          "Allow the principal the kms action it needs (key policies are not changed by IAM grants)",
          "If the key policy delegates to IAM, grant the action to the identity as well",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "deploy-permission-missing",
    title: "The deploy identity lacks an IAM permission",
    category: "permission",
    codes: ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden"],
    patterns: [/\bis not authori[sz]ed to perform\b/i, /\bno identity-based policy allows\b/i],
    solutions: [
      {
        description: "Grant the action to the deploy identity, scoped to this environment's resources",
        category: "permission_grant",
        steps: ["Grant the missing action on this environment's resources", "Run the deployment again"],
        automation: { automated: true, operation: "permission-grant" },
        command: commandLine("infra permissions grant", { env: ENVIRONMENT, action: placeholder("{action}") }),
      },
    ],
  },
  {
    id: "lambda-role-not-assumable",
    title: "Lambda cannot assume the function's role yet",
    category: "resource",
    codes: ["InvalidParameterValueException"],
    patterns: [/\brole defined for the function cannot be assumed by Lambda\b/i],
    resourceTypes: ["aws_lambda_function"],
    solutions: [
      { ...RETRY, description: "Retry after IAM propagation (new roles take seconds to be assumable)" },
      {
        description: "Check the role's trust policy",
        category: "config_fix",
        steps: [
          "The role's assume_role_policy must allow lambda.amazonaws.com to sts:AssumeRole",
          "Make the function depend on the role's policy attachments",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "throttling",
    title: "AWS is throttling the requests",
    category: "quota",
    codes: [
      "ThrottlingException",
      "Throttling",
      "TooManyRequestsException",
      "RequestLimitExceeded",
      "SlowDown",
      "PriorRequestNotComplete",
      "ProvisionedThroughputExceededException",
      "RequestThrottled",
    ],
    patterns: [/\bRate exceeded\b/i, /\bthrottl/i],
    solutions: [
      RETRY,
      {
        description: "Lower Terraform's parallelism",
        category: "config_fix",
        steps: [
          "Run terraform with -parallelism=4 for large environments",
          "Spread scheduled jobs that call the same API",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "iam-policy-version-limit",
    title: "The IAM policy has the maximum of 5 versions",
    category: "quota",
    codes: ["LimitExceeded"],
    patterns: [/\bPolicyVersionsPerPolicy\b/, /\bcan have up to 5 versions\b/i],
    solutions: [
      {
        description: "Delete the oldest non-default policy version",
        category: "manual",
        steps: [
          "List the policy's versions (aws iam list-policy-versions)",
          "Delete the oldest version that is not the default",
          "Run the command again",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "service-quota",
    title: "An AWS service quota is reached",
    category: "quota",
    codes: [
      "LimitExceeded",
      "LimitExceededException",
      "ServiceQuotaExceededException",
      "VcpuLimitExceeded",
      "InstanceLimitExceeded",
      "TooManyBuckets",
      "AddressLimitExceeded",
      "VpcLimitExceeded",
      "RulesPerSecurityGroupLimitExceeded",
      "SecurityGroupLimitExceeded",
      "NetworkInterfaceLimitExceeded",
      "StorageQuotaExceeded",
      "CodeStorageExceededException",
    ],
    patterns: [/\bLimitExceeded\b/, /\bTooManyBuckets\b/, /\bquota\b/i],
    solutions: [
      {
        description: "Request a quota increase (or free capacity)",
        category: "quota_increase",
        steps: [
          "Open Service Quotas for the service and region named in the error",
          "Request an increase (aws service-quotas request-service-quota-increase)",
          "Meanwhile remove unused resources of that kind",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "insufficient-capacity",
    title: "AWS has no capacity for the instance type in that zone",
    category: "quota",
    codes: ["InsufficientInstanceCapacity", "InsufficientDBInstanceCapacity"],
    patterns: [/\bInsufficient(?:Instance|DBInstance)Capacity\b/],
    solutions: [
      { ...RETRY, description: "Retry later" },
      {
        description: "Use another availability zone or instance type",
        category: "config_fix",
        steps: ["Allow more subnets (zones) for the resource", "Or choose a similar instance type"],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "network-timeout",
    title: "A connection to AWS timed out or was reset",
    category: "network",
    codes: ["RequestTimeout", "TimeoutError", "ETIMEDOUT", "ECONNRESET", "NetworkingError"],
    patterns: [
      /\bi\/o timeout\b/i,
      /\bcontext deadline exceeded\b/i,
      /\bconnection reset\b/i,
      /\bTLS handshake timeout\b/i,
      /\bClient\.Timeout exceeded\b/i,
    ],
    solutions: [RETRY],
  },
  {
    id: "network-dns-proxy",
    title: "DNS, proxy or TLS interception blocks the connection",
    category: "network",
    codes: ["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED"],
    patterns: [
      /\bno such host\b/i,
      /\bproxyconnect\b/i,
      /\bx509: /i,
      /\bcertificate signed by unknown authority\b/i,
      /\bconnection refused\b/i,
    ],
    solutions: [
      {
        description: "Check DNS, the proxy and the CA bundle",
        category: "manual",
        steps: [
          "Check that the host in the error resolves from this machine",
          "Behind a proxy set HTTPS_PROXY (and NO_PROXY for internal hosts)",
          "Behind TLS inspection point AWS_CA_BUNDLE / SSL_CERT_FILE at the corporate CA",
          "Check the region name for typos",
        ],
        automation: { automated: false },
      },
    ],
  },
  {
    id: "aws-server-error",
    title: "AWS answered with a server error",
    category: "network",
    codes: [
      "InternalError",
      "InternalFailure",
      "ServiceUnavailable",
      "ServiceUnavailableException",
      "InternalServerError",
      "InternalServerException",
    ],
    patterns: [/\bStatusCode: 50[0234]\b/, /\bWe encountered an internal error\b/i],
    solutions: [{ ...RETRY, steps: ["Check the AWS Health Dashboard for the service and region", ...RETRY.steps] }],
  },
];
