import { NoSuchBucket, S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import type { Diagnostic } from "../../../src/core/handler-contract.js";
import { awsFailure } from "../../../src/handlers/hosting/aws/errors.js";
import { type ErrorCode, ProviderError } from "../../../src/core/errors.js";
import {
  fromDiagnostics,
  fromSdkError,
  fromText,
  resourceTypeOfAddress,
} from "../../../src/skills/infra/debugger/intake.js";

describe("fromDiagnostics", () => {
  // Shaped as the Terraform runner's toDiagnostic() returns them from `apply -json`.
  const diagnostics: Diagnostic[] = [
    {
      severity: "warning",
      summary: "Argument is deprecated",
      detail: "Use aws_s3_bucket_acl instead",
      file: "main.tf",
      line: 3,
      column: 3,
    },
    {
      severity: "error",
      summary:
        "creating S3 Bucket (shop-test-assets): operation error S3: CreateBucket, https response error StatusCode: 403, RequestID: 7RX2, HostID: abc=, api error AccessDenied: Access Denied",
      address: "module.web.aws_s3_bucket.assets",
      file: "modules/web/main.tf",
      line: 12,
      column: 1,
    },
    {
      severity: "error",
      summary: "creating Lambda Function (shop-test-api)",
      detail:
        "operation error Lambda: CreateFunction, https response error StatusCode: 400, RequestID: 1, InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.",
      address: "module.api.aws_lambda_function.handler[0]",
    },
  ];

  it("keeps the errors only, with text = summary + detail and the structured facts", () => {
    const inputs = fromDiagnostics(diagnostics);

    expect(inputs).toEqual([
      {
        source: "terraform",
        text: diagnostics[1]!.summary,
        summary: diagnostics[1]!.summary,
        code: "AccessDenied",
        httpStatus: 403,
        address: "module.web.aws_s3_bucket.assets",
        resourceType: "aws_s3_bucket",
        file: "modules/web/main.tf",
        line: 12,
      },
      {
        source: "terraform",
        text: `creating Lambda Function (shop-test-api)\n${diagnostics[2]!.detail}`,
        summary: "creating Lambda Function (shop-test-api)",
        detail: diagnostics[2]!.detail,
        code: "InvalidParameterValueException",
        httpStatus: 400,
        address: "module.api.aws_lambda_function.handler[0]",
        resourceType: "aws_lambda_function",
      },
    ]);
  });

  it.each([
    ["aws_s3_bucket.uploads", "aws_s3_bucket"],
    ["module.api.aws_lambda_function.handler", "aws_lambda_function"],
    ['module.a.module.b.aws_iam_role.this["x.y"]', "aws_iam_role"],
    ["data.aws_iam_policy_document.assume", "aws_iam_policy_document"],
    ["module.api", undefined],
    ["not an address", undefined],
  ])("reads the resource type of %s", (address, type) => {
    expect(resourceTypeOfAddress(address)).toBe(type);
  });
});

describe("fromSdkError", () => {
  it("reads a real S3 service exception", () => {
    const error = new S3ServiceException({
      name: "AccessDenied",
      $fault: "client",
      $metadata: { httpStatusCode: 403, requestId: "R1" },
      message: "Access Denied",
    });

    expect(fromSdkError(error)).toEqual({
      source: "aws-sdk",
      text: "AccessDenied: Access Denied",
      code: "AccessDenied",
      httpStatus: 403,
    });
  });

  it("reads a modelled exception class by its name", () => {
    const error = new NoSuchBucket({
      $metadata: { httpStatusCode: 404 },
      message: "The specified bucket does not exist",
    });

    expect(fromSdkError(error)).toMatchObject({ code: "NoSuchBucket", httpStatus: 404 });
  });

  it("prefers an explicit Code over a generic name", () => {
    const error = {
      name: "S3ServiceException",
      Code: "SlowDown",
      message: "Please reduce your request rate.",
      $metadata: { httpStatusCode: 503 },
      $fault: "server",
    };

    expect(fromSdkError(error)).toEqual({
      source: "aws-sdk",
      text: "SlowDown: Please reduce your request rate.",
      code: "SlowDown",
      httpStatus: 503,
    });
  });

  it("reads a Node network error's code", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { code: "ECONNREFUSED" });

    expect(fromSdkError(error)).toMatchObject({
      code: "ECONNREFUSED",
      text: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566",
    });
  });

  it("reads our own ProviderError from awsFailure (details.awsCode / details.httpStatus)", () => {
    const sdk = new S3ServiceException({
      name: "ThrottlingException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
      message: "Rate exceeded",
    });
    const env = { name: "test" } as unknown as ResolvedEnvironment;

    const input = fromSdkError(awsFailure("s3:PutObject", sdk, env));

    expect(input).toMatchObject({ source: "aws-sdk", code: "ThrottlingException", httpStatus: 400 });
    expect(input.text).toContain("Rate exceeded");
  });

  it("falls back to the wrapped cause when a ProviderError has no AWS details", () => {
    const cause = new S3ServiceException({
      name: "BucketAlreadyExists",
      $fault: "client",
      $metadata: { httpStatusCode: 409 },
      message: "taken",
    });

    expect(fromSdkError(new ProviderError("X" as ErrorCode, "deploy failed", { cause }))).toMatchObject({
      code: "BucketAlreadyExists",
      httpStatus: 409,
    });
  });

  it("accepts a thrown string", () => {
    expect(fromSdkError("RequestLimitExceeded: Request limit exceeded.")).toMatchObject({
      source: "aws-sdk",
      code: "RequestLimitExceeded",
    });
  });
});

