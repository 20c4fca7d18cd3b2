import { describe, expect, it } from "vitest";
import { classify, classifyAll } from "../../../src/skills/infra/debugger/classify.js";
import { fromText } from "../../../src/skills/infra/debugger/intake.js";
import { RULES } from "../../../src/skills/infra/debugger/rules.data.js";
import type { ErrorCategory, ErrorInput } from "../../../src/skills/infra/debugger/types.js";

const text = (value: string): ErrorInput => ({ source: "text", text: value });

describe("classify", () => {
  it.each<[string, string, ErrorCategory]>([
    // permission
    [
      "the canonical IAM denial",
      "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/k",
      "permission",
    ],
    [
      "an EC2 UnauthorizedOperation",
      "UnauthorizedOperation: You are not authorized to perform this operation. Encoded authorization failure message: abcdefghijklmnopqrstuvwxyz",
      "permission",
    ],
    [
      "an expired token",
      "operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: x, api error ExpiredToken: The security token included in the request is expired",
      "permission",
    ],
    [
      "an invalid client token id",
      "error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.",
      "permission",
    ],
    [
      "a signature mismatch",
      "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.",
      "permission",
    ],
    [
      "no credential sources",
      "Error: No valid credential sources found for AWS Provider.\nPlease see https://registry.terraform.io/providers/hashicorp/aws for more information",
      "permission",
    ],
    [
      "an SCP deny",
      "AccessDenied: User: arn:aws:sts::1:assumed-role/x/y is not authorized to perform: ec2:RunInstances with an explicit deny in a service control policy",
      "permission",
    ],
    // misleading: a state lock that fails because of a denial is a permission problem
    [
      "a state lock failing on AccessDeniedException",
      "Error acquiring the state lock\n\nError message: AccessDeniedException: User: arn:aws:sts::1:assumed-role/ci/x is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:1:table/locks",
      "permission",
    ],
    [
      "a state lock failing with StatusCode 403",
      "Error acquiring the state lock\nError message: operation error DynamoDB: PutItem, https response error StatusCode: 403, RequestID: X",
      "permission",
    ],
    [
      "loading state denied",
      "Error loading state: AccessDenied: Access Denied\n\tstatus code: 403, request id: EB27C9DF81B43C09",
      "permission",
    ],
    // config
    ["an unsupported argument", 'Unsupported argument\nAn argument named "acl" is not expected here.', "config"],
    [
      "a missing required argument",
      'Missing required argument\nThe argument "role" is required, but no definition was found.',
      "config",
    ],
    [
      "a Lambda runtime no longer supported",
      "InvalidParameterValueException: The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions.",
      "config",
    ],
    ["a malformed policy", "MalformedPolicyDocument: Has prohibited field Resource\n\tstatus code: 400", "config"],
    ["an invalid bucket name", "expected length of bucket to be in the range (3 - 63), got a", "config"],
    [
      "an inconsistent lock file",
      "Inconsistent dependency lock file\nThe following dependency selections recorded in the lock file are inconsistent with the current configuration",
      "config",
    ],
    [
      "a module not installed",
      'Module not installed\nThis module is not yet installed. Run "terraform init" to install all modules required by this configuration.',
      "config",
    ],
    // resource, including the seed's misfiles
    [
      "InvalidParameterValue for a security group that does not exist",
      "InvalidParameterValue: The security group 'sg-0abc' does not exist in VPC 'vpc-0def'",
      "resource",
    ],
    [
      "a wait for state 'available' that timed out",
      "waiting for RDS DB Instance (shop-test) create: timeout while waiting for state to become 'available' (last state: 'creating', timeout: 40m0s)",
      "resource",
    ],
    [
      "a bucket name taken",
      "creating S3 Bucket (assets): operation error S3: CreateBucket, https response error StatusCode: 409, api error BucketAlreadyExists: The requested bucket name is not available.",
      "resource",
    ],
    [
      "a role that already exists",
      "EntityAlreadyExists: Role with name shop-test-api already exists.\n\tstatus code: 409",
      "resource",
    ],
    [
      "a dependency violation",
      "deleting EC2 Subnet (subnet-0abc): DependencyViolation: The subnet 'subnet-0abc' has dependencies and cannot be deleted.",
      "resource",
    ],
    [
      "a target group in use",
      "ResourceInUse: Target group 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1' is currently in use by a listener or a rule",
      "resource",
    ],
    [
      "a Lambda role not assumable yet",
      "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.",
      "resource",
    ],
    // state
    [
      "a held lock",
      "Error acquiring the state lock\n\nError message: ConditionalCheckFailedException: The conditional request failed\nLock Info:\n  ID: 1a2b3c4d-0000-1111-2222-333344445555",
      "state",
    ],
    [
      "a changed backend",
      "Backend configuration changed\nA change in the backend configuration has been detected, which may require migrating existing state.",
      "state",
    ],
    ["a lineage mismatch", 'cannot import state with lineage "a" over unrelated state with lineage "b"', "state"],
    [
      "a digest mismatch",
      "state data in S3 does not have the expected content.\nThe checksum calculated for the state stored in S3 does not match the checksum stored in DynamoDB.",
      "state",
    ],
    // network
    [
      "a dial tcp i/o timeout",
      'Post "https://sts.us-east-1.amazonaws.com/": dial tcp 52.94.0.1:443: i/o timeout',
      "network",
    ],
    ["no such host", "dial tcp: lookup s3.eu-west-1.amazonaws.com on 127.0.0.53:53: no such host", "network"],
    [
      "a TLS handshake timeout",
      'Get "https://registry.terraform.io/.well-known/terraform.json": net/http: TLS handshake timeout',
      "network",
    ],
    [
      "a refused connection",
      'RequestError: send request failed\ncaused by: Post "https://sts.amazonaws.com/": dial tcp 127.0.0.1:4566: connect: connection refused',
      "network",
    ],
    // quota
    ["throttling", "ThrottlingException: Rate exceeded\n\tstatus code: 400", "quota"],
    ["RequestLimitExceeded", "RequestLimitExceeded: Request limit exceeded.", "quota"],
    [
      "a vCPU limit",
      "VcpuLimitExceeded: You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket",
      "quota",
    ],
    [
      "the IAM policy version limit",
      "LimitExceeded: A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
      "quota",
    ],
    ["too many buckets", "TooManyBuckets: You have attempted to create more buckets than allowed", "quota"],
    // unknown
    [
      "a provider panic",
      "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation]",
      "unknown",
    ],
    [
      "an inconsistent final plan",
      "Provider produced inconsistent final plan\nWhen expanding the plan for aws_ecs_service.api to include new values learned so far during apply, provider produced an invalid new value",
      "unknown",
    ],
    ["an unrecognisable text", "something odd happened", "unknown"],
  ])("classifies %s", (_name, value, category) => {
    expect(classify(text(value)).category).toBe(category);
  });

  it.each<[Partial<ErrorInput>, ErrorCategory, string]>([
    [{ code: "AccessDenied", httpStatus: 403 }, "permission", "high"],
    [{ code: "ThrottlingException" }, "quota", "high"],
    [{ code: "BucketAlreadyOwnedByYou", httpStatus: 409 }, "resource", "high"],
    [{ httpStatus: 403 }, "permission", "medium"],
    [{ httpStatus: 429 }, "quota", "medium"],
    [{ httpStatus: 404 }, "resource", "medium"],
    [{ httpStatus: 503 }, "network", "low"],
  ])("uses the structured fields %j first", (fields, category, confidence) => {
    const result = classify({ source: "aws-sdk", text: "UnknownError: something failed", ...fields });

    expect([result.category, result.confidence]).toEqual([category, confidence]);
  });

  it("rates generic words low and specific codes high", () => {
    expect(classify(text("the value is invalid")).confidence).toBe("low");
    expect(classify(text("ValidationException: 1 validation error detected")).confidence).toBe("high");
  });

  it("names the rule that decided", () => {
    expect(classify(text("Error acquiring the state lock")).rule).toBe("state.lock");
  });

  it("keeps the facts the fix needs", () => {
    const result = classify(
      text(
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/key",
      ),
    );

    expect(result).toMatchObject({
      action: "s3:PutObject",
      resource: "arn:aws:s3:::bucket/key",
      principal: "arn:aws:iam::123456789012:user/ci",
    });
  });

  it("classifies typical errors in under 0.2 ms each on average (best of three rounds)", () => {
    const samples = [
      "Error acquiring the state lock\nLock Info:\n  ID: 1a2b3c4d-0000-1111-2222-333344445555\n  Path: b/k\n  Operation: OperationTypeApply",
      "waiting for RDS DB Instance (x) create: timeout while waiting for state to become 'available' (last state: 'creating', timeout: 40m0s)",
      "creating EC2 Instance: InvalidParameterValue: The security group 'sg-1' does not exist in VPC 'vpc-2'\n\tstatus code: 400, request id: 1",
      "creating S3 Bucket (x): operation error S3: CreateBucket, https response error StatusCode: 403, RequestID: X, HostID: Y, api error AccessDenied: Access Denied",
      "something odd happened that no rule knows about, and it goes on for a while without any of the words that would decide it",
    ].map(text);
    const round = () => {
      const started = performance.now();
      for (let i = 0; i < 1_000; i++) classify(samples[i % samples.length]!);
      return (performance.now() - started) / 1_000;
    };

    const perError = Math.min(round(), round(), round());

    expect(perError).toBeLessThan(0.2);
  });

  it("caps huge inputs before matching", () => {
    const huge = text(`${"x".repeat(1_000_000)} Error acquiring the state lock`);

    const started = performance.now();
    const result = classify(huge);

    expect(performance.now() - started).toBeLessThan(100);
    expect(result.category).toBe("unknown");
  });
});

