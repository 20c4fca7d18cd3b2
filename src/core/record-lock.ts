// The lock beside a record (`<record>.lock`): a small JSON file naming its owner (host, pid, process
// start time) and a nonce. It is created whole by hard-linking a finished temp file, so it is never
// seen half-written. A lock whose owner on this host has ended is taken over at once; a lock from
// another host, whose process cannot be seen, only once it is older than the stale time.
import { randomBytes } from "node:crypto";
import { link, open, readFile, rm, stat, unlink, utimes } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import * as z from "zod";
import { RecordError } from "./errors.js";
import { currentOwner, hostTag, ownerState, type ProcessOwner } from "./process-owner.js";

export interface LockTiming {
  /** How long to wait for a live owner before giving up with RECORD_LOCKED. */
  waitMs: number;
  /** When a lock whose owner cannot be seen (another host, an unreadable lock) counts as abandoned. */
  staleMs: number;
}

export const LOCK_TIMING: LockTiming = { waitMs: 29_000, staleMs: 30_000 };

const LockOwner = z.object({
  host: z.string(),
  pid: z.number().int(),
  start: z.string().optional(),
  nonce: z.string().min(1),
  since: z.string(),
});
type LockOwner = z.infer<typeof LockOwner>;

interface HeldLock {
  /** Absent for a lock this code cannot read (an older devops wrote a lock folder). */
  owner: LockOwner | undefined;
  mtimeMs: number;
  ino: number;
  isDirectory: boolean;
}

/** Breaking a lock left by a breaker that was itself killed goes at most this many levels deep. */
const MAX_BREAK_DEPTH = 3;

export function lockPathOf(path: string): string {
  return `${path}.lock`;
}

/** The name of a temp file written by this process beside `path`: its owner can be read back from it. */
export function tempPathFor(path: string, owner: ProcessOwner = currentOwner()): string {
  const suffix = `${hostTag(owner.host)}.${owner.pid}.${randomBytes(4).toString("hex")}.tmp`;
  return join(dirname(path), `.${basename(path)}.${suffix}`);
}

function newOwner(): LockOwner {
  return { ...currentOwner(), nonce: randomBytes(8).toString("hex"), since: new Date().toISOString() };
}

const LINK_UNSUPPORTED = new Set(["ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EPERM"]);

/** Creates `path` holding `owner`, only if it does not exist; false when it does. */
async function createExclusive(path: string, owner: LockOwner): Promise<boolean> {
  const text = `${JSON.stringify(owner)}\n`;
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, "wx", 0o644);
    try {
      await handle.writeFile(text, "utf8");
    } finally {
      await handle.close();
    }
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== undefined && LINK_UNSUPPORTED.has(code) && (error as NodeJS.ErrnoException).syscall === "link") {
      return createWithoutLink(path, text);
    }
    throw error;
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

// File systems without hard links: an exclusive create, then the owner; a reader that finds it
// still empty treats it by age, as it would a lock from another host.
async function createWithoutLink(path: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(text, "utf8");
  } finally {
    await handle.close();
  }
  return true;
}

async function readHeld(path: string): Promise<HeldLock | undefined> {
  try {
    const info = await stat(path);
    const base = { mtimeMs: info.mtimeMs, ino: info.ino, isDirectory: info.isDirectory() };
    if (info.isDirectory()) return { ...base, owner: undefined };
    const parsed = LockOwner.safeParse(JSON.parse(await readFile(path, "utf8")));
    return { ...base, owner: parsed.success ? parsed.data : undefined };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (error instanceof SyntaxError) return unreadable(path);
    throw error;
  }
}

async function unreadable(path: string): Promise<HeldLock | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined
    ? undefined
    : { owner: undefined, mtimeMs: info.mtimeMs, ino: info.ino, isDirectory: false };
}

function identity(held: HeldLock): string {
  return held.owner?.nonce ?? `i${held.ino}m${Math.floor(held.mtimeMs)}`;
}

