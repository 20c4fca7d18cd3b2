// The declarations (src/core/commands/) and the CLI agree: every declared command is bound to the code
// that serves it and listed in its group's help, with every declared flag in its own help.
import { describe, expect, it } from "vitest";
import { COMMAND_LIST, flagName, GROUPS } from "../../../src/core/commands/index.js";
import { BINDINGS } from "../../../src/cli/commands/index.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/project.js";

const paths = COMMAND_LIST.map((declaration) => declaration.path);

describe("declared commands", () => {
  it("are each bound, and nothing else is", () => {
    expect(Object.keys(BINDINGS).sort()).toEqual([...paths].sort());
  });

  it("have unique paths under declared groups", () => {
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) {
      const words = path.split(" ");
      for (let i = 1; i < words.length; i += 1) expect(GROUPS[words.slice(0, i).join(" ")], path).toBeDefined();
    }
  });

  it.each(paths)("%s appears in the help of its group, with its flags in its own help", async (path) => {
    const cwd = await tempDir();
    const words = path.split(" ");
    const declaration = COMMAND_LIST.find((d) => d.path === path)!;

    const group = await runCli([...words.slice(0, -1), "--help"], { cwd });
    const own = await runCli([...words, "--help"], { cwd });

    expect(group.exitCode).toBe(0);
    expect(group.stdout).toMatch(new RegExp(`^ {2}${words.at(-1)}(?: |$)`, "m"));
    expect(own.stdout).toContain(declaration.description.split(" ").slice(0, 4).join(" "));
    for (const key of Object.keys(declaration.flags)) expect(own.stdout).toContain(flagName(key));
  });
});
