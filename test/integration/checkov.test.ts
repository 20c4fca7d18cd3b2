// The real checkov (the pinned one scripts/setup-test-tools.sh installs) on plans made by the real
// Terraform: its findings join the built-in rules', one per problem with both ids, and it reads the
// plan JSON the preview kept. No skipping: without checkov installed these tests fail, naming the fix.
// Its failure modes (a crash, a timeout, output that is no report) are in test/unit/tester/checkov.test.ts.
import { readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/core/context.js";
import { previewInfraChanges } from "../../src/managers/infra-manager.js";
import { testChanges } from "../../src/managers/infra-test.js";
import { TestReport } from "../../src/records/test-reports.js";
import { infraProject, sandboxConfig, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { testCheckov } from "../helpers/tools.js";

const moto = useMoto();
const checkov = testCheckov();

const MODULE = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" { region = "us-east-1" }
locals {
  tags = { Project = "shop", Environment = "test", Subsystem = "api", ManagedBy = "devops" }
}
# No public access block: the built-in S3_PUBLIC_ACCESS_BLOCK_MISSING and checkov's CKV2_AWS_6.
resource "aws_s3_bucket" "uploads" {
  bucket = "shop-api-test-uploads"
  tags   = local.tags
}
# SSH from anywhere: the built-in SG_OPEN_SSH and checkov's CKV_AWS_24.
resource "aws_security_group" "bastion" {
  name        = "shop-api-test-bastion"
  description = "bastion"
  tags        = local.tags
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
# A public IP for everything launched in it: the built-in SUBNET_PUBLIC_IP_ON_LAUNCH and checkov's CKV_AWS_130.
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
  tags                    = local.tags
}
`;

async function sandbox(extra: Record<string, unknown> = {}): Promise<InfraProject> {
  return infraProject(sandboxConfig(moto().endpoint, extra), { "main.tf": MODULE });
}

/** The project's context with another PATH (where checkov, or terraform, is found or not). */
async function readTestReport(path: string): Promise<TestReport> {
  return TestReport.parse(JSON.parse(await readFile(path, "utf8")));
}

function withPath(project: InfraProject, path: string) {
  return createContext({
    cwd: project.root,
    env: { ...project.env, PATH: path },
    io: project.io,
    trust: project.trust,
  });
}

describe("test-changes with the real checkov", () => {
  it(`merges checkov ${checkov.version}'s findings with the built-in rules: one per problem, both ids`, async () => {
    const project = await sandbox({ testing: { checkov: checkov.binary } });

    const result = await testChanges(project.context(), { env: "test", phase: "pre-deployment" });

    const report = await readTestReport(result.data.report_path!);
    const scan = report.tests.find((t) => t.name === "security_scan");
    expect(scan?.scanners).toEqual([
      expect.objectContaining({ id: "builtin", ran: true }),
      expect.objectContaining({ id: "checkov", ran: true }),
    ]);
    const onSg = report.findings.filter((f) => f.address === "aws_security_group.bastion");
    expect(onSg.filter((f) => f.rule === "SG_OPEN_SSH" || f.rule === "CKV_AWS_24")).toEqual([
      expect.objectContaining({ rule: "SG_OPEN_SSH", also: ["CKV_AWS_24"], scanner: "builtin+checkov" }),
    ]);
    const onBucket = report.findings.filter((f) => f.address === "aws_s3_bucket.uploads");
    expect(onBucket.filter((f) => f.rule === "S3_PUBLIC_ACCESS_BLOCK_MISSING" || f.rule === "CKV2_AWS_6")).toEqual([
      expect.objectContaining({ rule: "S3_PUBLIC_ACCESS_BLOCK_MISSING", also: ["CKV2_AWS_6"] }),
    ]);
    const onSubnet = report.findings.filter((f) => f.address === "aws_subnet.public");
    expect(onSubnet.filter((f) => f.rule === "SUBNET_PUBLIC_IP_ON_LAUNCH" || f.rule === "CKV_AWS_130")).toEqual([
      expect.objectContaining({ rule: "SUBNET_PUBLIC_IP_ON_LAUNCH", also: ["CKV_AWS_130"] }),
    ]);
    // A check with no built-in counterpart stays a finding of its own, checkov's; checkov read the plan
    // JSON the preview kept, not the module folder.
    expect(onBucket).toContainEqual(
      expect.objectContaining({
        rule: "CKV2_AWS_62",
        scanner: "checkov",
        message: `checkov CKV2_AWS_62 failed (/${result.data.plan_id}.tfplan.json)`,
      }),
    );
    // No problem is counted twice: no id appears on two findings of one resource.
    for (const findings of [onSg, onBucket, onSubnet]) {
      const ids = findings.flatMap((f) => [f.rule, ...((f.also as string[] | undefined) ?? [])]);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(scan?.findings).toContainEqual(
      expect.stringMatching(/^CRITICAL SG_OPEN_SSH \/ CKV_AWS_24 aws_security_group/),
    );
    const merged = onSg.find((f) => f.rule === "SG_OPEN_SSH");
    expect(merged?.message).toContain("checkov CKV_AWS_24");
    expect(result.data.findings.find((f) => f.rule === "SG_OPEN_SSH")).toMatchObject({ also: ["CKV_AWS_24"] });
  }, 180_000);

  it("uses the user's checkov on PATH when the config names none", async () => {
    const project = await sandbox();

    const result = await testChanges(withPath(project, `${dirname(checkov.binary)}:${project.env.PATH}`), {
      env: "test",
      phase: "pre-deployment",
    });

    expect(result.data.findings).toContainEqual(
      expect.objectContaining({ rule: "SG_OPEN_SSH", also: ["CKV_AWS_24"], scanner: "builtin+checkov" }),
    );
  }, 180_000);

  it("tests a previewed plan from its kept JSON, without running Terraform again", async () => {
    const project = await sandbox({ testing: { checkov: checkov.binary } });
    const preview = await previewInfraChanges(project.context(), { env: "test" });
    const planJson = `${project.root}/.devops/plans/test/${preview.data.planId}.tfplan.json`;
    expect((await stat(planJson)).mode & 0o777).toBe(0o600);

    // terraform lives in /usr/local/bin: with only /usr/bin and /bin on PATH, any engine run would fail.
    const result = await testChanges(withPath(project, "/usr/bin:/bin"), {
      env: "test",
      phase: "pre-deployment",
      plan: preview.data.planId,
    });

    expect(result.data).toMatchObject({ plan_id: preview.data.planId });
    const report = await readTestReport(result.data.report_path!);
    expect(report.tests.find((t) => t.name === "terraform_validation")).toMatchObject({
      status: "pass",
      summary: "the configuration is valid: Terraform planned it",
    });
    expect(result.data.findings).toContainEqual(expect.objectContaining({ rule: "SG_OPEN_SSH", also: ["CKV_AWS_24"] }));
  }, 180_000);
});
