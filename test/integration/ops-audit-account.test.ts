// The account-level controls of ops audit against a real moto server: GuardDuty detectors, the AWS
// Config recorder and the account's S3 Block Public Access, first as a fresh account has them (none),
// then as an account owner sets them up; in "report" and "enforce" mode.
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { IAMClient, UpdateAccountPasswordPolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import {
  accountPublicAccessBlock,
  configRecorder,
  enableGuardDuty,
  seedAccountControls,
} from "../helpers/account-controls.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const READ = ["account.guardduty", "account.config-recorder", "account.s3-public-access-block"];

const sdk = () => ({
  endpoint: moto().endpoint,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

interface Check {
  id: string;
  area: string;
  status: string;
  detail: string;
  recommendation: string;
}

async function auditSecurity(extra: Record<string, unknown> = {}): Promise<{ run: CliRun; checks: Check[] }> {
  const project: InfraProject = await infraProject(sandboxConfig(moto().endpoint, extra));
  const run = await runCli(["ops", "audit", "--env", "test", "--focus", "security", "--json"], {
    cwd: project.root,
    env: project.env,
  });
  const checks: Check[] = run.json().data.checks;
  return { run, checks: checks.filter((check) => READ.includes(check.id)) };
}

/** CloudTrail and the password policy as recommended, so only the controls under test can fail. */
async function trailAndPasswordPolicy(): Promise<void> {
  await new S3Client({ ...sdk(), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: "org-trail-logs" }));
  const cloudtrail = new CloudTrailClient(sdk());
  await cloudtrail.send(
    new CreateTrailCommand({ Name: "org-trail", S3BucketName: "org-trail-logs", IsMultiRegionTrail: true }),
  );
  await cloudtrail.send(new StartLoggingCommand({ Name: "org-trail" }));
  await new IAMClient(sdk()).send(
    new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 }),
  );
}

describe("an account with none of GuardDuty, AWS Config or S3 Block Public Access", () => {
  it("report: each is an account-scope warning for the account owner, and the audit passes (exit 0)", async () => {
    await trailAndPasswordPolicy();

    const { run, checks } = await auditSecurity();

    expect(run.exitCode).toBe(0);
    expect(run.json().data.skipped.map((s: { check: string }) => s.check)).not.toEqual(expect.arrayContaining(READ));
    const reported = ' (reported, not enforced: audit.account_controls is "report")';
    expect(checks).toEqual([
      expect.objectContaining({
        id: "account.guardduty",
        area: "account",
        status: "warn",
        detail: `GuardDuty is off in ${REGION}: no detector exists${reported}`,
      }),
      expect.objectContaining({
        id: "account.config-recorder",
        area: "account",
        status: "warn",
        detail: `no AWS Config recorder exists in ${REGION}${reported}`,
      }),
      expect.objectContaining({
        id: "account.s3-public-access-block",
        area: "account",
        status: "warn",
        detail: `the account has no S3 Block Public Access setting: each bucket is protected only by its own${reported}`,
      }),
    ]);
    for (const check of checks) expect(check.recommendation).toContain("not a change to this project's Terraform");
  }, 60_000);

  it("enforce: each fails and so does the audit (exit 4)", async () => {
    await trailAndPasswordPolicy();

    const { run, checks } = await auditSecurity({ audit: { account_controls: "enforce" } });

    expect(run.exitCode).toBe(4);
    expect(checks.map((check) => [check.id, check.status])).toEqual(READ.map((id) => [id, "fail"]));
  }, 60_000);
});

describe("an account whose controls are set up only in part", () => {
  it("enforce: a disabled detector, a stopped recorder and one public-access flag off each fail", async () => {
    await trailAndPasswordPolicy();
    const detector = await enableGuardDuty(sdk(), false);
    await configRecorder(sdk(), false);
    await accountPublicAccessBlock(sdk(), ACCOUNT, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });

    const { run, checks } = await auditSecurity({ audit: { account_controls: "enforce" } });

    expect(run.exitCode).toBe(4);
    expect(checks).toEqual([
      expect.objectContaining({
        status: "fail",
        detail: `GuardDuty is off in ${REGION}: detector ${detector} (DISABLED) is not enabled`,
      }),
      expect.objectContaining({
        status: "fail",
        detail: `AWS Config is not recording in ${REGION}: recorder default is stopped`,
      }),
      expect.objectContaining({ status: "fail", detail: "off at account level: RestrictPublicBuckets" }),
    ]);
  }, 60_000);
});

describe("an account whose owner has set them up", () => {
  it("enforce: GuardDuty, AWS Config and S3 Block Public Access pass, and so does the audit (exit 0)", async () => {
    await trailAndPasswordPolicy();
    await seedAccountControls(sdk(), ACCOUNT);

    const { run, checks } = await auditSecurity({ audit: { account_controls: "enforce" } });

    expect(checks).toEqual([
      expect.objectContaining({
        id: "account.guardduty",
        status: "pass",
        detail: expect.stringMatching(new RegExp(`^detector \\w+ is enabled in ${REGION}$`)),
      }),
      expect.objectContaining({
        id: "account.config-recorder",
        status: "pass",
        detail: `recorder default is recording in ${REGION}`,
      }),
      expect.objectContaining({
        id: "account.s3-public-access-block",
        status: "pass",
        detail: "all four settings are on for the account",
      }),
    ]);
    expect(run.exitCode).toBe(0);
  }, 60_000);
});
