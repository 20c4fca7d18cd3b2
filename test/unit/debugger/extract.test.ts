import { describe, expect, it } from "vitest";
import {
  extractCode,
  extractFacts,
  extractHttpStatus,
  isIamAction,
} from "../../../src/skills/infra/debugger/extract.js";

const NO_DENIAL = {
  explicitDeny: false,
  serviceControlPolicy: false,
  permissionsBoundary: false,
  sessionPolicy: false,
};

describe("extractFacts on IAM denials", () => {
  it("reads action, resource and principal from the canonical message (not the first x:y token)", () => {
    const text =
      "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/key";

    const facts = extractFacts(text);

    expect(facts).toMatchObject({
      action: "s3:PutObject",
      resource: "arn:aws:s3:::bucket/key",
      principal: "arn:aws:iam::123456789012:user/ci",
      resourceType: "aws_s3_object",
      denial: NO_DENIAL,
    });
  });

  it.each([
    [
      "no identity-based policy (Lambda, AccessDeniedException)",
      "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:eu-west-1:123456789012:function:shop-api-test-api because no identity-based policy allows the lambda:CreateFunction action",
      {
        action: "lambda:CreateFunction",
        resource: "arn:aws:lambda:eu-west-1:123456789012:function:shop-api-test-api",
        principal: "arn:aws:sts::123456789012:assumed-role/deploy/ci",
        resourceType: "aws_lambda_function",
        code: "AccessDeniedException",
        denial: NO_DENIAL,
      },
    ],
    [
      "an explicit deny in a service control policy",
      "An error occurred (AccessDenied) when calling the CreateBucket operation: User: arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::shop-test-assets with an explicit deny in a service control policy",
      {
        action: "s3:CreateBucket",
        resource: "arn:aws:s3:::shop-test-assets",
        code: "AccessDenied",
        resourceType: "aws_s3_bucket",
        denial: { ...NO_DENIAL, explicitDeny: true, serviceControlPolicy: true },
      },
    ],
    [
      "a permissions boundary (without a resource)",
      "api error AccessDenied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:CreateRole because no permissions boundary allows the iam:CreateRole action",
      {
        action: "iam:CreateRole",
        resource: null,
        principal: "arn:aws:iam::123456789012:user/ci",
        code: "AccessDenied",
        denial: { ...NO_DENIAL, permissionsBoundary: true },
      },
    ],
    [
      "a session policy",
      "User: arn:aws:sts::123456789012:assumed-role/ci/session is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/locks because no session policy allows the dynamodb:PutItem action",
      {
        action: "dynamodb:PutItem",
        resource: "arn:aws:dynamodb:us-east-1:123456789012:table/locks",
        resourceType: "aws_dynamodb_table",
        denial: { ...NO_DENIAL, sessionPolicy: true },
      },
    ],
    [
      "only the 'no identity-based policy allows' clause",
      "AccessDeniedException: because no identity-based policy allows the ecs:CreateCluster action",
      { action: "ecs:CreateCluster", resource: null },
    ],
    [
      "ECS AccessDeniedException on resource '*'",
      "AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:RegisterTaskDefinition on resource: *",
      { action: "ecs:RegisterTaskDefinition", resource: "*", code: "AccessDeniedException" },
    ],
    [
      "DynamoDB through botocore",
      "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the UpdateItem operation: User: arn:aws:sts::123456789012:assumed-role/app-role/app is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders",
      {
        action: "dynamodb:UpdateItem",
        resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        code: "AccessDeniedException",
      },
    ],
    [
      "the '<action> on resource <arn>' variant",
      "AccessDenied: iam:PassRole on resource arn:aws:iam::123456789012:role/shop-test-task-role.",
      {
        action: "iam:PassRole",
        resource: "arn:aws:iam::123456789012:role/shop-test-task-role",
        resourceType: "aws_iam_role",
      },
    ],
    [
      "the Go SDK's failed operation on a denial without an action",
      "creating S3 Bucket (shop-test-assets): operation error S3: CreateBucket, https response error StatusCode: 403, RequestID: 7RX2, HostID: abc=, api error AccessDenied: Access Denied",
      {
        action: "s3:CreateBucket",
        code: "AccessDenied",
        httpStatus: 403,
        resourceType: "aws_s3_bucket",
        resourceName: "shop-test-assets",
      },
    ],
    [
      "a multi-word Go SDK service id",
      "operation error Elastic Load Balancing v2: CreateLoadBalancer, https response error StatusCode: 403, RequestID: x, api error AccessDenied: User: arn:aws:iam::123456789012:user/ci is not authorized",
      {
        action: "elasticloadbalancing:CreateLoadBalancer",
        principal: "arn:aws:iam::123456789012:user/ci",
        httpStatus: 403,
      },
    ],
  ])("handles %s", (_name, text, expected) => {
    expect(extractFacts(text)).toMatchObject(expected);
  });

  it("reads a quoted resource from an S3 XML body and a denial wrapped across lines", () => {
    const xml =
      '<Message>\n    User: arn:aws:iam::123456789012:user/s3 is not authorized to perform: s3:PutObject on resource:\n    "arn:aws:s3:::cli-dataflow/prod/a.json"\n    with an explicit deny in an identity-based policy\n  </Message>';
    const wrapped =
      'api\nerror AccessDenied: User: arn:aws:iam::123456789012:user/me is not authorized\nto perform: s3:GetLifecycleConfiguration on resource: "arn:aws:s3:::tfstate" with\nan explicit deny in a resource-based policy';

    expect(extractFacts(xml)).toMatchObject({
      action: "s3:PutObject",
      resource: "arn:aws:s3:::cli-dataflow/prod/a.json",
      denial: { ...NO_DENIAL, explicitDeny: true },
    });
    expect(extractFacts(wrapped)).toMatchObject({
      code: "AccessDenied",
      action: "s3:GetLifecycleConfiguration",
      resource: "arn:aws:s3:::tfstate",
      principal: "arn:aws:iam::123456789012:user/me",
    });
  });

  it("keeps an encoded authorization message for sts:DecodeAuthorizationMessage, without inventing an action", () => {
    const blob = "QXdPNaIegKKNwIX54FPmRmeyDRnNY5FRj5xftd0oRvzujmvMcr3G-ISKoV5XXyCBUB9f_Ho9lYnxBohCO3d09sew";
    const text = `Error launching source instance: UnauthorizedOperation: You are not authorized to perform this operation. Encoded authorization failure message: ${blob}\n\tstatus code: 403, request id: 27db932f-e5be-41a1-8262-a698d82df933`;

    expect(extractFacts(text)).toMatchObject({
      code: "UnauthorizedOperation",
      httpStatus: 403,
      encodedMessage: blob,
      action: null,
    });
  });

  it("returns no action rather than an ARN fragment when the text names none", () => {
    const texts = [
      "User: arn:aws:iam::123456789012:user/ci is not authorized to perform this operation",
      "Access Denied for arn:aws:s3:::bucket",
      "AccessDenied: arn:aws:iam::123456789012:role/x",
    ];

    expect(texts.map((text) => extractFacts(text).action)).toEqual([null, null, null]);
  });
});

