import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appendNdjson, readNdjson, readRecord, updateRecord, writeRecord } from "../../../src/core/store.js";
import { tempDir } from "../../helpers/project.js";

const Counter = z.object({ schema_version: z.literal(1), count: z.number() });
const options = { schemaVersion: 1 };
const Entry = z.object({ schema_version: z.literal(1), n: z.number() });

describe("JSON records", () => {
  it("writes and reads back a record", async () => {
    const path = join(await tempDir(), "nested", "record.json");

    await writeRecord(path, Counter, options, { schema_version: 1, count: 3 });

    expect(await readRecord(path, Counter, options)).toEqual({ schema_version: 1, count: 3 });
  });

  it("reads a missing record as undefined", async () => {
    expect(await readRecord(join(await tempDir(), "none.json"), Counter, options)).toBeUndefined();
  });

  it("serialises concurrent updates under the lock", async () => {
    const path = join(await tempDir(), "counter.json");

    await Promise.all(
      Array.from({ length: 20 }, () =>
        updateRecord(path, Counter, options, (current) => ({
          schema_version: 1 as const,
          count: (current?.count ?? 0) + 1,
        })),
      ),
    );

    expect(await readRecord(path, Counter, options)).toEqual({ schema_version: 1, count: 20 });
  });

  it("writes sensitive files with mode 0600", async () => {
    const path = join(await tempDir(), "plan.json");

    await writeRecord(path, Counter, { schemaVersion: 1, mode: 0o600 }, { schema_version: 1, count: 1 });

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["not JSON", "{ count: ", "RECORD_CORRUPT"],
    ["the wrong shape", '{"schema_version": 1, "count": "three"}', "RECORD_CORRUPT"],
    ["a newer schema version", '{"schema_version": 2, "count": 1}', "RECORD_NEWER_VERSION"],
  ])("refuses to overwrite a file that is %s, and leaves it untouched", async (_name, content, code) => {
    const path = join(await tempDir(), "record.json");
    await writeFile(path, content);
    let changed = false;

    const attempt = updateRecord(path, Counter, options, () => {
      changed = true;
      return { schema_version: 1 as const, count: 0 };
    });

    await expect(attempt).rejects.toMatchObject({ code, exitCode: 1 });
    expect(changed).toBe(false);
    expect(await readFile(path, "utf8")).toBe(content);
  });

  it("never leaves temp files behind", async () => {
    const dir = await tempDir();

    await writeRecord(join(dir, "a.json"), Counter, options, { schema_version: 1, count: 1 });

    const { readdir } = await import("node:fs/promises");
    expect(await readdir(dir)).toEqual(["a.json"]);
  });
});

describe("NDJSON logs", () => {
  it("appends entries and reads them in order", async () => {
    const path = join(await tempDir(), "history.ndjson");

    await appendNdjson(path, Entry, options, [{ schema_version: 1, n: 1 }]);
    await appendNdjson(path, Entry, options, [
      { schema_version: 1, n: 2 },
      { schema_version: 1, n: 3 },
    ]);

    expect((await readNdjson(path, Entry, options)).map((e) => e.n)).toEqual([1, 2, 3]);
    expect(await readFile(path, "utf8")).toBe(
      '{"schema_version":1,"n":1}\n{"schema_version":1,"n":2}\n{"schema_version":1,"n":3}\n',
    );
  });

  it.each([
    ["a corrupt line", '{"schema_version":1,"n":1}\nnot json\n', "RECORD_CORRUPT", /line 2/],
    ["a half-written last line", '{"schema_version":1,"n":1}\n{"schema_ver', "RECORD_CORRUPT", /incomplete/],
    ["an entry from a newer version", '{"schema_version":9,"n":1}\n', "RECORD_NEWER_VERSION", /schema_version 9/],
  ])("refuses to append to a log with %s", async (_name, content, code, message) => {
    const path = join(await tempDir(), "history.ndjson");
    await writeFile(path, content);

    await expect(appendNdjson(path, Entry, options, [{ schema_version: 1, n: 2 }])).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(await readFile(path, "utf8")).toBe(content);
  });
});
