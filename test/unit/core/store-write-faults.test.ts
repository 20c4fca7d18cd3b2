// Write faults of the record store: a folder devops may not write, a full disk. A folder chmod 0500
// is real where the tests can be refused by it; as root (which chmod does not stop) the refusal the
// kernel would give is injected into `open`. A full disk cannot be made here, so ENOSPC/EDQUOT are
// injected into the temp file's write, after part of it was written.
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { RecordError } from "../../../src/core/errors.js";
import { appendNdjson, writeAtomic, writeRecord } from "../../../src/core/store.js";
import { tempDir } from "../../helpers/project.js";

const faults = vi.hoisted(() => ({
  /** An errno code `open` fails with for paths under `under`. */
  refuseOpen: undefined as { code: string; under: string } | undefined,
  /** An errno code the write of a temp file fails with, after a partial write. */
  failWrite: undefined as string | undefined,
  /** Whether `failWrite` also hits the temp file a lock is made from. */
  lockToo: false,
}));

function errno(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, open '${path}'`), { code, path });
}

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const open: typeof actual.open = async (path, flags, mode) => {
    const name = String(path);
    if (faults.refuseOpen !== undefined && name.startsWith(faults.refuseOpen.under)) {
      throw errno(faults.refuseOpen.code, name);
    }
    const handle = await actual.open(path, flags, mode);
    if (faults.failWrite === undefined || !name.endsWith(".tmp") || (name.includes(".lock.") && !faults.lockToo))
      return handle;
    const code = faults.failWrite;
    return new Proxy(handle, {
      get(target, property) {
        if (property === "writeFile") {
          return async (data: string) => {
            await target.write(data.slice(0, Math.floor(data.length / 2)));
            throw errno(code, name);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return { ...actual, open, default: { ...actual, open } };
});

const Counter = z.object({ schema_version: z.literal(1), count: z.number() });
const options = { schemaVersion: 1 };
const ORIGINAL = { schema_version: 1 as const, count: 1 };

beforeEach(() => {
  faults.refuseOpen = undefined;
  faults.failWrite = undefined;
  faults.lockToo = false;
});

async function recordIn(): Promise<{ dir: string; path: string; before: string }> {
  const dir = join(await tempDir("devops-faults-"), ".devops");
  const path = join(dir, "record.json");
  await writeRecord(path, Counter, options, ORIGINAL);
  return { dir, path, before: await fs.readFile(path, "utf8") };
}

/** Makes `dir` read-only (0500); where the tests run as root, which ignores it, refuses opens there instead. */
async function readOnly(dir: string, code: string): Promise<"chmod" | "injected"> {
  await fs.chmod(dir, 0o500);
  const probe = join(dir, "probe");
  const stopped = await fs.writeFile(probe, "").then(
    () => false,
    () => true,
  );
  if (stopped && code === "EACCES") return "chmod";
  await fs.rm(probe, { force: true });
  faults.refuseOpen = { code, under: dir };
  return "injected";
}

describe("a record folder devops may not write", () => {
  it.each(["EACCES", "EPERM", "EROFS"])(
    "%s (a folder chmod 0500, or the refusal injected into open as root): RECORD_NOT_WRITABLE at once, naming the folder",
    async (code) => {
      const { dir, path, before } = await recordIn();
      const how = await readOnly(dir, code);

      const started = Date.now();
      const error = await writeRecord(path, Counter, options, { schema_version: 1, count: 2 }).catch((e: unknown) => e);
      const ms = Date.now() - started;
      await fs.chmod(dir, 0o700);

      expect(error).toBeInstanceOf(RecordError);
      expect(error).toMatchObject({
        code: "RECORD_NOT_WRITABLE",
        exitCode: 1,
        message: expect.stringContaining(dir),
        suggestion: expect.stringContaining(how === "chmod" || code !== "EROFS" ? "write access" : "read-only"),
      });
      expect(ms).toBeLessThan(1000);
      expect(await fs.readdir(dir)).toEqual(["record.json"]);
      expect(await fs.readFile(path, "utf8")).toBe(before);
    },
  );
});

describe("a full disk", () => {
  it.each([
    ["ENOSPC", "no space left on the device"],
    ["EDQUOT", "the disk quota is used up"],
  ])(
    "%s injected into the temp file's write: DISK_FULL naming the record, no partial temp file left",
    async (code, reason) => {
      const { dir, path, before } = await recordIn();
      faults.failWrite = code;

      const error = await writeRecord(path, Counter, options, { schema_version: 1, count: 2 }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RecordError);
      expect(error).toMatchObject({
        code: "DISK_FULL",
        exitCode: 1,
        message: `${path} could not be written: ${reason}`,
        suggestion: expect.stringContaining("free space"),
      });
      expect(await fs.readdir(dir)).toEqual(["record.json"]);
      expect(await fs.readFile(path, "utf8")).toBe(before);
    },
  );

  it("ENOSPC injected into a log append and a plain file write: DISK_FULL, no temp file left", async () => {
    const dir = await tempDir("devops-faults-");
    faults.failWrite = "ENOSPC";

    await expect(
      appendNdjson(join(dir, "history.ndjson"), Counter, options, [{ schema_version: 1, count: 1 }]),
    ).rejects.toMatchObject({ code: "DISK_FULL" });
    await expect(writeAtomic(join(dir, "DEPLOYED.md"), "# dev\n")).rejects.toMatchObject({ code: "DISK_FULL" });

    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe("a full disk while taking the lock", () => {
  it("ENOSPC injected into the write of the lock's temp file: DISK_FULL naming the folder, no lock or temp file left", async () => {
    const { dir, path, before } = await recordIn();
    faults.failWrite = "ENOSPC";
    faults.lockToo = true;

    const error = await writeRecord(path, Counter, options, { schema_version: 1, count: 2 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "DISK_FULL", message: expect.stringContaining(dir) });
    expect(await fs.readdir(dir)).toEqual(["record.json"]);
    expect(await fs.readFile(path, "utf8")).toBe(before);
  });
});

describe("temp files of writers that were killed", () => {
  it("are removed by the next write to their folder when their writer has ended, and kept while it runs", async () => {
    const { dir, path } = await recordIn();
    const { spawnSync } = await import("node:child_process");
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    const { hostTag } = await import("../../../src/core/process-owner.js");
    const { hostname } = await import("node:os");
    const tag = hostTag(hostname());
    const dead = [`.record.json.${tag}.${ended}.0a1b2c3d.tmp`, `.registry.json.${ended}.0a1b2c3d.tmp`];
    const live = `.record.json.${tag}.${process.ppid}.0a1b2c3d.tmp`;
    for (const name of [...dead, live]) await fs.writeFile(join(dir, name), "{ half");

    await writeRecord(path, Counter, options, { schema_version: 1, count: 2 });

    expect((await fs.readdir(dir)).sort()).toEqual([live, "record.json"].sort());
  });
});