describe("extractFacts on Terraform output", () => {
  it("reads the lock id from the ID line of a Lock Info block", () => {
    const text = [
      "Error acquiring the state lock",
      "",
      "Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: X, api error ConditionalCheckFailedException: The conditional request failed",
      "Lock Info:",
      "  ID:        9db590f1-b6fe-c5f2-2678-8804f089deba",
      "  Path:      shop-tfstate/test/terraform.tfstate",
      "  Operation: OperationTypeApply",
      "  Who:       ci@runner",
      "  Version:   1.9.5",
      "  Created:   2026-11-20 10:01:02.123 +0000 UTC",
    ].join("\n");

    expect(extractFacts(text)).toMatchObject({
      lockId: "9db590f1-b6fe-c5f2-2678-8804f089deba",
      code: "ConditionalCheckFailedException",
      httpStatus: 400,
    });
  });

  it.each([
    [
      "creating Lambda Function (shop-test-api): InvalidParameterValueException: x",
      "aws_lambda_function",
      "shop-test-api",
    ],
    ["creating S3 Bucket (shop-test-assets): BucketAlreadyExists", "aws_s3_bucket", "shop-test-assets"],
    [
      "creating IAM Role (shop-test-deploy): EntityAlreadyExists: Role with name shop-test-deploy already exists.",
      "aws_iam_role",
      "shop-test-deploy",
    ],
    ["error creating IAM Role Policy Attachment: NoSuchEntity", "aws_iam_role_policy_attachment", null],
    ["waiting for ELBv2 Target Group (arn) delete: ResourceInUse", "aws_lb_target_group", "arn"],
    ["deleting EC2 Subnet (subnet-0abc): DependencyViolation", "aws_subnet", "subnet-0abc"],
  ])("maps %j to %s", (text, resourceType, resourceName) => {
    expect(extractFacts(text)).toMatchObject({ resourceType, resourceName });
  });
});

