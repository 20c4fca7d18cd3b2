import { describe, expect, it } from "vitest";
import { KNOWN_ERRORS, matchKnownErrors } from "../../../src/skills/infra/debugger/catalogue.js";
import { classify } from "../../../src/skills/infra/debugger/classify.js";
import type { ErrorInput } from "../../../src/skills/infra/debugger/types.js";

const SOLUTION_CATEGORIES = [
  "permission_grant",
  "config_fix",
  "resource_recreation",
  "state_fix",
  "retry",
  "quota_increase",
  "manual",
];
// The placeholders the debugger fills (src/skills/infra/debugger/debugger.ts).
const PLACEHOLDERS = new Set(["environment", "lock_id", "action", "resource", "resource_type", "code"]);

// One or more real-shaped error texts per entry; between them they exercise every pattern of the entry.
const SAMPLES: readonly (readonly [string, string])[] = [
  // Recorded from moto 5.2.1 (test/fixtures/errors/moto/README.md says how).
  [
    "emulator-aws-managed-policy",
    "attaching IAM Policy (arn:aws:iam::aws:policy/ReadOnlyAccess) to IAM Role (shop-api-test-reader): operation error IAM: AttachRolePolicy, https response error StatusCode: 404, RequestID: bPIm5baHpwf58mCSACFYF0nj46dK79pfb4TIixT0yGwmp0npxFNq, NoSuchEntity: Policy arn:aws:iam::aws:policy/ReadOnlyAccess does not exist or is not attachable.",
  ],
  [
    "emulator-not-implemented",
    "@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
  ],
  [
    "emulator-not-implemented",
    "NotImplementedError: The describe_instance_event_windows action has not been implemented",
  ],
  // moto 5.2.1's own text for a parameter it ignores (moto/ec2, raised in-process and logged by the server).
  ["emulator-not-implemented", "NotImplementedError: The ClientToken-parameter is not yet implemented"],
  [
    "emulator-not-implemented",
    "Unable to parse response (syntax error: line 1, column 0), invalid XML received. Further retries may succeed:\nb'<!doctype html>\\n<html lang=en>\\n<title>500 Internal Server Error</title>",
  ],
  [
    "state-lock-held",
    "Error acquiring the state lock\n\nError message: operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: X, api error ConditionalCheckFailedException: The conditional request failed\nLock Info:\n  ID:        9db590f1-b6fe-c5f2-2678-8804f089deba",
  ],
  [
    "backend-config-changed",
    "Backend configuration changed\n\nA change in the backend configuration has been detected, which may require migrating existing state.",
  ],
  [
    "backend-config-changed",
    'Backend initialization required, please run "terraform init"\nReason: Initial configuration of the requested backend "s3"',
  ],
  ["backend-unreachable", 'Failed to get existing workspaces: S3 bucket "shop-tfstate" does not exist.'],
  [
    "backend-unreachable",
    "Error loading state: BucketRegionError: incorrect region, the bucket is not in 'us-east-1' region",
  ],
  ["backend-unreachable", "Failed to load state: the backend returned an empty response"],
  [
    "state-digest-mismatch",
    "state data in S3 does not have the expected content.\n\nThe checksum calculated for the state stored in S3 does not match the checksum stored in DynamoDB.",
  ],
  ["state-lineage-serial", 'cannot import state with lineage "1b2c" over unrelated state with lineage "9f8e"'],
  [
    "state-lineage-serial",
    "Failed to write state: cannot overwrite existing state with serial 7 with a different state that has the same serial",
  ],
  ["state-lineage-serial", "the state serial 12 is lower than the remote state serial 14"],
  [
    "state-newer-terraform",
    "Error: state snapshot was created by Terraform v1.9.0, which is newer than current v1.5.7; upgrade to Terraform v1.9.0 or greater to work with this state",
  ],
  [
    "resource-already-managed",
    "Resource already managed by Terraform\n\nTerraform is already managing a remote object for aws_s3_bucket.assets.",
  ],
  [
    "provider-registry-unreachable",
    "Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider hashicorp/aws:\nprovider registry.terraform.io/hashicorp/aws was not found in any of the\nsearch locations\n\n  - /srv/terraform-mirror",
  ],
  [
    "provider-registry-unreachable",
    'Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: Failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup registry.terraform.io: no such host',
  ],
  [
    "provider-not-installed",
    "Inconsistent dependency lock file\n\nThe following dependency selections recorded in the lock file are inconsistent with the current configuration",
  ],
  [
    "provider-not-installed",
    'Could not load plugin\n\nPlugin reinitialization required. Please run "terraform init". Required plugins are not installed.',
  ],
  [
    "provider-not-installed",
    "Failed to install provider\n\nError while installing hashicorp/aws v5.40.0: the local package for registry.terraform.io/hashicorp/aws 5.40.0 doesn't match any of the checksums recorded in the dependency lock file",
  ],
  [
    "module-not-installed",
    'Module not installed\n\nThis module is not yet installed. Run "terraform init" to install all modules required by this configuration.',
  ],
  [
    "module-not-installed",
    'Module source has changed\n\nThe source address was changed since this module was installed. Run "terraform init" to install all modules required by this configuration.',
  ],
  ["terraform-not-found", 'exec: "terraform": executable file not found in $PATH'],
  ["terraform-not-found", "bash: terraform: command not found"],
  ["unsupported-argument", 'Unsupported argument\n\nAn argument named "acl" is not expected here.'],
  [
    "unsupported-argument",
    'Unsupported attribute\n\nThis object has no argument, nested block, or exported attribute named "arn_suffix".',
  ],
  ["unsupported-argument", 'Unsupported block type\n\nBlocks of type "versioning" are not expected here.'],
  [
    "missing-required-argument",
    'Missing required argument\n\nThe argument "role" is required, but no definition was found.',
  ],
  [
    "missing-required-argument",
    'No value for required variable\n\nThe root module input variable "environment" is not set, and has no default value.',
  ],
  [
    "invalid-reference",
    'Reference to undeclared resource\n\nA managed resource "aws_iam_role" "ecs_task" has not been declared in the root module.',
  ],
  [
    "invalid-reference",
    "Invalid reference\n\nA reference to a resource type must be followed by at least one attribute access, specifying the resource name.",
  ],
  [
    "invalid-count-for-each",
    'Invalid count argument\n\nThe "count" value depends on resource attributes that cannot be determined until apply',
  ],
  [
    "invalid-count-for-each",
    'Invalid for_each argument\n\nThe "for_each" map includes keys derived from resource attributes that cannot be determined until apply',
  ],
  [
    "provider-crash",
    "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x5b5e0a8]",
  ],
  [
    "provider-crash",
    "Plugin did not respond\n\nThe plugin encountered an error, and failed to respond to the plugin.(*GRPCProvider).ApplyResourceChange call.",
  ],
  [
    "provider-inconsistent-result",
    'Provider produced inconsistent result after apply\n\nWhen applying changes to aws_ecs_service.api, provider "registry.terraform.io/hashicorp/aws" produced an unexpected new value: Root resource was present, but now absent.',
  ],
  [
    "credentials-expired",
    "operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: x, api error ExpiredToken: The security token included in the request is expired",
  ],
  ["credentials-expired", "Error when retrieving token from sso: Token has expired and refresh failed"],
  [
    "credentials-expired",
    "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login",
  ],
  [
    "credentials-invalid",
    "InvalidClientTokenId: The security token included in the request is invalid.\n\tstatus code: 403",
  ],
  [
    "credentials-invalid",
    "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
  ],
  ["credentials-invalid", "InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records."],
  [
    "credentials-missing",
    "No valid credential sources found\n\nPlease see https://registry.terraform.io/providers/hashicorp/aws for more information about providing credentials.\n\nError: failed to refresh cached credentials, no EC2 IMDS role found",
  ],
  ["credentials-missing", 'Unable to locate credentials. You can configure credentials by running "aws configure".'],
  ["credentials-missing", "CredentialsProviderError: Could not load credentials from any providers"],
  [
    "permission-explicit-deny",
    "AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::shop-test-assets with an explicit deny in a service control policy",
  ],
  [
    "permission-explicit-deny",
    "AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:CreateRole because no permissions boundary allows the iam:CreateRole action",
  ],
  [
    "permission-explicit-deny",
    "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: sqs:CreateQueue because no session policy allows the sqs:CreateQueue action",
  ],
  [
    "permission-runtime-role",
    "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/shop-test-lambda-role/shop-test-api is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders",
  ],
  ["permission-runtime-role", "The provided execution role does not have permissions to call ReceiveMessage on SQS"],
  [
    "permission-runtime-role",
    "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:latest: unexpected status code 403 Forbidden",
  ],
  [
    "kms-access-denied",
    "KMSAccessDeniedException: Lambda was unable to decrypt the environment variables because KMS access was denied. KMS Message: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
  ],
  [
    "kms-access-denied",
    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: kms:CreateGrant on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd",
  ],
  [
    "kms-access-denied",
    "creating EBS volume: the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd: access denied",
  ],
  [
    "deploy-permission-missing",
    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/key",
  ],
  [
    "deploy-permission-missing",
    "creating ECS Cluster (shop-test): AccessDeniedException: because no identity-based policy allows the ecs:CreateCluster action",
  ],
  [
    "lambda-role-not-assumable",
    "creating Lambda Function (shop-test-api): InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.",
  ],
  ["throttling", "ThrottlingException: Rate exceeded\n\tstatus code: 400"],
  [
    "throttling",
    "operation error CloudWatch Logs: PutRetentionPolicy, failed to get rate limit token, retry quota exceeded, 0 available, 5 requested: Throttled",
  ],
  ["iam-policy-version-limit", "LimitExceeded: Cannot exceed quota for PolicyVersionsPerPolicy: 5"],
  [
    "iam-policy-version-limit",
    "LimitExceeded: A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
  ],
  [
    "service-quota",
    "VcpuLimitExceeded: You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to.",
  ],
  ["service-quota", "TooManyBuckets: You have attempted to create more buckets than allowed"],
  [
    "service-quota",
    "creating EC2 EIP: AddressLimitExceeded: The maximum number of addresses has been reached. Request a quota increase.",
  ],
  ["service-quota", "LimitExceededException: Account has reached the limit of LimitExceeded for event rules"],
  [
    "insufficient-capacity",
    "InsufficientInstanceCapacity: We currently do not have sufficient g5.xlarge capacity in the Availability Zone you requested (us-east-1a).",
  ],
  ["network-timeout", 'Post "https://sts.us-east-1.amazonaws.com/": dial tcp 52.94.0.1:443: i/o timeout'],
  [
    "network-timeout",
    'Get "https://registry.terraform.io/.well-known/terraform.json": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
  ],
  ["network-timeout", "read tcp 10.0.0.5:51234->52.94.0.1:443: read: connection reset by peer"],
  ["network-timeout", 'Get "https://releases.hashicorp.com/": net/http: TLS handshake timeout'],
  ["network-dns-proxy", "dial tcp: lookup s3.eu-west-1.amazonaws.com on 127.0.0.53:53: no such host"],
  ["network-dns-proxy", "proxyconnect tcp: dial tcp 10.1.1.1:3128: connect: connection refused"],
  ["network-dns-proxy", 'Post "https://sts.amazonaws.com/": x509: certificate signed by unknown authority'],
  ["aws-server-error", "InternalError: We encountered an internal error. Please try again.\n\tstatus code: 500"],
  [
    "aws-server-error",
    "operation error ECS: CreateService, https response error StatusCode: 503, RequestID: x, ServiceUnavailableException: Service Unavailable",
  ],
  [
    "s3-bucket-name-taken",
    "creating S3 Bucket (assets): operation error S3: CreateBucket, https response error StatusCode: 409, api error BucketAlreadyExists: The requested bucket name is not available.",
  ],
  [
    "s3-bucket-already-owned",
    "creating S3 Bucket (shop-test-assets): BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it.",
  ],
  [
    "cloudfront-cname-exists",
    "creating CloudFront Distribution: CNAMEAlreadyExists: One or more of the CNAMEs you provided are already associated with a different resource.",
  ],
  [
    "route53-record-exists",
    "creating Route 53 Record: InvalidChangeBatch: [Tried to create resource record set [name='api.example.com.', type='A'] but it already exists]",
  ],
  [
    "entity-already-exists",
    "creating IAM Role (shop-test-api): EntityAlreadyExists: Role with name shop-test-api already exists.\n\tstatus code: 409",
  ],
  [
    "dependency-violation",
    "deleting EC2 Subnet (subnet-0abc): DependencyViolation: The subnet 'subnet-0abc' has dependencies and cannot be deleted.",
  ],
  [
    "dependency-violation",
    "deleting Security Group (sg-0abc): DependencyViolation: resource sg-0abc has a dependent object",
  ],
  [
    "alb-target-group-in-use",
    "deleting ELBv2 Target Group (arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1): ResourceInUse: Target group 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1' is currently in use by a listener or a rule",
  ],
  [
    "alb-listener-conflict",
    "creating ELBv2 Listener: DuplicateListener: A listener already exists on this port for this load balancer",
  ],
  ["alb-listener-conflict", "reading ELBv2 Listener: ListenerNotFound: One or more listeners not found"],
  ["dynamodb-table-busy", "creating DynamoDB Table (orders): ResourceInUseException: Table is being deleted: orders"],
  [
    "dynamodb-table-busy",
    "updating DynamoDB Table (orders): ResourceInUseException: Attempt to change a resource which is still in use: Table is being updated",
  ],
  [
    "lambda-update-in-progress",
    "updating Lambda Function (api) code: ResourceConflictException: The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:api",
  ],
  [
    "s3-operation-aborted",
    "creating S3 Bucket (assets): OperationAborted: A conflicting conditional operation is currently in progress against this resource. Please try again.",
  ],
  [
    "s3-bucket-not-empty",
    "deleting S3 Bucket (assets): BucketNotEmpty: The bucket you tried to delete is not empty. You must delete all versions in the bucket.",
  ],
  [
    "iam-delete-conflict",
    "deleting IAM Role (api): DeleteConflict: Cannot delete entity, must detach all policies first.",
  ],
  [
    "resource-in-use",
    "deleting ECS Cluster (shop-test): ResourceInUseException: The Cluster cannot be deleted while Services are active; it is currently in use",
  ],
  [
    "resource-in-use",
    "detaching EC2 Network Interface (eni-0abc): ResourceInUse: The network interface eni-0abc is in use by an instance",
  ],
  [
    "kms-key-unusable",
    "KMSInvalidStateException: arn:aws:kms:us-east-1:123456789012:key/1234abcd is pending deletion.",
  ],
  ["ecs-service-not-active", "updating ECS Service (api): ServiceNotActiveException: Service was not ACTIVE."],
  ["ecs-cluster-not-found", "creating ECS Service (api): ClusterNotFoundException: Cluster not found."],
  [
    "security-group-not-found",
    "InvalidGroup.NotFound: The security group 'sg-0abc' does not exist\n\tstatus code: 400",
  ],
  [
    "security-group-not-found",
    "creating EC2 Instance: InvalidParameterValue: The security group 'sg-0abc' does not exist in VPC 'vpc-0def'",
  ],
  [
    "subnet-vpc-not-found",
    "creating EC2 Instance: InvalidSubnetID.NotFound: The subnet ID 'subnet-0abc' does not exist",
  ],
  ["subnet-vpc-not-found", "no matching EC2 Subnet found"],
  [
    "acm-validation-timeout",
    "waiting for ACM Certificate (arn:aws:acm:us-east-1:123456789012:certificate/1) to be issued: timeout while waiting for state to become 'ISSUED' (last state: 'PENDING_VALIDATION', timeout: 1h15m0s)",
  ],
  [
    "resource-wait-timeout",
    "waiting for EC2 Instance (i-0abc) create: timeout while waiting for state to become 'running' (last state: 'pending', timeout: 10m0s)",
  ],
  [
    "resource-wait-timeout",
    "waiting for RDS DB Instance (db) create: unexpected state 'failed', wanted target 'available'. last error: %!s(<nil>)",
  ],
  ["resource-not-found", "reading IAM Role (api): NoSuchEntity: The role with name api cannot be found."],
  ["resource-not-found", "reading EC2 Instance: InvalidInstanceID.NotFound: The instance ID 'i-0abc' does not exist"],
  [
    "lambda-invalid-runtime",
    "creating Lambda Function (api): InvalidParameterValueException: The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions.",
  ],
  [
    "lambda-invalid-runtime",
    "ValidationException: 1 validation error detected: Value 'nodejs99.x' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set",
  ],
  [
    "invalid-resource-name",
    "expected length of name to be in the range (1 - 32), got shop-api-test-public-load-balancer",
  ],
  ["invalid-resource-name", 'only lowercase alphanumeric characters and hyphens allowed in "bucket"'],
  ["invalid-resource-name", '"name" cannot be longer than 32 characters: "shop-api-test-public-target-group"'],
  ["invalid-resource-name", "InvalidBucketName: The specified bucket is not valid."],
  ["malformed-policy", "creating IAM Policy (deploy): MalformedPolicyDocument: Has prohibited field Resource"],
  [
    "opt-in-required",
    "OptInRequired: You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.",
  ],
  [
    "aws-invalid-parameter",
    "ValidationException: 1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
  ],
  ["aws-invalid-parameter", "InvalidParameterCombination: Cannot find version 5.6.x for mysql"],
];

