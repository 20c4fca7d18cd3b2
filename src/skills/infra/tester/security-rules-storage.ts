// Built-in rules for S3 buckets: public exposure, encryption, versioning, access logs and TLS-only
// policies. Provider v5 splits a bucket's settings into companion resources; each rule reads both the
// companions (see companionsOf) and the legacy inline blocks.
import type { StateResource } from "../../../core/handler-contract.js";
import {
  blocks,
  bool,
  bucketCompanions,
  firstBlock,
  isRecord,
  jsonValue,
  openStatements,
  statementsOf,
  str,
  strings,
  type SecurityRule,
  type Values,
} from "./security-rules.js";

const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GROUPS = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

function publicGrants(grants: readonly Values[]): string[] {
  return grants
    .map((grant) => {
      const grantee = firstBlock(grant, "grantee") ?? grant;
      const uri = str(grantee, "uri");
      if (uri === undefined || !PUBLIC_GROUPS.includes(uri)) return undefined;
      return `${uri.split("/").pop() ?? uri} ${[...strings(grant.permission), ...strings(grant.permissions)].join("/")}`.trim();
    })
    .filter((grant): grant is string => grant !== undefined);
}

function publicAcl(resource: StateResource): string[] {
  const acl = str(resource.values, "acl");
  const findings =
    acl !== undefined && PUBLIC_CANNED_ACLS.has(acl)
      ? [
          `the canned ACL "${acl}" opens the bucket to ${acl === "authenticated-read" ? "every AWS account" : "everyone"}`,
        ]
      : [];
  const grants =
    resource.type === "aws_s3_bucket"
      ? blocks(resource.values, "grant")
      : blocks(firstBlock(resource.values, "access_control_policy") ?? {}, "grant");
  const open = publicGrants(grants);
  if (open.length > 0) findings.push(`the ACL grants ${open.join(", ")}`);
  return findings;
}

/** Allow statements naming everyone as principal with no condition that narrows them. */
export const publicStatements = (policy: unknown): Values[] => openStatements(policy);

const PUBLIC_ACCESS_BLOCK_SETTINGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;
const settingsOff = (resource: StateResource): string[] =>
  PUBLIC_ACCESS_BLOCK_SETTINGS.filter((key) => bool(resource.values, key) === false);

function deniesInsecureTransport(policy: unknown): boolean {
  return statementsOf(jsonValue(policy)).some((s) => {
    if (s.Effect !== "Deny" || !isRecord(s.Condition)) return false;
    return Object.values(s.Condition).some(
      (test) =>
        isRecord(test) &&
        Object.entries(test).some(
          ([key, value]) => key.toLowerCase() === "aws:securetransport" && String(value) === "false",
        ),
    );
  });
}

const bucketName = (bucket: StateResource): string => str(bucket.values, "bucket") ?? bucket.address;

