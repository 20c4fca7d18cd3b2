// Pre-deployment tests on a 50-resource plan: the pure pipeline (built-in scanner, cost estimate from
// the price table, naming and tagging compliance, verdict, report) in-process, on a generated plan
// that mixes common AWS types. The sources are bundled with esbuild into a temp dir first. Median of
// the runs after one warm-up. Target: ≤ 3 s per run.
// Usage: node bench/pre-deploy-tests.mjs [--runs 15] [--resources 50]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "15" }, resources: { type: "string", default: "50" } },
});
const runs = Math.max(10, Number(values.runs));
const size = Number(values.resources);
const TARGET_MS = 3000;

const dir = mkdtempSync(join(tmpdir(), "devops-bench-tests-"));
const entry = join(dir, "entry.ts");
const root = resolve(".");
writeFileSync(
  entry,
  [
    `export { runPreDeploymentTests } from ${JSON.stringify(join(root, "src/skills/infra/tester/pre-deployment.ts"))};`,
    `export { builtinScanner } from ${JSON.stringify(join(root, "src/skills/infra/tester/builtin-scanner.ts"))};`,
    `export { DevopsConfig } from ${JSON.stringify(join(root, "src/core/config/schema.ts"))};`,
    `export { plannedResourcesOf } from ${JSON.stringify(join(root, "src/handlers/iac/terraform/index.ts"))};`,
  ].join("\n"),
);
const bundle = join(dir, "pipeline.mjs");
await build({
  entryPoints: [entry],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: bundle,
  logLevel: "error",
  // Bundled CommonJS dependencies (proper-lockfile) need `require` for Node built-ins.
  banner: {
    js: "import { createRequire as __benchCreateRequire } from 'node:module';\nconst require = __benchCreateRequire(import.meta.url);",
  },
});
const { runPreDeploymentTests, builtinScanner, DevopsConfig, plannedResourcesOf } = await import(
  pathToFileURL(bundle).href
);

// A plan document as `terraform show -json` prints it: planned_values of `size` resources of common types.
const TAGS = { Project: "shop", Environment: "test", Subsystem: "api", ManagedBy: "devops" };
const KINDS = [
  (i) => ["aws_s3_bucket", { bucket: `shop-api-test-bucket-${i}`, tags: TAGS }],
  (i) => [
    "aws_lambda_function",
    { function_name: `shop-api-test-fn-${i}`, memory_size: 256, runtime: "nodejs20.x", tags: TAGS },
  ],
  (i) => [
    "aws_iam_role",
    {
      name: `shop-api-test-role-${i}`,
      assume_role_policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      tags: TAGS,
    },
  ],
  (i) => ["aws_cloudwatch_log_group", { name: `shop-api-test-logs-${i}`, retention_in_days: 14, tags: TAGS }],
  (i) => ["aws_dynamodb_table", { name: `shop-api-test-table-${i}`, billing_mode: "PAY_PER_REQUEST", tags: TAGS }],
  (i) => ["aws_sqs_queue", { name: `shop-api-test-queue-${i}`, tags: TAGS }],
  (i) => [
    "aws_security_group",
    {
      name: `shop-api-test-sg-${i}`,
      ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/16"] }],
      tags: TAGS,
    },
  ],
  (i) => [
    "aws_instance",
    {
      instance_type: "t3.small",
      root_block_device: [{ volume_size: 20, volume_type: "gp3", encrypted: true }],
      tags: { ...TAGS, Name: `shop-api-test-vm-${i}` },
    },
  ],
  (i) => [
    "aws_db_instance",
    {
      identifier: `shop-api-test-db-${i}`,
      instance_class: "db.t3.micro",
      engine: "postgres",
      allocated_storage: 20,
      storage_encrypted: true,
      tags: TAGS,
    },
  ],
  (i) => ["aws_cloudwatch_metric_alarm", { alarm_name: `shop-api-test-alarm-${i}`, tags: TAGS }],
];
const resources = Array.from({ length: size }, (_, i) => {
  const [type, values] = KINDS[i % KINDS.length](i);
  return {
    address: `${type}.r${i}`,
    mode: "managed",
    type,
    name: `r${i}`,
    provider_name: "registry.terraform.io/hashicorp/aws",
    values,
  };
});
const plan = { format_version: "1.2", planned_values: { root_module: { resources } }, resource_changes: [] };

const config = DevopsConfig.parse({
  version: "1.0",
  project: { name: "shop", subsystem: "api" },
  handlers: { hosting: { active: "aws" }, iac: { active: "terraform" } },
  environments: { test: { cost_threshold: 500 } },
  tagging: { required: ["Project", "Environment"] },
});
const project = {
  cwd: dir,
  env: {},
  io: { notify() {}, progress: () => ({ update() {}, done() {}, fail() {} }), prompt: async () => "" },
  clock: { now: () => new Date() },
  verbose: false,
  location: { path: join(dir, ".devops/devops.json"), root: dir, legacy: false },
  config,
  paths: { root: dir, stateDir: join(dir, ".devops"), deployments: (env) => join(dir, ".devops/deployments", env) },
  environment: () => undefined,
};
const infra = {
  env: { name: "test", region: "us-east-1", costThreshold: 500, prodLike: false, iac: { directory: dir } },
};

async function once() {
  const start = process.hrtime.bigint();
  // From the plan document, as the workflow reads it, to the finished report.
  const report = await runPreDeploymentTests(project, infra, {
    resources: plannedResourcesOf(plan),
    scanners: [builtinScanner],
    pricing: { mode: "table" },
  });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, report };
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

const { report } = await once();
const samples = [];
for (let i = 0; i < runs; i += 1) samples.push((await once()).ms);
const value = median(samples);

console.log(`pre-deployment tests, ${size}-resource plan, median of ${runs} runs (node ${process.version})`);
console.log(`${"tests".padEnd(28)} ${report.tests.map((t) => `${t.name}:${t.status}`).join(" ")}`);
console.log(
  `${"findings".padEnd(28)} ${report.findings.length} (${Object.entries(report.analysis.findings_summary)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")})`,
);
console.log(
  `${"estimated monthly cost".padEnd(28)} $${report.analysis.cost_analysis.estimated_monthly_cost.toFixed(2)} (${report.overall_status})`,
);
console.log(
  `${"median".padEnd(28)} ${value.toFixed(1).padStart(8)} ms  (min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)}; target ≤ ${TARGET_MS} ms)`,
);
rmSync(dir, { recursive: true, force: true });
if (value > TARGET_MS) process.exitCode = 1;
