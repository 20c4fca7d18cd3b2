// Deploy overhead: `devops infra deploy` against bare `terraform plan -out` + `terraform apply` of the
// same 50-resource terraform_data configuration, on fresh state each round. Start-up work that both
// need once (terraform init) is done before timing. Target: ≤ 15 % overhead.
// Needs terraform and moto_server (the account check calls STS on the emulator); run
// `npm run test:all` once so .devops-cache/terraformrc exists. Usage: node bench/deploy-overhead.mjs [--rounds 3]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, resources: { type: "string", default: "50" } },
});
const cli = resolve("dist/cli.js");
const cliConfig = resolve(".devops-cache/terraformrc");
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  CHECKPOINT_DISABLE: "1",
  TF_IN_AUTOMATION: "1",
  CI: "true",
  ...(existsSync(cliConfig) ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
};
const module = `resource "terraform_data" "item" {\n  count = ${Number(values.resources)}\n  input = "v-\${count.index}"\n}\n`;

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, env, encoding: "utf8" });
  if (result.status !== 0 && result.status !== 2)
    throw new Error(`${cmd} ${args.join(" ")} exited ${result.status}: ${result.stderr || result.stdout}`);
  return result;
}

function timed(work) {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const port = await new Promise((done) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port: chosen } = server.address();
    server.close(() => done(chosen));
  });
});
const moto = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
for (let i = 0; i < 100; i += 1) {
  if (
    await fetch(`http://127.0.0.1:${port}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 200));
}

const bare = [];
const devops = [];
try {
  for (let round = 0; round < Number(values.rounds); round += 1) {
    const plain = mkdtempSync(join(tmpdir(), "bench-bare-"));
    writeFileSync(join(plain, "main.tf"), module);
    run("terraform", ["init", "-input=false", "-no-color"], plain);
    bare.push(
      timed(() => {
        run("terraform", ["plan", "-input=false", "-no-color", "-out=plan.tfplan"], plain);
        run("terraform", ["apply", "-input=false", "-no-color", "plan.tfplan"], plain);
      }),
    );

    const project = mkdtempSync(join(tmpdir(), "bench-devops-"));
    mkdirSync(join(project, "infrastructure", "terraform"), { recursive: true });
    writeFileSync(join(project, "infrastructure", "terraform", "main.tf"), module);
    run(process.execPath, [cli, "init", "--sandbox", "--endpoint", `http://127.0.0.1:${port}`, "--json"], project);
    run(process.execPath, [cli, "infra", "preview-changes", "--env", "test", "--json"], project);
    devops.push(timed(() => run(process.execPath, [cli, "infra", "deploy", "--env", "test", "--json"], project)));
    rmSync(plain, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  }
} finally {
  moto.kill("SIGTERM");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const b = median(bare);
const d = median(devops);
console.log(`deploy overhead, ${values.resources} terraform_data resources, median of ${values.rounds} rounds`);
console.log(`terraform plan + apply       ${b.toFixed(0).padStart(6)} ms`);
console.log(`devops infra deploy          ${d.toFixed(0).padStart(6)} ms`);
console.log(`overhead                     ${(((d - b) / b) * 100).toFixed(1).padStart(6)} %`);
