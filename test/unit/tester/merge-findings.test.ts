import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../../src/skills/infra/tester/builtin-scanner.js";
import { BUILTIN_CONTROL, CHECKOV_TO_BUILTIN } from "../../../src/skills/infra/tester/checkov-rules.data.js";
import { findingIds, mergeFindings } from "../../../src/skills/infra/tester/merge-findings.js";
import type { SecurityFinding, Severity } from "../../../src/skills/infra/tester/types.js";

const finding = (rule: string, address: string, severity: Severity, scanner: string): SecurityFinding => ({
  rule,
  scanner,
  severity,
  category: "security",
  address,
  resourceType: address.split(".")[0]!,
  title: `${rule} title`,
  message: `${rule} message`,
  remediation: `${rule} remediation`,
});

describe("merging built-in and checkov findings", () => {
  it("makes one finding of a built-in rule and the checkov check of the same control on one resource", () => {
    const merged = mergeFindings([
      finding("CKV_AWS_24", "aws_security_group.bastion", "high", "checkov"),
      finding("SG_OPEN_SSH", "aws_security_group.bastion", "high", "builtin"),
    ]);

    expect(merged).toEqual([
      expect.objectContaining({
        rule: "SG_OPEN_SSH",
        also: ["CKV_AWS_24"],
        scanner: "builtin+checkov",
        severity: "high",
        remediation: "SG_OPEN_SSH remediation",
        message: "SG_OPEN_SSH message (also checkov CKV_AWS_24: CKV_AWS_24 title)",
      }),
    ]);
    expect(findingIds(merged[0]!)).toBe("SG_OPEN_SSH / CKV_AWS_24");
  });

  it.each([
    ["checkov is stricter", "medium", "critical", "critical"],
    ["the built-in rule is stricter", "critical", "low", "critical"],
  ] as const)("keeps the stricter severity when %s", (_, builtin, checkov, expected) => {
    const [merged] = mergeFindings([
      finding("S3_PUBLIC_ACCESS_BLOCK_MISSING", "aws_s3_bucket.b", builtin, "builtin"),
      finding("CKV2_AWS_6", "aws_s3_bucket.b", checkov, "checkov"),
    ]);

    expect(merged).toMatchObject({ rule: "S3_PUBLIC_ACCESS_BLOCK_MISSING", also: ["CKV2_AWS_6"], severity: expected });
  });

  it("folds several checkov checks of one control into the built-in finding", () => {
    const merged = mergeFindings([
      finding("S3_PUBLIC_ACCESS_BLOCK_DISABLED", "aws_s3_bucket_public_access_block.b", "high", "builtin"),
      finding("CKV_AWS_53", "aws_s3_bucket_public_access_block.b", "medium", "checkov"),
      finding("CKV_AWS_56", "aws_s3_bucket_public_access_block.b", "medium", "checkov"),
    ]);

    expect(merged.map(findingIds)).toEqual(["S3_PUBLIC_ACCESS_BLOCK_DISABLED / CKV_AWS_53 / CKV_AWS_56"]);
  });

  it("keeps apart the same control on other resources, unmapped checks and other controls", () => {
    const merged = mergeFindings([
      finding("SG_OPEN_SSH", "aws_security_group.a", "high", "builtin"),
      finding("CKV_AWS_24", "aws_security_group.b", "high", "checkov"),
      finding("CKV2_AWS_62", "aws_s3_bucket.a", "low", "checkov"),
      finding("S3_VERSIONING_DISABLED", "aws_s3_bucket.a", "medium", "builtin"),
    ]);

    expect(merged.map((f) => [findingIds(f), f.address, f.scanner])).toEqual([
      ["SG_OPEN_SSH", "aws_security_group.a", "builtin"],
      ["CKV_AWS_24", "aws_security_group.b", "checkov"],
      ["S3_VERSIONING_DISABLED", "aws_s3_bucket.a", "builtin"],
      ["CKV2_AWS_62", "aws_s3_bucket.a", "checkov"],
    ]);
  });

  it("never maps a checkov id onto itself when a built-in rule happens to share it", () => {
    const merged = mergeFindings([finding("CKV_AWS_24", "aws_security_group.a", "high", "builtin")]);

    expect(merged[0]).not.toHaveProperty("also");
  });
});

describe("the checkov checks of the newer built-in rules", () => {
  it.each([
    ["CKV_AWS_168", "RESOURCE_POLICY_PUBLIC", "aws_sqs_queue_policy.queue"],
    ["CKV_AWS_274", "IAM_MANAGED_ADMIN_ATTACHED", "aws_iam_role_policy_attachment.admin"],
    ["CKV_AWS_87", "REDSHIFT_PUBLICLY_ACCESSIBLE", "aws_redshift_cluster.dw"],
    ["CKV_AWS_232", "NACL_OPEN_ADMIN_PORT", "aws_network_acl_rule.ssh"],
    ["CKV_AWS_341", "EC2_IMDS_HOP_LIMIT", "aws_launch_template.nodes"],
    ["CKV_AWS_41", "PROVIDER_LITERAL_CREDENTIALS", "provider.aws"],
  ])("folds %s into %s", (checkov, builtin, address) => {
    const merged = mergeFindings([
      finding(builtin, address, "critical", "builtin"),
      finding(checkov, address, "high", "checkov"),
    ]);

    expect(merged.map(findingIds)).toEqual([`${builtin} / ${checkov}`]);
  });
});

it("folds the four public-access-block checks into the rule for a block with every setting off", () => {
  const merged = mergeFindings([
    finding("S3_PUBLIC_ACCESS_BLOCK_OFF", "aws_s3_bucket_public_access_block.b", "critical", "builtin"),
    ...["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"].map((id) =>
      finding(id, "aws_s3_bucket_public_access_block.b", "medium", "checkov"),
    ),
  ]);

  expect(merged.map(findingIds)).toEqual([
    "S3_PUBLIC_ACCESS_BLOCK_OFF / CKV_AWS_53 / CKV_AWS_54 / CKV_AWS_55 / CKV_AWS_56",
  ]);
  expect(merged[0]).toMatchObject({ severity: "critical", scanner: "builtin+checkov" });
});

describe("the checkov → built-in mapping table", () => {
  const builtinIds = new Set(ALL_RULES.map((rule) => rule.id));

  it.each(Object.entries(CHECKOV_TO_BUILTIN))("%s maps to the existing built-in rule %s", (checkov, builtin) => {
    expect(checkov).toMatch(/^CKV2?_AWS_\d+$/);
    expect(builtinIds.has(builtin)).toBe(true);
  });

  it.each(Object.entries(BUILTIN_CONTROL))("%s shares the control of the existing rule %s", (rule, control) => {
    expect(builtinIds.has(rule)).toBe(true);
    expect(builtinIds.has(control)).toBe(true);
  });
});