export const storageRules: SecurityRule[] = [
  {
    id: "S3_PUBLIC_ACL",
    title: "S3 bucket ACL grants public access",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_acl"],
    check: (resource) => publicAcl(resource),
    remediation:
      'use the "private" ACL (or none: ACLs are disabled on new buckets) and serve public content through CloudFront with origin access control',
  },
  {
    id: "S3_PUBLIC_ACCESS_BLOCK_MISSING",
    title: "S3 bucket has no public access block",
    severity: "low",
    category: "security",
    resourceTypes: ["aws_s3_bucket"],
    check: (bucket, all) =>
      bucketCompanions(bucket, all, "aws_s3_bucket_public_access_block").length > 0
        ? []
        : [
            `bucket ${bucketName(bucket)} has no aws_s3_bucket_public_access_block; new buckets block public access by default, but nothing in the code keeps it that way`,
          ],
    remediation: "add an aws_s3_bucket_public_access_block for the bucket with all four settings true",
  },
  {
    id: "S3_PUBLIC_ACCESS_BLOCK_DISABLED",
    title: "S3 public access block is partly off",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    // All four off is S3_PUBLIC_ACCESS_BLOCK_OFF, a stricter finding.
    check: (resource) => {
      const off = settingsOff(resource);
      return off.length === 0 || off.length === PUBLIC_ACCESS_BLOCK_SETTINGS.length
        ? []
        : [`${off.join(", ")} ${off.length === 1 ? "is" : "are"} false`];
    },
    remediation: "set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true",
  },
  {
    id: "S3_PUBLIC_ACCESS_BLOCK_OFF",
    title: "S3 public access block is fully off",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    check: (resource) =>
      settingsOff(resource).length === PUBLIC_ACCESS_BLOCK_SETTINGS.length
        ? ["all four settings are false: any ACL or bucket policy may make the bucket public"]
        : [],
    remediation: "set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true",
  },
  {
    id: "S3_POLICY_PUBLIC",
    title: "S3 bucket policy allows anyone",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_s3_bucket_policy", "aws_s3_bucket"],
    check: (resource) =>
      publicStatements(resource.values.policy).map(
        (s) =>
          `statement ${typeof s.Sid === "string" ? `"${s.Sid}" ` : ""}allows Principal "*" without a condition that narrows it`,
      ),
    remediation:
      'name the principals (accounts, roles, the CloudFront service with an AWS:SourceArn condition) instead of "*"',
  },
  {
    id: "S3_ENCRYPTION_MISSING",
    title: "S3 bucket has no default encryption configuration",
    severity: "low",
    category: "security",
    resourceTypes: ["aws_s3_bucket"],
    check: (bucket, all) => {
      if (bucketCompanions(bucket, all, "aws_s3_bucket_server_side_encryption_configuration").length > 0) return [];
      if (blocks(bucket.values, "server_side_encryption_configuration").length > 0) return [];
      return [
        `bucket ${bucketName(bucket)} relies on the S3 default (SSE-S3 since January 2023): no key of its own, no bucket key, no audit of key use`,
      ];
    },
    remediation:
      "add an aws_s3_bucket_server_side_encryption_configuration (SSE-KMS with a customer managed key for sensitive data)",
  },
  {
    id: "S3_VERSIONING_DISABLED",
    title: "S3 bucket versioning is off",
    severity: "medium",
    category: "configuration",
    resourceTypes: ["aws_s3_bucket"],
    check: (bucket, all) => {
      const companions = bucketCompanions(bucket, all, "aws_s3_bucket_versioning");
      if (companions.length === 0) {
        return bool(firstBlock(bucket.values, "versioning") ?? {}, "enabled") === true
          ? []
          : [
              `bucket ${bucketName(bucket)} has no aws_s3_bucket_versioning: overwritten or deleted objects cannot be recovered`,
            ];
      }
      const statuses = companions.map((c) => str(firstBlock(c.values, "versioning_configuration") ?? {}, "status"));
      if (statuses.some((status) => status === undefined || status === "Enabled")) return [];
      return [`versioning status is ${statuses.join(", ")}`];
    },
    remediation:
      'add an aws_s3_bucket_versioning with status "Enabled" (and a lifecycle rule expiring noncurrent versions)',
  },
  {
    id: "S3_ACCESS_LOGGING_MISSING",
    title: "S3 bucket access logging is off",
    severity: "low",
    category: "compliance",
    resourceTypes: ["aws_s3_bucket"],
    check: (bucket, all) =>
      bucketCompanions(bucket, all, "aws_s3_bucket_logging").length > 0 || blocks(bucket.values, "logging").length > 0
        ? []
        : [`bucket ${bucketName(bucket)} has no aws_s3_bucket_logging`],
    remediation:
      "add an aws_s3_bucket_logging sending server access logs to a dedicated log bucket (or use CloudTrail data events)",
  },
  {
    id: "S3_SECURE_TRANSPORT_MISSING",
    title: "S3 bucket policy does not require TLS",
    severity: "low",
    category: "security",
    resourceTypes: ["aws_s3_bucket"],
    check: (bucket, all) => {
      const policies = bucketCompanions(bucket, all, "aws_s3_bucket_policy").map((p) => p.values.policy);
      if (typeof bucket.values.policy === "string" && bucket.values.policy !== "") policies.push(bucket.values.policy);
      // A policy computed at apply time cannot be read: say nothing rather than guess.
      if (policies.some((policy) => jsonValue(policy) === undefined)) return [];
      if (policies.some(deniesInsecureTransport)) return [];
      return [`no bucket policy of ${bucketName(bucket)} denies requests with aws:SecureTransport "false"`];
    },
    remediation:
      'add a bucket policy statement that denies s3:* when the condition Bool aws:SecureTransport is "false"',
  },
];
