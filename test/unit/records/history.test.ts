import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendHistory, HistoryEntry, readHistory } from "../../../src/records/history.js";
import { tempDir } from "../../helpers/project.js";

const deploy: HistoryEntry = {
  schema_version: 1,
  id: "20261123T163000Z-a1b2c3",
  kind: "deploy",
  environment: "test",
  at: "2026-11-23T16:30:00.000Z",
  actor: "arn:aws:iam::123456789012:user/deployer",
  outcome: "applied",
  plan_id: "20261123T162900Z-d4e5f6",
  plan_hash: "9f2c4e1ab37d5e60c8a1f0b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2",
  counts: { create: 13, update: 0, delete: 0, replace: 0 },
  duration_ms: 41_920,
  account: "123456789012",
};

const failedTeardown: HistoryEntry = {
  schema_version: 1,
  id: "20261124T090000Z-0f0f0f",
  kind: "teardown",
  environment: "test",
  at: "2026-11-24T09:00:00.000Z",
  actor: "ci",
  outcome: "failed",
  error: { code: "TERRAFORM_APPLY_FAILED", message: "deleting S3 Bucket: BucketNotEmpty" },
};

describe("history.ndjson", () => {
  it("appends entries and reads them back in order", async () => {
    const path = join(await tempDir(), "deployments", "test", "history.ndjson");

    await appendHistory(path, deploy);
    await appendHistory(path, failedTeardown);

    expect(await readHistory(path)).toEqual([deploy, failedTeardown]);
    expect((await readFile(path, "utf8")).split("\n")).toHaveLength(3);
  });

  it("reads a missing log as empty", async () => {
    expect(await readHistory(join(await tempDir(), "history.ndjson"))).toEqual([]);
  });

  it("keeps concurrent appends whole", async () => {
    const path = join(await tempDir(), "history.ndjson");

    await Promise.all(Array.from({ length: 10 }, (_, n) => appendHistory(path, { ...deploy, id: `dep-${n}` })));

    expect((await readHistory(path)).map((entry) => entry.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, n) => `dep-${n}`).sort(),
    );
  });

  it("redacts secrets in error text before writing", async () => {
    const path = join(await tempDir(), "history.ndjson");
    const leaky = {
      ...failedTeardown,
      error: { code: "AWS_AUTH", message: "InvalidClientTokenId for AKIAIOSFODNN7EXAMPLE, password=hunter2" },
    };

    await appendHistory(path, leaky);

    const text = await readFile(path, "utf8");
    expect(text).not.toContain("IOSFODNN7EXAMPLE");
    expect(text).not.toContain("hunter2");
  });

  it.each([
    ["an unknown kind", { ...deploy, kind: "rollback" }],
    ["an unknown outcome", { ...deploy, outcome: "partial" }],
    ["a time that is not ISO 8601", { ...deploy, at: "yesterday" }],
    ["negative counts", { ...deploy, counts: { create: -1, update: 0, delete: 0, replace: 0 } }],
  ])("rejects %s", (_name, entry) => {
    expect(HistoryEntry.safeParse(entry).success).toBe(false);
  });

  it.each([
    ["a corrupt line", '{"schema_version":1,"id":\n', "RECORD_CORRUPT"],
    ["an incomplete last line", JSON.stringify(deploy), "RECORD_CORRUPT"],
    ["a newer schema version", `${JSON.stringify({ ...deploy, schema_version: 2 })}\n`, "RECORD_NEWER_VERSION"],
  ])("refuses to append to a log with %s, and leaves it byte-identical", async (_name, content, code) => {
    const path = join(await tempDir(), "history.ndjson");
    await writeFile(path, content);

    await expect(appendHistory(path, deploy)).rejects.toMatchObject({ code });

    expect(await readFile(path, "utf8")).toBe(content);
  });
});
