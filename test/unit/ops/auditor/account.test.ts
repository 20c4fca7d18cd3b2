import { describe, expect, it } from "vitest";
import type {
  ConfigRecorderFact,
  DetectorFact,
  PasswordPolicyFact,
  PublicAccessBlockFact,
  TrailFact,
} from "../../../../src/core/services/posture.js";
import {
  accountPublicAccessBlockChecks,
  applyAccountMode,
  configRecorderChecks,
  guardDutyChecks,
  passwordPolicyChecks,
  trailChecks,
} from "../../../../src/skills/ops/auditor/account.js";

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

describe("GuardDuty", () => {
  it.each<[string, DetectorFact[], string, string]>([
    ["no detector", [], "fail", "GuardDuty is off in eu-west-1: no detector exists"],
    [
      "a suspended detector",
      [{ id: "d1", status: "DISABLED" }],
      "fail",
      "GuardDuty is off in eu-west-1: detector d1 (DISABLED) is not enabled",
    ],
    [
      "a detector without a status",
      [{ id: "d1" }],
      "fail",
      "GuardDuty is off in eu-west-1: detector d1 (status unknown) is not enabled",
    ],
    ["an enabled detector", [{ id: "d1", status: "ENABLED" }], "pass", "detector d1 is enabled in eu-west-1"],
  ])("%s: %s", (_name, detectors, status, detail) => {
    expect(guardDutyChecks(detectors, "eu-west-1")).toEqual([
      expect.objectContaining({ id: "account.guardduty", area: "account", status, detail }),
    ]);
  });
});

describe("AWS Config recorder", () => {
  const recorder: ConfigRecorderFact = { name: "default", recording: true, allSupported: true };

  it.each<[string, ConfigRecorderFact[], string, string]>([
    ["no recorder", [], "fail", "no AWS Config recorder exists in eu-west-1"],
    [
      "a stopped recorder",
      [{ ...recorder, recording: false }],
      "fail",
      "AWS Config is not recording in eu-west-1: recorder default is stopped",
    ],
    [
      "a recorder without a status",
      [{ name: "default", allSupported: true }],
      "fail",
      "AWS Config is not recording in eu-west-1: recorder default is stopped",
    ],
    ["a recording recorder", [recorder], "pass", "recorder default is recording in eu-west-1"],
    [
      "a recorder of selected types",
      [{ ...recorder, allSupported: false }],
      "pass",
      "recorder default is recording in eu-west-1 (selected resource types only)",
    ],
  ])("%s: %s", (_name, recorders, status, detail) => {
    expect(configRecorderChecks(recorders, "eu-west-1")).toEqual([
      expect.objectContaining({ id: "account.config-recorder", area: "account", status, detail }),
    ]);
  });
});

describe("account-level S3 Block Public Access", () => {
  const on: PublicAccessBlockFact = {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  };

  it.each<[string, PublicAccessBlockFact | undefined, string, string]>([
    [
      "no setting",
      undefined,
      "fail",
      "the account has no S3 Block Public Access setting: each bucket is protected only by its own",
    ],
    ["one flag off", { ...on, restrictPublicBuckets: false }, "fail", "off at account level: RestrictPublicBuckets"],
    [
      "all flags off",
      { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
      "fail",
      "off at account level: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets",
    ],
    ["all four on", on, "pass", "all four settings are on for the account"],
  ])("%s: %s", (_name, block, status, detail) => {
    expect(accountPublicAccessBlockChecks(block)).toEqual([
      expect.objectContaining({ id: "account.s3-public-access-block", area: "account", status, detail }),
    ]);
  });
});

describe("every account control", () => {
  it.each([
    ["CloudTrail", trailChecks([])],
    ["GuardDuty", guardDutyChecks([], "us-east-1")],
    ["AWS Config", configRecorderChecks([], "us-east-1")],
    ["S3 Block Public Access", accountPublicAccessBlockChecks(undefined)],
    ["password policy", passwordPolicyChecks(undefined)],
  ])("%s advises the account owner, never the project's Terraform", (_name, checks) => {
    const [check] = checks;

    expect(check?.area).toBe("account");
    expect(check?.recommendation).toMatch(/^an account-level control: ask the AWS account's owner/);
    expect(check?.recommendation).toContain("not a change to this project's Terraform");
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