describe("codes and statuses", () => {
  it.each([
    [
      "operation error S3: PutObject, https response error StatusCode: 403, RequestID: X, api error AccessDenied: Access Denied",
      "AccessDenied",
      403,
    ],
    [
      "An error occurred (ThrottlingException) when calling the PutItem operation (reached max retries: 4): Rate exceeded",
      "ThrottlingException",
      null,
    ],
    [
      "(Service: AmazonECS; Status Code: 400; Error Code: InvalidParameterException; Request ID: 1)",
      "InvalidParameterException",
      400,
    ],
    [
      "EntityAlreadyExists: Role with name x already exists.\n\tstatus code: 409, request id: abc",
      "EntityAlreadyExists",
      409,
    ],
    ["InvalidGroup.NotFound: The security group 'sg-1' does not exist", "InvalidGroup.NotFound", null],
    ["Error: creating S3 Bucket (x): RequestID: abc, HostID: def", null, null],
    ["HTTP 429 Too Many Requests", null, 429],
    ["api\nerror AccessDenied: User: x is not authorized", "AccessDenied", null],
    [
      "<Error><Code>BucketAlreadyOwnedByYou</Code><Message>Your previous request…</Message></Error>",
      "BucketAlreadyOwnedByYou",
      null,
    ],
    [
      "botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL",
      "EndpointConnectionError",
      null,
    ],
    ["`call': Rate exceeded (Aws::Route53::Errors::Throttling)", "Throttling", null],
    [
      "error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.",
      "InvalidClientTokenId",
      null,
    ],
    [
      "Error creating IAM Role AmazonVPCFlowLogs: EntityAlreadyExists: Role with name AmazonVPCFlowLogs already exists.",
      "EntityAlreadyExists",
      null,
    ],
    [
      "InvalidParameterValueException: throttled by EC2. EC2 Error Code: RequestLimitExceeded.",
      "InvalidParameterValueException",
      null,
    ],
    [
      '{"name":"QuotaExceededException","$fault":"client","$metadata":{"httpStatusCode":400}}',
      "QuotaExceededException",
      400,
    ],
    [
      "http.response.header.x_amzn_errortype=LimitExceededException http.status_code=429",
      "LimitExceededException",
      429,
    ],
    [
      '"error": "Error: AddressLimitExceeded: The maximum number of addresses has been reached.\\n\\tstatus code: 400, request id: c5"',
      "AddressLimitExceeded",
      400,
    ],
  ])("reads %j as code %s, status %s", (text, code, status) => {
    expect([extractCode(text), extractHttpStatus(text)]).toEqual([code, status]);
  });

  it.each([
    ["s3:PutObject", true],
    ["elasticloadbalancing:CreateLoadBalancer", true],
    ["arn:aws", false],
    ["S3:PutObject", false],
    ["s3:*", true],
  ])("isIamAction(%j) is %s", (value, expected) => {
    expect(isIamAction(value)).toBe(expected);
  });
});
