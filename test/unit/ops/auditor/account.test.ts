import { describe, expect, it } from "vitest";
import type { PasswordPolicyFact, TrailFact } from "../../../../src/core/services/posture.js";
import { applyAccountMode, passwordPolicyChecks, trailChecks } from "../../../../src/skills/ops/auditor/account.js";

describe("CloudTrail", () => {
  it.each<[string, TrailFact[], string]>([
    ["no trail", [], "fail"],
    ["a trail that is not logging", [{ name: "t", multiRegion: true, logging: false }], "fail"],
    ["a single-region trail logging", [{ name: "t", multiRegion: false, logging: true }], "warn"],
    [
      "a multi-region trail logging",
      [
        { name: "t", multiRegion: true, logging: true },
        { name: "u", multiRegion: false, logging: false },
      ],
      "pass",
    ],
  ])("%s: %s", (_name, trails, status) => {
    expect(trailChecks(trails)).toEqual([
      expect.objectContaining({ id: "account.cloudtrail", area: "account", status }),
    ]);
  });

  it("advises the account owner, never the project's Terraform", () => {
    const [check] = trailChecks([]);

    expect(check?.recommendation).toMatch(/^an account-level control: ask the AWS account's owner/);
    expect(check?.recommendation).toContain("not a change to this project's Terraform");
  });
});

describe("IAM password policy", () => {
  const strong: PasswordPolicyFact = {
    minimumLength: 14,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercase: true,
    requireLowercase: true,
    reusePrevention: 24,
  };

  it.each<[string, PasswordPolicyFact | undefined, string, string]>([
    ["no policy", undefined, "fail", "the account has no password policy"],
    ["a short minimum", { ...strong, minimumLength: 8 }, "warn", "minimum length 8"],
    ["reuse allowed", { ...strong, reusePrevention: undefined }, "warn", "reuse prevention off"],
    ["the recommended policy", strong, "pass", "minimum length 14, reuse prevention 24"],
  ])("%s: %s", (_name, policy, status, detail) => {
    expect(passwordPolicyChecks(policy)).toEqual([
      expect.objectContaining({
        id: "account.password-policy",
        area: "account",
        status,
        detail: expect.stringContaining(detail),
      }),
    ]);
  });
});

describe("audit.account_controls", () => {
  const failing = trailChecks([]);

  it("report: a failing account control is a warning that says it is not enforced", () => {
    expect(applyAccountMode(failing, "report")).toEqual([
      expect.objectContaining({
        status: "warn",
        detail: 'no CloudTrail trail exists (reported, not enforced: audit.account_controls is "report")',
      }),
    ]);
  });

  it("enforce: it keeps failing", () => {
    expect(applyAccountMode(failing, "enforce")).toEqual(failing);
  });
});
