import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { currentOwner, localProcessState, ownerState, processAlive } from "../../../src/core/process-owner.js";

// A pid that ran and is gone: a child that has exited and been reaped.
const finishedPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid ?? 0;

describe("whether a process still runs", () => {
  it("counts this process as alive, and a reaped child as gone", () => {
    const gone = finishedPid();

    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(gone)).toBe(false);
    expect(localProcessState(gone)).toBe("dead");
  });

  it("tells a reused pid (another start time) from the owner that died", () => {
    const me = currentOwner();

    expect(ownerState(me)).toBe("alive");
    expect(ownerState({ ...me, start: "1" })).toBe(me.start === undefined ? "alive" : "dead");
    expect(ownerState({ ...me, host: `${me.host}-elsewhere` })).toBe("elsewhere");
  });
});
