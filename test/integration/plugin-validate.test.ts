// The plugin layer checked by Claude Code's own validator (the real `claude` binary from the dev
// dependency @anthropic-ai/claude-code), plus the rules our markdown must keep: the CLI is the only
// executor, it is always invoked the same way, and markdown names only commands that exist.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { MARKDOWN_COMMANDS } from "../../src/core/commands/index.js";
import { runCli } from "../helpers/cli.js";

/** Words that group subcommands (`devops <group> <sub>`): the first word of every longer declared path. */
const COMMAND_GROUPS = [
  ...new Set(MARKDOWN_COMMANDS.filter((path) => path.includes(" ")).map((path) => path.split(" ")[0]!)),
];

/** Declared commands markdown may name, as `<command>` or `<group> <subcommand>` (what this test reads). */
const AVAILABLE_COMMANDS = [...new Set(MARKDOWN_COMMANDS.map((path) => path.split(" ").slice(0, 2).join(" ")))];

const CLI_INVOCATION = 'node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js"';
const SHELL_RECIPE = /^(?:aws|jq|terraform|tofu|curl) |\| *jq\b/;
const VALIDATOR_TIMEOUT_MS = 120_000;

const root = fileURLToPath(new URL("../..", import.meta.url));
const claudeBin = join(root, "node_modules", ".bin", "claude");

interface MarkdownFile {
  path: string;
  text: string;
  frontmatter: Record<string, string>;
}

function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Flat `key: value` frontmatter; enough for the keys these files use. */
function parseFrontmatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match?.[1]) return {};
  const entries = match[1]
    .split("\n")
    .map((line) => /^([\w-]+):\s*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] ?? "", (m[2] ?? "").replace(/^"(.*)"$/, "$1")] as const);
  return Object.fromEntries(entries);
}

function readMarkdown(path: string): MarkdownFile {
  const text = readFileSync(path, "utf8");
  return { path: relative(root, path), text, frontmatter: parseFrontmatter(text) };
}

/** The markdown Claude Code loads: skills, commands and agents. */
function pluginMarkdown(): MarkdownFile[] {
  return [
    ...listFiles(join(root, "skills"), (name) => name === "SKILL.md"),
    ...listFiles(join(root, "commands"), (name) => name.endsWith(".md")),
    ...listFiles(join(root, "agents"), (name) => name.endsWith(".md")),
  ].map(readMarkdown);
}

/** Everything a reader sees: the plugin markdown plus README and docs. */
function allMarkdown(): MarkdownFile[] {
  const extra = [
    ...(existsSync(join(root, "README.md")) ? [join(root, "README.md")] : []),
    ...listFiles(join(root, "docs"), (name) => name.endsWith(".md")),
  ];
  return [...pluginMarkdown(), ...extra.map(readMarkdown)];
}

/** Text inside fenced blocks and inline code spans: where invocations are written. */
function codeOf(text: string): string[] {
  const fenced = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? "");
  const withoutFences = text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  const inline = [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
  return [...fenced, ...inline];
}

/** Every CLI command named in code, as `<command>` or `<group> <sub>`. */
function invokedCommands(text: string): string[] {
  const found: string[] = [];
  for (const code of codeOf(text)) {
    const invocation = /(?:(?:^|[\s(])devops|dist\/cli\.js")[ \t]+([a-z][\w-]*)(?:[ \t]+([a-z][\w-]*))?/g;
    for (const [, command, sub] of code.matchAll(invocation)) {
      const isGroup = (COMMAND_GROUPS as readonly string[]).includes(command ?? "");
      found.push(isGroup ? `${command} ${sub ?? "<missing subcommand>"}` : (command ?? ""));
    }
  }
  return found;
}

function invokesCli(file: MarkdownFile): boolean {
  return file.text.includes("dist/cli.js");
}

function offendingLines(file: MarkdownFile, isBad: (line: string) => boolean): string[] {
  return file.text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => isBad(line))
    .map(({ line, number }) => `${file.path}:${number}: ${line.trim()}`);
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, path), "utf8")) as Record<string, unknown>;
}

async function validate(target: string) {
  if (!existsSync(claudeBin)) {
    throw new Error(
      `Claude Code's validator is missing (${relative(root, claudeBin)} not found). ` +
        "Run the project's test setup (npm ci) to install the dev dependency @anthropic-ai/claude-code.",
    );
  }
  return execa(claudeBin, ["plugin", "validate", "--strict", "--profile", "directory", target], {
    cwd: root,
    reject: false,
    all: true,
    stdin: "ignore",
    env: { CI: "true", NO_COLOR: "1" },
    timeout: VALIDATOR_TIMEOUT_MS - 10_000,
  });
}

describe("claude plugin validate --strict --profile directory", () => {
  it.each([
    { target: ".", what: "the repository (marketplace and plugin)" },
    { target: ".claude-plugin/plugin.json", what: "the plugin manifest" },
  ])(
    "passes for $what with nothing to report",
    async ({ target }) => {
      const result = await validate(target);

      expect(result.all, result.all).not.toMatch(/⚠|✘|warning|Advice|problem/i);
      expect(result.all).toContain("✔ These checks found nothing to report");
      expect(result.all).toContain("✔ Validation passed");
      expect(result.exitCode, result.all).toBe(0);
    },
    VALIDATOR_TIMEOUT_MS,
  );
});

