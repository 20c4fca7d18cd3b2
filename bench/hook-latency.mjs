// Hook latency: median wall time of the PreToolUse hook exactly as hooks/hooks.json declares it (its
// command through bash, as Claude Code runs it, ${CLAUDE_PLUGIN_ROOT} substituted, the hook input on stdin)
// against a bare `node -e 0`, each a fresh process, in one interleaved run. Targets: a command that does not concern devops ≤ 1.2× node's start-up (it starts no
// node at all); a devops command ≤ 2×. `devops hook pre-tool-use` (the full CLI) is shown for comparison.
// Usage: node bench/hook-latency.mjs [--runs 21]   (uses dist/gate.cjs and dist/cli.js: npm run build first)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "21" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 15)
  throw new Error(`--runs must be an integer of at least 15, got ${values.runs}`);
const declared = JSON.parse(readFileSync("hooks/hooks.json", "utf8")).hooks.PreToolUse[0].hooks[0].command;
// biome-ignore lint/suspicious/noTemplateCurlyInString: Claude Code's placeholder, not a template
const hookCommand = declared.replaceAll("${CLAUDE_PLUGIN_ROOT}", resolve("."));
const cli = resolve("dist/cli.js");
const project = mkdtempSync(join(tmpdir(), "devops-bench-hook-"));
const init = spawnSync(process.execPath, [cli, "init", "--sandbox", "--json"], { cwd: project });
if (init.status !== 0) throw new Error(`devops init exited ${init.status}: ${init.stderr}`);
mkdirSync(join(project, "src"));
writeFileSync(join(project, "src", "app.ts"), "export {};\n");

const input = (command) =>
  JSON.stringify({
    session_id: "bench",
    transcript_path: join(project, "t.jsonl"),
    cwd: project,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "bench" },
    tool_use_id: "toolu_bench",
  });

function time([program, args, stdin]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(program, args, { cwd: project, input: stdin, env: { ...process.env, CI: "true" } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { elapsed, stdout: result.stdout.toString() };
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

const cases = {
  "node -e 0": [process.execPath, ["-e", "0"], ""],
  "hook: ls -la src (unrelated)": ["/bin/bash", ["-c", hookCommand], input("ls -la src")],
  "hook: git status (gate runs)": ["/bin/bash", ["-c", hookCommand], input("git status")],
  "hook: devops infra deploy --env prod": [
    "/bin/bash",
    ["-c", hookCommand],
    input("devops infra deploy --env prod --json"),
  ],
  "devops hook pre-tool-use (full CLI)": [
    process.execPath,
    [cli, "hook", "pre-tool-use"],
    input("devops infra deploy --env prod --json"),
  ],
};
// The answers first, so a broken gate cannot pass for a fast one.
const prod = time(cases["hook: devops infra deploy --env prod"]).stdout;
if (!prod.includes('"permissionDecision":"ask"')) throw new Error(`the hook did not ask before a prod deploy: ${prod}`);
if (time(cases["hook: ls -la src (unrelated)"]).stdout !== "") throw new Error("the hook answered for ls");

// Interleave the cases so machine noise hits them alike; one warm-up round first.
for (const spec of Object.values(cases)) time(spec);
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < runs; i += 1)
  for (const [name, spec] of Object.entries(cases)) samples[name].push(time(spec).elapsed);

const baseline = median(samples["node -e 0"]);
console.log(`PreToolUse hook latency, median of ${runs} runs (node ${process.version})`);
for (const name of Object.keys(cases)) {
  const value = median(samples[name]);
  console.log(`${name.padEnd(40)} ${value.toFixed(1).padStart(7)} ms  ${(value / baseline).toFixed(2)}×`);
}
const ratio = (name) => median(samples[name]) / baseline;
console.log(
  `unrelated: ${ratio("hook: ls -la src (unrelated)").toFixed(2)}× (target ≤ 1.2×); devops: ${ratio("hook: devops infra deploy --env prod").toFixed(2)}× (target ≤ 2×)`,
);
rmSync(project, { recursive: true, force: true });
