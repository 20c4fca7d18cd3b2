// Atomic, locked record files. A write goes to a temp file and is renamed into place while holding a
// lock, so readers never see half a file and two processes never interleave. A file that is corrupt
// or written by a newer version of this tool is never overwritten: the caller gets a RecordError and
// the file stays exactly as it was. A write that fails leaves no temp file, and says why in terms the
// user can act on (RECORD_NOT_WRITABLE, DISK_FULL); the lock is record-lock.ts.
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { z } from "zod";
import { RecordError } from "./errors.js";
import { sweepLeftovers } from "./leftovers.js";
import { acquireLock, tempPathFor } from "./record-lock.js";
import { writeFault } from "./write-faults.js";

export interface RecordOptions {
  /** The highest `schema_version` this code understands; a larger one is refused. */
  schemaVersion: number;
  /** File mode for newly written files (0o600 for plans, backups, anything sensitive). */
  mode?: number;
  /** One line of JSON instead of indented text: for large machine-read records (the issue log). */
  compact?: boolean;
}

async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw writeFault(dir, error);
  }
}

async function withLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  await makeFolder(dirname(path));
  let release: () => Promise<void>;
  try {
    release = await acquireLock(path);
  } catch (error) {
    throw writeFault(dirname(path), error);
  }
  try {
    return await work();
  } finally {
    await release();
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new RecordError("RECORD_UNREADABLE", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function corrupt(path: string, reason: string): RecordError {
  return new RecordError("RECORD_CORRUPT", `${path} is not a valid record: ${reason}`, {
    suggestion: `the file was left untouched; repair it or move it aside (e.g. ${basename(path)}.bak) and rerun`,
    details: { path },
  });
}

function checkVersion(path: string, value: unknown, options: RecordOptions): void {
  if (typeof value !== "object" || value === null) return;
  const version = (value as { schema_version?: unknown }).schema_version;
  if (typeof version === "number" && version > options.schemaVersion) {
    throw new RecordError(
      "RECORD_NEWER_VERSION",
      `${path} has schema_version ${version}, newer than this devops understands (${options.schemaVersion})`,
      { suggestion: "upgrade devops; the file was left untouched", details: { path, version } },
    );
  }
}

function parseRecord<T>(path: string, text: string, schema: z.ZodType<T>, options: RecordOptions): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw corrupt(path, (error as Error).message);
  }
  checkVersion(path, raw, options);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(path, `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/**
 * Writes `text` to `path` atomically: temp file in the same folder, fsync, rename. On any failure the
 * temp file is removed and `path` is as it was; afterwards, temp files of writers that were killed
 * are swept from the folder.
 */
export async function writeAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  await makeFolder(dirname(path));
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeFault(path, error);
  }
  await sweepLeftovers(dirname(path));
}

export async function readRecord<T>(
  path: string,
  schema: z.ZodType<T>,
  options: RecordOptions,
): Promise<T | undefined> {
  const text = await readText(path);
  return text === undefined ? undefined : parseRecord(path, text, schema, options);
}

/**
 * Reads the record (undefined when absent), lets `change` compute the next value, validates it and
 * writes it back, all under one lock. A corrupt or newer file stops before `change` runs.
 */
export async function updateRecord<T>(
  path: string,
  schema: z.ZodType<T>,
  options: RecordOptions,
  change: (current: T | undefined) => T | Promise<T>,
): Promise<T> {
  return withLock(path, async () => {
    const current = await readRecord(path, schema, options);
    const next = schema.parse(await change(current));
    await writeAtomic(
      path,
      `${options.compact === true ? JSON.stringify(next) : JSON.stringify(next, null, 2)}\n`,
      options.mode,
    );
    return next;
  });
}

export async function writeRecord<T>(path: string, schema: z.ZodType<T>, options: RecordOptions, value: T): Promise<T> {
  return updateRecord(path, schema, options, () => value);
}

/** Reads every line of an NDJSON log; a corrupt line or a newer-version entry is an error. */
export async function readNdjson<T>(path: string, schema: z.ZodType<T>, options: RecordOptions): Promise<T[]> {
  return parseNdjson(path, await readText(path), schema, options);
}

function parseNdjson<T>(path: string, text: string | undefined, schema: z.ZodType<T>, options: RecordOptions): T[] {
  if (text === undefined || text === "") return [];
  if (!text.endsWith("\n")) throw corrupt(path, "the last line is incomplete (no trailing newline)");
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, index) => {
      try {
        return parseRecord(path, line, schema, options);
      } catch (error) {
        if (error instanceof RecordError && error.code === "RECORD_CORRUPT") {
          throw corrupt(path, `line ${index + 1}: ${error.message.split(": ").slice(1).join(": ")}`);
        }
        throw error;
      }
    });
}

/** Appends entries to an NDJSON log under the lock, after checking the existing lines are sound. */
export async function appendNdjson<T>(
  path: string,
  schema: z.ZodType<T>,
  options: RecordOptions,
  entries: readonly T[],
): Promise<void> {
  await withLock(path, async () => {
    const existing = await readText(path);
    parseNdjson(path, existing, schema, options);
    const lines = entries.map((entry) => JSON.stringify(schema.parse(entry))).join("\n");
    await writeAtomic(path, `${existing ?? ""}${lines}\n`, options.mode);
  });
}
