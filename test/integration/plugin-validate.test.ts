// The plugin layer checked by Claude Code's own validator (the real `claude` binary from the dev
// dependency @anthropic-ai/claude-code), plus the rules our markdown must keep: the CLI is the only
// executor, it is always invoked the same way (`devops …`, the plugin's bin/ being on the Bash tool's
// PATH), only it is pre-approved, what changes an environment is started by the person, and markdown
// names only commands that exist.

import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MARKDOWN_COMMANDS, MUTATING_COMMANDS } from "../../src/core/commands/index.js";

/** Words that group subcommands (`devops <group> <sub>`): the first word of every longer declared path. */
const COMMAND_GROUPS = [
  ...new Set(MARKDOWN_COMMANDS.filter((path) => path.includes(" ")).map((path) => path.split(" ")[0]!)),
];

/** Declared commands markdown may name, as `<command>` or `<group> <subcommand>` (what this test reads). */
const AVAILABLE_COMMANDS = [...new Set(MARKDOWN_COMMANDS.map((path) => path.split(" ").slice(0, 2).join(" ")))];

/**
 * The Bash rules plugin markdown may pre-approve: the CLI itself, never an interpreter. A skill names its own
 * commands (`Bash(devops infra deploy *)`); only a command that forks into an agent, which runs many, has the
 * whole CLI (`Bash(devops *)`).
 */
const CLI_RULE = /^Bash\(devops((?: [a-z][\w-]*)*) \*\)$/;
const WHOLE_CLI_RULE = "Bash(devops *)";
/** Commands that change the project's setup or an environment; markdown that runs them is started by the person. */
const PERSON_ONLY_COMMANDS = ["init", ...MUTATING_COMMANDS];
/** Claude Code ≥ 2.1.295 runs a hook's onFailure; ≥ 2.1.91 puts the plugin's bin/ on the Bash tool's PATH. */
const MINIMUM_CLAUDE_CODE = ">=2.1.295";
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

