// Size report over src/**/*.ts: how many files, the median and 90th percentile of lines per file, and the
// files over the limit, for source modules and for data modules (`*.data.ts`) separately. The limit is a
// prompt to split a source module; data modules are reported for scale only.
// Usage: node scripts/size-report.mjs [--json] [--limit 400] [--root src]
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    limit: { type: "string", default: "400" },
    root: { type: "string", default: "src" },
  },
});
const limit = Number(values.limit);
const root = resolve(values.root);

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Lines as an editor numbers them: a final line without a newline still counts. */
function lineCount(text) {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") ? newlines : newlines + 1;
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function summary(files) {
  const sorted = files.map((file) => file.lines).sort((a, b) => a - b);
  return {
    files: files.length,
    lines: sorted.reduce((total, lines) => total + lines, 0),
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    overLimit: files.filter((file) => file.lines > limit).sort((a, b) => b.lines - a.lines),
  };
}

const files = sourceFiles(root)
  .map((path) => ({ path: relative(process.cwd(), path), lines: lineCount(readFileSync(path, "utf8")) }))
  .sort((a, b) => a.path.localeCompare(b.path));
const isData = (file) => file.path.endsWith(".data.ts");
const report = {
  root: relative(process.cwd(), root) || ".",
  limit,
  files: files.length,
  source: summary(files.filter((file) => !isData(file))),
  data: summary(files.filter(isData)),
};

if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const section = (title, part) => [
    `${title}: ${part.files} files, ${part.lines} lines; median ${part.median}, p90 ${part.p90} lines per file`,
    part.overLimit.length === 0
      ? `  none over ${limit} lines`
      : [
          `  over ${limit} lines:`,
          ...part.overLimit.map((file) => `    ${String(file.lines).padStart(5)}  ${file.path}`),
        ].join("\n"),
  ];
  console.log(
    [
      `${report.root}/**/*.ts: ${report.files} files`,
      ...section("source modules", report.source),
      ...section("data modules (*.data.ts)", report.data),
    ].join("\n"),
  );
}
