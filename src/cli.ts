// The executable: runs the CLI with the real process streams and environment. Bundled to dist/cli.js.
import { main } from "./cli/main.js";

// The AWS SDK warns on every run that its releases after January 2027 will need Node 22; the
// version bundled here supports Node 20, so the notice only adds noise to stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

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
    process.stderr.write(
      `devops: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