describe("fromText", () => {
  const paste = [
    "aws_iam_role.api: Creating...",
    "╷",
    "│ Error: creating IAM Role (shop-test-api): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: 1, EntityAlreadyExists: Role with name shop-test-api already exists.",
    "│ ",
    "│   with aws_iam_role.api,",
    '│   on iam.tf line 12, in resource "aws_iam_role" "api":',
    '│   12: resource "aws_iam_role" "api" {',
    "│ ",
    "╵",
    "╷",
    "│ Warning: Argument is deprecated",
    "│ ",
    "│ Use the aws_s3_bucket_acl resource instead",
    "╵",
    "╷",
    "│ Error: creating Lambda Function (shop-test-api): operation error Lambda: CreateFunction, https response error StatusCode: 403, RequestID: 2, api error AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:shop-test-api",
    "│ ",
    "│   with module.api.aws_lambda_function.handler,",
    '│   on modules/api/main.tf line 4, in resource "aws_lambda_function" "handler":',
    '│    4: resource "aws_lambda_function" "handler" {',
    "│ ",
    "╵",
  ].join("\r\n");

  it("splits several boxed errors (CRLF) into inputs, dropping warnings, progress and quoted source", () => {
    const inputs = fromText(paste);

    expect(inputs).toEqual([
      {
        source: "text",
        text: "creating IAM Role (shop-test-api): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: 1, EntityAlreadyExists: Role with name shop-test-api already exists.",
        summary:
          "creating IAM Role (shop-test-api): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: 1, EntityAlreadyExists: Role with name shop-test-api already exists.",
        code: "EntityAlreadyExists",
        httpStatus: 409,
        address: "aws_iam_role.api",
        resourceType: "aws_iam_role",
        file: "iam.tf",
        line: 12,
      },
      expect.objectContaining({
        code: "AccessDeniedException",
        httpStatus: 403,
        address: "module.api.aws_lambda_function.handler",
        resourceType: "aws_lambda_function",
        file: "modules/api/main.tf",
        line: 4,
      }),
    ]);
    expect(inputs.map((input) => input.text).join("\n")).not.toMatch(/[│╷╵\r]|Error: |Creating\.\.\./);
  });

  it("keeps an unboxed multi-line error whole, with its detail", () => {
    const inputs = fromText(
      "Error: Error acquiring the state lock\n\nError message: ConditionalCheckFailedException: The conditional request failed\nLock Info:\n  ID:        9db590f1-b6fe-c5f2-2678-8804f089deba\n",
    );

    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({
      summary: "Error acquiring the state lock",
      code: "ConditionalCheckFailedException",
    });
    expect(inputs[0]!.detail).toContain("ID:        9db590f1-b6fe-c5f2-2678-8804f089deba");
  });

  it("keeps the cause Terraform printed above the error that reports its consequence", () => {
    const inputs = fromText(
      "Failed to save state: failed to upload state: ExpiredToken: The provided token has expired.\n\nError: Failed to persist state to backend.\n\nThe error shown above has prevented Terraform from writing the updated state",
    );

    expect(inputs.map((input) => input.code ?? null)).toEqual(["ExpiredToken", null]);
  });

  it("drops plan output around the errors", () => {
    const inputs = fromText(
      "  # aws_dynamodb_table.state_lock will be created\n\nError: creating S3 Bucket (x): BucketAlreadyExists: taken",
    );

    expect(inputs.map((input) => input.code)).toEqual(["BucketAlreadyExists"]);
  });

  it("treats text without an Error: heading as one error", () => {
    expect(
      fromText("An error occurred (ThrottlingException) when calling the PutItem operation: Rate exceeded"),
    ).toEqual([
      {
        source: "text",
        text: "An error occurred (ThrottlingException) when calling the PutItem operation: Rate exceeded",
        code: "ThrottlingException",
      },
    ]);
  });

  it("keeps warnings when they are all there is", () => {
    expect(fromText("Warning: Argument is deprecated\n\nUse something else")).toHaveLength(1);
  });

  it("returns nothing for empty text", () => {
    expect(fromText(" \r\n ")).toEqual([]);
  });
});
