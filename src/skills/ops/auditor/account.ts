// The account-level controls of the audit (CloudTrail, the IAM password policy, …): settings of the AWS
// account, not of the project's resources, so they are reported in their own "account" scope, advised to
// whoever owns the account, and fail the audit only when audit.account_controls is "enforce".
import type { PasswordPolicyFact, TrailFact } from "../../../core/services/posture.js";
import type { AuditCheck, AuditReport, AuditStatus } from "../../../records/audit-report.js";

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

/** Account controls this build has no client for, stated so a reader knows they were not looked at. */
export const ACCOUNT_NOT_READ: AuditReport["skipped"] = [
  { check: "account.guardduty", reason: "GuardDuty is not read (no GuardDuty client in this build)" },
  { check: "account.config-recorder", reason: "the AWS Config recorder is not read (no AWS Config client)" },
  {
    check: "account.s3-public-access-block",
    reason:
      "the account-level S3 Block Public Access setting is not read (no S3 Control client); each bucket's own setting is",
  },
];

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
