// Records that keep error text are readable by their owner only, and the text they keep has its secrets
// removed, including the forms that once slipped through (a connection string's password after a ";",
// a bare AWS secret key, a Stripe key).
import { chmod, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendHistory } from "../../../src/records/history.js";
import { appendIamAudit, iamAuditPath } from "../../../src/records/iam-audit.js";
import { issueLogPath, recordOccurrence } from "../../../src/records/issue-log.js";
import { lastFailurePath, writeLastFailure } from "../../../src/records/last-failure.js";
import { appendRemediationLog, remediationLogPath } from "../../../src/records/remediation-log.js";
import { tempDir } from "../../helpers/project.js";

const NOW = new Date("2026-11-24T09:00:00.000Z");
const SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const STRIPE_KEY = `${"sk"}_live_4eC39HqLyjWDarjtT1zdp7dc`;
const LEAKY = `precondition failed: Server=db;Password=abc;def key ${SECRET_ACCESS_KEY} stripe ${STRIPE_KEY}`;
const LEAKED = ["abc;def", ";def", SECRET_ACCESS_KEY, STRIPE_KEY];

const history = join("deployments", "test", "history.ndjson");

const writers: ReadonlyArray<readonly [string, (stateDir: string) => string, (stateDir: string) => Promise<unknown>]> =
  [
    [
      "issue-log.json",
      issueLogPath,
      (stateDir) =>
        recordOccurrence(
          stateDir,
          { category: "config", message: LEAKY, environment: "test", operation: "deploy" },
          NOW,
        ),
    ],
    [
      "last-failure.json",
      lastFailurePath,
      (stateDir) =>
        writeLastFailure(stateDir, {
          at: NOW.toISOString(),
          environment: "test",
          operation: "preview",
          error: { code: "TERRAFORM_PLAN_FAILED", message: LEAKY },
          diagnostics: [{ severity: "error", summary: "Resource precondition failed", detail: LEAKY }],
        }),
    ],
    [
      "history.ndjson",
      (stateDir) => join(stateDir, history),
      (stateDir) =>
        appendHistory(join(stateDir, history), {
          schema_version: 1,
          id: "20261124T090000Z-0f0f0f",
          kind: "deploy",
          environment: "test",
          at: NOW.toISOString(),
          actor: "ci",
          outcome: "failed",
          error: { code: "TERRAFORM_PLAN_FAILED", message: LEAKY },
        }),
    ],
    [
      "remediation-log.json",
      (stateDir) => remediationLogPath(stateDir, "test"),
      (stateDir) =>
        appendRemediationLog(stateDir, {
          id: "rem-1",
          at: NOW.toISOString(),
          actor: "ci@host",
          environment: "test",
          service: "api",
          action: "restart",
          params: {},
          outcome: "failed",
          error: { code: "AWS_ERROR", message: LEAKY },
          duration_ms: 10,
        }),
    ],
    [
      "iam-audit.json",
      iamAuditPath,
      (stateDir) =>
        appendIamAudit(
          stateDir,
          {
            environment: "test",
            account_id: null,
            target_identity: null,
            granted_by_profile: null,
            policy_arn: null,
            statement_sid: null,
            actions: ["s3:PutBucketPolicy"],
            resource_scope: ["*"],
            reason: "denied",
            source_error: LEAKY,
            policy_version_before: null,
            policy_version_after: null,
            policy_hash_before: null,
            policy_hash_after: null,
            pruned_version: null,
            approved_by: null,
            plan_id: null,
            outcome: "failed",
            error: { code: "AWS_ERROR", message: LEAKY },
          },
          NOW,
        ),
    ],
  ];

describe("records holding error text", () => {
  it.each(writers)("%s is written owner-only with its secrets removed", async (_name, pathOf, write) => {
    const stateDir = join(await tempDir(), ".devops");

    await write(stateDir);

    const path = pathOf(stateDir);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, "utf8");
    expect(text).toContain("[REDACTED]");
    for (const secret of LEAKED) expect(text).not.toContain(secret);
  });

  it.each(writers)("%s written before as 0644 becomes owner-only on the next write", async (_name, pathOf, write) => {
    const stateDir = join(await tempDir(), ".devops");
    await write(stateDir);
    const path = pathOf(stateDir);
    await chmod(path, 0o644);

    await write(stateDir);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
