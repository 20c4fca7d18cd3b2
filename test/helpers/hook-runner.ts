// Runs the PreToolUse hook exactly as hooks/hooks.json declares it (with ${CLAUDE_PLUGIN_ROOT} substituted,
// through bash as Claude Code does), from a plugin folder, with a PATH that either holds node or provably
// does not.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";

interface HookEntry {
  type: string;
  command: string;
  args?: string[];
  timeout?: number;
  onFailure?: string;
}

export function declaredHook(repoRoot: string): HookEntry {
  const hooks = JSON.parse(readFileSync(join(repoRoot, "hooks", "hooks.json"), "utf8")) as {
    hooks: { PreToolUse: { matcher: string; hooks: HookEntry[] }[] };
  };
  const entry = hooks.hooks.PreToolUse.find((matcher) => matcher.matcher === "Bash")?.hooks[0];
  if (entry === undefined) throw new Error("hooks/hooks.json declares no PreToolUse hook for Bash");
  return entry;
}

const BASH = "/bin/bash";
if (!existsSync(BASH)) throw new Error(`${BASH} is missing: Claude Code runs command hooks through bash`);

/** The programs the hook script itself needs; node is deliberately not among them. */
const SCRIPT_TOOLS = ["cat", "awk"];

/**
 * A PATH directory with the hook script's tools and no node; fails loudly if node is still found. It
 * outlives single tests (tempDir() empties after each), so the caller removes it.
 */
export async function pathWithoutNode(): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), "devops-no-node-"));
  for (const tool of SCRIPT_TOOLS) {
    const found = await execa("/bin/sh", ["-c", `command -v ${tool}`], { reject: false });
    if (found.exitCode !== 0) throw new Error(`the hook script needs ${tool}, which is not installed`);
    await symlink(found.stdout.trim(), join(bin, tool));
  }
  const node = await execa("/bin/sh", ["-c", "command -v node"], { reject: false, env: { PATH: bin } });
  if (node.exitCode === 0) throw new Error(`node is still on the test PATH: ${node.stdout}`);
  return bin;
}

/** A PATH with node (this test's own) and the system's tools. */
export function pathWithNode(): string {
  return [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
}

export function hookInput(command: string, cwd: string, mode = "default"): string {
  return JSON.stringify({
    session_id: "s-1",
    transcript_path: "/tmp/t.jsonl",
    cwd,
    permission_mode: mode,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "d" },
    tool_use_id: "toolu_1",
  });
}

/**
 * Claude Code runs a command hook's string through bash (the exec form, command + args, without a shell);
 * ${CLAUDE_PLUGIN_ROOT} is substituted in the text first.
 */
export async function runDeclaredHook(options: {
  pluginRoot: string;
  input: string;
  path: string;
  cwd: string;
  env?: Record<string, string>;
}) {
  const entry = declaredHook(options.pluginRoot);
  const substitute = (text: string) => text.replaceAll("${CLAUDE_PLUGIN_ROOT}", options.pluginRoot);
  const [program, args] =
    entry.args === undefined
      ? [BASH, ["-c", substitute(entry.command)]]
      : [substitute(entry.command), entry.args.map(substitute)];
  const result = await execa(program, args, {
    cwd: options.cwd,
    input: options.input,
    reject: false,
    timeout: (entry.timeout ?? 10) * 1000,
    env: { PATH: options.path, HOME: options.cwd, CLAUDE_PLUGIN_ROOT: options.pluginRoot, ...options.env },
    extendEnv: false,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}
