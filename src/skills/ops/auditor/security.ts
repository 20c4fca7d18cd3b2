// The security checks of the audit, each a pure function from facts (gathered by the posture service)
// to pass / warn / fail checks with a recommendation, so every rule is table-tested.
import { commandLine } from "../../../core/commands/command-line.js";
import type {
  AccessKeyFact,
  BucketFact,
  FunctionFact,
  SecurityGroupFact,
  VolumeFact,
} from "../../../core/services/posture.js";
import type { AuditCheck, AuditStatus } from "../../../records/audit-report.js";
import { openStatements } from "../../infra/tester/security-rules.js";
import { DATABASE_PORTS } from "../../infra/tester/security-rules-network.js";
import { runtimeDeprecation } from "./runtimes.js";

export { policyChecks } from "./iam.js";

const DAY_MS = 86_400_000;
export const KEY_AGE_WARN_DAYS = 90;
export const KEY_AGE_FAIL_DAYS = 180;

const check = (
  id: string,
  title: string,
  status: AuditStatus,
  detail: string,
  recommendation: string,
  resource?: string,
): AuditCheck => ({
  id,
  area: "security",
  title,
  status,
  ...(resource === undefined ? {} : { resource }),
  detail,
  recommendation,
});

export function accessKeyChecks(keys: readonly AccessKeyFact[], now: Date): AuditCheck[] {
  const title = "IAM access keys rotated";
  const recommendation = `rotate access keys at least every ${KEY_AGE_WARN_DAYS} days, and prefer roles or SSO over long-lived keys`;
  const active = keys.filter((key) => key.status === "Active");
  if (active.length === 0)
    return [
      check(
        "security.access-key-age",
        title,
        "pass",
        `no active IAM user access keys (${keys.length} inactive)`,
        recommendation,
      ),
    ];
  return active.map((key) => {
    const age = key.created === undefined ? undefined : Math.floor((now.getTime() - Date.parse(key.created)) / DAY_MS);
    const status: AuditStatus =
      age === undefined ? "warn" : age > KEY_AGE_FAIL_DAYS ? "fail" : age > KEY_AGE_WARN_DAYS ? "warn" : "pass";
    // The key id is shown by its last characters: full ids are treated as secrets everywhere else.
    const resource = `${key.user} (key ending ${key.keyId.slice(-4)})`;
    const detail =
      age === undefined
        ? "creation date unknown"
        : `active key is ${age} days old (warn after ${KEY_AGE_WARN_DAYS}, fail after ${KEY_AGE_FAIL_DAYS})`;
    return check("security.access-key-age", title, status, detail, recommendation, resource);
  });
}

/**
 * Allow statements of a bucket policy that name everyone as principal, with no condition that narrows
 * them: the pre-deploy rules' reading, so a policy gets one verdict before and after deploy.
 */
export const publicPolicyStatements = (policy: unknown): number => openStatements(policy).length;

export function bucketChecks(buckets: readonly BucketFact[]): AuditCheck[] {
  const checks: AuditCheck[] = [];
  for (const bucket of buckets) {
    if (bucket.missing === true) {
      checks.push(
        check(
          "security.s3-public",
          "S3 bucket not public",
          "warn",
          "recorded for this environment but not found",
          `refresh the records: ${commandLine("infra show-resources", { refresh: true })}`,
          bucket.name,
        ),
      );
      continue;
    }
    const block = bucket.publicAccessBlock;
    const fullyBlocked =
      block?.blockPublicAcls && block.ignorePublicAcls && block.blockPublicPolicy && block.restrictPublicBuckets;
    const policyPublic = publicPolicyStatements(bucket.policy) > 0 && block?.restrictPublicBuckets !== true;
    const aclPublic = bucket.publicGrants.length > 0 && block?.ignorePublicAcls !== true;
    // All four settings off is what the pre-deploy rule S3_PUBLIC_ACCESS_BLOCK_OFF fails on: the same verdict here.
    const fullyOff =
      block !== undefined &&
      !block.blockPublicAcls &&
      !block.ignorePublicAcls &&
      !block.blockPublicPolicy &&
      !block.restrictPublicBuckets;
    const reasons = [
      ...(policyPublic ? ['the bucket policy allows Principal "*" without a condition that narrows it'] : []),
      ...(aclPublic ? [`the ACL grants ${bucket.publicGrants.join(", ")}`] : []),
    ];
    const status: AuditStatus = reasons.length > 0 || fullyOff ? "fail" : fullyBlocked ? "pass" : "warn";
    const detail =
      reasons.length > 0
        ? `public: ${reasons.join("; ")}`
        : fullyOff
          ? "Block Public Access is fully off: any ACL or bucket policy may make the bucket public"
          : fullyBlocked
            ? "Block Public Access is fully on"
            : block === undefined
              ? "not public now, but the bucket has no Block Public Access configuration"
              : "not public now, but Block Public Access is only partly on";
    checks.push(
      check(
        "security.s3-public",
        "S3 bucket not public",
        status,
        detail,
        "turn on all four Block Public Access settings; serve public content through CloudFront with origin access control",
        bucket.name,
      ),
    );
    checks.push(
      check(
        "security.s3-encryption",
        "S3 default encryption",
        bucket.encryption.length > 0 ? "pass" : "fail",
        bucket.encryption.length > 0
          ? `default encryption ${bucket.encryption.join(", ")}`
          : "no default encryption configured",
        "configure default encryption (SSE-S3, or SSE-KMS with a customer managed key for sensitive data)",
        bucket.name,
      ),
    );
  }
  return checks;
}