/** Every CLI command named in code, as `<command>` or `<group> <sub>` (or `<group> <sub> <sub>`). */
function invokedCommands(text: string): string[] {
  const found: string[] = [];
  for (const code of codeOf(text)) {
    const invocation = /(?:^|[\s(])devops[ \t]+([a-z][\w-]*)(?:[ \t]+([a-z][\w-]*))?(?:[ \t]+([a-z][\w-]*))?/g;
    for (const [, command, sub, third] of code.matchAll(invocation)) {
      const isGroup = (COMMAND_GROUPS as readonly string[]).includes(command ?? "");
      const path = isGroup ? `${command} ${sub ?? "<missing subcommand>"}` : (command ?? "");
      found.push((COMMAND_GROUPS as readonly string[]).includes(path) && third ? `${path} ${third}` : path);
    }
  }
  return found;
}

function invokesCli(file: MarkdownFile): boolean {
  return invokedCommands(file.text).length > 0;
}

/** The Bash rules in a frontmatter `allowed-tools` list. */
function bashRules(file: MarkdownFile): string[] {
  return (file.frontmatter["allowed-tools"] ?? "")
    .split(/,(?![^(]*\))/)
    .map((rule) => rule.trim())
    .filter((rule) => rule.startsWith("Bash"));
}

/** The agent a forked command hands its work to, if any. */
function forkedAgent(file: MarkdownFile, agents: MarkdownFile[]): MarkdownFile | undefined {
  if (file.frontmatter.context !== "fork") return undefined;
  const name = (file.frontmatter.agent ?? "").replace(/^devops:/, "");
  return agents.find((agent) => agent.frontmatter.name === name);
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

describe("token cost per claude plugin details (npm run bench:token-cost)", () => {
  it(
    "stays within 500 always-on tokens and 1,500 for the largest body",
    async () => {
      const run = await execa(process.execPath, ["bench/token-cost.mjs", "--json"], { cwd: root, reject: false });
      const figures = JSON.parse(run.stdout) as { alwaysOn: number; largestOnInvoke: { onInvoke: number } };

      expect(figures.alwaysOn, run.stdout).toBeLessThanOrEqual(500);
      expect(figures.largestOnInvoke.onInvoke, run.stdout).toBeLessThanOrEqual(1500);
      expect(run.exitCode, run.stderr).toBe(0);
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

  it("invokes the CLI only as `devops …`, never through node or the bundle's path", () => {
    const bad = pluginMarkdown().flatMap((file) =>
      offendingLines(file, (line) => /CLAUDE_PLUGIN_ROOT|dist\/cli\.js|\bnode\s+["'$/.-]/.test(line)),
    );

    expect(bad).toEqual([]);
  });

  it("pre-approves in Bash only devops commands: a skill its own, a forked command the whole CLI", () => {
    const all = pluginMarkdown();
    const agents = all.filter((file) => file.path.startsWith("agents/"));
    const known = [...AVAILABLE_COMMANDS, ...MARKDOWN_COMMANDS, ...COMMAND_GROUPS, "infra permissions"];
    const allowed = (file: MarkdownFile, rule: string) => {
      const path = CLI_RULE.exec(rule)?.[1]?.trim();
      if (path === undefined) return false;
      if (path === "") return rule === WHOLE_CLI_RULE && forkedAgent(file, agents) !== undefined;
      return (known as readonly string[]).includes(path);
    };
    const files = all.filter((file) => !file.path.startsWith("agents/"));

    const wrong = files.flatMap((file) =>
      bashRules(file)
        .filter((rule) => !allowed(file, rule))
        .map((rule) => `${file.path}: ${rule}`),
    );
    const missing = files.filter(
      (file) => (invokesCli(file) || forkedAgent(file, agents) !== undefined) && bashRules(file).length === 0,
    );

    expect(wrong).toEqual([]);
    expect(missing.map((file) => file.path)).toEqual([]);
  });

  it("pre-approves in a person-only skill nothing but the change it is for", () => {
    const rules = Object.fromEntries(
      pluginMarkdown()
        .filter((file) => file.path.startsWith("skills/") && file.frontmatter["disable-model-invocation"] === "true")
        .map((file) => [file.path, bashRules(file)]),
    );

    expect(rules).toEqual({
      "skills/infra-deployer/SKILL.md": ["Bash(devops infra deploy *)"],
      "skills/infra-permission-manager/SKILL.md": ["Bash(devops infra permissions *)"],
      "skills/infra-state/SKILL.md": [
        "Bash(devops infra state rm *)",
        "Bash(devops infra state mv *)",
        "Bash(devops infra import *)",
        "Bash(devops infra unlock *)",
      ],
      "skills/infra-teardown/SKILL.md": ["Bash(devops infra teardown *)"],
      "skills/ops-responder/SKILL.md": ["Bash(devops ops remediate *)"],
    });
  });

  it("leaves to the person every skill and command that runs a command changing the setup or an environment", () => {
    const all = pluginMarkdown();
    const agents = all.filter((file) => file.path.startsWith("agents/"));
    const changes = (file: MarkdownFile) =>
      invokedCommands(file.text).some((command) => (PERSON_ONLY_COMMANDS as readonly string[]).includes(command));

    const startable = all
      .filter((file) => !file.path.startsWith("agents/"))
      .filter(
        (file) => changes(file) || (forkedAgent(file, agents) !== undefined && changes(forkedAgent(file, agents)!)),
      )
      .filter((file) => file.frontmatter["disable-model-invocation"] !== "true")
      .map((file) => file.path);

    expect(startable).toEqual([]);
  });

  it("keeps the read-only skills available to the model and the agents", () => {
    const personOnly = pluginMarkdown()
      .filter((file) => file.path.startsWith("skills/") && file.frontmatter["disable-model-invocation"] === "true")
      .map((file) => file.path);

    expect(personOnly).toEqual([
      "skills/infra-deployer/SKILL.md",
      "skills/infra-permission-manager/SKILL.md",
      "skills/infra-state/SKILL.md",
      "skills/infra-teardown/SKILL.md",
      "skills/ops-responder/SKILL.md",
    ]);
  });

  it("runs an approval one way everywhere: the person signs data.approval.sign, then data.approval.command with --json added", () => {
    const files = pluginMarkdown().filter((file) => /needs_confirmation|approval/.test(file.text));
    const stray = files.flatMap((file) =>
      offendingLines(file, (line) => /exactly as given|command (it|the output) gives|confirmation command/.test(line)),
    );
    const withoutRule = files
      .filter((file) => /needs_confirmation/.test(file.text))
      .filter((file) => !file.text.replace(/\s+/g, " ").includes("`data.approval.command` with `--json` added"))
      .map((file) => file.path);

    // The person signs in their own terminal; no file tells the model about a code it could replay.
    const withoutSigning = files
      .filter((file) => /needs_confirmation/.test(file.text))
      .filter((file) => !file.text.includes("`data.approval.sign`"))
      .map((file) => file.path);
    const codes = files.flatMap((file) =>
      offendingLines(file, (line) => /confirmation code|one-time code|--confirm/.test(line)),
    );

    expect(files.length).toBeGreaterThan(0);
    expect(stray).toEqual([]);
    expect(withoutRule).toEqual([]);
    expect(withoutSigning).toEqual([]);
    expect(codes).toEqual([]);
  });

  it("gives agents only the tools they use: Agent, Bash, Read, Skill", () => {
    for (const agent of pluginMarkdown().filter((file) => file.path.startsWith("agents/"))) {
      const tools = (agent.frontmatter.tools ?? "").split(",").map((tool) => tool.trim());
      expect(
        tools.filter((tool) => !["Agent", "Bash", "Read", "Skill"].includes(tool)),
        agent.path,
      ).toEqual([]);
    }
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
  it(`declares the Claude Code it needs (${MINIMUM_CLAUDE_CODE})`, () => {
    expect(readJson(".claude-plugin/plugin.json").engines).toEqual({ "claude-code": MINIMUM_CLAUDE_CODE });
  });

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
    hooks: Record<string, { matcher?: string; hooks: { type: string; command: string; args?: string[] }[] }[]>;
  };
  const commandHooks = Object.values(hooks.hooks)
    .flat()
    .flatMap((entry) => entry.hooks)
    .filter((hook) => hook.type === "command");
  const rootPaths = (text: string) => [...text.matchAll(/\$\{CLAUDE_PLUGIN_ROOT\}\/([^"\s]+)/g)].map((m) => m[1]!);

  it("gates Bash calls before they run", () => {
    expect(hooks.hooks.PreToolUse?.some((entry) => entry.matcher === "Bash")).toBe(true);
  });

  it("runs only files shipped with the plugin, the plugin root quoted wherever a shell reads it", () => {
    const named = commandHooks.flatMap((hook) => [hook.command, ...(hook.args ?? [])].flatMap(rootPaths));
    // In the exec form (args) no shell splits the path; in the shell form an unquoted root breaks on spaces.
    const unquoted = commandHooks
      .filter((hook) => hook.args === undefined && /(?<!")\$\{CLAUDE_PLUGIN_ROOT\}/.test(hook.command))
      .map((hook) => hook.command);

    expect(named.length).toBeGreaterThan(0);
    expect(unquoted).toEqual([]);
    for (const path of named) expect(existsSync(join(root, path)), path).toBe(true);
  });
});

describe("packaging: installing from a marketplace installs nothing", () => {
  const pkg = readJson("package.json");

  // Claude Code runs `npm ci` (dev dependencies included) in an installed plugin that ships package.json and a
  // lockfile, and notes in `claude plugin list` that packages were not installed when package.json lists
  // dependencies, optionalDependencies, peerDependencies or workspaces it did not install. The bundle carries
  // everything at run time, so every package is a development one, and `overrides` (which Claude Code does not
  // apply) makes it install none of them.
  it.each(["dependencies", "optionalDependencies", "peerDependencies", "workspaces", "bundleDependencies"])(
    "lists no %s",
    (field) => {
      expect(pkg[field]).toBeUndefined();
    },
  );

  it("keeps the overrides entry that stops Claude Code from installing the development packages", () => {
    expect(Object.keys((pkg.overrides ?? {}) as object).length).toBeGreaterThan(0);
  });

  it("ships bin/devops as an executable that runs the bundle", () => {
    const mode = statSync(join(root, "bin", "devops")).mode;

    expect(mode & 0o111).toBe(0o111);
    expect(readFileSync(join(root, "bin", "devops"), "utf8")).toContain("../dist/cli.js");
  });
});

/**
 * Serves the git repositories under `dir` over smart HTTP through `git http-backend`: Claude Code adds a
 * marketplace from an http(s) git URL (it refuses file:// URLs and reads a local folder in place, without
 * the install step a clone goes through).
 */
function serveGit(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const backend = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: dir,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? "GET",
        CONTENT_TYPE: request.headers["content-type"] ?? "",
        GIT_PROTOCOL: String(request.headers["git-protocol"] ?? ""),
      },
    });
    request.pipe(backend.stdin);
    let head = Buffer.alloc(0);
    let inBody = false;
    backend.stdout.on("data", (chunk: Buffer) => {
      if (inBody) return void response.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      inBody = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const colon = line.indexOf(":");
        const [name, value] = [line.slice(0, colon), line.slice(colon + 1).trim()];
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else response.setHeader(name, value);
      }
      response.writeHead(status);
      response.write(head.subarray(end + 4));
    });
    backend.stdout.on("end", () => response.end());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("installed from a git marketplace by the real Claude Code", () => {
  const work = mkdtempSync(join(tmpdir(), "devops-plugin-install-"));
  const home = join(work, "home");
  const env = { PATH: process.env.PATH, HOME: home, CI: "true", NO_COLOR: "1" };
  let server: Server;
  let marketplaceUrl = "";

  beforeAll(async () => {
    // The files git would commit (tracked, and new ones not ignored), as a one-commit repository.
    const source = join(work, "source");
    const listed = await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
    for (const path of listed.stdout.split("\0").filter((p) => p !== "" && existsSync(join(root, p)))) {
      mkdirSync(dirname(join(source, path)), { recursive: true });
      cpSync(join(root, path), join(source, path));
    }
    const git = (args: string[], cwd: string) =>
      execa("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd });
    await git(["init", "-q"], source);
    await git(["add", "-A"], source);
    await git(["commit", "-qm", "snapshot"], source);
    await git(["clone", "-q", "--bare", source, join(work, "devops.git")], work);
    mkdirSync(home);
    server = await serveGit(work);
    marketplaceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/devops.git`;
  }, VALIDATOR_TIMEOUT_MS);

  afterAll(() => {
    server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it(
    "installs no packages and lists the plugin enabled with no note",
    async () => {
      if (!existsSync(claudeBin)) throw new Error(`Claude Code is missing (${relative(root, claudeBin)})`);
      const claude = (args: string[]) => execa(claudeBin, args, { env, extendEnv: false, reject: false, all: true });

      const added = await claude(["plugin", "marketplace", "add", marketplaceUrl]);
      const installed = await claude(["plugin", "install", "devops@devops-marketplace"]);
      const listed = await claude(["plugin", "list"]);

      expect(added.exitCode, added.all).toBe(0);
      expect(installed.exitCode, installed.all).toBe(0);
      const entry = /devops@devops-marketplace[\s\S]*?(?=\n\s*\n|$)/.exec(listed.all ?? "")?.[0] ?? listed.all;
      expect(entry).toContain("enabled");
      expect(entry).not.toMatch(/Note|Error|packages|not installed/i);
      const cache = join(home, ".claude", "plugins", "cache", "devops-marketplace", "devops");
      const versions = readdirSync(cache);
      expect(versions).toHaveLength(1);
      expect(existsSync(join(cache, versions[0]!, "dist", "cli.js"))).toBe(true);
      expect(existsSync(join(cache, versions[0]!, "node_modules"))).toBe(false);
      expect(statSync(join(cache, versions[0]!, "bin", "devops")).mode & 0o111).toBe(0o111);
    },
    VALIDATOR_TIMEOUT_MS,
  );
});
