import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { RecordError } from "../../../src/core/errors.js";
import {
  emptyIssueLog,
  IssueLog,
  issueLogArchiveDir,
  issueLogPath,
  normaliseForLog,
  readIssueLog,
  recordOccurrence,
  recordOccurrenceInLog,
  recordSolutionOutcome,
} from "../../../src/records/issue-log.js";
import type { IssueEntry, LoggedSolution, Occurrence } from "../../../src/records/issue-log.js";
import { ISSUE_LOG_LIMITS, maintainIssueLog } from "../../../src/records/issue-log-maintenance.js";
import type { SolutionTemplate } from "../../../src/skills/infra/debugger/types.js";
import { tempDir } from "../../helpers/project.js";

const T0 = new Date("2026-11-23T16:30:00.000Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const denied = (principalAccount: string, bucket: string, requestId: string, at = "2026-11-23T16:30:00Z"): string =>
  `${at} Error: putting S3 Bucket (${bucket}) Policy: operation error S3: PutBucketPolicy, https response error StatusCode: 403, ` +
  `RequestID: ${requestId}, api error AccessDenied: User: arn:aws:iam::${principalAccount}:user/deployer is not authorized to ` +
  `perform: s3:PutBucketPolicy on resource: arn:aws:s3:::${bucket} because no identity-based policy allows the s3:PutBucketPolicy action`;

const occurrence = (message: string, overrides: Partial<Occurrence> = {}): Occurrence => ({
  category: "permission",
  code: "AccessDenied",
  httpStatus: 403,
  action: "s3:PutBucketPolicy",
  resourceType: "aws_s3_bucket_policy",
  resourceName: "uploads",
  message,
  environment: "test",
  operation: "deploy",
  projectNames: ["bench-shop-test-uploads", "bench-shop-prod-uploads"],
  ...overrides,
});

const grant: SolutionTemplate = {
  description: "Grant s3:PutBucketPolicy on the environment's buckets to the deploy identity",
  category: "permission_grant",
  steps: ["devops infra permissions grant --env test --action s3:PutBucketPolicy"],
  automation: { automated: true, operation: "permission-grant" },
};

describe("issue-log.json", () => {
  it("reads an empty log when none was written yet", async () => {
    const stateDir = join(await tempDir(), ".devops");

    const log = await readIssueLog(stateDir, T0);

    expect(issueLogPath(stateDir)).toBe(join(stateDir, "deployments", "issue-log.json"));
    expect(log).toEqual({
      schema_version: 1,
      version: "1.0",
      created: T0.toISOString(),
      last_updated: T0.toISOString(),
      issues: [],
      statistics: {
        total_issues: 0,
        total_resolutions: 0,
        avg_resolution_time_seconds: null,
        most_common_categories: {},
        automation_rate: 0,
      },
    });
  });

  it("creates an issue on the first occurrence and counts the next ones", async () => {
    const stateDir = await tempDir();
    const message = denied("123456789012", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD");

    const first = await recordOccurrence(stateDir, occurrence(message), T0);
    await recordOccurrence(stateDir, occurrence(message), later(60));
    const third = await recordOccurrence(stateDir, occurrence(message, { environment: "prod" }), later(120));

    expect(third.issue_id).toBe(first.issue_id);
    expect(third).toMatchObject({
      occurrence_count: 3,
      first_seen: T0.toISOString(),
      last_seen: later(120).toISOString(),
    });
    expect(third.error).toMatchObject({
      category: "permission",
      code: "AccessDenied",
      http_status: 403,
      action: "s3:PutBucketPolicy",
    });
    expect(third.error.context).toEqual({
      environment: "prod",
      operation: "deploy",
      resource_type: "aws_s3_bucket_policy",
      resource_name: "uploads",
      terraform_module: null,
    });
    expect((await readIssueLog(stateDir)).statistics).toMatchObject({
      total_issues: 1,
      most_common_categories: { permission: 1 },
    });
  });

  it.each([
    ["account ids and principal ARNs", denied("210987654321", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD")],
    ["request ids", denied("123456789012", "bench-shop-test-uploads", "1f2e3d4c-5b6a-7980-1a2b-3c4d5e6f7a8b")],
    ["the project's own resource names", denied("123456789012", "bench-shop-prod-uploads", "4XJ7QK2M9ZB1ABCD")],
    ["timestamps", denied("123456789012", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD", "2026-11-24T09:00:01.123Z")],
  ])("gives one issue id to occurrences that differ only in %s", async (_what, variant) => {
    const stateDir = await tempDir();
    const base = denied("123456789012", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD");

    const a = await recordOccurrence(stateDir, occurrence(base), T0);
    const b = await recordOccurrence(stateDir, occurrence(variant), later(1));

    expect(b.issue_id).toBe(a.issue_id);
    expect(b.occurrence_count).toBe(2);
  });

  it("gives one issue id to regional ARNs that differ only in region, account and name", async () => {
    const stateDir = await tempDir();
    const text = (arn: string) =>
      `AccessDeniedException: not authorized to perform: lambda:InvokeFunction on resource: ${arn}`;
    const base = {
      code: "AccessDeniedException",
      action: "lambda:InvokeFunction",
      resourceType: "aws_lambda_function",
    };

    const a = await recordOccurrence(
      stateDir,
      occurrence(text("arn:aws:lambda:us-east-1:123456789012:function:bench-shop-test-api"), base),
      T0,
    );
    const b = await recordOccurrence(
      stateDir,
      occurrence(text("arn:aws:lambda:eu-west-1:210987654321:function:other-api:live"), base),
      later(1),
    );

    expect(b.issue_id).toBe(a.issue_id);
  });

  it.each([
    ["error code", { code: "AccessDeniedException" }],
    ["IAM action", { action: "s3:PutObject" }],
    ["resource type", { resourceType: "aws_s3_bucket" }],
  ])("keeps occurrences with another %s apart", async (_what, change) => {
    const stateDir = await tempDir();
    const message = denied("123456789012", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD");

    const a = await recordOccurrence(stateDir, occurrence(message), T0);
    const b = await recordOccurrence(stateDir, occurrence(message, change), later(1));

    expect(b.issue_id).not.toBe(a.issue_id);
  });

  it("treats the error code case-insensitively in the fingerprint", async () => {
    const stateDir = await tempDir();
    const message = denied("123456789012", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD");

    const a = await recordOccurrence(stateDir, occurrence(message), T0);
    const b = await recordOccurrence(stateDir, occurrence(message, { code: "accessdenied" }), later(1));

    expect(b.issue_id).toBe(a.issue_id);
  });

  it("normalises with secrets redacted, quotes standardised and lower case", () => {
    const text =
      "Error: “InvalidClientTokenId” for `deployer`: password=hunter2hunter2 at 2026-11-23T16:30:00Z in bench-shop-test-api";

    expect(normaliseForLog(text, { projectNames: ["bench-shop-test-api"] })).toBe(
      `error: "invalidclienttokenid" for 'deployer': password=[redacted] at <time> in <name>`,
    );
  });

  it("records an error that is not tied to an environment, and hands back the log it wrote", async () => {
    const stateDir = await tempDir();

    const { entry, log } = await recordOccurrenceInLog(stateDir, occurrence("boom", { environment: null }), T0);

    expect(entry.error.context.environment).toBeNull();
    expect(log.issues).toEqual([entry]);
    expect(await readIssueLog(stateDir)).toEqual(log);
  });

  it("redacts secrets and caps the stored message", async () => {
    const stateDir = await tempDir();
    const message = `InvalidClientTokenId: token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 key AKIAIOSFODNN7EXAMPLE ${"x".repeat(10_000)}`;

    const entry = await recordOccurrence(
      stateDir,
      occurrence(message, { category: "config", code: "InvalidClientTokenId", action: null }),
      T0,
    );

    const stored = await readFile(issueLogPath(stateDir), "utf8");
    expect(stored).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    expect(stored).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(entry.error.message.length).toBeLessThanOrEqual(4_001);
    expect(entry.error.normalized_message.length).toBeLessThanOrEqual(4_000);
  });

  it("keeps statistics at zero, never NaN, when a fix has only failed", async () => {
    const stateDir = await tempDir();
    const issue = await recordOccurrence(stateDir, occurrence(denied("123456789012", "b", "r1234567")), T0);

    const { solution } = await recordSolutionOutcome(
      stateDir,
      { issueId: issue.issue_id, solution: grant, success: false, resolutionSeconds: 30 },
      later(60),
    );

    expect(solution.success_rate).toEqual({ attempts: 1, successes: 0, failures: 1, percentage: 0 });
    expect(solution.avg_resolution_time_seconds).toBeNull();
    const log = await readIssueLog(stateDir);
    expect(log.statistics).toEqual({
      total_issues: 1,
      total_resolutions: 0,
      avg_resolution_time_seconds: null,
      most_common_categories: { permission: 1 },
      automation_rate: 0,
    });
    expect(await readFile(issueLogPath(stateDir), "utf8")).not.toMatch(/NaN|Infinity/);
  });

  it("counts successes and failures and averages the time over timed successes only", async () => {
    const stateDir = await tempDir();
    const issue = await recordOccurrence(stateDir, occurrence(denied("123456789012", "b", "r1234567")), T0);
    const outcome = (success: boolean, resolutionSeconds?: number) => ({
      issueId: issue.issue_id,
      solution: grant,
      success,
      ...(resolutionSeconds === undefined ? {} : { resolutionSeconds }),
    });

    await recordSolutionOutcome(stateDir, outcome(true, 10), later(10));
    await recordSolutionOutcome(stateDir, outcome(false, 999), later(20));
    await recordSolutionOutcome(stateDir, outcome(true), later(30));
    const { issue: after, solution } = await recordSolutionOutcome(
      stateDir,
      { ...outcome(true, 20), note: "worked after the grant" },
      later(40),
    );

    expect(after.solutions).toHaveLength(1);
    expect(solution).toMatchObject({
      success_rate: { attempts: 4, successes: 3, failures: 1, percentage: 75 },
      avg_resolution_time_seconds: 15,
      first_used: later(10).toISOString(),
      last_used: later(40).toISOString(),
      source: "learned",
    });
    expect(after.notes).toEqual([
      { timestamp: later(40).toISOString(), author: "devops", note: "worked after the grant" },
    ]);
    expect((await readIssueLog(stateDir)).statistics).toMatchObject({
      total_resolutions: 3,
      avg_resolution_time_seconds: 15,
      automation_rate: 100,
    });
  });

  it("marks a fix that came from the catalogue with its catalogue id", async () => {
    const stateDir = await tempDir();
    const issue = await recordOccurrence(stateDir, occurrence(denied("123456789012", "b", "r1234567")), T0);

    const { solution } = await recordSolutionOutcome(
      stateDir,
      { issueId: issue.issue_id, solution: { ...grant, catalogueId: "s3-access-denied" }, success: true },
      later(1),
    );

    expect(solution).toMatchObject({ source: "catalogue", catalogue_id: "s3-access-denied" });
  });

  it("merges a fix recorded again with other spacing and case into the first one", async () => {
    const stateDir = await tempDir();
    const issue = await recordOccurrence(stateDir, occurrence(denied("123456789012", "b", "r1234567")), T0);

    const first = await recordSolutionOutcome(
      stateDir,
      { issueId: issue.issue_id, solution: grant, success: true, resolutionSeconds: 10 },
      later(10),
    );
    const second = await recordSolutionOutcome(
      stateDir,
      {
        issueId: issue.issue_id,
        solution: { ...grant, description: `  ${grant.description.toUpperCase()}  ` },
        success: false,
      },
      later(20),
    );

    expect(second.issue.solutions).toHaveLength(1);
    expect(second.solution.solution_id).toBe(first.solution.solution_id);
    expect(second.solution.success_rate).toEqual({ attempts: 2, successes: 1, failures: 1, percentage: 50 });
  });

  it("refuses an outcome for an issue it does not know", async () => {
    const stateDir = await tempDir();
    await recordOccurrence(stateDir, occurrence("boom"), T0);

    await expect(
      recordSolutionOutcome(stateDir, { issueId: "f".repeat(64), solution: grant, success: true }, T0),
    ).rejects.toMatchObject({ code: "ISSUE_UNKNOWN" });
  });

  it("refuses a fix without a description", async () => {
    const stateDir = await tempDir();
    const issue = await recordOccurrence(stateDir, occurrence("boom"), T0);

    await expect(
      recordSolutionOutcome(
        stateDir,
        { issueId: issue.issue_id, solution: { ...grant, description: "  " }, success: true },
        T0,
      ),
    ).rejects.toMatchObject({
      code: "SOLUTION_DESCRIPTION_EMPTY",
    });
  });

  it("counts both of two occurrences written at the same time", async () => {
    const stateDir = await tempDir();
    const message = denied("123456789012", "bench-shop-test-uploads", "4XJ7QK2M9ZB1ABCD");

    await Promise.all([
      recordOccurrence(stateDir, occurrence(message), T0),
      recordOccurrence(stateDir, occurrence(message), later(1)),
    ]);

    const log = await readIssueLog(stateDir);
    expect(log.issues).toHaveLength(1);
    expect(log.issues[0]?.occurrence_count).toBe(2);
  });

  it.each([
    ["corrupt", "{ not json", "RECORD_CORRUPT"],
    ["newer", JSON.stringify({ schema_version: 2, version: "2.0", issues: [] }), "RECORD_NEWER_VERSION"],
    ["wrong shape", JSON.stringify({ schema_version: 1, version: "1.0", issues: "none" }), "RECORD_CORRUPT"],
  ])("refuses a %s file and leaves it byte for byte", async (_what, content, code) => {
    const stateDir = await tempDir();
    const path = issueLogPath(stateDir);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);

    const write = recordOccurrence(stateDir, occurrence("boom"), T0);

    await expect(write).rejects.toBeInstanceOf(RecordError);
    await expect(write).rejects.toMatchObject({ code });
    await expect(readIssueLog(stateDir)).rejects.toMatchObject({ code });
    expect(await readFile(path, "utf8")).toBe(content);
  });

  it("rotates issues not seen for 90 days into a local archive when the log outgrows its limit", async () => {
    const stateDir = await tempDir();
    const limits = {
      staleIssueDays: 180,
      failingSolutionMinAttempts: 50,
      failingSolutionMaxPercentage: 10,
      maxFileBytes: 3_000,
      keepDays: 90,
    };
    const old = await recordOccurrence(
      stateDir,
      occurrence("ThrottlingException: Rate exceeded", { code: "ThrottlingException", action: null }),
      T0,
    );
    await recordSolutionOutcome(
      stateDir,
      {
        issueId: old.issue_id,
        solution: { ...grant, description: "Retry with backoff", category: "retry" },
        success: true,
      },
      T0,
    );
    const now = new Date(T0.getTime() + 100 * 86_400_000);

    const fresh = await recordOccurrence(stateDir, occurrence(denied("123456789012", "b", "r1234567")), now, {
      limits,
    });

    const log = await readIssueLog(stateDir);
    expect(log.issues.map((issue) => issue.issue_id)).toEqual([fresh.issue_id]);
    const files = await readdir(issueLogArchiveDir(stateDir));
    expect(files).toEqual([`issue-log-${now.toISOString().replace(/[:.]/g, "-")}.json`]);
    const archive = IssueLog.parse(
      JSON.parse(await readFile(join(issueLogArchiveDir(stateDir), files[0] ?? ""), "utf8")),
    );
    expect(archive.issues.map((issue) => issue.issue_id)).toEqual([old.issue_id]);
    expect(archive.statistics.total_resolutions).toBe(1);
  });
});

const DAY = 86_400_000;
const NOW = new Date("2027-06-01T00:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

function solution(
  description: string,
  attempts: number,
  successes: number,
  overrides: Partial<LoggedSolution> = {},
): LoggedSolution {
  return {
    solution_id: `id-${description}-${attempts}`,
    description,
    category: "config_fix",
    steps: ["edit the module"],
    automation: { automated: false },
    source: "learned",
    success_rate: {
      attempts,
      successes,
      failures: attempts - successes,
      percentage: attempts === 0 ? 0 : Math.round((successes / attempts) * 1000) / 10,
    },
    first_used: daysAgo(30),
    last_used: daysAgo(1),
    avg_resolution_time_seconds: null,
    resolution_time_samples: 0,
    ...overrides,
  };
}

function issue(id: string, lastSeenDaysAgo: number, solutions: LoggedSolution[] = []): IssueEntry {
  return {
    issue_id: id,
    first_seen: daysAgo(lastSeenDaysAgo + 1),
    last_seen: daysAgo(lastSeenDaysAgo),
    occurrence_count: 1,
    error: {
      category: "config",
      message: `${id}: something failed`,
      normalized_message: `${id}: something failed`,
      code: null,
      http_status: null,
      action: null,
      context: {
        environment: "test",
        operation: "deploy",
        resource_type: null,
        resource_name: null,
        terraform_module: null,
      },
    },
    solutions,
    tags: [],
    related_issues: [],
    notes: [],
  };
}

const logOf = (...issues: IssueEntry[]) => ({ ...emptyIssueLog(NOW), issues });

describe("issue log maintenance", () => {
  it("keeps the seed's limits, with the archive local", () => {
    expect(ISSUE_LOG_LIMITS).toEqual({
      staleIssueDays: 180,
      failingSolutionMinAttempts: 50,
      failingSolutionMaxPercentage: 10,
      maxFileBytes: 10 * 1024 * 1024,
      keepDays: 90,
    });
  });

  it.each([
    ["unresolved, last seen 181 days ago", issue("a", 181, [solution("retry", 3, 0)]), false],
    ["unresolved without any fix, last seen 181 days ago", issue("a", 181), false],
    ["unresolved, last seen 179 days ago", issue("a", 179, [solution("retry", 3, 0)]), true],
    ["resolved once, last seen 400 days ago", issue("a", 400, [solution("retry", 3, 1)]), true],
  ])("an issue %s is kept: %s", (_what, entry, kept) => {
    const { log, removed } = maintainIssueLog(logOf(entry), NOW);

    expect(log.issues.length).toBe(kept ? 1 : 0);
    expect(removed.issues).toBe(kept ? 0 : 1);
  });

  it.each([
    [50, 4, false],
    [100, 9, false],
    [50, 5, true],
    [49, 0, true],
  ])("a fix with %i attempts and %i successes is kept: %s", (attempts, successes, kept) => {
    const entry = issue("a", 1, [solution("restart the task", attempts, successes), solution("retry", 2, 2)]);

    const { log, removed } = maintainIssueLog(logOf(entry), NOW);

    expect(log.issues[0]?.solutions.map((s) => s.description)).toEqual(
      kept ? ["restart the task", "retry"] : ["retry"],
    );
    expect(removed.solutions).toBe(kept ? 0 : 1);
  });

  it("merges fixes with the same description, summing their statistics into the first one used", () => {
    const first = solution("Increase the Lambda timeout", 4, 3, {
      first_used: daysAgo(60),
      last_used: daysAgo(20),
      avg_resolution_time_seconds: 10,
      resolution_time_samples: 3,
    });
    const second = solution("  increase the lambda   TIMEOUT ", 2, 1, {
      first_used: daysAgo(10),
      last_used: daysAgo(2),
      avg_resolution_time_seconds: 50,
      resolution_time_samples: 1,
      steps: ["set timeout = 30"],
    });

    const { log, removed } = maintainIssueLog(logOf(issue("a", 1, [second, first])), NOW);

    expect(removed.merged).toBe(1);
    expect(log.issues[0]?.solutions).toEqual([
      {
        ...first,
        steps: ["set timeout = 30"],
        success_rate: { attempts: 6, successes: 4, failures: 2, percentage: 66.7 },
        last_used: daysAgo(2),
        avg_resolution_time_seconds: 20,
        resolution_time_samples: 4,
      },
    ]);
    expect(log.statistics).toMatchObject({ total_resolutions: 4, avg_resolution_time_seconds: 20 });
  });

  it("does not rotate a log under its size limit, however old its issues", () => {
    const { log, archived } = maintainIssueLog(logOf(issue("old", 120, [solution("retry", 2, 2)])), NOW);

    expect(archived).toEqual([]);
    expect(log.issues).toHaveLength(1);
  });

  it("rotates only the issues not seen for 90 days when the log exceeds its size limit", () => {
    const limits = { ...ISSUE_LOG_LIMITS, maxFileBytes: 1_000 };
    const entries = [
      issue("old", 91, [solution("retry", 2, 2)]),
      issue("recent", 89, [solution("retry", 2, 2)]),
      issue("today", 0),
    ];

    const { log, archived } = maintainIssueLog(logOf(...entries), NOW, limits);

    expect(archived.map((entry) => entry.issue_id)).toEqual(["old"]);
    expect(log.issues.map((entry) => entry.issue_id)).toEqual(["recent", "today"]);
    expect(log.statistics.total_issues).toBe(2);
  });

  it("measures the log only when the file before the write was near the size limit", () => {
    const limits = { ...ISSUE_LOG_LIMITS, maxFileBytes: 200_000 };
    const big = issue("old", 91, [solution("retry", 2, 2)]);
    big.error.message = "x".repeat(250_000);

    expect(maintainIssueLog(logOf(big), NOW, limits).archived).toHaveLength(1);
    expect(maintainIssueLog(logOf(big), NOW, limits, { bytesBefore: 150_000 }).archived).toHaveLength(1);
    expect(maintainIssueLog(logOf(big), NOW, limits, { bytesBefore: 100_000 }).archived).toHaveLength(0);
  });
});