describe("plugin markdown", () => {
  it("exists: skills, commands and agents are all present", () => {
    const paths = pluginMarkdown().map((file) => file.path);

    expect(paths.some((path) => path.startsWith("skills/"))).toBe(true);
    expect(paths.some((path) => path.startsWith("commands/"))).toBe(true);
    expect(paths.some((path) => path.startsWith("agents/"))).toBe(true);
  });

  it(`invokes the CLI only as ${CLI_INVOCATION}`, () => {
    const bad = pluginMarkdown().flatMap((file) =>
      offendingLines(
        file,
        (line) =>
          /\$CLAUDE_PLUGIN_ROOT/.test(line) || line.split("dist/cli.js").length !== line.split(CLI_INVOCATION).length,
      ),
    );

    expect(bad).toEqual([]);
  });

  it("pre-approves the CLI in every command and skill that runs it", () => {
    const missing = pluginMarkdown()
      .filter((file) => !file.path.startsWith("agents/") && invokesCli(file))
      .filter((file) => !(file.frontmatter["allowed-tools"] ?? "").includes("Bash(node:*)"))
      .map((file) => file.path);

    expect(missing).toEqual([]);
  });

  it("contains no shell recipes (aws, jq, terraform, tofu, curl)", () => {
    const bad = pluginMarkdown().flatMap((file) =>
      offendingLines(file, (line) => SHELL_RECIPE.test(line.trim().replace(/^(?:\$ |`)+/, ""))),
    );

    expect(bad).toEqual([]);
  });

  it("names only CLI commands that exist in this release", () => {
    const unknown = allMarkdown().flatMap((file) =>
      invokedCommands(file.text)
        .filter((command) => !(AVAILABLE_COMMANDS as readonly string[]).includes(command))
        .map((command) => `${file.path}: devops ${command}`),
    );

    expect(unknown).toEqual([]);
  });

  it("gives every agent a name, a short description and an explicit tool list", () => {
    const agents = pluginMarkdown().filter((file) => file.path.startsWith("agents/"));

    for (const agent of agents) {
      const { name, description, tools } = agent.frontmatter;
      expect(name, agent.path).toBe(agent.path.replace(/^agents\/(.*)\.md$/, "$1"));
      expect(description?.length ?? 0, agent.path).toBeGreaterThan(0);
      expect(description?.length ?? Infinity, agent.path).toBeLessThanOrEqual(200);
      expect(tools, agent.path).toBeTruthy();
    }
  });

  it("hands forked commands to an existing agent by its namespaced name", () => {
    const forks = pluginMarkdown().filter((file) => file.frontmatter.context === "fork");

    expect(forks.length).toBeGreaterThan(0);
    for (const fork of forks) {
      const agent = fork.frontmatter.agent ?? "";
      expect(agent, fork.path).toMatch(/^devops:[a-z-]+$/);
      expect(existsSync(join(root, "agents", `${agent.slice("devops:".length)}.md`)), fork.path).toBe(true);
      expect(fork.frontmatter.background, fork.path).toBe("false");
      expect(fork.text, fork.path).toContain("$ARGUMENTS");
    }
  });
});

describe("versions", () => {
  it("agree across package.json, plugin.json and the marketplace entry", () => {
    const pkg = readJson("package.json");
    const plugin = readJson(".claude-plugin/plugin.json");
    const marketplace = readJson(".claude-plugin/marketplace.json") as {
      plugins: { name: string; version?: string }[];
    };

    const entry = marketplace.plugins.find((p) => p.name === plugin.name);

    expect(plugin.version).toBe(pkg.version);
    expect(entry?.version).toBe(pkg.version);
  });
});

describe("hooks/hooks.json", () => {
  const hooks = readJson("hooks/hooks.json") as {
    hooks: Record<
      string,
      { matcher?: string; hooks: { type: string; command: string; timeout?: number; onFailure?: string }[] }[]
    >;
  };
  const preToolUse = hooks.hooks.PreToolUse?.find((entry) => entry.matcher === "Bash")?.hooks ?? [];

  it("gates Bash calls with the bundled CLI's hook pre-tool-use, quoting the plugin root", () => {
    expect(preToolUse).toEqual([
      {
        type: "command",
        command: `${CLI_INVOCATION} hook pre-tool-use`,
        timeout: expect.any(Number),
        onFailure: "block",
      },
    ]);
  });

  it("names a command that exists", async () => {
    const argv = (preToolUse[0]?.command ?? "").slice(CLI_INVOCATION.length).trim().split(/\s+/);

    const run = await runCli([...argv, "--help"], { cwd: root });

    expect(argv).toEqual(["hook", "pre-tool-use"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Usage: devops hook pre-tool-use");
  });
});
