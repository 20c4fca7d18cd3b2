// The account-level controls of the audit (CloudTrail, GuardDuty, AWS Config, S3 Block Public Access,
// the IAM password policy): settings of the AWS account, not of the project's resources, so they are
// reported in their own "account" scope, advised to whoever owns the account, and fail the audit only
// when audit.account_controls is "enforce".
import type {
  ConfigRecorderFact,
  DetectorFact,
  PasswordPolicyFact,
  PublicAccessBlockFact,
  TrailFact,
} from "../../../core/services/posture.js";
import type { AuditCheck, AuditStatus } from "../../../records/audit-report.js";

export type AccountControlsMode = "report" | "enforce";

/** The project's Terraform does not own these: the advice goes to the account owner. */
const OWNER = "an account-level control: ask the AWS account's owner (or the landing zone / organisation) to";

const check = (id: string, title: string, status: AuditStatus, detail: string, action: string): AuditCheck => ({
  id,
  area: "account",
  title,
  status,
  detail,
  recommendation: `${OWNER} ${action}; it is not a change to this project's Terraform`,
});

export function trailChecks(trails: readonly TrailFact[]): AuditCheck[] {
  const title = "CloudTrail logging";
  const action = "keep one multi-region trail logging (an organisation trail covers every account)";
  const logging = trails.filter((trail) => trail.logging === true);
  if (trails.length === 0) return [check("account.cloudtrail", title, "fail", "no CloudTrail trail exists", action)];
  if (logging.length === 0)
    return [
      check(
        "account.cloudtrail",
        title,
        "fail",
        `CloudTrail is off: none of ${trails.map((t) => t.name).join(", ")} is logging`,
        action,
      ),
    ];
  const multiRegion = logging.filter((trail) => trail.multiRegion);
  if (multiRegion.length === 0)
    return [
      check(
        "account.cloudtrail",
        title,
        "warn",
        `logging (${logging.map((t) => t.name).join(", ")}) covers only its home region`,
        action,
      ),
    ];
  return [
    check(
      "account.cloudtrail",
      title,
      "pass",
      `multi-region trail ${multiRegion.map((t) => t.name).join(", ")} is logging`,
      action,
    ),
  ];
}

/** CIS AWS Foundations: at least 14 characters, and the last 24 passwords not reused. */
export const PASSWORD_MIN_LENGTH = 14;
export const PASSWORD_REUSE_PREVENTION = 24;

export function passwordPolicyChecks(policy: PasswordPolicyFact | undefined): AuditCheck[] {
  const title = "IAM password policy";
  const action = `set an IAM password policy of at least ${PASSWORD_MIN_LENGTH} characters that prevents reuse of the last ${PASSWORD_REUSE_PREVENTION} passwords`;
  if (policy === undefined)
    return [
      check(
        "account.password-policy",
        title,
        "fail",
        "the account has no password policy (AWS's default: 8 characters, no reuse prevention)",
        action,
      ),
    ];
  const weak = [
    ...(policy.minimumLength < PASSWORD_MIN_LENGTH ? [`minimum length ${policy.minimumLength}`] : []),
    ...((policy.reusePrevention ?? 0) < PASSWORD_REUSE_PREVENTION
      ? [`reuse prevention ${policy.reusePrevention ?? "off"}`]
      : []),
  ];
  return [
    check(
      "account.password-policy",
      title,
      weak.length > 0 ? "warn" : "pass",
      weak.length > 0
        ? `weaker than recommended: ${weak.join(", ")}`
        : `minimum length ${policy.minimumLength}, reuse prevention ${policy.reusePrevention}`,
      action,
    ),
  ];
}

