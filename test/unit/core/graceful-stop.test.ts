// The graceful stop of a child: one SIGINT per signal (at most two), the time limit as a first
// interrupt, the whole process group killed after the grace period, and the stall warning.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cancellable, InterruptState } from "../../../src/core/interrupt.js";
import { run, type SubprocessError } from "../../../src/core/subprocess.js";

const node = process.execPath;
const base = { cwd: process.cwd(), env: { PATH: process.env.PATH }, timeoutMs: 20_000 };

/** A child that counts the SIGINTs it gets, exits after `exitAfter` of them, and says when it is ready. */
function counter(exitAfter: number, grandchild = false): string[] {
  const script = [
    "let n = 0;",
    grandchild
      ? "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('grandchild ' + c.pid);"
      : "",
    `process.on('SIGINT', () => { n += 1; console.log('interrupt ' + n); if (n >= ${exitAfter}) process.exit(1); });`,
    "console.log('ready'); setInterval(() => {}, 1000);",
  ].join(" ");
  return ["-e", script];
}

/** Alive and not a zombie waiting for its new parent to reap it. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function failure(promise: Promise<unknown>): Promise<SubprocessError> {
  try {
    await promise;
  } catch (error) {
    return error as SubprocessError;
  }
  throw new Error("expected the run to fail");
}

function deliverWhenReady(state: InterruptState, times: number) {
  let delivered = false;
  return (_stream: "stdout" | "stderr", line: string) => {
    if (line !== "ready" || delivered) return;
    delivered = true;
    for (let i = 0; i < times; i++) state.deliver("SIGINT");
  };
}

describe("a graceful stop", () => {
  it("hands the child one SIGINT for one signal and reports it interrupted", async () => {
    const state = new InterruptState();
    const notes: string[] = [];

    const error = await failure(
      run(node, counter(1), {
        ...base,
        onLine: deliverWhenReady(state, 1),
        graceful: {
          interrupts: state,
          graceMs: 5_000,
          onInterrupt: (reason, first) => notes.push(`${reason} ${first}`),
        },
      }),
    );

    expect(error.kind).toBe("interrupted");
    expect(error.result.stdout.split("\n")).toEqual(["ready", "interrupt 1"]);
    expect(notes).toEqual(["SIGINT true"]);
  });

  it("hands on a second signal as the second SIGINT (the child's stop now), and no third", async () => {
    const state = new InterruptState();
    const notes: string[] = [];
    // Pending signals of one kind merge: each is sent once the child has seen the one before.
    const onLine = (_stream: "stdout" | "stderr", line: string) => {
      if (line === "ready") state.deliver("SIGINT");
      if (line === "interrupt 1") {
        state.deliver("SIGINT");
        state.deliver("SIGINT");
      }
    };

    const error = await failure(
      run(node, counter(3), {
        ...base,
        onLine,
        graceful: {
          interrupts: state,
          graceMs: 1_000,
          onInterrupt: (reason, first) => notes.push(`${reason} ${first}`),
        },
      }),
    );

    expect(error.result.stdout.split("\n")).toEqual(["ready", "interrupt 1", "interrupt 2"]);
    expect(error.result.signal).toBe("SIGKILL");
    expect(notes).toEqual(["SIGINT true", "SIGINT false", "SIGINT false"]);
  });

  it("kills the whole group when the child does not stop within the grace period", async () => {
    const state = new InterruptState();

    const error = await failure(
      run(node, counter(99, true), {
        ...base,
        onLine: deliverWhenReady(state, 1),
        graceful: { interrupts: state, graceMs: 500 },
      }),
    );

    expect(error.kind).toBe("interrupted");
    expect(error.result.signal).toBe("SIGKILL");
    const grandchild = Number(/grandchild (\d+)/.exec(error.result.stdout)?.[1]);
    await new Promise((done) => setTimeout(done, 200));
    expect(running(grandchild)).toBe(false);
  });

  it("interrupts the child when the time limit runs out", async () => {
    const error = await failure(
      run(node, counter(1), {
        ...base,
        timeoutMs: 500,
        graceful: { interrupts: new InterruptState(), graceMs: 5_000 },
      }),
    );

    expect(error.kind).toBe("timeout");
    expect(error.result.stdout).toContain("interrupt 1");
  });

  it("warns when nothing has moved, counting only the lines that move", async () => {
    const stalls: number[] = [];

    await run(
      node,
      ["-e", "const t = setInterval(() => console.log('still'), 50); setTimeout(() => { clearInterval(t); }, 700)"],
      {
        ...base,
        graceful: {
          interrupts: new InterruptState(),
          graceMs: 1_000,
          stall: { afterMs: 200, moved: (line) => line !== "still", onStall: (ms) => stalls.push(ms) },
        },
      },
    );

    expect(stalls.length).toBeGreaterThanOrEqual(2);
  });

  it("stops the runs of a cancelled command, attached before or after the cancel", async () => {
    const stop = cancellable(new InterruptState());
    const seen: string[] = [];
    stop.interrupts.attach((signal) => seen.push(`before ${signal}`));

    stop.cancel();
    stop.interrupts.attach((signal) => seen.push(`after ${signal}`));

    expect(seen).toEqual(["before cancel", "after cancel"]);
  });

  it("says whether a signal reached a run, so the process can end when none runs", () => {
    const state = new InterruptState();

    const unheard = state.deliver("SIGTERM");
    const detach = state.attach(() => undefined);
    const heard = state.deliver("SIGINT");
    detach();

    expect([unheard, heard, state.received]).toEqual([false, true, "SIGTERM"]);
  });
});
