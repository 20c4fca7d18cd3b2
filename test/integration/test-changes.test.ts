// test-changes on the real engine and the moto server: pre-deployment tests of a saved plan (the
// built-in scanner, the cost estimate, naming and tagging), and post-deployment tests after a real
// deploy, with the registry's resources checked in the emulated AWS.
import { readFile, stat } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/managers/deploy-manager.js";
import { testChanges } from "../../src/managers/infra-test.js";
import { TestReport } from "../../src/records/test-reports.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";

const moto = useMoto();

const PROVIDER = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" { region = "us-east-1" }
locals {
  tags = { Project = "shop", Environment = "test", Subsystem = "api", ManagedBy = "devops" }
}
`;

/** A bucket with its public access block, encryption and versioning: only low findings remain. */
const properBucket = (name: string) => `
resource "aws_s3_bucket" "${name}" {
  bucket = "shop-api-test-${name}"
  tags   = local.tags
}
resource "aws_s3_bucket_public_access_block" "${name}" {
  bucket                  = aws_s3_bucket.${name}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "${name}" {
  bucket = aws_s3_bucket.${name}.id
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
  }
}
resource "aws_s3_bucket_versioning" "${name}" {
  bucket = aws_s3_bucket.${name}.id
  versioning_configuration { status = "Enabled" }
}
`;

const OPEN_BUCKET = `
resource "aws_s3_bucket" "open" {
  bucket = "shop-api-test-open"
}
`;

const LOG_GROUP = `
resource "aws_cloudwatch_log_group" "app" {
  name              = "shop-api-test-app"
  retention_in_days = 14
  tags              = local.tags
}
`;

async function sandbox(files: string, extra: Record<string, unknown> = {}): Promise<InfraProject> {
  return infraProject(sandboxConfig(moto().endpoint, extra), { "main.tf": PROVIDER + files });
}

describe("devops infra test-changes --phase pre-deployment", () => {
  it("fails a plan whose bucket lacks the required tags, encryption and a public access block, and writes the report", async () => {
    const project = await sandbox(OPEN_BUCKET + LOG_GROUP, { tagging: { required: ["Project", "Environment"] } });

    const result = await testChanges(project.context(), { env: "test", phase: "pre-deployment" });

    expect(result).toMatchObject({
      status: "fail",
      verdict: "fail",
      data: { phase: "pre-deployment", environment: "test", overall_status: "FAIL" },
    });
    // New buckets block public access and encrypt by default, so the missing settings are low (Trivy AWS-0094).
    expect(
      result.data.findings.filter((f) => f.address === "aws_s3_bucket.open").map((f) => `${f.rule}:${f.severity}`),
    ).toEqual(
      expect.arrayContaining([
        "S3_PUBLIC_ACCESS_BLOCK_MISSING:low",
        "S3_ENCRYPTION_MISSING:low",
        "S3_VERSIONING_DISABLED:medium",
      ]),
    );
    expect(result.data.findings.some((f) => f.address === "aws_cloudwatch_log_group.app" && f.severity !== "low")).toBe(
      false,
    );
    const path = result.data.report_path!;
    expect(path).toMatch(
      new RegExp(`^${project.root}/\\.devops/test-reports/test/\\d{8}T\\d{6}Z-pre-deployment\\.json$`),
    );
    const report = TestReport.parse(JSON.parse(await readFile(path, "utf8")));
    expect(report.tests.find((t) => t.name === "tagging_compliance")).toMatchObject({
      status: "fail",
      missing_tags: [{ address: "aws_s3_bucket.open", missing: ["Project", "Environment"] }],
    });
    expect(report.tests.find((t) => t.name === "terraform_validation")).toMatchObject({ status: "pass" });
    expect(report.analysis.threshold_violations.map((v) => v.rule)).toEqual(["required_tags"]);
    expect(report.plan?.id).toBe(result.data.plan_id);
    expect(result.data.cost_estimate).toMatchObject({ monthly_total: 0.76, currency: "USD", threshold: 1000 });
  }, 120_000);

  it("only warns about the conventional tags when tagging.required is not configured", async () => {
    const project = await sandbox(OPEN_BUCKET);

    const result = await testChanges(project.context(), { env: "test", phase: "pre-deployment" });

    expect(result).toMatchObject({ status: "warn", verdict: "pass", data: { overall_status: "WARN" } });
  }, 120_000);

  it("passes a compliant plan, and tests a saved plan again by its id", async () => {
    const project = await sandbox(properBucket("assets") + LOG_GROUP, {
      tagging: { required: ["Project", "Environment"] },
    });

    const first = await testChanges(project.context(), { env: "test", phase: "pre-deployment" });
    const again = await testChanges(project.context(), {
      env: "test",
      phase: "pre-deployment",
      plan: first.data.plan_id!,
    });

    expect(first).toMatchObject({
      status: "pass",
      verdict: "pass",
      data: { overall_status: "PASS", tests_failed: 0, critical_issues: 0 },
    });
    expect(again.data).toMatchObject({ overall_status: "PASS", plan_id: first.data.plan_id });
    expect(first.next?.[0]?.command).toBe(`devops infra deploy --env test --plan ${first.data.plan_id}`);
  }, 120_000);
});

describe("the deploy's pre-deployment gate", () => {
  it.each(["test", "prod"])(
    "stops a deploy to %s whose tests FAIL before any approval or apply (exit 4, nothing in the state)",
    async (env) => {
      const project = await sandbox(OPEN_BUCKET, { tagging: { required: ["Project", "Environment"] } });

      const result = await deploy(project.context(), { env, skipTests: false, skipPreview: false });

      expect(result).toMatchObject({
        status: "tests_failed",
        verdict: "fail",
        data: { tests: { pre: { overall_status: "FAIL" } } },
      });
      expect(result.data.approval).toBeUndefined();
      expect(result.data.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
        "account check:passed",
        "preview:done",
        "pre-deployment tests:failed",
      ]);
      const opened = await project.open();
      const { openInfra } = await import("../../src/skills/infra/target.js");
      const infra = await openInfra(opened, env);
      expect(await infra.iac.state(opened, infra.target)).toEqual([]);
    },
    120_000,
  );
});

describe("devops infra test-changes --phase post-deployment", () => {
  it("says nothing is deployed before the first deploy", async () => {
    const project = await sandbox(LOG_GROUP);

    const result = await testChanges(project.context(), { env: "test", phase: "post-deployment" });

    expect(result).toMatchObject({ status: "not_deployed", verdict: "pass" });
  }, 60_000);

  it("passes after a real deploy: every registry resource exists and matches the plan", async () => {
    const project = await sandbox(properBucket("assets") + LOG_GROUP);
    const deployed = await deploy(project.context(), { env: "test", skipTests: false, skipPreview: false });
    expect(deployed.status).toBe("applied");

    const result = await testChanges(project.context(), { env: "test", phase: "post-deployment" });

    expect(result).toMatchObject({
      status: "pass",
      verdict: "pass",
      data: { phase: "post-deployment", overall_status: "PASS", tests_failed: 0 },
    });
    const report = TestReport.parse(JSON.parse(await readFile(result.data.report_path!, "utf8")));
    expect(report.tests.map((t) => `${t.name}:${t.status}`)).toEqual([
      "resources_exist:pass",
      "plan_match:pass",
      "health_check:pass",
      "alb_target_health:skipped",
      "lambda_invoke:skipped",
    ]);
    expect(report.tests[0]).toMatchObject({
      missing: [],
      summary: expect.stringMatching(/^2 of 2 checked resource\(s\) exist/),
    });
    expect(report.deployment_id).toBe(deployed.data.planId);
    expect((await stat(result.data.report_path!)).isFile()).toBe(true);
  }, 180_000);
});
