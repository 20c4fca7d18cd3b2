// Health-check scaling: `devops ops check-health` over 10, 100 and 500 Lambda functions in moto
// (5 metrics each), counting the AWS API calls the CLI makes (through a counting proxy in front of
// the emulator, and as the CLI reports them) and the wall time. Targets: at most one GetMetricData
// call per 500 metric queries; 100 resources in ≤ 3 s.
// Needs moto_server (on PATH, or as found by `npm run test:all`). Starts its own emulator on a free
// 127.0.0.1 port and stops it. Usage: node bench/health-scaling.mjs [--cli dist/cli.js] [--sizes 10,100,500]
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";

const { values } = parseArgs({
  options: { cli: { type: "string", default: "dist/cli.js" }, sizes: { type: "string", default: "10,100,500" } },
});
const cli = resolve(values.cli);
const sizes = values.sizes.split(",").map(Number);
const HOST = "127.0.0.1";
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const METRICS = ["Invocations", "Errors", "Duration", "Throttles", "ConcurrentExecutions"];
const QUERIES_PER_CALL = 500;
const TARGET_MS_AT_100 = 3000;

function motoBinary() {
  const tools = resolve(".devops-cache/test-tools.json");
  if (existsSync(tools)) return JSON.parse(readFileSync(tools, "utf8")).motoServer;
  return "moto_server";
}

const freePort = () =>
  new Promise((done, fail) => {
    const probe = createNetServer()
      .once("error", fail)
      .listen(0, HOST, () => {
        const { port } = probe.address();
        probe.close(() => done(port));
      });
  });

async function startMoto() {
  const port = await freePort();
  const child = spawn(motoBinary(), ["-H", HOST, "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://${HOST}:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (
      await fetch(`${endpoint}/moto-api/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, endpoint };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`moto_server did not start on ${endpoint}`);
}

/** Forwards every request to moto and counts it by operation (JSON protocols' X-Amz-Target, Lambda's REST path). */
async function startCountingProxy(target) {
  const counts = new Map();
  /** Milliseconds the emulator spent answering, per operation (summed over parallel requests). */
  const busy = new Map();
  const upstream = new URL(target);
  const operation = (req) => {
    const amzTarget = req.headers["x-amz-target"];
    if (typeof amzTarget === "string") return amzTarget.split(".").pop();
    if (/^\/2015-03-31\/functions\/[^/]+\/?$/.test(req.url.split("?")[0]) && req.method === "GET") return "GetFunction";
    return `${req.method} ${req.url.split("?")[0]}`;
  };
  const server = createServer((req, res) => {
    const name = operation(req);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const started = performance.now();
    res.once("finish", () => busy.set(name, (busy.get(name) ?? 0) + performance.now() - started));
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  const port = await freePort();
  await new Promise((done) => server.listen(port, HOST, done));
  return { endpoint: `http://${HOST}:${port}`, counts, busy, close: () => new Promise((done) => server.close(done)) };
}

async function inBatches(items, size, work) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

async function seed(endpoint, names) {
  const config = { endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  const role = await new IAMClient(config).send(
    new CreateRoleCommand({ RoleName: "bench-role", AssumeRolePolicyDocument: "{}" }),
  );
  const lambda = new LambdaClient(config);
  const zip = readFileSync(resolve("test/fixtures/stacks/aws-small/lambda.zip"));
  await inBatches(names, 10, (name) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "python3.12",
        Handler: "index.handler",
        Role: role.Role.Arn,
        Code: { ZipFile: zip },
        Timeout: 10,
      }),
    ),
  );
  // moto cannot read the gzip bodies the SDK sends for large PutMetricData requests.
  const cloudwatch = new CloudWatchClient({ ...config, disableRequestCompression: true });
  const at = new Date(Date.now() - 10 * 60_000);
  const data = names.flatMap((name) =>
    METRICS.map((metric) => ({
      MetricName: metric,
      Value: metric === "Invocations" ? 100 : metric === "Duration" ? 120 : 0,
      Timestamp: at,
      Dimensions: [{ Name: "FunctionName", Value: name }],
    })),
  );
  for (let i = 0; i < data.length; i += 500)
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: "AWS/Lambda", MetricData: data.slice(i, i + 500) }));
}

