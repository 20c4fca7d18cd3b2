import { describe, expect, it } from "vitest";
import type { BucketFact, PolicyFact, SecurityGroupFact } from "../../../../src/core/services/posture.js";
import { isReadOnlyAction, statementFindings } from "../../../../src/skills/ops/auditor/iam.js";
import { runtimeDeprecation } from "../../../../src/skills/ops/auditor/runtimes.js";
import { awsFailure } from "../../../../src/handlers/hosting/aws/errors.js";
import { isPartialFailure, securityScope } from "../../../../src/skills/ops/auditor/auditor.js";
import type { AuditResource } from "../../../../src/skills/ops/auditor/scope.js";
import {
  accessKeyChecks,
  bucketChecks,
  functionRuntimeChecks,
  policyChecks,
  securityGroupChecks,
  volumeChecks,
} from "../../../../src/skills/ops/auditor/security.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe("IAM policy statements", () => {
  it.each([
    ["Action * on *", { Effect: "Allow", Action: "*", Resource: "*" }, ["fail"]],
    ["Action * on one ARN", { Effect: "Allow", Action: ["*"], Resource: "arn:aws:s3:::b" }, ["fail"]],
    ["service wildcard on *", { Effect: "Allow", Action: "s3:*", Resource: "*" }, ["fail"]],
    ["service wildcard on one bucket", { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }, ["warn"]],
    ["write action on *", { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "*" }, ["warn"]],
    [
      "read actions on *",
      { Effect: "Allow", Action: ["ec2:Describe*", "s3:GetObject", "logs:List*"], Resource: "*" },
      [],
    ],
    [
      "action that only exists on *",
      { Effect: "Allow", Action: ["xray:PutTraceSegments", "ecr:GetAuthorizationToken"], Resource: "*" },
      [],
    ],
    ["NotAction allow", { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" }, ["warn"]],
    [
      "scoped write",
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:us-east-1:1:log-group:x:*",
      },
      [],
    ],
    ["deny with wildcards", { Effect: "Deny", Action: "*", Resource: "*" }, []],
  ])("%s", (_name, statement, statuses) => {
    const findings = statementFindings(statement);

    expect(findings.map((f) => f.status)).toEqual(statuses);
  });

  it.each([
    ["s3:GetObject", true],
    ["s3:Get*", true],
    ["ec2:Describe*", true],
    ["ec2:Desc*", false],
    ["s3:PutObject", false],
    ["s3:*", false],
    ["dynamodb:BatchGetItem", true],
    ["dynamodb:BatchWriteItem", false],
  ])("%s is read-only: %s", (action, expected) => {
    expect(isReadOnlyAction(action)).toBe(expected);
  });

  it("takes the worst statement of a policy and names every reason", () => {
    const policy: PolicyFact = {
      kind: "inline",
      name: "app",
      role: "shop-api-test-role",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
          { Effect: "Allow", Action: "*", Resource: "*" },
        ],
      },
    };

    const [check] = policyChecks([policy]);

    expect(check).toMatchObject({
      id: "security.iam-policy",
      status: "fail",
      resource: "shop-api-test-role/app (inline)",
    });
    expect(check?.detail).toContain('Action "*"');
    expect(check?.detail).toContain("sqs:SendMessage");
  });

  it("passes a policy with a single statement object and scoped resources", () => {
    const policy: PolicyFact = {
      kind: "managed",
      name: "logs",
      arn: "arn:aws:iam::1:policy/logs",
      document: {
        Statement: { Effect: "Allow", Action: "logs:PutLogEvents", Resource: "arn:aws:logs:*:*:log-group:x:*" },
      },
    };

    expect(policyChecks([policy])[0]).toMatchObject({ status: "pass", resource: "arn:aws:iam::1:policy/logs" });
  });
});

describe("access key age", () => {
  it.each([
    [30, "pass"],
    [90, "pass"],
    [91, "warn"],
    [180, "warn"],
    [181, "fail"],
    [400, "fail"],
  ])("an active key %i days old: %s", (age, status) => {
    const checks = accessKeyChecks(
      [{ user: "ci", keyId: "AKIAEXAMPLEKEY0WBWY", status: "Active", created: daysAgo(age) }],
      NOW,
    );

    expect(checks).toEqual([expect.objectContaining({ status, resource: "ci (key ending WBWY)" })]);
  });

  it("ignores inactive keys and passes when no active key exists", () => {
    const checks = accessKeyChecks(
      [{ user: "old", keyId: "AKIAEXAMPLEKEY00001", status: "Inactive", created: daysAgo(900) }],
      NOW,
    );

    expect(checks).toEqual([
      expect.objectContaining({ status: "pass", detail: "no active IAM user access keys (1 inactive)" }),
    ]);
  });
});

