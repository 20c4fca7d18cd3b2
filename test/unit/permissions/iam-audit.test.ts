import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendIamAudit,
  iamAuditPath,
  IamAuditEntry,
  nextAuditId,
  readIamAudit,
} from "../../../src/records/iam-audit.js";
import { tempDir } from "../../helpers/project.js";

const granted: Omit<IamAuditEntry, "id" | "timestamp"> = {
  environment: "test",
  account_id: "123456789012",
  target_identity: "arn:aws:iam::123456789012:user/shop-api-test-deployer",
  granted_by_profile: "shop-iam",
  policy_arn: "arn:aws:iam::123456789012:policy/shop-api-test-deploy",
  statement_sid: "DevopsAutoGrantS3",
  actions: ["s3:PutObject"],
  resource_scope: ["arn:aws:s3:::shop-api-test-*/*", "arn:aws:s3:::shop-api-test-*"],
  reason: "deploy failed for a missing permission",
  source_error:
    "User: arn:aws:iam::123456789012:user/shop-api-test-deployer is not authorized to perform: s3:PutObject (key AKIAIOSFODNN7EXAMPLE)",
  policy_version_before: "v3",
  policy_version_after: "v4",
  policy_hash_before: "sha256:aa",
  policy_hash_after: "sha256:bb",
  pruned_version: null,
  approved_by: "not_required",
  plan_id: null,
  outcome: "granted",
  error: null,
};

const NOW = new Date("2026-11-23T10:00:00Z");

describe("iam-audit.json", () => {
  it("lives at deployments/iam-audit.json under the state folder", () => {
    expect(iamAuditPath("/p/.devops")).toBe("/p/.devops/deployments/iam-audit.json");
  });

  it("appends entries with ids numbered per day, every key present, secrets redacted", async () => {
    const stateDir = await tempDir();

    const first = await appendIamAudit(stateDir, granted, NOW);
    const second = await appendIamAudit(
      stateDir,
      { ...granted, outcome: "already_granted", policy_version_after: "v4" },
      NOW,
    );
    const nextDay = await appendIamAudit(stateDir, granted, new Date("2026-11-24T00:00:01Z"));

    expect([first.id, second.id, nextDay.id]).toEqual(["2026-11-23-001", "2026-11-23-002", "2026-11-24-001"]);
    expect(first.source_error).toContain("AKIA[REDACTED]");
    const file = JSON.parse(await readFile(iamAuditPath(stateDir), "utf8"));
    expect(file.schema_version).toBe(1);
    expect(Object.keys(file.entries[0]).sort()).toEqual(Object.keys(IamAuditEntry.shape).sort());
    expect((await readIamAudit(stateDir))?.entries).toHaveLength(3);
  });

  it("continues after the highest number of the day", () => {
    const entries = [{ ...granted, id: "2026-11-23-009", timestamp: NOW.toISOString() }];

    expect(nextAuditId(entries, NOW)).toBe("2026-11-23-010");
  });

  it.each([
    ["an outcome it does not know", { outcome: "maybe" }],
    ["a missing key", { policy_arn: undefined }],
    ["approved_by outside its words", { approved_by: "the model" }],
  ])("refuses an entry with %s", async (_what, change) => {
    const stateDir = await tempDir();

    await expect(appendIamAudit(stateDir, { ...granted, ...change } as never, NOW)).rejects.toThrow();
  });

  it.each([
    ["corrupt JSON", '{"schema_version": 1, "entries": [', "RECORD_CORRUPT"],
    ["a wrong shape", '{"schema_version": 1, "entries": [{"id": "x"}]}', "RECORD_CORRUPT"],
    ["a newer schema", '{"schema_version": 2, "entries": []}', "RECORD_NEWER_VERSION"],
  ])("a file with %s is refused and left untouched", async (_what, text, code) => {
    const stateDir = await tempDir();
    const path = iamAuditPath(stateDir);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);

    await expect(appendIamAudit(stateDir, granted, NOW)).rejects.toMatchObject({ code });
    await expect(readIamAudit(stateDir)).rejects.toMatchObject({ code });
    expect(await readFile(path, "utf8")).toBe(text);
  });
});
