import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { ProviderError } from "../../../src/core/errors.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import {
  checkovArgs,
  createCheckovScanner,
  parseCheckovReport,
  resourceTypeOf,
} from "../../../src/skills/infra/tester/checkov.js";
import { fixturePath, readFixture, tempDir } from "../../helpers/project.js";

const report = async (name: string): Promise<unknown> => JSON.parse(await readFixture("checkov", name)) as unknown;

const contextWithPath = (path: string) => createContext({ cwd: "/", env: { PATH: path }, io: new MemoryIoHost() });

/** A stand-in `checkov` executable: records its arguments, then runs `body` (sh). */
async function fakeCheckov(body: string): Promise<{ dir: string; calls: string }> {
  const dir = await tempDir("fake-checkov-");
  const calls = join(dir, "calls.log");
  const script = `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\n${body}\n`;
  await writeFile(join(dir, "checkov"), script);
  await chmod(join(dir, "checkov"), 0o755);
  return { dir, calls };
}

describe("parseCheckovReport", () => {
  it("maps a terraform_plan report (quiet, compact, no severities) to findings", async () => {
    const findings = parseCheckovReport(await report("plan-quiet-compact.json"));

    expect(findings.map((f) => [f.rule, f.severity, f.address])).toEqual([
      ["CKV_AWS_17", "critical", "aws_db_instance.main"],
      ["CKV_AWS_20", "critical", "aws_s3_bucket.site"],
      ["CKV_AWS_24", "high", "aws_security_group.bastion"],
      ["CKV_AWS_293", "medium", "aws_db_instance.main"],
      ["CKV2_AWS_6", "medium", "aws_s3_bucket.site"],
      ["CKV_AWS_21", "medium", "aws_s3_bucket.site"],
    ]);
    expect(findings.find((f) => f.rule === "CKV_AWS_21")).toEqual({
      rule: "CKV_AWS_21",
      scanner: "checkov",
      severity: "medium",
      category: "security",
      address: "aws_s3_bucket.site",
      resourceType: "aws_s3_bucket",
      title: "Ensure all data stored in the S3 bucket have versioning enabled",
      message: "checkov CKV_AWS_21 failed (/tfplan.json:141-170)",
      remediation:
        "see https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-16-enable-versioning",
    });
  });

  it("reads an array of framework reports and prefers the report's own severity", async () => {
    const findings = parseCheckovReport(await report("directory-multi-framework.json"));

    expect(findings.map((f) => [f.rule, f.severity, f.address, f.resourceType])).toEqual([
      ["CKV_AWS_1", "critical", "module.iam.aws_iam_policy.admin", "aws_iam_policy"],
      ["CKV_AWS_158", "low", 'aws_cloudwatch_log_group.app["api"]', "aws_cloudwatch_log_group"],
      ["CKV_AWS_999", "low", "aws_sqs_queue.jobs", "aws_sqs_queue"],
    ]);
  });

  it("names a provider block as the built-in rules do, so that their findings on it meet", async () => {
    const findings = parseCheckovReport(await report("plan-provider-credentials.json"));

    expect(findings.map((f) => [f.rule, f.severity, f.address, f.resourceType])).toEqual([
      ["CKV_AWS_41", "critical", "provider.aws", "provider"],
    ]);
  });

  it("gives no findings for a scan without resources (summary counters only)", async () => {
    expect(parseCheckovReport(await report("no-resources.json"))).toEqual([]);
  });

  it("defaults an unknown check without a severity to medium", () => {
    const findings = parseCheckovReport({
      check_type: "terraform_plan",
      results: { failed_checks: [{ check_id: "CKV_AWS_12345", resource: "aws_x.y" }] },
    });

    expect(findings).toMatchObject([
      {
        rule: "CKV_AWS_12345",
        severity: "medium",
        title: "CKV_AWS_12345",
        remediation: "see checkov's policy index for CKV_AWS_12345",
      },
    ]);
  });

  it("refuses JSON that is not a checkov report", () => {
    expect(() => parseCheckovReport({ results: { failed_checks: [{ check_name: "no id" }] } })).toThrow(ProviderError);
    expect(() => parseCheckovReport("text")).toThrow(/CHECKOV_FAILED|not a report/);
  });

  it.each([
    ["aws_s3_bucket.b", "aws_s3_bucket"],
    ["module.a.module.b.aws_lb.web[0]", "aws_lb"],
    ['aws_s3_bucket.b["x.y"]', "aws_s3_bucket"],
    ["/main.tf", ""],
  ])("reads the resource type of %s", (address, type) => {
    expect(resourceTypeOf(address)).toBe(type);
  });
});