/**
 * Ports whose exposure to the internet is a known attack path (remote shells, databases, caches, admin
 * APIs); the database family is the pre-deploy rules' own, so both fail the same exposure.
 */
export const SENSITIVE_PORTS = [
  ...new Set([21, 22, 23, 445, 2375, 2376, 3389, ...Object.keys(DATABASE_PORTS).map(Number)]),
].sort((a, b) => a - b);
const WEB_PORTS = [80, 443];
const WORLD = new Set(["0.0.0.0/0", "::/0"]);

export function securityGroupChecks(groups: readonly SecurityGroupFact[]): AuditCheck[] {
  return groups.map((group) => {
    const problems: { status: AuditStatus; text: string }[] = [];
    for (const rule of group.ingress) {
      const world = rule.ranges.filter((range) => WORLD.has(range));
      if (world.length === 0) continue;
      const protocol = rule.protocol.toLowerCase();
      if (protocol === "icmp" || protocol === "1" || protocol === "icmpv6" || protocol === "58") continue;
      if (protocol === "-1" || protocol === "all") {
        problems.push({ status: "fail", text: `all traffic from ${world.join(", ")}` });
        continue;
      }
      const from = rule.fromPort ?? 0;
      const to = rule.toPort ?? 65535;
      if (from === to && WEB_PORTS.includes(from)) continue;
      const ports = from === to ? `port ${from}` : `ports ${from}-${to}`;
      const sensitive = SENSITIVE_PORTS.filter((port) => port >= from && port <= to);
      const note = sensitive.length > 0 && from !== to ? ` (includes ${sensitive.slice(0, 5).join(", ")})` : "";
      problems.push({
        status: sensitive.length > 0 ? "fail" : "warn",
        text: `${protocol} ${ports} from ${world.join(", ")}${note}`,
      });
    }
    const status: AuditStatus = problems.some((p) => p.status === "fail")
      ? "fail"
      : problems.length > 0
        ? "warn"
        : "pass";
    return check(
      "security.sg-open-ingress",
      "Security group not open to the world on non-web ports",
      status,
      problems.length === 0
        ? "no ingress from 0.0.0.0/0 or ::/0 except on ports 80 and 443"
        : `open: ${problems.map((p) => p.text).join("; ")}`,
      "allow these ports only from known ranges or other security groups; use SSM Session Manager instead of open SSH/RDP",
      `${group.name} (${group.id})`,
    );
  });
}

export function volumeChecks(volumes: readonly VolumeFact[]): AuditCheck[] {
  return volumes.map((volume) =>
    check(
      "security.ebs-encryption",
      "EBS volume encrypted",
      volume.encrypted ? "pass" : "fail",
      volume.encrypted
        ? "encrypted at rest"
        : `not encrypted${volume.attachedTo.length > 0 ? ` (attached to ${volume.attachedTo.join(", ")})` : ""}`,
      "copy the data to an encrypted volume (snapshot, copy with encryption, restore), and turn on EBS encryption by default for the region",
      volume.id,
    ),
  );
}

export function functionRuntimeChecks(functions: readonly FunctionFact[], now: Date): AuditCheck[] {
  return functions.map((fn) => {
    const title = "Lambda runtime supported";
    const recommendation = "move the function to a supported runtime version and redeploy";
    if (fn.missing === true)
      return check(
        "security.lambda-runtime",
        title,
        "warn",
        "recorded for this environment but not found",
        `refresh the records: ${commandLine("infra show-resources", { refresh: true })}`,
        fn.name,
      );
    if (fn.runtime === undefined)
      return check(
        "security.lambda-runtime",
        title,
        "pass",
        fn.packageType === "Image" ? "container image: the runtime is in the image" : "no managed runtime",
        recommendation,
        fn.name,
      );
    const deprecation = runtimeDeprecation(fn.runtime, now);
    return check("security.lambda-runtime", title, deprecation.status, deprecation.detail, recommendation, fn.name);
  });
}

/** DynamoDB always encrypts tables at rest; the registry does not record which key, so this states the fact. */
export function dynamoTableChecks(tables: readonly string[]): AuditCheck[] {
  return tables.map((table) =>
    check(
      "security.dynamodb-encryption",
      "DynamoDB table encrypted",
      "pass",
      "DynamoDB encrypts every table at rest (AWS owned key unless a KMS key is configured)",
      "use a customer managed KMS key where key control is required",
      table,
    ),
  );
}
