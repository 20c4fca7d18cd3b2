// A real moto server (the AWS API emulator) for a test file: one process on 127.0.0.1 per vitest worker,
// reset between tests, which is far cheaper than a fresh server per test.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";
import { testTools } from "./tools.js";

export interface MotoServer {
  /** Base URL for every AWS service, e.g. http://127.0.0.1:41234 */
  endpoint: string;
  port: number;
  /** Drops all emulated AWS state (the /moto-api/config settings survive). */
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Extra environment for the server, e.g. { MOTO_ECS_SERVICE_RUNNING: "2" }. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const STDERR_KEPT = 20_000;
const BIND_ATTEMPTS = 3;

// Servers whose worker dies without afterAll (a crash, a killed run) must not outlive it.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  let lastError: Error | undefined;
  // The port is free when chosen but another process may take it before moto binds; try a new one then.
  for (let attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
    const port = await freePort();
    try {
      return await launch(port, options);
    } catch (error) {
      lastError = error as Error;
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError;
}

async function launch(port: number, options: StartMotoOptions): Promise<MotoServer> {
  const { motoServer } = testTools();
  const child = spawn(motoServer, ["-H", HOST, "-p", String(port)], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...options.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running.delete(child);
      resolve();
    });
    child.once("error", (error) => {
      stderr += `\n${error.message}`;
      running.delete(child);
      resolve();
    });
  });

  const endpoint = `http://${HOST}:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !running.has(child)) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const ready = await waitUntilReady(endpoint, options.readyTimeoutMs ?? READY_TIMEOUT_MS, () => running.has(child));
  if (ready !== "ready") {
    await stop();
    const why =
      ready === "exited"
        ? `exited with ${child.exitCode ?? child.signalCode}`
        : `did not answer within ${options.readyTimeoutMs ?? READY_TIMEOUT_MS} ms`;
    throw new Error(`moto_server (${motoServer}) on ${endpoint} ${why}; its stderr:\n${stderr.trim() || "(empty)"}`);
  }

  return {
    endpoint,
    port,
    stop,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!response.ok)
        throw new Error(`moto reset on ${endpoint} answered ${response.status}: ${await response.text()}`);
    },
  };
}

/** Changes moto's server-wide settings, e.g. `{ lambda: { use_docker: false } }` (survives reset). */
export async function configureMoto(server: MotoServer, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.endpoint}/moto-api/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
  if (!response.ok)
    throw new Error(`moto config on ${server.endpoint} answered ${response.status}: ${await response.text()}`);
}

/**
 * Starts moto before the calling file's tests, resets it after each test and stops it at the end.
 * Returns a getter: call it inside tests and hooks, once the server runs.
 */
export function useMoto(options: StartMotoOptions = {}): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(
    async () => {
      server = await startMoto(options);
    },
    (options.readyTimeoutMs ?? READY_TIMEOUT_MS) + 10_000,
  );
  afterEach(async () => {
    await server?.reset();
  });
  afterAll(async () => {
    await server?.stop();
  }, STOP_GRACE_MS + 5_000);
  return () => {
    if (server === undefined)
      throw new Error("useMoto(): the moto server is not running; use the getter inside a test or hook");
    return server;
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error(`no free port on ${HOST}`))));
    });
  });
}

async function waitUntilReady(
  endpoint: string,
  timeoutMs: number,
  alive: () => boolean,
): Promise<"ready" | "exited" | "timeout"> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) return "exited";
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return "ready";
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return alive() ? "timeout" : "exited";
}