describe("checkov arguments", () => {
  it("scans the plan JSON with the terraform_plan framework when there is one", () => {
    expect(checkovArgs({ resources: [], directory: "/p", planJsonFile: "/p/.devops/runs/plan.json" })).toEqual([
      "-f",
      "/p/.devops/runs/plan.json",
      "--framework",
      "terraform_plan",
      "-o",
      "json",
      "--quiet",
      "--compact",
      "--skip-download",
    ]);
  });

  it("falls back to the module directory with the terraform framework", () => {
    expect(checkovArgs({ resources: [], directory: "/p" })).toEqual([
      "-d",
      "/p",
      "--framework",
      "terraform",
      "-o",
      "json",
      "--quiet",
      "--compact",
      "--skip-download",
    ]);
  });
});

describe("the checkov scanner", () => {
  it("is unavailable when PATH has no checkov", async () => {
    const empty = await tempDir("no-checkov-");

    expect(await createCheckovScanner().available(contextWithPath(empty))).toBe(false);
  });

  it("is available when checkov --version runs, and asks only once", async () => {
    const fake = await fakeCheckov('echo "3.2.469"');
    const scanner = createCheckovScanner();
    const ctx = contextWithPath(`${fake.dir}:/usr/bin:/bin`);

    const first = await scanner.available(ctx);
    const second = await scanner.available(ctx);

    expect([first, second]).toEqual([true, true]);
    expect((await readFile(fake.calls, "utf8")).trim().split("\n")).toEqual(["--version"]);
  });

  it("treats exit code 1 (checks failed) as a report, not an error", async () => {
    const fake = await fakeCheckov(`cat ${JSON.stringify(fixturePath("checkov", "plan-quiet-compact.json"))}\nexit 1`);
    const project = await tempDir();

    const findings = await createCheckovScanner().scan(contextWithPath(`${fake.dir}:/usr/bin:/bin`), {
      resources: [],
      directory: project,
      planJsonFile: join(project, "plan.json"),
    });

    expect(findings).toHaveLength(6);
    expect(await readFile(fake.calls, "utf8")).toBe(
      `-f ${join(project, "plan.json")} --framework terraform_plan -o json --quiet --compact --skip-download\n`,
    );
  });

  it("reports CHECKOV_FAILED with the stderr tail when checkov crashes with a traceback (fault: exit 1, no JSON)", async () => {
    const fake = await fakeCheckov(
      'echo "Traceback (most recent call last):" >&2\necho "ModuleNotFoundError: No module named \'bc_jsonpath_ng\'" >&2\nexit 1',
    );
    const project = await tempDir();

    const scan = createCheckovScanner().scan(contextWithPath(`${fake.dir}:/usr/bin:/bin`), {
      resources: [],
      directory: project,
    });

    await expect(scan).rejects.toMatchObject({
      code: "CHECKOV_FAILED",
      message: expect.stringContaining("No module named 'bc_jsonpath_ng'"),
    });
  });

  it("reports CHECKOV_FAILED when checkov rejects its arguments (fault: exit 2)", async () => {
    const fake = await fakeCheckov('echo "checkov: error: unrecognized arguments: --compact" >&2\nexit 2');
    const project = await tempDir();

    const scan = createCheckovScanner().scan(contextWithPath(`${fake.dir}:/usr/bin:/bin`), {
      resources: [],
      directory: project,
    });

    await expect(scan).rejects.toMatchObject({
      code: "CHECKOV_FAILED",
      message: expect.stringContaining("unrecognized arguments"),
    });
  });

  it("reports CHECKOV_FAILED when the report is cut short (fault: truncated JSON)", async () => {
    const fake = await fakeCheckov('printf \'{"check_type": "terraform_plan", "results": {"failed_\'\nexit 1');
    const project = await tempDir();

    const scan = createCheckovScanner().scan(contextWithPath(`${fake.dir}:/usr/bin:/bin`), {
      resources: [],
      directory: project,
    });

    await expect(scan).rejects.toBeInstanceOf(ProviderError);
    await expect(scan).rejects.toMatchObject({ code: "CHECKOV_FAILED" });
  });

  it("counts a binary the project names as available, and fails the scan when it cannot start", async () => {
    const missing = join(await tempDir("no-checkov-"), "checkov");
    const scanner = createCheckovScanner({ binary: missing, required: true });
    const ctx = contextWithPath("/usr/bin:/bin");

    const available = await scanner.available(ctx);
    const scan = scanner.scan(ctx, { resources: [], directory: await tempDir() });

    expect(available).toBe(true);
    await expect(scan).rejects.toMatchObject({ code: "CHECKOV_FAILED", message: expect.stringContaining(missing) });
  });
});
