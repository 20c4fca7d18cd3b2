// Issue log search: the time to find the fixes for one error in a log of 10,000 issues (1–3 fixes
// each, a realistic spread of categories, codes and resource types). Two figures: in-process (read,
// parse, validate and rank; target ≤ 100 ms) and end to end through `devops infra debug --json`
// (target ≤ 300 ms), both medians.
// Usage: node bench/issue-log-search.mjs [--runs 21] [--issues 10000] [--cli dist/cli.js]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "21" },
    issues: { type: "string", default: "10000" },
    cli: { type: "string", default: "dist/cli.js" },
  },
});
const runs = Math.max(20, Number(values.runs));
const issueCount = Number(values.issues);
const cli = resolve(values.cli);
const work = mkdtempSync(join(tmpdir(), "devops-bench-issue-log-"));

// The two modules under test, bundled (with zod and the store) into one temporary ES module.
await build({
  stdin: {
    contents: ["records/issue-log.ts", "records/issue-log-maintenance.ts", "skills/infra/debugger/ranking.ts"]
      .map((file) => `export * from "./src/${file}";`)
      .join("\n"),
    resolveDir: resolve("."),
    sourcefile: "bench-entry.js",
    loader: "js",
  },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  outfile: join(work, "issue-log.mjs"),
  logLevel: "warning",
  banner: {
    js: "import { createRequire as __benchCreateRequire } from 'node:module';\nconst require = __benchCreateRequire(import.meta.url);",
  },
});
const lib = await import(pathToFileURL(join(work, "issue-log.mjs")).href);

// A small deterministic generator (mulberry32), so every run measures the same log.
let seed = 0x5eed;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");

const WORDS =
  "alpha bravo cache delta edge flow gate host index job key link media node order path queue route stream table upload vault worker zone audit batch config data event feed graph image ledger metric notice policy report search token user viewer".split(
    " ",
  );
const RESOURCES = [
  "aws_s3_bucket",
  "aws_lambda_function",
  "aws_iam_role",
  "aws_dynamodb_table",
  "aws_ecs_service",
  "aws_cloudwatch_log_group",
  "aws_sqs_queue",
  "aws_api_gateway_rest_api",
  "aws_cloudfront_distribution",
  "aws_db_instance",
  "aws_security_group",
  "aws_vpc",
];
const ACTIONS = [
  "s3:PutObject",
  "s3:PutBucketPolicy",
  "lambda:CreateFunction",
  "lambda:UpdateFunctionCode",
  "iam:PassRole",
  "iam:CreateRole",
  "dynamodb:CreateTable",
  "ecs:UpdateService",
  "logs:CreateLogGroup",
  "sqs:CreateQueue",
  "ec2:AuthorizeSecurityGroupIngress",
  "rds:CreateDBInstance",
];
// Category, share of issues, codes, and a message built from the varying parts.
const CATEGORIES = [
  [
    "permission",
    0.35,
    ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"],
    (v) =>
      `${v.at} Error: ${v.verb} ${v.resource} (${v.name}): operation error: https response error StatusCode: 403, RequestID: ${v.request}, api error ${v.code}: User: arn:aws:iam::${v.account}:user/deployer is not authorized to perform: ${v.action} on resource: arn:aws:${v.service}:${v.region}:${v.account}:${v.name} because no identity-based policy allows the ${v.action} action (${v.words})`,
  ],
  [
    "config",
    0.2,
    ["ValidationException", "InvalidParameterValueException", "InvalidParameterCombination"],
    (v) =>
      `${v.at} Error: ${v.verb} ${v.resource} (${v.name}): ${v.code}: invalid value for ${v.words}: must match the pattern for ${v.service} names, RequestID: ${v.request}`,
  ],
  [
    "resource",
    0.15,
    ["ResourceNotFoundException", "ResourceInUseException", "BucketAlreadyExists", "EntityAlreadyExists"],
    (v) =>
      `${v.at} Error: ${v.verb} ${v.resource} (${v.name}): ${v.code}: the ${v.words} resource arn:aws:${v.service}:${v.region}:${v.account}:${v.name} is in an unexpected state`,
  ],
  [
    "state",
    0.1,
    ["ConditionalCheckFailedException", "PreconditionFailed"],
    (v) =>
      `Error acquiring the state lock: ${v.code}: The conditional request failed. Lock Info: ID: ${v.uuid} Path: ${v.name}/terraform.tfstate Operation: OperationTypeApply Who: runner@${v.words.replace(/ /g, "-")} Created: ${v.at}`,
  ],
  [
    "network",
    0.08,
    ["RequestTimeout", "ECONNRESET", "EndpointConnectionError"],
    (v) =>
      `${v.at} Error: ${v.verb} ${v.resource} (${v.name}): dial tcp 10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}:443: i/o timeout talking to ${v.service} (${v.words})`,
  ],
  [
    "quota",
    0.07,
    ["LimitExceededException", "ThrottlingException", "ServiceQuotaExceededException"],
    (v) =>
      `${v.at} Error: ${v.verb} ${v.resource} (${v.name}): ${v.code}: Rate exceeded for ${v.words} in account ${v.account}, RequestID: ${v.request}`,
  ],
  [
    "unknown",
    0.05,
    [null],
    (v) =>
      `${v.at} Error: ${v.verb} ${v.resource} (${v.name}): unexpected EOF from the provider while reading ${v.words}`,
  ],
];
const FIXES = [
  ["permission_grant", true, "Grant {action} on the environment's resources to the deploy identity"],
  ["config_fix", false, "Correct the {words} setting in the module and preview again"],
  ["resource_recreation", false, "Import or rename the existing {words} resource"],
  ["state_fix", true, "Release the stale state lock after checking no run holds it"],
  ["retry", true, "Retry the operation with backoff"],
  ["quota_increase", false, "Request a quota increase for {words}"],
  ["manual", false, "Investigate {words} in the provider logs"],
];

