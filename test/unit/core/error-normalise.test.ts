import { describe, expect, it } from "vitest";
import { clusterMessages, fingerprintOf, normaliseErrorText } from "../../../src/core/error-normalise.js";

const projectNames = ["shop-api-test-api", "shop-api-test-worker", "shop-api-test"];

describe("normaliseErrorText", () => {
  it.each([
    [
      "a Lambda timeout line",
      "2026-11-23T10:15:02.123Z 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f Task timed out after 3.00 seconds",
      "<time> <uuid> Task timed out after <n> seconds",
    ],
    [
      "a Lambda REPORT line of an out-of-memory kill",
      "REPORT RequestId: 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f\tDuration: 2999.52 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB",
      "REPORT RequestId: <id> Duration: <n> ms Billed Duration: <n> ms Memory Size: <n> MB Max Memory Used: <n> MB",
    ],
    [
      "a DynamoDB throttling error from boto3",
      "botocore.exceptions.ClientError: An error occurred (ProvisionedThroughputExceededException) when calling the PutItem operation (reached max retries: 9): The level of configured provisioned throughput for the table was exceeded.",
      "botocore.exceptions.ClientError: An error occurred (ProvisionedThroughputExceededException) when calling the PutItem operation (reached max retries: <n>): The level of configured provisioned throughput for the table was exceeded.",
    ],
    [
      "an access-denied error with regional and global ARNs",
      "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/shop-api-test-app-role/shop-api-test-api is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/shop-api-test-orders because no identity-based policy allows the dynamodb:PutItem action",
      "AccessDeniedException: User: <arn:sts> is not authorized to perform: dynamodb:PutItem on resource: <arn:dynamodb> because no identity-based policy allows the dynamodb:PutItem action",
    ],
    [
      "an ECS out-of-memory stop reason",
      "OutOfMemoryError: Container killed due to memory usage",
      "OutOfMemoryError: Container killed due to memory usage",
    ],
    [
      "an ECS service event naming the project's service and a task id",
      "(service shop-api-test-worker) (task 0f1e2d3c4b5a49687766554433221100) failed container health checks.",
      "(service <name>) (task <hex>) failed container health checks.",
    ],
    [
      "an ECS placement failure with an account id and instance id",
      "(service shop-api-test-worker) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance i-0abc123def4567890 in account 123456789012 has insufficient memory available.",
      "(service <name>) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance i-<id> in account <account> has insufficient memory available.",
    ],
    [
      "a Python traceback",
      'Traceback (most recent call last):\n  File "/var/task/app.py", line 42, in handler\n    order = event["order_id"]\nKeyError: \'order_id\'',
      'Traceback (most recent call last):\nFile "/var/task/app.py", line <n>, in handler\norder = event["order_id"]\nKeyError: \'order_id\'',
    ],
    [
      "a Node.js stack trace",
      "TypeError: Cannot read properties of undefined (reading 'id')\n    at Runtime.handler (file:///var/task/index.mjs:12:27)\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)",
      "TypeError: Cannot read properties of undefined (reading 'id')\nat Runtime.handler (file:///var/task/index.mjs:<n>:<n>)\nat Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:<n>:<n>)",
    ],
    [
      "a Java log line with a comma timestamp and an address",
      "2026-11-23 10:15:02,123 ERROR [main] c.e.OrderService - Connection refused: db.internal/10.0.1.23:5432",
      "<time> ERROR [main] c.e.OrderService - Connection refused: db.internal/<ip>",
    ],
    [
      "an S3 error with an HTTP date and a hex request id",
      "S3 GetObject failed at Mon, 23 Nov 2026 10:15:02 GMT: NoSuchKey (x-amz-request-id: 4442587FB7D0A2F9)",
      "S3 GetObject failed at <time>: NoSuchKey (x-amz-request-id: <id>)",
    ],
    [
      "a missing security group and a commit sha",
      "The security group 'sg-0a1b2c3d4e5f67890' does not exist (deployed from 9fceb02d0ae598e95dc970b74767f19372d61af8)",
      "The security group 'sg-<id>' does not exist (deployed from <hex>)",
    ],
  ])("%s", (_what, text, expected) => {
    const normalised = normaliseErrorText(text, { projectNames });

    expect(normalised).toBe(expected);
  });

  it("replaces the longest project name first", () => {
    expect(normaliseErrorText("shop-api-test-api failed; shop-api-test-queue too", { projectNames })).toBe(
      "<name> failed; <name>-queue too",
    );
  });

  it("leaves words that merely look hex-like, and version-like identifiers, alone", () => {
    expect(normaliseErrorText("facade decade python3.12 ec2 s3 Runtime.ExitError")).toBe(
      "facade decade python3.12 ec2 s3 Runtime.ExitError",
    );
  });
});

