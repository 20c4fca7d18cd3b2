// Writes generated files without losing hand edits: a file is replaced only when it is exactly what we
// last generated (its sha256 is in the manifest) or absent; anything else needs --force, with a diff.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { writeAtomic } from "../../../core/store.js";
import { unifiedDiff } from "./diff.js";

export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the project root: the manifest key and the diff label. */
  relative: string;
  content: string | Buffer;
}

export type FileAction = "create" | "update" | "unchanged" | "overwrite" | "remove" | "conflict";

export interface FilePlan {
  path: string;
  relative: string;
  action: FileAction;
  /** Why a file is a conflict (or was overwritten with --force). */
  reason?: "edited" | "not_generated";
  /** Unified diff from the file on disk to what would be written (text files, conflicts only). */
  diff?: string;
}

export function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

async function readCurrent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function diffOf(current: Buffer, next: string | Buffer, label: string): string {
  if (typeof next !== "string" || current.includes(0)) return `Binary files a/${label} and b/${label} differ\n`;
  return unifiedDiff(current.toString("utf8"), next, label);
}

/**
 * What writing `files` would do, given the manifest of the last generation (relative path → sha256).
 * Files listed there but no longer generated are removed when untouched and left alone when edited.
 */
export async function planWrites(
  files: readonly GeneratedFile[],
  previous: Readonly<Record<string, string>>,
  force: boolean,
  root: string,
): Promise<FilePlan[]> {
  const plans: FilePlan[] = [];
  for (const file of files) {
    const current = await readCurrent(file.path);
    const base = { path: file.path, relative: file.relative };
    if (current === undefined) {
      plans.push({ ...base, action: "create" });
      continue;
    }
    const onDisk = sha256(current);
    if (onDisk === sha256(file.content)) {
      plans.push({ ...base, action: "unchanged" });
      continue;
    }
    if (previous[file.relative] === onDisk) {
      plans.push({ ...base, action: "update" });
      continue;
    }
    const reason = previous[file.relative] === undefined ? "not_generated" : "edited";
    plans.push({
      ...base,
      action: force ? "overwrite" : "conflict",
      reason,
      ...(force ? {} : { diff: diffOf(current, file.content, file.relative) }),
    });
  }
  const generated = new Set(files.map((file) => file.relative));
  for (const [relative, hash] of Object.entries(previous)) {
    if (generated.has(relative)) continue;
    const path = join(root, relative);
    const current = await readCurrent(path);
    if (current !== undefined && sha256(current) === hash) plans.push({ path, relative, action: "remove" });
  }
  return plans;
}

/** Carries the plans out; refuses (returns false, writes nothing) while any conflict remains. */
export async function applyWrites(files: readonly GeneratedFile[], plans: readonly FilePlan[]): Promise<boolean> {
  if (plans.some((plan) => plan.action === "conflict")) return false;
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const plan of plans) {
    const file = byPath.get(plan.path);
    if (plan.action === "remove") await rm(plan.path, { force: true });
    else if (file !== undefined && plan.action !== "unchanged") await write(plan.path, file.content);
  }
  return true;
}

async function write(path: string, content: string | Buffer): Promise<void> {
  if (typeof content === "string") return writeAtomic(path, content);
  // The store's writer is for text; a package is bytes, written the same way (temp file, rename).
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  await writeFile(temp, content);
  await rename(temp, path);
}