function categoryOf() {
  let roll = random();
  for (const category of CATEGORIES) {
    roll -= category[1];
    if (roll <= 0) return category;
  }
  return CATEGORIES[0];
}

const now = new Date();
const DAY = 86_400_000;
const projectNames = ["bench-shop-test", "bench-shop-prod"];

function generate(count) {
  const issues = new Map();
  while (issues.size < count) {
    const [category, , codes, render] = categoryOf();
    const resourceType = pick(RESOURCES);
    const v = {
      at: new Date(now.getTime() - random() * 80 * DAY).toISOString(),
      verb: pick(["creating", "updating", "deleting", "reading"]),
      resource: resourceType.replace(/^aws_/, "").replace(/_/g, " "),
      name: `${pick(projectNames)}-${pick(WORDS)}`,
      request: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      uuid: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      code: pick(codes),
      account: String(100000000000 + Math.floor(random() * 899999999999)),
      action: pick(ACTIONS),
      service: resourceType.split("_")[1],
      region: pick(["us-east-1", "eu-west-1", "ap-southeast-2"]),
      words: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
    };
    const message = render(v);
    const normalized = lib.normaliseForLog(message, { projectNames });
    const action = category === "permission" ? v.action : null;
    const issueId = lib.issueFingerprint({ code: v.code, action, resourceType, normalizedMessage: normalized });
    if (issues.has(issueId)) continue;
    const lastSeen = new Date(now.getTime() - random() * 80 * DAY).toISOString();
    const solutions = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, index) => {
      const [fixCategory, automated, template] = index === 0 && category === "permission" ? FIXES[0] : pick(FIXES);
      const description = template.replace("{action}", v.action).replace("{words}", v.words);
      const attempts = 1 + Math.floor(random() * 30);
      const successes = Math.floor(attempts * random());
      const samples = Math.floor(successes / 2);
      return {
        solution_id: lib.solutionIdOf(issueId, description),
        description,
        category: fixCategory,
        steps: [description, "devops infra preview-changes --env test"],
        automation: automated ? { automated, operation: fixCategory } : { automated },
        source: "learned",
        success_rate: {
          attempts,
          successes,
          failures: attempts - successes,
          percentage: Math.round((successes / attempts) * 1000) / 10,
        },
        first_used: new Date(now.getTime() - 85 * DAY).toISOString(),
        last_used: lastSeen,
        avg_resolution_time_seconds: samples === 0 ? null : Math.round(random() * 600),
        resolution_time_samples: samples,
      };
    });
    issues.set(issueId, {
      issue_id: issueId,
      first_seen: new Date(now.getTime() - 85 * DAY).toISOString(),
      last_seen: lastSeen,
      occurrence_count: 1 + Math.floor(random() * 40),
      error: {
        category,
        message,
        normalized_message: normalized,
        code: v.code,
        http_status: category === "permission" ? 403 : 400,
        action,
        context: {
          environment: pick(["test", "prod"]),
          operation: pick(["deploy", "deploy", "preview", "destroy"]),
          resource_type: resourceType,
          resource_name: v.name,
          terraform_module: null,
        },
      },
      solutions,
      tags: [],
      related_issues: [],
      notes: [],
    });
  }
  const list = [...issues.values()];
  const log = { ...lib.emptyIssueLog(now), issues: list };
  return lib.IssueLog.parse({ ...log, statistics: lib.computeStatistics(list) });
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

