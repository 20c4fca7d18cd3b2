// The executable: runs the CLI with the real process streams and environment. Bundled to dist/cli.js.
import { main } from "./cli/main.js";

const runtime = {
  streams: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  env: { ...process.env },
  cwd: process.cwd(),
  exitCode: 0,
};

main(process.argv.slice(2), runtime).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`devops: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
