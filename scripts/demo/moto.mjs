// The demo's own AWS emulator: one moto_server process on a free 127.0.0.1 port (never a wider
// address), started before the first step and stopped by the caller's finally block or signal handler.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const STDERR_KEPT = 4_000;

/** moto_server as found by scripts/setup-test-tools.sh, else the one on PATH. */
export function motoBinary(repo) {
  const tools = join(repo, ".devops-cache", "test-tools.json");
  if (existsSync(tools)) {
    const found = JSON.parse(readFileSync(tools, "utf8")).motoServer;
    if (typeof found === "string" && found !== "") return found;
  }
  return "moto_server";
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts moto_server and waits until it answers. `env` adds server settings, e.g.
 * MOTO_ECS_SERVICE_RUNNING (moto reports that many running tasks for every ECS service).
 */
export async function startMoto({ binary, env = {} }) {
  const port = await freePort();
  const endpoint = `http://${HOST}:${port}`;
  const child = spawn(binary, ["-H", HOST, "-p", String(port)], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  let exited = false;
  const exit = new Promise((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
    child.once("error", (error) => {
      stderr += `\n${error.message}`;
      exited = true;
      resolve();
    });
  });

  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  };
  /** For a signal handler, which cannot wait: kill at once. */
  const kill = () => {
    if (!exited) child.kill("SIGKILL");
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    const ready = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.status === 200;
      },
      () => false,
    );
    if (ready) return { endpoint, port, pid: child.pid, stop, kill };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  const why = exited ? "exited" : `did not answer within ${READY_TIMEOUT_MS / 1000} s`;
  throw new Error(`moto_server (${binary}) on ${endpoint} ${why}; its stderr:\n${stderr.trim() || "(empty)"}`);
}
