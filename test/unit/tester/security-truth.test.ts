import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TestingConfig } from "../../../src/core/config/schema.js";
import type { SecurityGroupFact } from "../../../src/core/services/posture.js";
import { securityGroupChecks } from "../../../src/skills/ops/auditor/security.js";
import { DATABASE_PORTS } from "../../../src/skills/infra/tester/security-rules-network.js";
import type { StateResource } from "../../../src/core/handler-contract.js";
import { plannedResourcesOf } from "../../../src/handlers/iac/terraform/index.js";
import { scanResources, SECURITY_RULES } from "../../../src/skills/infra/tester/builtin-scanner.js";
import { userDataSecrets } from "../../../src/skills/infra/tester/security-rules-encryption.js";
import { conditionNarrows, unsetInCode } from "../../../src/skills/infra/tester/security-rules.js";
import type { Severity } from "../../../src/skills/infra/tester/types.js";
import { decideVerdict } from "../../../src/skills/infra/tester/verdict.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/plans/security");
const planOf = (id: string, side: "fail" | "pass"): unknown =>
  (JSON.parse(readFileSync(join(FIXTURES, `${id}.json`), "utf8")) as Record<string, unknown>)[side];

const resource = (type: string, values: Record<string, unknown>, args?: string[]): StateResource => ({
  address: `${type}.r`,
  type,
  name: "r",
  providerName: "registry.terraform.io/hashicorp/aws",
  values,
  ...(args === undefined ? {} : { arguments: args }),
});

/** Rules whose failing plan also holds resources that only serve as companions (a bucket's ACL owner). */
const COMPANION_FIXTURES = new Set(["S3_PUBLIC_ACL", "S3_PUBLIC_ACCESS_BLOCK_MISSING"]);

describe.each(SECURITY_RULES.map((rule) => [rule.id, rule] as const))("%s, resource by resource", (id, rule) => {
  it("flags every failing resource of its types and no passing one", () => {
    const failing = plannedResourcesOf(planOf(id, "fail"));
    const passing = plannedResourcesOf(planOf(id, "pass"));
    const flagged = (resources: StateResource[]) =>
      new Set(
        scanResources(resources)
          .filter((f) => f.rule === id)
          .map((f) => f.address),
      );

    const missed = COMPANION_FIXTURES.has(id)
      ? []
      : failing.filter((r) => rule.resourceTypes.includes(r.type) && !flagged(failing).has(r.address));

    expect(missed.map((r) => r.address)).toEqual([]);
    expect([...flagged(passing)]).toEqual([]);
  });
});

function verdictFor(resources: StateResource[]) {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of scanResources(resources)) counts[finding.severity] += 1;
  const { max_critical_findings, max_high_findings } = TestingConfig.parse({}).thresholds;
  return decideVerdict({ findings: counts, thresholds: { max_critical_findings, max_high_findings }, tests: [] });
}

describe("the pre-deploy gate with the default thresholds", () => {
  it.each([
    ["SSH open to the world", "SG_OPEN_SSH"],
    ["RDP open to the world", "SG_OPEN_RDP"],
    ["a database port open to the world", "SG_OPEN_DATABASE_PORT"],
    ["a public access block with all four settings off", "S3_PUBLIC_ACCESS_BLOCK_OFF"],
    ["AdministratorAccess attached", "IAM_MANAGED_ADMIN_ATTACHED"],
    ["a Lambda permission anyone may use", "LAMBDA_PERMISSION_PUBLIC"],
  ])("fails %s", (_name, id) => {
    const resources = plannedResourcesOf(planOf(id, "fail")).slice(0, 1);

    expect(verdictFor(resources).overall_status).toBe("FAIL");
  });

  it("lets a partly disabled public access block through with a warning", () => {
    const resources = plannedResourcesOf(planOf("S3_PUBLIC_ACCESS_BLOCK_DISABLED", "fail"));

    expect(verdictFor(resources).overall_status).toBe("WARN");
  });
});

