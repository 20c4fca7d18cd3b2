// What a Claude Code e2e test file shares: one moto server, one Messages API stand-in, one throwaway
// Claude Code HOME, and a sandbox project made by `devops init --sandbox` (every environment points at
// moto; prod requires a human approval) with a small Terraform module.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runBundledCli } from "./bundled-cli.js";
import {
  type ClaudeRun,
  type ClaudeRunOptions,
  claudeCode,
  claudeSession,
  runClaude,
  SANDBOX_MODULE,
} from "./claude-code.js";
import { type MessagesApi, type ScriptStep, startMessagesApi } from "./messages-api.js";
import { type MotoServer, startMoto } from "./moto.js";
import { terraformEnv } from "./tools.js";

export interface ClaudeSandbox {
  api: MessagesApi;
  moto: MotoServer | undefined;
  session: ReturnType<typeof claudeSession>;
  /** Terraform's settings for what Claude Code runs (the project's CLI config, no checkpoint calls). */
  toolEnv: Record<string, string>;
  /** A fresh sandbox project (removed after the file's tests). */
  project(): Promise<string>;
  /** A fresh folder with no devops configuration at all. */
  plainFolder(): Promise<string>;
  /** Plays `steps` through one `claude -p` run. */
  run(steps: readonly ScriptStep[], options: Omit<ClaudeRunOptions, "session" | "api">): Promise<ClaudeRun>;
}

const SETUP_TIMEOUT_MS = 60_000;

/** Registers the file's setup and teardown; the getter is for use inside tests. */
export function useClaudeSandbox(options: { moto: boolean }): () => ClaudeSandbox {
  let sandbox: ClaudeSandbox | undefined;
  const folders: string[] = [];

  beforeAll(async () => {
    // Fails the file at once, naming the fix, when the binary is missing or does not run.
    claudeCode();
    const moto = options.moto ? await startMoto() : undefined;
    const api = await startMessagesApi();
    const session = claudeSession();
    folders.push(session.home);
    const { PATH: _path, HOME: _home, ...tfEnv } = terraformEnv();
    const toolEnv = { ...tfEnv, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    const folder = async (prefix: string) => {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      folders.push(dir);
      return dir;
    };
    sandbox = {
      api,
      moto,
      session,
      toolEnv,
      plainFolder: () => folder("devops-claude-plain-"),
      async project() {
        if (moto === undefined) throw new Error("useClaudeSandbox({ moto: false }): a sandbox project needs moto");
        const root = await folder("devops-claude-project-");
        const init = await runBundledCli(root, [
          "init",
          "--sandbox",
          "--project",
          "shop",
          "--subsystem",
          "api",
          "--endpoint",
          moto.endpoint,
        ]);
        if (init.exitCode !== 0) throw new Error(`devops init --sandbox failed: ${JSON.stringify(init.json)}`);
        await mkdir(join(root, "infrastructure", "terraform"), { recursive: true });
        await writeFile(join(root, "infrastructure", "terraform", "main.tf"), SANDBOX_MODULE);
        return root;
      },
      run(steps, runOptions) {
        api.script(steps);
        return runClaude({ ...runOptions, session, api: api.url, env: { ...toolEnv, ...runOptions.env } });
      },
    };
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await sandbox?.api.close();
    await sandbox?.moto?.stop();
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  }, SETUP_TIMEOUT_MS);

  return () => {
    if (sandbox === undefined) throw new Error("useClaudeSandbox(): use the getter inside a test, after setup");
    return sandbox;
  };
}
