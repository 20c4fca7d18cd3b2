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
import { RECORD_WRITERS } from "../helpers/record-writers.js";

const KILLS_PER_WRITER = 13;
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

interface KilledRun {
  acknowledged: number;
}

/** Starts a writer, kills it `delayMs` after its first acknowledged update, and waits until it is gone. */
async function writeAndKill(writer: string, dir: string, first: number, delayMs: number): Promise<KilledRun> {
  const child: ChildProcess = spawn(process.execPath, [script, writer, dir, String(first)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let acknowledged = first - 1;
  let stderr = "";
  let buffer = "";
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const started = new Promise<void>((done) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
      done();
    });
    child.once("exit", () => done());
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  await started;
  await new Promise((done) => setTimeout(done, delayMs));
  child.kill("SIGKILL");
  await exited;
  expect(child.signalCode, `the ${writer} writer stopped by itself: ${stderr}`).toBe("SIGKILL");
  return { acknowledged };
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
        const { acknowledged } = await writeAndKill(name, dir, committed, Math.floor(next() * 30));

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

  it("killed writers at least 150 times, often while they held a lock", () => {
    expect(kills).toBeGreaterThanOrEqual(150);
    expect(locksLeft).toBeGreaterThan(10);
  });
});