/** GuardDuty is regional: the audit judges the detector of the environment's region. */
export function guardDutyChecks(detectors: readonly DetectorFact[], region: string): AuditCheck[] {
  const title = "GuardDuty threat detection";
  const action = `enable GuardDuty in ${region} and every other region the account uses (an organisation's delegated GuardDuty administrator can enable it for every account)`;
  if (detectors.length === 0)
    return [check("account.guardduty", title, "fail", `GuardDuty is off in ${region}: no detector exists`, action)];
  const enabled = detectors.filter((detector) => detector.status === "ENABLED");
  if (enabled.length === 0)
    return [
      check(
        "account.guardduty",
        title,
        "fail",
        `GuardDuty is off in ${region}: detector ${detectors.map((d) => `${d.id} (${d.status ?? "status unknown"})`).join(", ")} is not enabled`,
        action,
      ),
    ];
  return [
    check(
      "account.guardduty",
      title,
      "pass",
      `detector ${enabled.map((d) => d.id).join(", ")} is enabled in ${region}`,
      action,
    ),
  ];
}

export function configRecorderChecks(recorders: readonly ConfigRecorderFact[], region: string): AuditCheck[] {
  const title = "AWS Config recording";
  const action = `turn on an AWS Config recorder in ${region} that records all supported resource types (an organisation's AWS Config aggregator or landing zone usually does this for every account)`;
  if (recorders.length === 0)
    return [check("account.config-recorder", title, "fail", `no AWS Config recorder exists in ${region}`, action)];
  const recording = recorders.filter((recorder) => recorder.recording === true);
  if (recording.length === 0)
    return [
      check(
        "account.config-recorder",
        title,
        "fail",
        `AWS Config is not recording in ${region}: recorder ${recorders.map((r) => r.name).join(", ")} is stopped`,
        action,
      ),
    ];
  const partial = recording.filter((recorder) => !recorder.allSupported);
  return [
    check(
      "account.config-recorder",
      title,
      "pass",
      `recorder ${recording.map((r) => r.name).join(", ")} is recording in ${region}${
        partial.length === recording.length ? " (selected resource types only)" : ""
      }`,
      action,
    ),
  ];
}

const BLOCK_FLAGS = {
  blockPublicAcls: "BlockPublicAcls",
  ignorePublicAcls: "IgnorePublicAcls",
  blockPublicPolicy: "BlockPublicPolicy",
  restrictPublicBuckets: "RestrictPublicBuckets",
} as const satisfies Record<keyof PublicAccessBlockFact, string>;

/** The account-wide S3 Block Public Access overrides every bucket's own setting; all four flags belong on. */
export function accountPublicAccessBlockChecks(block: PublicAccessBlockFact | undefined): AuditCheck[] {
  const title = "S3 Block Public Access (account)";
  const action =
    "turn on all four account-level S3 Block Public Access settings (buckets that must be public are better served through CloudFront)";
  if (block === undefined)
    return [
      check(
        "account.s3-public-access-block",
        title,
        "fail",
        "the account has no S3 Block Public Access setting: each bucket is protected only by its own",
        action,
      ),
    ];
  const off = (Object.keys(BLOCK_FLAGS) as (keyof PublicAccessBlockFact)[]).filter((flag) => !block[flag]);
  return [
    check(
      "account.s3-public-access-block",
      title,
      off.length > 0 ? "fail" : "pass",
      off.length > 0
        ? `off at account level: ${off.map((flag) => BLOCK_FLAGS[flag]).join(", ")}`
        : "all four settings are on for the account",
      action,
    ),
  ];
}

/**
 * In "report" mode a failing account control is shown as a warning: a project's audit must not fail for
 * a setting the project cannot change. "enforce" keeps it failing.
 */
export function applyAccountMode(checks: readonly AuditCheck[], mode: AccountControlsMode): AuditCheck[] {
  if (mode === "enforce") return [...checks];
  return checks.map((c) =>
    c.status === "fail"
      ? {
          ...c,
          status: "warn",
          detail: `${c.detail} (reported, not enforced: audit.account_controls is "report")`,
        }
      : c,
  );
}