describe("S3 buckets", () => {
  const blocked = {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  };
  const base: BucketFact = { name: "b", publicGrants: [], encryption: ["AES256"] };
  const publicPolicy = {
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
  };

  it.each<[string, Partial<BucketFact>, string, string]>([
    ["fully blocked, encrypted", { publicAccessBlock: blocked }, "pass", "pass"],
    ["no block configuration", {}, "warn", "pass"],
    ["partly blocked", { publicAccessBlock: { ...blocked, blockPublicPolicy: false } }, "warn", "pass"],
    [
      "block fully off",
      {
        publicAccessBlock: {
          blockPublicAcls: false,
          ignorePublicAcls: false,
          blockPublicPolicy: false,
          restrictPublicBuckets: false,
        },
      },
      "fail",
      "pass",
    ],
    [
      "policy with Principal * and a condition that narrows nothing",
      {
        policy: {
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } },
            },
          ],
        },
      },
      "fail",
      "pass",
    ],
    ["policy with Principal *", { policy: publicPolicy }, "fail", "pass"],
    [
      "policy with AWS: *",
      { policy: { Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject" }] } },
      "fail",
      "pass",
    ],
    [
      "policy with Principal * but a condition",
      {
        policy: {
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
            },
          ],
        },
      },
      "warn",
      "pass",
    ],
    [
      "public policy neutralised by RestrictPublicBuckets",
      { policy: publicPolicy, publicAccessBlock: blocked },
      "pass",
      "pass",
    ],
    ["ACL grants AllUsers", { publicGrants: ["AllUsers:READ"] }, "fail", "pass"],
    ["ACL grant ignored by the block", { publicGrants: ["AllUsers:READ"], publicAccessBlock: blocked }, "pass", "pass"],
    ["no default encryption", { publicAccessBlock: blocked, encryption: [] }, "pass", "fail"],
  ])("%s", (_name, facts, publicStatus, encryptionStatus) => {
    const checks = bucketChecks([{ ...base, ...facts }]);

    expect(checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      `security.s3-public:${publicStatus}`,
      `security.s3-encryption:${encryptionStatus}`,
    ]);
  });

  it("warns about a recorded bucket that no longer exists", () => {
    expect(bucketChecks([{ name: "gone", missing: true, publicGrants: [], encryption: [] }])).toEqual([
      expect.objectContaining({ status: "warn", resource: "gone" }),
    ]);
  });
});

describe("security groups", () => {
  const group = (ingress: SecurityGroupFact["ingress"]): SecurityGroupFact => ({ id: "sg-1", name: "web", ingress });

  it.each<[string, SecurityGroupFact["ingress"], string]>([
    ["https from the world", [{ protocol: "tcp", fromPort: 443, toPort: 443, ranges: ["0.0.0.0/0"] }], "pass"],
    ["http from ::/0", [{ protocol: "tcp", fromPort: 80, toPort: 80, ranges: ["::/0"] }], "pass"],
    ["ssh from the world", [{ protocol: "tcp", fromPort: 22, toPort: 22, ranges: ["0.0.0.0/0"] }], "fail"],
    ["ssh from an office range", [{ protocol: "tcp", fromPort: 22, toPort: 22, ranges: ["203.0.113.0/24"] }], "pass"],
    ["postgres from ::/0", [{ protocol: "tcp", fromPort: 5432, toPort: 5432, ranges: ["::/0"] }], "fail"],
    ["all traffic", [{ protocol: "-1", ranges: ["0.0.0.0/0"] }], "fail"],
    [
      "a non-web, non-sensitive port",
      [{ protocol: "tcp", fromPort: 8080, toPort: 8080, ranges: ["0.0.0.0/0"] }],
      "warn",
    ],
    ["a range spanning 80 to 443", [{ protocol: "tcp", fromPort: 80, toPort: 443, ranges: ["0.0.0.0/0"] }], "warn"],
    ["every tcp port", [{ protocol: "tcp", fromPort: 0, toPort: 65535, ranges: ["0.0.0.0/0"] }], "fail"],
    ["icmp from the world", [{ protocol: "icmp", fromPort: -1, toPort: -1, ranges: ["0.0.0.0/0"] }], "pass"],
  ])("%s: %s", (_name, ingress, status) => {
    expect(securityGroupChecks([group(ingress)])[0]?.status).toBe(status);
  });
});

