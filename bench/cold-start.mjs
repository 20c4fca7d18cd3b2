// Cold start: median wall time of `devops --version`, `devops config validate --json` and
// `devops route --json` against a bare `node -e 0`, each run as a fresh process. Targets: ≤ 2.5× node's
// own start-up for the first two; route ≤ 2× `devops --version`.
// Usage: node bench/cold-start.mjs [--runs 21]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "21" } } });
const runs = Number(values.runs);
const cli = resolve("dist/cli.js");
const project = mkdtempSync(join(tmpdir(), "devops-bench-"));
spawnSync(process.execPath, [cli, "init", "--sandbox", "--json"], { cwd: project });

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: project,
    stdio: "ignore",
    env: { ...process.env, CI: "true" },
  });
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

const cases = {
  "node -e 0": ["-e", "0"],
  "devops --version": [cli, "--version"],
  "devops config validate --json": [cli, "config", "validate", "--json"],
  "devops route … --json": [cli, "route", "check health of production services", "--json"],
};
// Interleave the cases so machine noise hits them alike; one warm-up round first.
for (const args of Object.values(cases)) time(args);
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < runs; i += 1) for (const [name, args] of Object.entries(cases)) samples[name].push(time(args));

const baseline = median(samples["node -e 0"]);
console.log(`cold start, median of ${runs} runs (node ${process.version})`);
for (const name of Object.keys(cases)) {
  const value = median(samples[name]);
  console.log(`${name.padEnd(32)} ${value.toFixed(1).padStart(7)} ms  ${(value / baseline).toFixed(2)}×`);
}
const version = median(samples["devops --version"]);
console.log(`route / --version: ${(median(samples["devops route … --json"]) / version).toFixed(2)}× (target ≤ 2×)`);
rmSync(project, { recursive: true, force: true });