describe("every rule", () => {
  it("has a unique id, a category and something to match on", () => {
    const ids = RULES.map((rule) => rule.id);

    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES)
      expect(
        (rule.codes?.length ?? 0) + (rule.patterns?.length ?? 0) + (rule.httpStatuses?.length ?? 0),
      ).toBeGreaterThan(0);
  });

  it("uses no nested quantifiers", () => {
    const nested = /\((?:[^()\\]|\\.)*[+*}]\)[+*{]/;

    for (const rule of RULES)
      for (const pattern of rule.patterns ?? [])
        expect(nested.test(pattern.source), `${rule.id}: ${pattern.source}`).toBe(false);
  });
});

describe("classifyAll", () => {
  it("chooses the permission error over its follow-on 'already exists'", () => {
    const inputs = [
      text("creating IAM Role (shop-test-api): EntityAlreadyExists: Role with name shop-test-api already exists."),
      text(
        "creating Lambda Function (shop-test-api): AccessDeniedException: User: arn:aws:iam::1:user/ci is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:1:function:shop-test-api",
      ),
    ];

    const { primary, all } = classifyAll(inputs);

    expect(primary).toMatchObject({ category: "permission", action: "lambda:CreateFunction" });
    expect(all.map((c) => c.category)).toEqual(["resource", "permission"]);
  });

  it("chooses the network failure over the credential error it caused", () => {
    const paste =
      'Error: error configuring S3 Backend: no valid credential sources for S3 Backend found.\n\nError: RequestError: send request failed\ncaused by: Post "https://sts.amazonaws.com/": x509: certificate signed by unknown authority';

    expect(classifyAll(fromText(paste)).primary.category).toBe("network");
  });

  it("fills facts the primary error lacks from a sibling of the same category", () => {
    const inputs = [
      text("Error acquiring the state lock"),
      text("Lock Info:\n  ID:        9db590f1-b6fe-c5f2-2678-8804f089deba"),
    ];

    expect(classifyAll(inputs).primary).toMatchObject({
      category: "state",
      lockId: "9db590f1-b6fe-c5f2-2678-8804f089deba",
    });
  });

  it("returns an unknown primary for no errors", () => {
    expect(classifyAll([])).toMatchObject({
      primary: { category: "unknown", confidence: "low", rule: "none" },
      all: [],
    });
  });
});
