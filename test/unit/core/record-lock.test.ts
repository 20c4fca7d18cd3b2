import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentOwner } from "../../../src/core/process-owner.js";
import { acquireLock, lockPathOf } from "../../../src/core/record-lock.js";
import { tempDir } from "../../helpers/project.js";

const QUICK = { waitMs: 300, staleMs: 30_000 };

/** The pid of a process that has run and ended. */
function endedPid(): number {
  const run = spawnSync(process.execPath, ["-e", ""]);
  return run.pid;
}

async function lockedBy(owner: Record<string, unknown>): Promise<string> {
  const path = join(await tempDir("devops-lock-"), "record.json");
  await writeFile(lockPathOf(path), JSON.stringify({ nonce: "n0", since: "2026-12-07T09:00:00.000Z", ...owner }));
  return path;
}

async function owner(path: string): Promise<{ pid: number; nonce: string }> {
  return JSON.parse(await readFile(lockPathOf(path), "utf8"));
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe("record locks", () => {
  it.each([
    ["has ended", () => ({ host: hostname(), pid: endedPid() })],
    [
      "is a new process under the old pid (another start time)",
      () => ({ host: hostname(), pid: process.pid, start: "1" }),
    ],
  ])("takes over at once a lock on this host whose owner %s", async (_case, ownerOf) => {
    const path = await lockedBy(ownerOf());

    const { value: release, ms } = await timed(() => acquireLock(path, { waitMs: 5000, staleMs: 30_000 }));

    expect(ms).toBeLessThan(1000);
    expect((await owner(path)).pid).toBe(process.pid);
    await release();
    expect(await readdir(join(path, ".."))).toEqual([]);
  });

  it("waits for a live owner, then reports RECORD_LOCKED naming its pid and since when", async () => {
    const self = currentOwner();
    const path = await lockedBy({ host: self.host, pid: self.pid, start: self.start });

    const { value: error, ms } = await timed(() => acquireLock(path, QUICK).catch((caught: unknown) => caught));

    expect(ms).toBeGreaterThanOrEqual(300);
    expect(error).toMatchObject({
      code: "RECORD_LOCKED",
      exitCode: 1,
      message: `${path} is locked by devops process ${self.pid} on ${self.host} since 2026-12-07T09:00:00.000Z`,
      details: { pid: self.pid, host: self.host },
    });
    expect((await owner(path)).nonce).toBe("n0");
  });

  it("judges a lock from another host by its age: waited for while fresh, taken over once stale", async () => {
    const path = await lockedBy({ host: "build-07", pid: 4242 });

    await expect(acquireLock(path, QUICK)).rejects.toMatchObject({
      code: "RECORD_LOCKED",
      message: expect.stringContaining("process 4242 on build-07"),
    });
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPathOf(path), old, old);
    const release = await acquireLock(path, QUICK);

    expect((await owner(path)).pid).toBe(process.pid);
    await release();
  });

  it("takes over a stale lock folder left by an older devops", async () => {
    const path = join(await tempDir("devops-lock-"), "record.json");
    await mkdir(lockPathOf(path));
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPathOf(path), old, old);

    const release = await acquireLock(path, QUICK);

    expect((await owner(path)).pid).toBe(process.pid);
    await release();
  });

  it("is not blocked by the guard of a breaker that was killed while taking the lock over", async () => {
    const path = await lockedBy({ host: hostname(), pid: endedPid(), nonce: "dead1" });
    await writeFile(
      `${lockPathOf(path)}.break-dead1`,
      JSON.stringify({ host: hostname(), pid: endedPid(), nonce: "dead2", since: "2026-12-07T09:00:00.000Z" }),
    );

    const { value: release, ms } = await timed(() => acquireLock(path, QUICK));

    expect(ms).toBeLessThan(1000);
    expect((await owner(path)).pid).toBe(process.pid);
    await release();
  });

  it("gives an abandoned lock to one writer at a time when many find it together", async () => {
    const path = await lockedBy({ host: hostname(), pid: endedPid() });
    let holders = 0;
    let most = 0;

    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await acquireLock(path, { waitMs: 10_000, staleMs: 30_000 });
        holders += 1;
        most = Math.max(most, holders);
        await new Promise((done) => setTimeout(done, Math.random() * 5));
        holders -= 1;
        await release();
      }),
    );

    expect(most).toBe(1);
    expect(await readdir(join(path, ".."))).toEqual([]);
  });

  it("does not remove, on release, a lock that is no longer its own", async () => {
    const path = join(await tempDir("devops-lock-"), "record.json");
    const release = await acquireLock(path, QUICK);
    await writeFile(lockPathOf(path), JSON.stringify({ host: "build-07", pid: 1, nonce: "other", since: "x" }));

    await release();

    expect((await owner(path)).nonce).toBe("other");
  });
});
