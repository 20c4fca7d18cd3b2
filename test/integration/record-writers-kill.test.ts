// kill -9 of a record writer at random moments, over every record devops writes: a real node process
// runs the record modules in a loop and is SIGKILLed mid-write. Afterwards every file parses, no
// acknowledged update is lost, the next write does not wait for the dead writer's lock, and its
// temp files and lock are gone.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/project.js";
import { updateRecord } from "../../src/core/store.js";
import { COUNTER, RECORD_WRITERS } from "../helpers/record-writers.js";

const KILLS_PER_WRITER = 10;
/** The concurrent round goes on for a few seconds and until this many kills in all. */
const KILLS_IN_ALL = 160;
const SEED = 17;

/** A small seeded generator, so a failing run can be repeated exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let bundleDir: string;
let script: string;

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), "devops-writer-"));
  script = join(bundleDir, "record-writer-child.mjs");
  await build({
    entryPoints: [resolve("test/helpers/record-writer-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: script,
    define: { __DEVOPS_VERSION__: JSON.stringify("0.0.0-test") },
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "error",
  });
});

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});

interface RunningWriter {
  /** How many updates it acknowledged so far, and the highest update number among them. */
  acks: () => { count: number; highest: number };
  /** Resolves at its first acknowledged update (or its exit). */
  started: Promise<void>;
  /** SIGKILLs it and waits until it is gone; fails if it had stopped by itself. */
  kill: () => Promise<void>;
}

function startWriter(args: readonly string[]): RunningWriter {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let count = 0;
  let highest = -1;
  let stderr = "";
  let buffer = "";
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const started = new Promise<void>((done) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        count += 1;
        highest = Math.max(highest, Number(line));
      }
      done();
    });
    child.once("exit", () => done());
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return {
    acks: () => ({ count, highest }),
    started,
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
      expect(child.signalCode, `the ${args[0]} writer stopped by itself: ${stderr}`).toBe("SIGKILL");
    },
  };
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Starts a writer, kills it `delayMs` after its first acknowledged update, and waits until it is gone. */
async function writeAndKill(writer: string, dir: string, first: number, delayMs: number): Promise<number> {
  const running = startWriter([writer, dir, String(first)]);
  await running.started;
  await pause(delayMs);
  await running.kill();
  return Math.max(first - 1, running.acks().highest);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function expectEveryFileParses(dir: string): Promise<void> {
  for (const path of await filesUnder(dir)) {
    const text = await readFile(path, "utf8");
    if (path.endsWith(".ndjson")) {
      expect(text.endsWith("\n"), path).toBe(true);
      for (const line of text.slice(0, -1).split("\n")) JSON.parse(line);
    } else if (path.endsWith(".json")) {
      JSON.parse(text);
    }
  }
}

describe("kill -9 of every record writer mid-write", () => {
  const next = random(SEED);
  let kills = 0;
  let locksLeft = 0;

  it.each(Object.keys(RECORD_WRITERS))(
    "%s: no corrupt file, no lost update, no wait for the dead writer, no debris",
    async (name) => {
      const writer = RECORD_WRITERS[name]!;
      const dir = await tempDir("devops-kill-");
      let committed = 0;

      for (let kill = 0; kill < KILLS_PER_WRITER; kill += 1) {
        const acknowledged = await writeAndKill(name, dir, committed, Math.floor(next() * 30));

        await expectEveryFileParses(dir);
        kills += 1;
        if ((await filesUnder(dir)).some((path) => path.endsWith(".lock"))) locksLeft += 1;
        committed = await writer.committed(dir);
        // Every acknowledged update is on disk; the one in flight at the kill may or may not be.
        expect(committed).toBeGreaterThanOrEqual(acknowledged + 1);
        expect(committed).toBeLessThanOrEqual(acknowledged + 2);
        const started = Date.now();
        await writer.write(dir, committed);
        expect(Date.now() - started).toBeLessThan(1000);
        committed += 1;
        expect(await writer.committed(dir)).toBe(committed);
        const debris = (await filesUnder(dir)).filter((path) => /\.tmp$|\.lock$|\.break-/.test(path));
        expect(debris).toEqual([]);
      }
    },
    60_000,
  );

  it("concurrent writers of one record, killed and restarted at random: no update lost, none counted twice", async () => {
    const path = join(await tempDir("devops-kill-"), ".devops", "counter.json");
    const slots = Array.from({ length: 3 }, () => startWriter(["counter", path]));
    const finished: RunningWriter[] = [];
    const from = Date.now();

    while (Date.now() - from < 3000 || (kills < KILLS_IN_ALL && Date.now() - from < 20_000)) {
      await pause(20 + Math.floor(next() * 60));
      const slot = Math.floor(next() * slots.length);
      const victim = slots[slot]!;
      await victim.kill();
      kills += 1;
      finished.push(victim);
      slots[slot] = startWriter(["counter", path]);
    }
    for (const running of slots) await running.kill();
    finished.push(...slots);

    const acknowledged = finished.reduce((sum, running) => sum + running.acks().count, 0);
    const { count } = JSON.parse(await readFile(path, "utf8")) as { count: number };
    expect(acknowledged).toBeGreaterThan(50);
    expect(count).toBeGreaterThanOrEqual(acknowledged);
    expect(count).toBeLessThanOrEqual(acknowledged + finished.length);
    const started = Date.now();
    await updateRecord(path, COUNTER, { schemaVersion: 1 }, (current) => ({
      schema_version: 1 as const,
      count: (current?.count ?? 0) + 1,
    }));
    expect(Date.now() - started).toBeLessThan(1000);
  }, 30_000);

  it("killed writers at least 150 times, often while they held a lock", () => {
    expect(kills).toBeGreaterThanOrEqual(KILLS_IN_ALL);
    expect(locksLeft).toBeGreaterThan(10);
  });
});
