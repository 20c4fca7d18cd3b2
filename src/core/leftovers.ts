// Cleans a record folder of what killed writers left: temp files (named `.<file>.<host tag>.<pid>.
// <random>.tmp`, so their writer can be found) whose writer has ended, and locks and lock-break
// guards whose owner has ended (a record written once, such as a plan, is not locked again). A
// successful write sweeps its folder, so debris never outlives the next write.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { currentOwner, hostTag, localProcessState } from "./process-owner.js";
import { sweepAbandonedLock } from "./record-lock.js";

// The host tag is absent in temp files written before it was added; those came from this host.
const TEMP = /^\..+?\.(?:([0-9a-f]{6})\.)?(\d+)\.[0-9a-f]{8}\.tmp$/;
const LOCK = /\.lock(?:\.break-[^/]+)?$/;
/** A temp file from another host is removed only when no write could still be using it. */
const FOREIGN_TEMP_AGE_MS = 60 * 60 * 1000;

async function sweepTemp(path: string, tag: string | undefined, pid: number): Promise<void> {
  if (tag === undefined || tag === hostTag(currentOwner().host)) {
    if (pid !== process.pid && localProcessState(pid) === "dead") await rm(path, { force: true });
    return;
  }
  const info = await stat(path);
  if (Date.now() - info.mtimeMs > FOREIGN_TEMP_AGE_MS) await rm(path, { force: true });
}

/** Removes abandoned temp files, locks and lock guards in `dir`; a failure to clean never fails the write. */
export async function sweepLeftovers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(dir, name);
    const temp = TEMP.exec(name);
    const work = temp
      ? sweepTemp(path, temp[1], Number(temp[2]))
      : LOCK.test(name)
        ? sweepAbandonedLock(path)
        : undefined;
    await work?.catch(() => undefined);
  }
}
