// `npm run demo`: the whole lifecycle on a local AWS emulator with no AWS account — design, generate,
// validate, test, deploy, a bad release and its incident, rollback, audit, production behind its
// approval gate, teardown — each step running the real devops command and showing its --json result.
// Usage: node scripts/demo.mjs [--cli dist/cli.js] [--keep] [--pattern <id>] [--no-color]
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BUILD_STEPS } from "./demo/flow-build.mjs";
import { OPS_STEPS } from "./demo/flow-ops.mjs";
import { motoBinary, startMoto } from "./demo/moto.mjs";
import { createRunner, formatSeconds, StepFailure, wantsFancy } from "./demo/steps.mjs";
import { awsClients } from "./demo/traffic.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = `usage: node scripts/demo.mjs [--cli <path>] [--keep] [--pattern <id>] [--no-color]
  --cli <path>     the devops bundle to run (default: dist/cli.js)
  --keep           keep the temporary project directory afterwards
  --pattern <id>   force the architect's pattern (default: chosen from the request)
  --no-color       plain output even on a terminal`;

let options;
try {
  options = parseArgs({
    options: {
      cli: { type: "string", default: "dist/cli.js" },
      keep: { type: "boolean", default: false },
      pattern: { type: "string" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }).values;
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const cli = resolve(options.cli);
const cliConfig = join(repo, ".devops-cache", "terraformrc");
const toolsFile = join(repo, ".devops-cache", "test-tools.json");
for (const [path, what] of [
  [cli, "the devops bundle (build it with node scripts/build.mjs, or pass --cli)"],
  [cliConfig, "the Terraform CLI config with the provider mirror (run bash scripts/prepare.sh)"],
  [toolsFile, "where Terraform and moto_server are (run bash scripts/prepare.sh)"],
]) {
  if (!existsSync(path)) {
    console.error(`demo: ${path} is missing: ${what}`);
    process.exit(1);
  }
}

/** The whole environment of every devops call: no AWS keys or profiles from the shell, ever. */
function devopsEnv() {
  const tools = JSON.parse(readFileSync(toolsFile, "utf8"));
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME ?? tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // Without a provider mirror the Terraform CLI config names a download cache; it needs this flag.
    ...(tools.pluginCacheDir ? { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1" } : {}),
  };
}

const steps = [...BUILD_STEPS, ...OPS_STEPS];
const fancy = !options["no-color"] && wantsFancy(process.stdout, process.env);
const projectDir = mkdtempSync(join(tmpdir(), "devops-demo-"));
const state = { projectDir, pattern: options.pattern };
let moto;
let runner;
let cleaned = false;

/** Stops everything the demo started; synchronous parts only, so a signal handler can call it. */
function cleanupNow() {
  if (cleaned) return;
  cleaned = true;
  runner?.killChildren();
  moto?.kill();
  if (!options.keep) rmSync(projectDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    process.stdout.write(`\ndemo: ${signal}: stopping the emulator and the running command\n`);
    cleanupNow();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

const started = Date.now();
let failure;
try {
  runner = createRunner({ fancy, cli, cwd: projectDir, env: devopsEnv(), total: steps.length + 1 });
  const out = runner.paint;
  runner.line(out.bold("devops demo: the whole lifecycle on a local AWS emulator (moto), no AWS account needed"));
  runner.line(out.dim(`cli ${cli}`));
  await runner.step("Start the AWS emulator and a throwaway project", async (s) => {
    // Every ECS service reports one running task (moto starts none); the test service wants one.
    moto = await startMoto({ binary: motoBinary(repo), env: { MOTO_ECS_SERVICE_RUNNING: "1" } });
    state.endpoint = moto.endpoint;
    state.clients = awsClients(moto.endpoint);
    s.found(`moto_server pid ${moto.pid} on ${moto.endpoint}`);
    s.found(`project ${projectDir}`);
    s.found(`Terraform CLI config ${cliConfig} (provider mirror)`);
    s.emulator(
      "moto emulates the AWS APIs on 127.0.0.1: nothing is created in any AWS account, and nothing really runs",
    );
  });
  for (const step of steps) await runner.step(step.title, (s) => step.run(s, state));
} catch (error) {
  failure = error;
} finally {
  await moto?.stop().catch(() => undefined);
  cleanupNow();
}

const out = runner?.paint ?? { bold: String, dim: String, red: String, green: String };
if (runner !== undefined) {
  runner.line();
  runner.line(out.bold("Time per step"));
  for (const [i, t] of runner.timings.entries())
    runner.line(`  ${formatSeconds(t.ms).padStart(7)}  [${i + 1}] ${t.title}${t.failed ? "  (failed)" : ""}`);
  runner.line(`  ${formatSeconds(Date.now() - started).padStart(7)}  total`);
  runner.line(
    `emulator stopped${moto === undefined ? "" : ` (pid ${moto.pid})`}; ${options.keep ? `project kept at ${projectDir}` : "project removed"}`,
  );
}
if (failure !== undefined) {
  const step = failure instanceof StepFailure ? failure.step : "demo";
  process.stdout.write(`\n${out.red("✗")} step "${step}" failed: ${failure.code ?? "ERROR"}: ${failure.message}\n`);
  if (failure.suggestion) process.stdout.write(`  suggestion: ${failure.suggestion}\n`);
  process.exitCode = 1;
} else {
  runner.line(out.green("✓ demo complete"));
}
