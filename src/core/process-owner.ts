// Who owns a lock or a temp file, and whether that owner still runs. A record's lock and temp files
// name their writer (host, pid, process start time), so a writer killed mid-write is recognised at
// once instead of after a timeout, and a reused pid is not mistaken for the writer that died.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

export interface ProcessOwner {
  host: string;
  pid: number;
  /** The process start time in clock ticks since boot (`/proc/<pid>/stat`), where the system has it. */
  start?: string;
}

/** What can be known about an owner from here: another host's processes cannot be seen. */
export type OwnerState = "alive" | "dead" | "elsewhere";

interface ProcStat {
  state: string;
  start: string;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses; the fields after it are plain.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const [state, start] = [fields[0], fields[19]];
    return state === undefined || start === undefined ? undefined : { state, start };
  } catch {
    return undefined;
  }
}

let self: ProcessOwner | undefined;

/** This process as an owner. */
export function currentOwner(): ProcessOwner {
  if (self === undefined || self.pid !== process.pid) {
    const start = procStat(process.pid)?.start;
    self = { host: hostname(), pid: process.pid, ...(start === undefined ? {} : { start }) };
  }
  return self;
}

/** A short, file-name-safe tag for a host name, so temp file names stay short and portable. */
export function hostTag(host: string): string {
  return createHash("sha256").update(host).digest("hex").slice(0, 6);
}

/** Whether a process of this host with this pid runs (one owned by another user counts as running). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a process on this host with this pid (and, where recorded, this start time) still runs. */
export function localProcessState(pid: number, start?: string): Exclude<OwnerState, "elsewhere"> {
  if (!Number.isInteger(pid) || pid <= 0) return "dead";
  if (!processAlive(pid)) return "dead";
  const stat = procStat(pid);
  if (stat === undefined) return "alive";
  // A zombie has finished writing; a different start time means the pid was reused.
  if (stat.state === "Z" || stat.state === "X") return "dead";
  if (start !== undefined && stat.start !== start) return "dead";
  return "alive";
}

export function ownerState(owner: ProcessOwner): OwnerState {
  if (owner.host !== currentOwner().host) return "elsewhere";
  return localProcessState(owner.pid, owner.start);
}
