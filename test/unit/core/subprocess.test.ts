import { describe, expect, it } from "vitest";
import { run, SubprocessError } from "../../../src/core/subprocess.js";

const node = process.execPath;
const base = { cwd: process.cwd(), env: { PATH: process.env.PATH }, timeoutMs: 10_000 };

async function failure(promise: Promise<unknown>): Promise<SubprocessError> {
  try {
    await promise;
  } catch (error) {
    return error as SubprocessError;
  }
  throw new Error("expected the run to fail");
}

describe("run", () => {
  it("captures stdout and stderr of an argv command, no shell involved", async () => {
    const result = await run(
      node,
      ["-e", "process.stdout.write(process.argv[1]); console.error('e')", "$(echo not-a-shell) ; rm -rf /"],
      base,
    );

    expect(result).toMatchObject({ exitCode: 0, stdout: "$(echo not-a-shell) ; rm -rf /", stderr: "e" });
  });

  it("streams lines as they arrive", async () => {
    const lines: string[] = [];

    await run(node, ["-e", "console.log('a'); console.log('b'); console.error('c')"], {
      ...base,
      onLine: (stream, line) => lines.push(`${stream}:${line}`),
    });

    expect(lines.sort()).toEqual(["stderr:c", "stdout:a", "stdout:b"]);
  });

  it("passes only the environment it is given", async () => {
    const result = await run(node, ["-e", "console.log(JSON.stringify([process.env.ONLY_THIS, process.env.HOME]))"], {
      ...base,
      env: { PATH: process.env.PATH, ONLY_THIS: "yes" },
    });

    expect(JSON.parse(result.stdout)).toEqual(["yes", null]);
  });

  it("reports a non-zero exit as kind 'exited' with the output", async () => {
    const error = await failure(run(node, ["-e", "console.error('boom'); process.exit(3)"], base));

    expect(error).toBeInstanceOf(SubprocessError);
    expect(error).toMatchObject({ kind: "exited", result: { exitCode: 3, stderr: "boom" } });
  });

  it("accepts the exit codes it is told are fine", async () => {
    const result = await run(node, ["-e", "process.exit(2)"], { ...base, okExitCodes: [0, 2] });

    expect(result.exitCode).toBe(2);
  });

  it("kills a command that runs past its timeout (kind 'timeout')", async () => {
    const error = await failure(run(node, ["-e", "setTimeout(() => {}, 60_000)"], { ...base, timeoutMs: 300 }));

    expect(error.kind).toBe("timeout");
  });

  it("reports a missing binary as kind 'spawn-failed'", async () => {
    const error = await failure(run("devops-no-such-binary", [], base));

    expect(error.kind).toBe("spawn-failed");
    expect(error.message).toMatch(/could not start devops-no-such-binary/);
  });

  it("feeds standard input when given", async () => {
    const result = await run(node, ["-e", "process.stdin.pipe(process.stdout)"], { ...base, input: "hello" });

    expect(result.stdout).toBe("hello");
  });
});
