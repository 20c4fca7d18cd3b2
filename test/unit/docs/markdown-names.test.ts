// The plugin's markdown (agents, commands, skills) tells the model which commands to run and which
// error codes to expect: every command it names must be declared (src/core/commands/) and every error
// code it names must be in the list (src/core/error-codes.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GROUPS, isCommandId } from "../../../src/core/commands/index.js";
import { isErrorCode } from "../../../src/core/error-codes.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Upper-snake names in the markdown that are not error codes, and what they are. */
const NOT_CODES: Readonly<Record<string, string>> = {
  CLAUDE_PLUGIN_ROOT: "the plugin directory Claude Code sets",
  DEVOPS_RESTARTED_AT: "the environment variable a Lambda restart sets",
};

function markdownFiles(): { path: string; text: string }[] {
  return ["agents", "commands", "skills"].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8") })),
  );
}

/** Fenced blocks and inline code spans: where commands and codes are written. */
function codeOf(text: string): string[] {
  const fenced = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? "");
  const withoutFences = text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  const inline = [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
  return [...fenced, ...inline];
}

/** The command a `devops …` or `dist/cli.js" …` invocation names: its words while they open a group. */
function namedCommands(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/(?:(?:^|[\s(])devops|dist\/cli\.js")((?:[ \t]+[a-z][\w-]*){1,3})/g)) {
    const words = match[1]!.trim().split(/[ \t]+/);
    let path = words[0]!;
    for (const word of words.slice(1)) {
      if (GROUPS[path] === undefined) break;
      path = `${path} ${word}`;
    }
    found.push(path);
  }
  return found;
}

function namedCodes(text: string): string[] {
  const inCode = codeOf(text).flatMap((code) => [...code.matchAll(/^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/gm)]);
  const asError = [...text.matchAll(/\berror \[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\]/g)];
  return [...inCode, ...asError].map((m) => m[1]!).filter((name) => !Object.hasOwn(NOT_CODES, name));
}

describe("plugin markdown", () => {
  const files = markdownFiles();

  it("is there to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("names only declared commands", () => {
    const undeclared = files.flatMap((file) =>
      codeOf(file.text)
        .flatMap(namedCommands)
        .filter((path) => !isCommandId(path))
        .map((path) => `${file.path}: devops ${path}`),
    );

    expect(undeclared).toEqual([]);
  });

  it("names only listed error codes", () => {
    const unknown = files.flatMap((file) =>
      namedCodes(file.text)
        .filter((code) => !isErrorCode(code))
        .map((code) => `${file.path}: ${code}`),
    );

    expect(unknown).toEqual([]);
  });

  it.each([
    ['node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js" infra permissions grant --env test', ["infra permissions grant"]],
    ["devops ops check-health --env prod", ["ops check-health"]],
    ['devops route "deploy to test"', ["route"]],
    ["devops infra deplyo --env test", ["infra deplyo"]],
  ])("reads %s as %j", (code, paths) => {
    expect(namedCommands(code)).toEqual(paths);
  });

  it("reads backticked upper-snake names as codes, except the known variables", () => {
    expect(
      namedCodes("fails with `TERRAFORM_APPLY_FAILED`; `CLAUDE_PLUGIN_ROOT`; `FOO_BAR`; error [ENV_UNKNOWN]"),
    ).toEqual(["TERRAFORM_APPLY_FAILED", "FOO_BAR", "ENV_UNKNOWN"]);
  });
});