describe("EBS volumes", () => {
  it.each([
    [true, "pass"],
    [false, "fail"],
  ])("encrypted %s: %s", (encrypted, status) => {
    expect(volumeChecks([{ id: "vol-1", encrypted, attachedTo: ["i-1"] }])[0]).toMatchObject({
      status,
      resource: "vol-1",
    });
  });
});

describe("Lambda runtimes", () => {
  it.each([
    ["python3.8", "fail"],
    ["nodejs16.x", "fail"],
    ["go1.x", "fail"],
    ["ruby2.7", "fail"],
    ["java8", "fail"],
    ["dotnet6", "fail"],
    ["python3.12", "pass"],
    ["nodejs22.x", "pass"],
    ["java8.al2", "pass"],
  ])("%s: %s", (runtime, status) => {
    expect(functionRuntimeChecks([{ name: "fn", runtime }], NOW)[0]?.status).toBe(status);
  });

  it.each([
    ["2024-04-20T00:00:00Z", "warn"],
    ["2023-01-01T00:00:00Z", "pass"],
    ["2024-10-14T00:00:00Z", "fail"],
  ])("python3.8 on %s: %s", (at, status) => {
    expect(runtimeDeprecation("python3.8", new Date(at)).status).toBe(status);
  });

  it("passes container images and warns about recorded functions that are gone", () => {
    const checks = functionRuntimeChecks(
      [
        { name: "img", packageType: "Image" },
        { name: "gone", missing: true },
      ],
      NOW,
    );

    expect(checks.map((c) => c.status)).toEqual(["pass", "warn"]);
  });
});

describe("security scope", () => {
  const resource = (type: string, name: string, more: Partial<AuditResource> = {}): AuditResource => ({
    source: "registry",
    label: `${type}.x`,
    type,
    name,
    tags: {},
    metadata: {},
    ...more,
  });

  it("asks about the project's own buckets, functions, groups, roles and policies only", () => {
    const scope = securityScope([
      resource("aws_s3_bucket", "shop-assets", { id: "shop-assets" }),
      resource("aws_lambda_function", "shop-api"),
      resource("aws_security_group", "shop-sg", { id: "sg-123" }),
      resource("aws_iam_role", "shop-role"),
      resource("aws_iam_role_policy", "inline", { id: "other-role:inline" }),
      resource("aws_iam_policy", "shop-logs", { arn: "arn:aws:iam::1:policy/shop-logs" }),
      resource("aws_iam_role_policy_attachment", "a", {
        metadata: { role: "shop-role", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      }),
      resource("aws_db_instance", "db"),
      {
        source: "discovered",
        label: "arn:aws:lambda:us-east-1:1:function:legacy",
        type: "aws_lambda_function",
        name: "legacy",
        id: "legacy",
        tags: {},
        metadata: {},
      },
    ]);

    expect(scope).toEqual({
      buckets: ["shop-assets"],
      functions: ["shop-api", "legacy"],
      securityGroups: ["sg-123"],
      volumeIds: [],
      instanceIds: [],
      roles: ["shop-role", "other-role"],
      policyArns: ["arn:aws:iam::1:policy/shop-logs"],
      tables: [],
      rds: 1,
    });
  });
});

describe("which provider failures only narrow the audit", () => {
  const env = { name: "test" } as Parameters<typeof awsFailure>[2];
  const sdkError = (name: string, httpStatusCode?: number) =>
    Object.assign(new Error(`${name} happened`), {
      name,
      ...(httpStatusCode === undefined ? {} : { $metadata: { httpStatusCode } }),
    });

  it.each([
    ["access denied, answered by AWS", sdkError("AccessDeniedException", 403), true],
    ["a service not enabled, answered by AWS", sdkError("DataUnavailableException", 400), true],
    ["a server error, answered by AWS", sdkError("InternalFailure", 500), true],
    ["expired credentials", sdkError("ExpiredToken", 403), false],
    ["no answer at all (endpoint unreachable)", sdkError("Error"), false],
  ])("%s: %s", (_name, error, partial) => {
    expect(isPartialFailure(awsFailure("op", error, env))).toBe(partial);
  });

  it("never treats a bug as partial", () => {
    expect(isPartialFailure(new TypeError("x is undefined"))).toBe(false);
  });
});
