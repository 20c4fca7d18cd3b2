// The demo's step runner and printer: each step prints its title, the exact devops command, and what
// the command's --json result showed; on a terminal with colours and a spinner, otherwise plain text.
import { spawn } from "node:child_process";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const COMMAND_TIMEOUT_MS = 300_000;

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/** A step that did not return what it should: the demo stops with the step's name and the cause. */
export class StepFailure extends Error {
  constructor(step, code, message, suggestion) {
    super(message);
    this.step = step;
    this.code = code;
    this.suggestion = suggestion;
  }
}

/** How an argument is shown in a printed command line (bare when a shell would keep it whole). */
export function shellWord(word) {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (!/["$`\\!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

export function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Fancy output only on a terminal, outside CI, without NO_COLOR (the CLI's own rule). */
export function wantsFancy(stream, env) {
  return Boolean(stream.isTTY) && !env.CI && env.NO_COLOR === undefined;
}

function painter(fancy) {
  const wrap = (open, close) => (text) => (fancy ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/**
 * The printer and the devops runner for one demo. `cli` is the bundle to run, `cwd` the project,
 * `env` the whole environment of every devops call (nothing else from the shell leaks in).
 */
export function createRunner({ stream = process.stdout, fancy = false, cli, cwd, env, total }) {
  const paint = painter(fancy);
  const timings = [];
  const children = new Set();
  let live = "";
  let spin;

  const clearLive = () => {
    if (fancy && live !== "") stream.write("\r\x1b[2K");
  };
  const drawLive = () => {
    if (fancy && live !== "") stream.write(live);
  };
  const line = (text = "") => {
    clearLive();
    stream.write(`${text}\n`);
    drawLive();
  };
  const startSpinner = (label) => {
    if (!fancy) return;
    const started = Date.now();
    let frame = 0;
    const draw = () => {
      clearLive();
      live = `    ${paint.cyan(SPINNER[frame++ % SPINNER.length])} ${paint.dim(`${label}  ${formatSeconds(Date.now() - started)}`)}`;
      drawLive();
    };
    draw();
    spin = setInterval(draw, 100);
  };
  const stopSpinner = () => {
    if (spin !== undefined) clearInterval(spin);
    spin = undefined;
    clearLive();
    live = "";
  };

  /** Runs `devops <args> --json` in the project; resolves with its exit code and parsed document. */
  const exec = (args) =>
    new Promise((resolve, reject) => {
      // Its own process group, so that stopping the demo also stops the Terraform it started.
      const child = spawn(process.execPath, [cli, ...args, "--json"], {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      children.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
      const timer = setTimeout(() => killGroup(child), COMMAND_TIMEOUT_MS);
      child.once("error", (error) => {
        clearTimeout(timer);
        children.delete(child);
        reject(error);
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        resolve({ exitCode: code ?? 128, signal, stdout, stderr });
      });
    });

  let current;

  const context = {
    paint,
    /** A finding of the current step (one short line). */
    found: (text) => line(`    ${text}`),
    /** Where the emulator differs from AWS, said instead of pretended. */
    emulator: (text) => line(`    ${paint.yellow("emulator:")} ${text}`),
    /** A line that is neither a command nor a finding (the human approving, the traffic written). */
    say: (text) => line(`  ${paint.bold(text)}`),
    fail: (code, message, suggestion) => {
      throw new StepFailure(current, code, message, suggestion);
    },
    /**
     * `devops <args> --json`, printed first; fails the step unless the exit code is one of `expect`
     * (0 by default) and the output is one JSON document.
     */
    async devops(args, { expect = [0], label } = {}) {
      const shown = ["devops", ...args, "--json"].map(shellWord).join(" ");
      line(`  ${paint.cyan("$")} ${shown}`);
      startSpinner(label ?? args.slice(0, 2).join(" "));
      let run;
      try {
        run = await exec(args);
      } finally {
        stopSpinner();
      }
      let json;
      try {
        json = JSON.parse(run.stdout);
      } catch {
        const tail = (run.stderr || run.stdout).trim().split("\n").slice(-5).join("\n");
        context.fail(
          "NO_JSON",
          `devops ${args.join(" ")} printed no JSON document (exit ${run.signal ?? run.exitCode}): ${tail || "(no output)"}`,
        );
      }
      if (!expect.includes(run.exitCode)) {
        const error = json.error;
        if (error !== undefined)
          context.fail(error.code ?? "FAILED", `${error.message ?? "failed"} (exit ${run.exitCode})`, error.suggestion);
        const failed = (json.data?.steps ?? [])
          .filter((step) => step.status === "failed")
          .map((step) => `${step.name}: ${step.detail ?? "failed"}`);
        const why = failed.length > 0 ? `; failed: ${failed.join("; ")}` : "";
        context.fail(
          "UNEXPECTED_EXIT",
          `devops ${args.slice(0, 2).join(" ")} exited ${run.exitCode} with status "${json.status}" (expected exit ${expect.join(" or ")})${why}`,
        );
      }
      return { exitCode: run.exitCode, json, data: json.data ?? {}, status: json.status };
    },
  };

  return {
    paint,
    timings,
    /** Runs one numbered step: title, its commands and findings, then its duration. */
    async step(title, work) {
      current = title;
      const n = timings.length + 1;
      line();
      line(paint.bold(`[${n}/${total}] ${title}`));
      const started = Date.now();
      try {
        await work(context);
      } catch (error) {
        timings.push({ title, ms: Date.now() - started, failed: true });
        if (error instanceof StepFailure) throw error;
        throw new StepFailure(title, error?.code ?? "DEMO_ERROR", error?.message ?? String(error));
      }
      const ms = Date.now() - started;
      timings.push({ title, ms });
      line(`  ${paint.green("✓")} ${paint.dim(formatSeconds(ms))}`);
    },
    line,
    /** Kills devops commands still running (a signal arrived mid-step). */
    killChildren() {
      stopSpinner();
      for (const child of children) killGroup(child);
    },
  };
}
