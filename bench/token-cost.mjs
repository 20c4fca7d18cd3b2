// Token cost of the plugin as Claude Code itself estimates it: `claude plugin details devops` with the
// plugin loaded from this folder. Always-on (every session pays it: the listing lines of skills,
// commands and agents) must stay ≤ 500; the largest on-invoke body (paid when one fires) ≤ 1,500.
// Usage: node bench/token-cost.mjs [--claude <path to claude>] [--json]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const ALWAYS_ON_LIMIT = 500;
const ON_INVOKE_LIMIT = 1500;

const { values } = parseArgs({
  options: { claude: { type: "string", default: "node_modules/.bin/claude" }, json: { type: "boolean" } },
});
const claude = resolve(values.claude);
if (!existsSync(claude)) {
  console.error(`${claude} not found: install the dev dependencies (npm ci) or pass --claude <path>`);
  process.exit(2);
}

// A throwaway HOME keeps the user's own plugins and settings out of the figures.
const home = mkdtempSync(join(tmpdir(), "devops-token-cost-"));
const run = spawnSync(claude, ["--plugin-dir", resolve("."), "plugin", "details", "devops"], {
  encoding: "utf8",
  env: { PATH: process.env.PATH, HOME: home, CI: "true", NO_COLOR: "1" },
  timeout: 60_000,
});
rmSync(home, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(`claude plugin details exited ${run.status}\n${run.stdout}${run.stderr}`);
  process.exit(1);
}

/** "~1.1k" → 1100, "~40" → 40, "< 20" → 20 (an upper bound). */
function tokens(text) {
  const match = /([\d.]+)(k?)/.exec(text);
  if (!match) return Number.NaN;
  return Math.round(Number(match[1]) * (match[2] ? 1000 : 1));
}

const alwaysOn = tokens(/Always-on:\s+(\S+)/.exec(run.stdout)?.[1] ?? "");
const rows = [...run.stdout.matchAll(/^ {2}([a-z][\w-]*) +((?:~|< ?)[\d.]+k?) +((?:~|< ?)[\d.]+k?)\s*$/gm)].map(
  ([, name, always, invoke]) => ({ name, alwaysOn: tokens(always), onInvoke: tokens(invoke) }),
);
if (Number.isNaN(alwaysOn) || rows.length === 0) {
  console.error(`could not read the figures from claude plugin details:\n${run.stdout}`);
  process.exit(1);
}
const largest = rows.reduce((max, row) => (row.onInvoke > max.onInvoke ? row : max));
const version = spawnSync(claude, ["--version"], { encoding: "utf8" }).stdout.trim();
const verdict = alwaysOn <= ALWAYS_ON_LIMIT && largest.onInvoke <= ON_INVOKE_LIMIT;

if (values.json) {
  console.log(JSON.stringify({ claude: version, alwaysOn, largestOnInvoke: largest, components: rows, ok: verdict }));
} else {
  console.log(`token cost per claude plugin details (${version})`);
  for (const row of [...rows].sort((a, b) => b.onInvoke - a.onInvoke)) {
    console.log(
      `${row.name.padEnd(26)} always-on ${String(row.alwaysOn).padStart(4)}  on-invoke ${String(row.onInvoke).padStart(5)}`,
    );
  }
  console.log(`always-on total: ${alwaysOn} (target ≤ ${ALWAYS_ON_LIMIT})`);
  console.log(`largest on-invoke: ${largest.name} ${largest.onInvoke} (target ≤ ${ON_INVOKE_LIMIT})`);
}
process.exitCode = verdict ? 0 : 1;