function project(endpoint, names) {
  const root = mkdtempSync(join(tmpdir(), "devops-bench-health-"));
  mkdirSync(join(root, ".devops", "deployments", "test"), { recursive: true });
  const config = {
    version: "1.0",
    project: { name: "bench", subsystem: "api" },
    handlers: {
      hosting: { active: "aws", aws: { region: REGION } },
      iac: { active: "terraform", terraform: { directory: "./infra", backend: { type: "local" } } },
    },
    environments: { test: { require_confirmation: false, endpoint, account_id: ACCOUNT } },
  };
  writeFileSync(join(root, ".devops", "devops.json"), JSON.stringify(config, null, 2));
  const now = new Date().toISOString();
  const resources = names.map((name, i) => ({
    type: "aws_lambda_function",
    terraform_address: `aws_lambda_function.fn[${i}]`,
    name,
    aws_id: name,
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    region: REGION,
    tags: {},
    metadata: { timeout: 10, memory_size: 128 },
    created: now,
    last_seen: now,
    deployment_id: "bench",
  }));
  const registry = {
    schema_version: 1,
    environment: "test",
    project: "bench",
    last_deployed: now,
    deployment_id: "bench",
    resources,
  };
  writeFileSync(join(root, ".devops", "deployments", "test", "registry.json"), JSON.stringify(registry, null, 2));
  return root;
}

/** Runs the CLI as a child process without blocking this process, whose event loop serves the proxy. */
function checkHealth(root) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, "ops", "check-health", "--env", "test", "--json"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: "true" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.once("error", fail);
    child.once("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      let result;
      try {
        result = JSON.parse(stdout);
      } catch {
        fail(new Error(`check-health printed no JSON (exit ${code}): ${stderr || stdout}`));
        return;
      }
      if (!result.ok) fail(new Error(`check-health failed: ${JSON.stringify(result.error)}`));
      else done({ wallMs, exitCode: code, data: result.data });
    });
  });
}

if (!existsSync(cli))
  throw new Error(`${cli} does not exist: build it first (node scripts/build.mjs, or --cli <file>)`);
const moto = await startMoto();
const proxy = await startCountingProxy(moto.endpoint);
const rows = [];
try {
  for (const size of sizes) {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
    const names = Array.from({ length: size }, (_, i) => `bench-fn-${String(i).padStart(4, "0")}`);
    await seed(moto.endpoint, names);
    const root = project(proxy.endpoint, names);
    proxy.counts.clear();
    proxy.busy.clear();
    const run = await checkHealth(root);
    const seen = Object.fromEntries(proxy.counts);
    const busy = Object.fromEntries(proxy.busy);
    rmSync(root, { recursive: true, force: true });
    const queries = run.data.metricQueries;
    rows.push({
      resources: size,
      queries,
      getMetricData: seen.GetMetricData ?? 0,
      expectedGetMetricData: Math.ceil(queries / QUERIES_PER_CALL),
      getFunction: seen.GetFunction ?? 0,
      otherCalls:
        Object.entries(seen)
          .filter(([op]) => op !== "GetMetricData" && op !== "GetFunction")
          .map(([op, n]) => `${op}×${n}`)
          .join(" ") || "-",
      reported: run.data.apiCalls,
      metricDataMs: busy.GetMetricData ?? 0,
      getFunctionMs: busy.GetFunction ?? 0,
      commandMs: run.data.durationMs,
      wallMs: run.wallMs,
      overall: run.data.overall,
      healthy: run.data.resources.healthy,
    });
  }
} finally {
  await proxy.close();
  moto.child.kill("SIGTERM");
}

console.log(
  `check-health scaling (moto, ${METRICS.length} metrics per Lambda function, node ${process.version}, ${cli})`,
);
console.log(
  "resources  queries  GetMetricData (max)  GetFunction  other            in-command ms  wall ms  emulator ms: GetMetricData / GetFunction (summed)  overall",
);
for (const r of rows) {
  console.log(
    `${String(r.resources).padStart(9)}  ${String(r.queries).padStart(7)}  ${`${r.getMetricData} (${r.expectedGetMetricData})`.padStart(19)}  ${String(r.getFunction).padStart(11)}  ${r.otherCalls.padEnd(15)}  ${r.commandMs.toFixed(0).padStart(13)}  ${r.wallMs.toFixed(0).padStart(7)}  ${`${r.metricDataMs.toFixed(0)} / ${r.getFunctionMs.toFixed(0)}`.padStart(48)}  ${r.overall} (${r.healthy} healthy)`,
  );
}
const batching = rows.every(
  (r) => r.getMetricData <= r.expectedGetMetricData && r.reported["cloudwatch:GetMetricData"] === r.getMetricData,
);
const at100 = rows.find((r) => r.resources === 100);
console.log(
  `target: ≤ 1 GetMetricData call per 500 queries (counted at the proxy = reported by the CLI): ${batching ? "met" : "MISSED"}`,
);
if (at100 !== undefined)
  console.log(
    `target: 100 resources in ≤ ${TARGET_MS_AT_100 / 1000} s wall time: ${at100.wallMs <= TARGET_MS_AT_100 ? "met" : "MISSED"} (${(at100.wallMs / 1000).toFixed(2)} s)`,
  );
process.exitCode = batching && (at100 === undefined || at100.wallMs <= TARGET_MS_AT_100) ? 0 : 1;