function isAbandoned(held: HeldLock, timing: LockTiming): boolean {
  if (held.owner !== undefined) {
    const state = ownerState(held.owner);
    if (state !== "elsewhere") return state === "dead";
  }
  return Date.now() - held.mtimeMs > timing.staleMs;
}

/**
 * Removes the abandoned lock `held` at `path`, so that exactly one of the writers that found it
 * abandoned removes it, and none removes a lock taken since. Breakers first create a guard named for
 * that very lock; the one that holds it re-reads the lock and removes it only if it is still the same.
 */
async function breakAbandoned(path: string, held: HeldLock, timing: LockTiming, depth = 0): Promise<boolean> {
  const guard = `${path}.break-${identity(held)}`;
  if (!(await createExclusive(guard, newOwner()))) {
    const guardHeld = await readHeld(guard);
    if (guardHeld !== undefined && depth < MAX_BREAK_DEPTH && isAbandoned(guardHeld, timing)) {
      await breakAbandoned(guard, guardHeld, timing, depth + 1);
    }
    return false;
  }
  try {
    const again = await readHeld(path);
    if (again === undefined) return true;
    if (identity(again) !== identity(held)) return false;
    await rm(path, { recursive: again.isDirectory, force: true });
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

function lockedError(path: string, held: HeldLock | undefined): RecordError {
  const owner = held?.owner;
  const lock = lockPathOf(path);
  if (owner === undefined) {
    return new RecordError("RECORD_LOCKED", `${path} is locked by another devops process`, {
      suggestion: `wait for the other command to finish; if none is running, remove ${lock}`,
      details: { path, lock },
    });
  }
  const message = `${path} is locked by devops process ${owner.pid} on ${owner.host} since ${owner.since}`;
  return new RecordError("RECORD_LOCKED", message, {
    suggestion:
      owner.host === currentOwner().host
        ? `wait for process ${owner.pid} to finish (or stop it); its lock is taken over as soon as it has ended`
        : `wait for the command on ${owner.host} to finish; if none is running there, remove ${lock}`,
    details: { path, lock, pid: owner.pid, host: owner.host, since: owner.since },
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Takes the lock of the record at `path`, waiting for a live owner; resolves to its release. */
export async function acquireLock(path: string, timing: LockTiming = LOCK_TIMING): Promise<() => Promise<void>> {
  const lock = lockPathOf(path);
  const mine = newOwner();
  const deadline = Date.now() + timing.waitMs;
  let delay = 5;
  while (!(await createExclusive(lock, mine))) {
    const held = await readHeld(lock);
    if (held === undefined) continue;
    if (isAbandoned(held, timing) && (await breakAbandoned(lock, held, timing))) continue;
    if (Date.now() >= deadline) throw lockedError(path, held);
    // Short, jittered waits: records are small, so a live holder releases within milliseconds.
    await pause(delay / 2 + Math.random() * delay);
    delay = Math.min(100, delay * 1.5);
  }
  // Keeps the lock fresh for a writer on another host that judges it by age.
  const refresh = setInterval(() => {
    const now = new Date();
    utimes(lock, now, now).catch(() => undefined);
  }, timing.staleMs / 3);
  refresh.unref();
  return async () => {
    clearInterval(refresh);
    const held = await readHeld(lock).catch(() => undefined);
    if (held?.owner?.nonce === mine.nonce) await unlink(lock).catch(() => undefined);
  };
}

/**
 * Removes the lock or lock guard at `path` if a writer of this devops on this host left it and has
 * ended, by the same protocol as a takeover. Files it cannot read as a lock are left alone.
 */
export async function sweepAbandonedLock(path: string): Promise<void> {
  const held = await readHeld(path);
  if (held?.owner === undefined || ownerState(held.owner) !== "dead") return;
  await breakAbandoned(path, held, LOCK_TIMING, 1);
}
