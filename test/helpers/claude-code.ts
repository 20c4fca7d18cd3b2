// The real Claude Code (`claude -p`, pinned through the dev dependency @anthropic-ai/claude-code and
// located by scripts/setup-test-tools.sh) with this repository loaded as a plugin, pointed at a scripted
// Messages API stand-in on 127.0.0.1. Each run gets a throwaway HOME and CLAUDE_CONFIG_DIR and an explicit
// environment, so nothing of the developer's own Claude Code settings, plugins or credentials leaks in.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { execa } from "execa";
import { z } from "zod";
import { testTools } from "./tools.js";

const REPO = join(import.meta.dirname, "..", "..");
const TOOLS_FILE = join(REPO, ".devops-cache", "claude-code.json");
const SETUP = "run npm run test:all (scripts/setup-test-tools.sh) first";
const RUN_TIMEOUT_MS = 120_000;

const ClaudeTools = z.object({ claude: z.string().min(1), claudeVersion: z.string().min(1) });

export interface ClaudeCode {
  /** The native binary the npm package runs. */
  bin: string;
  version: string;
}

let located: ClaudeCode | undefined;

/**
 * The Claude Code binary the setup script found (it checks the version against package.json's pin),
 * checked here to still run; throws, naming the fix, otherwise, so a suite that needs it fails instead
 * of skipping.
 */
export function claudeCode(): ClaudeCode {
  located ??= locate();
  return located;
}

function locate(): ClaudeCode {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(TOOLS_FILE, "utf8"));
  } catch (error) {
    throw new Error(`${SETUP}: ${TOOLS_FILE} cannot be read (${(error as Error).message})`);
  }
  const parsed = ClaudeTools.safeParse(json);
  if (!parsed.success) throw new Error(`${SETUP}: ${TOOLS_FILE} names no Claude Code binary (${parsed.error.message})`);
  const { claude: bin, claudeVersion: version } = parsed.data;
  let printed: string;
  try {
    printed = execFileSync(bin, ["--version"], { encoding: "utf8", timeout: 30_000, env: { PATH: "/usr/bin:/bin" } });
  } catch (error) {
    throw new Error(`${SETUP}: the Claude Code binary ${bin} does not run: ${(error as Error).message}`);
  }
  if (!printed.startsWith(`${version} `))
    throw new Error(`${SETUP}: ${bin} --version printed "${printed.trim()}", expected ${version}`);
  return { bin, version };
}

/** A folder of links to every program in `dirs` but Node.js, for a PATH on which `node` is not found. */
export function pathWithoutNode(dirs: readonly string[], into: string): string {
  const shadow = join(into, "bin-without-node");
  mkdirSync(shadow, { recursive: true });
  const hidden = new Set(["node", "nodejs", "npm", "npx", "corepack"]);
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (hidden.has(name) || existsSync(join(shadow, name))) continue;
      symlinkSync(join(dir, name), join(shadow, name));
    }
  }
  return shadow;
}

export interface ClaudeSession {
  /** The throwaway folder holding HOME, CLAUDE_CONFIG_DIR and the PATH shadows. */
  home: string;
  /** Directories of the PATH Claude Code and its Bash tool get, Node.js's and Terraform's included. */
  pathDirs: string[];
  remove(): void;
}

/** A throwaway HOME for a test file's runs (one per file keeps the runs cheap; nothing is shared across files). */
export function claudeSession(): ClaudeSession {
  const home = mkdtempSync(join(tmpdir(), "devops-claude-home-"));
  mkdirSync(join(home, ".claude"), { recursive: true });
  const pathDirs = [
    ...new Set([dirname(process.execPath), dirname(testTools().terraform), "/usr/local/bin", "/usr/bin", "/bin"]),
  ];
  return { home, pathDirs, remove: () => rmSync(home, { recursive: true, force: true }) };
}

export interface ClaudeRunOptions {
  session: ClaudeSession;
  /** The stand-in's URL (ANTHROPIC_BASE_URL). */
  api: string;
  prompt: string;
  cwd: string;
  /** The PATH given to Claude Code (and so to its Bash tool and hooks); session.pathDirs by default. */
  path?: string;
  /** More environment for Claude Code and what it runs, e.g. the Terraform CLI config. */
  env?: Record<string, string>;
  /** Extra arguments, e.g. ["--allowedTools", "Skill"]. */
  args?: string[];
}

/** What `claude -p --output-format json` reports at the end of a run. */
const RunResult = z.looseObject({
  type: z.literal("result"),
  subtype: z.string(),
  is_error: z.boolean(),
  result: z.string().optional(),
  num_turns: z.number(),
  permission_denials: z.array(
    z.looseObject({ tool_name: z.string(), tool_use_id: z.string(), tool_input: z.record(z.string(), z.unknown()) }),
  ),
});
export type RunResult = z.infer<typeof RunResult>;

export interface ClaudeRun {
  exitCode: number | undefined;
  result: RunResult;
  stderr: string;
  durationMs: number;
}

/** Runs `claude -p <prompt>` with this repository as a plugin (`--plugin-dir`), answered by the stand-in. */
export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const { bin } = claudeCode();
  const { session } = options;
  const started = Date.now();
  const run = await execa(
    bin,
    ["-p", options.prompt, "--output-format", "json", "--plugin-dir", REPO, ...(options.args ?? [])],
    {
      cwd: options.cwd,
      extendEnv: false,
      env: {
        PATH: options.path ?? session.pathDirs.join(delimiter),
        HOME: session.home,
        CLAUDE_CONFIG_DIR: join(session.home, ".claude"),
        ANTHROPIC_BASE_URL: options.api,
        ANTHROPIC_API_KEY: "sk-ant-standin",
        // No telemetry, update checks or other calls beyond the Messages API.
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        DISABLE_AUTOUPDATER: "1",
        ...options.env,
      },
      stdin: "ignore",
      reject: false,
      timeout: RUN_TIMEOUT_MS,
    },
  );
  const durationMs = Date.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(
      `claude -p exited ${run.exitCode} without a JSON result (${durationMs} ms)\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`,
    );
  }
  return { exitCode: run.exitCode, result: RunResult.parse(json), stderr: run.stderr, durationMs };
}

/** A minimal Terraform root module: two terraform_data items, no provider to download, nothing in AWS. */
export const SANDBOX_MODULE = [
  `resource "terraform_data" "item" {`,
  `  count = 2`,
  `  input = "v1-\${count.index}"`,
  `}`,
  `output "count" { value = length(terraform_data.item) }`,
  "",
].join("\n");

/** Where Terraform keeps a workspace's local state in the sandbox project. */
export function workspaceState(project: string, workspace: string): string {
  return join(project, "infrastructure", "terraform", "terraform.tfstate.d", workspace, "terraform.tfstate");
}

/** The resources a workspace's local state holds (none when it has no state at all). */
export function resourcesIn(project: string, workspace: string): string[] {
  const path = workspaceState(project, workspace);
  if (!existsSync(path)) return [];
  const state = JSON.parse(readFileSync(path, "utf8")) as { resources?: { type: string; name: string }[] };
  return (state.resources ?? []).map((resource) => `${resource.type}.${resource.name}`);
}