const log = generate(issueCount);
const target = log.issues[Math.floor(log.issues.length / 2)];
const errorText = target.error.message;
const query = {
  normalizedMessage: lib.normaliseForLog(errorText, { projectNames }),
  code: target.error.code,
  resourceType: target.error.context.resource_type,
  environment: "test",
  operation: "deploy",
  action: target.error.action,
};

// In process: the log on disk as the store writes it, then read + parse + validate + rank.
const stateDir = join(work, "state");
const logPath = lib.issueLogPath(stateDir);
mkdirSync(join(stateDir, "deployments"), { recursive: true });
// As the product writes it: one line of JSON (records/issue-log.ts).
const fileText = `${JSON.stringify(log)}\n`;
writeFileSync(logPath, fileText);
const inProcess = [];
let ranked = [];
for (let i = 0; i < runs + 1; i += 1) {
  const start = process.hrtime.bigint();
  ranked = lib.rankSolutions({ log: await lib.readIssueLog(stateDir), query, catalogue: [] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (i > 0) inProcess.push(elapsed); // the first run warms the JIT
}
if (ranked.length === 0 || ranked[0].issue_id !== target.issue_id)
  throw new Error("the bench query did not find its own issue");
// Where the time goes: the same steps, timed one by one.
const phases = { "read + JSON.parse": [], "schema validation": [], rank: [] };
for (let i = 0; i < runs; i += 1) {
  const a = process.hrtime.bigint();
  const raw = JSON.parse(readFileSync(logPath, "utf8"));
  const b = process.hrtime.bigint();
  const parsed = lib.IssueLog.parse(raw);
  const c = process.hrtime.bigint();
  lib.rankSolutions({ log: parsed, query, catalogue: [] });
  const d = process.hrtime.bigint();
  phases["read + JSON.parse"].push(Number(b - a) / 1e6);
  phases["schema validation"].push(Number(c - b) / 1e6);
  phases.rank.push(Number(d - c) / 1e6);
}

// End to end: a fresh project whose issue log holds the same issues.
function endToEnd() {
  const help = spawnSync(process.execPath, [cli, "infra", "--help"], { encoding: "utf8" });
  if (!/^\s+debug\b/m.test(help.stdout ?? "")) return { skipped: `devops infra debug is not in ${values.cli} yet` };
  const project = join(work, "project");
  mkdirSync(project);
  const init = spawnSync(process.execPath, [cli, "init", "--sandbox", "--project", "bench-shop", "--json"], {
    cwd: project,
    encoding: "utf8",
  });
  if (init.status !== 0) return { skipped: `devops init failed (exit ${init.status}): ${init.stdout}${init.stderr}` };
  mkdirSync(join(project, ".devops", "deployments"), { recursive: true });
  const args = [cli, "infra", "debug", "--error", errorText, "--json"];
  const samples = [];
  let last;
  for (let i = 0; i < runs + 1; i += 1) {
    // Each run starts from the same 10,000 issues (debug records the occurrence it analyses).
    writeFileSync(join(project, ".devops", "deployments", "issue-log.json"), fileText);
    const start = process.hrtime.bigint();
    last = spawnSync(process.execPath, args, {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (i > 0) samples.push(elapsed);
  }
  let document;
  try {
    document = JSON.parse(last.stdout);
  } catch {
    return {
      skipped: `devops infra debug did not print one JSON document (exit ${last.status}): ${(last.stderr || last.stdout).slice(0, 300)}`,
    };
  }
  return { median: median(samples), exit: last.status, status: document.status };
}
const e2e = endToEnd();

const sizeMb = Buffer.byteLength(fileText) / 1024 / 1024;
const solutions = log.issues.reduce((sum, issue) => sum + issue.solutions.length, 0);
console.log(
  `issue log search: ${log.issues.length} issues, ${solutions} fixes, ${sizeMb.toFixed(1)} MB; median of ${runs} runs (node ${process.version})`,
);
console.log(
  `${"in process (read + parse + rank)".padEnd(44)} ${median(inProcess).toFixed(1).padStart(7)} ms   target ≤ 100 ms`,
);
for (const [name, samples] of Object.entries(phases))
  console.log(`${`  of which ${name}`.padEnd(44)} ${median(samples).toFixed(1).padStart(7)} ms`);
if (e2e.skipped !== undefined) console.log(`${"devops infra debug --json".padEnd(44)} skipped: ${e2e.skipped}`);
else
  console.log(
    `${"devops infra debug --json".padEnd(44)} ${e2e.median.toFixed(1).padStart(7)} ms   target ≤ 300 ms   (exit ${e2e.exit}, status ${e2e.status})`,
  );
rmSync(work, { recursive: true, force: true });