describe("settings left out of the code, told from settings unknown until apply", () => {
  it.each([
    ["left out", ["creation_token"], true],
    ["written, unknown until apply", ["creation_token", "encrypted"], false],
    ["no configuration in the plan", undefined, false],
  ] as const)("encrypted %s", (_name, args, flagged) => {
    const fs = resource("aws_efs_file_system", { creation_token: "x" }, args === undefined ? undefined : [...args]);

    expect(scanResources([fs]).some((f) => f.rule === "EFS_UNENCRYPTED")).toBe(flagged);
  });

  it.each([
    [{ metadata_options: [] }, ["ami"], "metadata_options.http_tokens", true],
    [{ metadata_options: [{ http_tokens: null }] }, ["ami", "metadata_options"], "metadata_options.http_tokens", true],
    [{}, ["ami", "metadata_options", "metadata_options.http_tokens"], "metadata_options.http_tokens", false],
    [{ storage_encrypted: null }, [], "storage_encrypted", true],
    [{}, ["storage_encrypted"], "storage_encrypted", false],
  ])("%j written %j: %s left out is %s", (values, args, key, expected) => {
    expect(unsetInCode(resource("aws_instance", values, args), key)).toBe(expected);
  });
});

describe("conditions that narrow nothing", () => {
  it.each([
    [undefined, false],
    [{ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } }, false],
    [{ StringLike: { "aws:PrincipalArn": "*" } }, false],
    [{ StringLike: { "aws:SourceArn": ["arn:aws:*:*:*"] } }, false],
    [{ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy-*" } }, true],
    [{ StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }, true],
    [{ Bool: { "aws:SecureTransport": "true" } }, true],
    [{ StringNotEquals: { "aws:SourceVpce": "*" } }, true],
  ])("%j narrows: %s", (condition, narrows) => {
    expect(conditionNarrows(condition)).toBe(narrows);
  });

  it("makes an S3 policy with such a condition public", () => {
    const policy = resource("aws_s3_bucket_policy", {
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } },
          },
        ],
      }),
    });

    expect(scanResources([policy]).map((f) => f.rule)).toContain("S3_POLICY_PUBLIC");
  });
});

describe("DYNAMODB_NO_CMK", () => {
  it.each([
    ["no encryption block (AWS owned key)", undefined, undefined, true],
    ["enabled with the AWS managed key by alias", { enabled: true, kms_key_arn: "alias/aws/dynamodb" }, [], true],
    ["enabled, key left out (AWS managed key)", { enabled: true }, ["server_side_encryption"], true],
    [
      "enabled with a customer managed key unknown until apply",
      { enabled: true },
      ["server_side_encryption", "server_side_encryption.kms_key_arn"],
      false,
    ],
    [
      "enabled with a customer managed key",
      { enabled: true, kms_key_arn: "arn:aws:kms:us-east-1:123456789012:key/abc" },
      [],
      false,
    ],
  ])("%s", (_name, sse, args, flagged) => {
    const table = resource(
      "aws_dynamodb_table",
      { name: "t", server_side_encryption: sse === undefined ? [] : [sse] },
      args,
    );

    expect(scanResources([table]).some((f) => f.rule === "DYNAMODB_NO_CMK")).toBe(flagged);
  });
});

describe("secrets in user data", () => {
  it.each([
    ["export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", ["an AWS access key id"]],
    ["export DB_PASSWORD='hunter2hunter2'", ["DB_PASSWORD"]],
    ["password: s3cr3t-value", ["password"]],
    ["export DB_PASSWORD_ARN=arn:aws:secretsmanager:us-east-1:1:secret:x", []],
    ["export GREETING=hello", []],
  ])("%s", (script, found) => {
    expect(userDataSecrets(script)).toEqual(found);
  });
});

describe("a port open to the world gets one verdict before deploy and in ops audit", () => {
  it.each(Object.entries(DATABASE_PORTS).map(([port, engine]) => [engine, Number(port)] as const))(
    "%s (port %i)",
    (_engine, port) => {
      const rule = resource("aws_vpc_security_group_ingress_rule", {
        ip_protocol: "tcp",
        from_port: port,
        to_port: port,
        cidr_ipv4: "0.0.0.0/0",
      });
      const audit = securityGroupChecks([
        {
          id: "sg-1",
          name: "db",
          ingress: [{ protocol: "tcp", fromPort: port, toPort: port, ranges: ["0.0.0.0/0"] }],
        } satisfies SecurityGroupFact,
      ]);

      expect(verdictFor([rule]).overall_status).toBe("FAIL");
      expect(audit[0]?.status).toBe("fail");
    },
  );
});
