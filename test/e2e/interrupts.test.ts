// End to end: the bundled CLI interrupted while Terraform applies a slow resource (a terraform_data
// whose local-exec sleeps). A signal to the CLI's whole process group stands for a terminal's Ctrl-C;
// the CLI must hand Terraform exactly one interrupt, wait for it, record the run as interrupted and
// leave no process and no lock behind. Then the same with --timeout and with kill -9 of the CLI.
import { existsSync, readdirSync, readlinkSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa, type ResultPromise } from "execa";
import { describe, expect, it } from "vitest";
import { runBundledCli } from "../helpers/bundled-cli.js";
import { sandboxConfig } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { tempDir } from "../helpers/project.js";
import { terraformEnv } from "../helpers/tools.js";

const moto = useMoto();
const CLI = resolve("dist/cli.js");

const SLOW_MODULE = [
  `resource "terraform_data" "fast" {`,
  `  input = "fast"`,
  `}`,
  `resource "terraform_data" "slow" {`,
  `  depends_on = [terraform_data.fast]`,
  `  provisioner "local-exec" {`,
  `    command = "sleep 45"`,
  `  }`,
  `}`,
  "",
].join("\n");

async function slowProject(terraform: Record<string, unknown> = {}): Promise<string> {
  const root = await tempDir("devops-interrupt-");
  const config = sandboxConfig(moto().endpoint);
  const handlers = config.handlers as { iac: { terraform: Record<string, unknown> } };
  Object.assign(handlers.iac.terraform, terraform);
  await mkdir(join(root, ".devops"), { recursive: true });
  await mkdir(join(root, "infra"), { recursive: true });
  await writeFile(join(root, ".devops", "devops.json"), JSON.stringify(config, null, 2));
  await writeFile(join(root, "infra", "main.tf"), SLOW_MODULE);
  return root;
}

/** The bundled CLI in a process group of its own, as a shell runs a foreground job. */
function startDeploy(root: string, ...extra: string[]): ResultPromise {
  return execa(
    process.execPath,
    [CLI, "infra", "deploy", "--env", "test", "--skip-tests", "--json", "--verbose", ...extra],
    {
      cwd: root,
      env: { ...terraformEnv({ USER: "tester" }), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      detached: true,
      timeout: 240_000,
    },
  );
}

/** Processes whose command line or working directory is inside `root` (Terraform, its providers, sleep). */
function processesUnder(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd.startsWith(root) || cmdline.includes(root)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // The process ended while it was being read.
    }
  }
  return found;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** True once the slow resource's sleep runs: Terraform is applying it. */
function sleeping(root: string): boolean {
  return processesUnder(root).some((line) => / sleep 45/.test(` ${line.split(": ")[1]}`));
}

async function history(root: string): Promise<Array<Record<string, any>>> {
  const text = await readFile(join(root, ".devops", "deployments", "test", "history.ndjson"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("an engine run interrupted", () => {
  it("hands Terraform one interrupt on a Ctrl-C to the whole group, records it and leaves nothing behind", async () => {
    const root = await slowProject();
    const deploy = startDeploy(root);
    await waitFor("the slow resource to apply", () => sleeping(root));

    process.kill(-deploy.pid!, "SIGINT");
    const ended = await deploy;

    const stderr = String(ended.stderr);
    expect(ended.exitCode).toBe(130);
    expect(stderr.match(/Interrupt received/g) ?? []).toHaveLength(1);
    expect(stderr).not.toMatch(/Two interrupts received/);
    const json = JSON.parse(String(ended.stdout));
    expect(json.error.code).toBe("ENGINE_INTERRUPTED");
    expect(json.error.suggestion).toContain("devops infra check-status --env test");
    expect((await history(root)).at(-1)).toMatchObject({ kind: "deploy", outcome: "interrupted" });
    const failure = JSON.parse(await readFile(join(root, ".devops", "runs", "last-failure.json"), "utf8"));
    expect(failure).toMatchObject({ operation: "deploy", error: { code: "ENGINE_INTERRUPTED" } });
    expect(existsSync(join(root, ".devops", "runs", "test-in-flight.json"))).toBe(false);
    expect(existsSync(join(root, "infra", ".terraform.tfstate.lock.info"))).toBe(false);
    expect(processesUnder(root)).toEqual([]);

    const status = await runBundledCli(root, ["infra", "check-status", "--env", "test"], { USER: "tester" });

    // The slow resource stays in the state, tainted by its interrupted provisioner: planned for replacement.
    expect(status.json.data.resources).toBe(2);
    expect(status.json.data.lastDeployment).toMatchObject({ outcome: "interrupted" });
    expect(status.json.data.state).toBe("changes_pending");
  }, 300_000);

  it("interrupts the engine when --timeout runs out, after warning that nothing moved", async () => {
    const root = await slowProject({ stall_warning: "3s", interrupt_grace: "20s" });

    const ended = await startDeploy(root, "--timeout", "25s");

    expect(ended.exitCode).toBe(124);
    const json = JSON.parse(String(ended.stdout));
    expect(json.error.code).toBe("ENGINE_TIMEOUT");
    expect(json.error.message).toContain("limit 25s");
    expect(json.warnings.join("\n")).toMatch(/terraform apply has made no progress for \d+s/);
    expect((await history(root)).at(-1)).toMatchObject({
      outcome: "interrupted",
      error: { code: "ENGINE_TIMEOUT" },
    });
    expect(processesUnder(root)).toEqual([]);
  }, 300_000);

  it("finds the run of a devops killed with -9 and records it as interrupted, once", async () => {
    const root = await slowProject();
    const deploy = startDeploy(root);
    await waitFor("the slow resource to apply", () => sleeping(root));

    process.kill(deploy.pid!, "SIGKILL");
    await deploy;
    // Terraform outlives a killed parent; its run ends on its own, then the records are read.
    await waitFor("the orphaned engine to finish", () => processesUnder(root).length === 0, 120_000);
    const status = await runBundledCli(root, ["infra", "check-status", "--env", "test"], { USER: "tester" });
    const again = await runBundledCli(root, ["infra", "show-resources", "--env", "test"], { USER: "tester" });

    expect(status.json.data.lastDeployment).toMatchObject({ outcome: "interrupted", error: { code: "RUN_ABANDONED" } });
    expect(status.json.warnings.join("\n")).toMatch(/plan \S+ was used and nothing records what it changed/);
    expect(status.json.data.interrupted).toBeUndefined();
    expect(again.json.warnings ?? []).toEqual([]);
    expect((await history(root)).filter((entry) => entry.outcome === "interrupted")).toHaveLength(1);
  }, 300_000);
});