const EMULATOR_IDS = new Set(KNOWN_ERRORS.filter((entry) => entry.emulator === true).map((entry) => entry.id));

function match(text: string, options: { sandbox?: boolean } = {}) {
  const input: ErrorInput = { source: "text", text };
  return matchKnownErrors(input, classify(input), options);
}

describe("the built-in catalogue", () => {
  it("has at least 40 entries with unique ids", () => {
    const ids = KNOWN_ERRORS.map((entry) => entry.id);

    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(KNOWN_ERRORS.map((entry) => [entry.id, entry] as const))(
    "%s is complete: a code or pattern, solutions with steps, known placeholders",
    (_id, entry) => {
      expect((entry.codes?.length ?? 0) + (entry.patterns?.length ?? 0)).toBeGreaterThan(0);
      expect(entry.solutions.length).toBeGreaterThan(0);
      for (const solution of entry.solutions) {
        expect(solution.description).not.toBe("");
        expect(solution.steps.length).toBeGreaterThan(0);
        expect(SOLUTION_CATEGORIES).toContain(solution.category);
        for (const [, name] of (solution.command ?? "").matchAll(/\{([a-z_]+)\}/g))
          expect(PLACEHOLDERS.has(name!), `${entry.id}: {${name}}`).toBe(true);
      }
    },
  );

  it("has a sample for every entry, and every pattern is matched by a sample", () => {
    const sampled = new Set(SAMPLES.map(([id]) => id));
    const unmatched = KNOWN_ERRORS.flatMap((entry) =>
      (entry.patterns ?? [])
        .filter((pattern) => !SAMPLES.some(([id, text]) => id === entry.id && pattern.test(text)))
        .map((pattern) => `${entry.id}: ${pattern.source}`),
    );

    expect(KNOWN_ERRORS.filter((entry) => !sampled.has(entry.id)).map((entry) => entry.id)).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it.each(SAMPLES)("ranks %s first for its sample", (id, text) => {
    expect(match(text, { sandbox: EMULATOR_IDS.has(id) })[0]?.entry.id).toBe(id);
  });

  it.each(SAMPLES.filter(([id]) => EMULATOR_IDS.has(id)))(
    "never blames the emulator for %s outside a sandbox",
    (_id, text) => {
      expect(match(text).filter((found) => EMULATOR_IDS.has(found.entry.id))).toEqual([]);
    },
  );
});

describe("matchKnownErrors", () => {
  it("reports what matched: pattern, code and resource type", () => {
    const [first] = match(
      "creating S3 Bucket (shop-test-assets): BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it.",
    );

    expect(first).toMatchObject({
      entry: { id: "s3-bucket-already-owned" },
      matchedBy: ["pattern", "code", "resource_type"],
    });
  });

  it("matches on a structured code alone", () => {
    const input: ErrorInput = { source: "aws-sdk", text: "the request failed", code: "ThrottlingException" };

    expect(matchKnownErrors(input, classify(input)).map((m) => [m.entry.id, m.matchedBy])).toEqual([
      ["throttling", ["code"]],
    ]);
  });

  it("never lists an entry on its resource type alone", () => {
    const input: ErrorInput = { source: "text", text: "something odd happened", resourceType: "aws_s3_bucket" };

    expect(matchKnownErrors(input, classify(input))).toEqual([]);
  });

  it("offers the grant for a plain denial, with the permission-grant command", () => {
    const [first] = match(
      "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/key",
    );

    expect(first?.entry.solutions[0]).toMatchObject({
      category: "permission_grant",
      automation: { automated: true },
      command: "devops infra permissions grant --env {environment} --action {action}",
    });
  });

  it.each([
    [
      "an SCP",
      "User: arn:aws:iam::1:user/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b with an explicit deny in a service control policy",
    ],
    [
      "a permissions boundary",
      "User: arn:aws:iam::1:user/ci is not authorized to perform: iam:CreateRole because no permissions boundary allows the iam:CreateRole action",
    ],
    [
      "a service role at runtime",
      "User: arn:aws:sts::1:assumed-role/shop-test-task-role/abc is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k",
    ],
  ])("does not offer a grant that cannot work: %s", (_name, text) => {
    const ids = match(text).map((m) => m.entry.id);

    expect(ids).not.toContain("deploy-permission-missing");
    expect(ids.length).toBeGreaterThan(0);
  });

  it("gives the state lock a manual force-unlock with the lock id", () => {
    const entry = KNOWN_ERRORS.find((e) => e.id === "state-lock-held");

    expect(entry?.solutions.map((s) => s.command)).toEqual([
      "devops infra check-status --env {environment}",
      "terraform force-unlock {lock_id}",
    ]);
  });
});
