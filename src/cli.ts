// The executable: runs the CLI with the real process streams and environment. Bundled to dist/cli.js.
import { main } from "./cli/main.js";
import { InterruptState } from "./core/interrupt.js";

// The AWS SDK warns on every run that its releases after January 2027 will need Node 22; the
// version bundled here supports Node 20, so the notice only adds noise to stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// SIGINT and SIGTERM go to the engine run in progress, which stops in order and is recorded; with no
// run to stop, the signal does what it would have done without a handler: it ends the process.
const interrupts = new InterruptState();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  const onSignal = () => {
    if (interrupts.deliver(signal)) return;
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  };
  process.on(signal, onSignal);
}

const runtime = {
  streams: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  env: { ...process.env },
  cwd: process.cwd(),
  interrupts,
  exitCode: 0,
};

main(process.argv.slice(2), runtime).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `devops: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
