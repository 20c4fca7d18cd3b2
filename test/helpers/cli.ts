// Runs the CLI in-process with captured streams, pinned to a non-TTY, non-CI terminal.
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.js";
import type { TrustPaths } from "../../src/core/context.js";
import { testTrust } from "./infra-project.js";
import { tempDir } from "./project.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  json(): any;
}

function capture() {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

export async function runCli(
  argv: string[],
  options: {
    cwd: string;
    env?: Record<string, string | undefined> /** Text piped to stdin, then end of input. */;
    stdin?: string;
    /** The person's trust paths; a throwaway folder of this run's own otherwise (never the real home). */
    trust?: TrustPaths;
  },
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const runtime = {
    streams: { stdout: stdout.stream, stderr: stderr.stream, stdin },
    env: options.env ?? { PATH: process.env.PATH },
    cwd: options.cwd,
    exitCode: 0,
    trust: options.trust ?? testTrust(await tempDir("devops-person-")),
  };

  const exitCode = await main(argv, runtime);

  await new Promise((resolve) => setImmediate(resolve));
  return { exitCode, stdout: stdout.text(), stderr: stderr.text(), json: () => JSON.parse(stdout.text()) };
}