describe("fingerprints", () => {
  it.each([
    [
      "two Lambda timeouts of different requests",
      "2026-11-23T10:15:02.123Z 3f9a1c2e-8b7d-4e21-9c3f-5a6b7c8d9e0f Task timed out after 3.00 seconds",
      "2026-11-23T11:02:44.900Z 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d Task timed out after 3.01 seconds",
    ],
    [
      "the same access denial in two accounts and regions",
      "User: arn:aws:sts::111111111111:assumed-role/r/x is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:eu-west-1:111111111111:q",
      "User: arn:aws:sts::222222222222:assumed-role/r/y is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:222222222222:q2",
    ],
  ])("match for %s", (_what, a, b) => {
    expect(fingerprintOf(normaliseErrorText(a))).toBe(fingerprintOf(normaliseErrorText(b)));
  });

  it.each([
    [
      "a timeout and an out-of-memory kill",
      "Task timed out after 3.00 seconds",
      "Runtime exited with error: signal: killed",
    ],
    [
      "access denied on different services",
      "not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111111111111:q",
      "not authorized to perform: sns:Publish on resource: arn:aws:sns:us-east-1:111111111111:t",
    ],
  ])("differ for %s", (_what, a, b) => {
    expect(fingerprintOf(normaliseErrorText(a))).not.toBe(fingerprintOf(normaliseErrorText(b)));
  });
});

describe("clusterMessages", () => {
  it("counts members, keeps first and last seen, the earliest sample and the sources; biggest first", () => {
    const messages = [
      { text: "Task timed out after 3.00 seconds", at: Date.parse("2026-11-23T10:05:00Z"), source: "/aws/lambda/a" },
      { text: "KeyError: 'order_id'", at: Date.parse("2026-11-23T10:01:00Z"), source: "/aws/lambda/a" },
      { text: "Task timed out after 3.02 seconds", at: Date.parse("2026-11-23T10:01:30Z"), source: "/aws/lambda/b" },
      { text: "Task timed out after 2.99 seconds", at: Date.parse("2026-11-23T10:09:00Z"), source: "/aws/lambda/a" },
    ];

    const clusters = clusterMessages(messages);

    expect(clusters).toEqual([
      {
        fingerprint: fingerprintOf("Task timed out after <n> seconds"),
        pattern: "Task timed out after <n> seconds",
        count: 3,
        firstSeen: "2026-11-23T10:01:30.000Z",
        lastSeen: "2026-11-23T10:09:00.000Z",
        sample: "Task timed out after 3.02 seconds",
        sources: ["/aws/lambda/a", "/aws/lambda/b"],
      },
      {
        fingerprint: fingerprintOf("KeyError: 'order_id'"),
        pattern: "KeyError: 'order_id'",
        count: 1,
        firstSeen: "2026-11-23T10:01:00.000Z",
        lastSeen: "2026-11-23T10:01:00.000Z",
        sample: "KeyError: 'order_id'",
        sources: ["/aws/lambda/a"],
      },
    ]);
  });

  it("works without times or sources and caps long samples", () => {
    const clusters = clusterMessages([{ text: `Error ${"x".repeat(50)}` }], { sampleChars: 10 });

    expect(clusters).toEqual([
      {
        fingerprint: expect.any(String),
        pattern: `Error ${"x".repeat(50)}`,
        count: 1,
        sample: "Error xxxx…",
        sources: [],
      },
    ]);
  });

  it("is empty for no messages", () => {
    expect(clusterMessages([])).toEqual([]);
  });
});
