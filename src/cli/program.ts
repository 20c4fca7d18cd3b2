// Commander wiring, generated from the command declarations (src/core/commands/): the global flags,
// the groups, and one subcommand per declaration bound to its manager. Managers are imported lazily so
// `devops --version` and `devops config validate` start fast.
import { Command, Option, type OutputConfiguration } from "commander";
import { COMMAND_LIST, type Declaration, defaultOf, flagName, GROUPS, isRequired } from "../core/commands/index.js";
import type { Binding } from "./bind.js";
import { BINDINGS } from "./commands/index.js";
import { runCommand, type Runtime } from "./run.js";

/** Set from package.json by the build (scripts/build.mjs) and the test config (vitest.config.ts). */
declare const __DEVOPS_VERSION__: string;
export const VERSION: string = __DEVOPS_VERSION__;

/** The command for `words` ("infra permissions"), creating the groups on the way in declaration order. */
function groupCommand(program: Command, words: readonly string[]): Command {
  let parent = program;
  for (let i = 0; i < words.length; i += 1) {
    const name = words[i]!;
    const existing = parent.commands.find((command) => command.name() === name);
    parent = existing ?? parent.command(name).description(GROUPS[words.slice(0, i + 1).join(" ")] ?? "");
  }
  return parent;
}

/** A repeatable flag's values, in the order given. */
function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}

function addCommand(program: Command, runtime: Runtime, declaration: Declaration): void {
  const words = declaration.path.split(" ");
  const command = groupCommand(program, words.slice(0, -1)).command(words.at(-1)!).description(declaration.description);
  if ("positional" in declaration) command.argument(declaration.positional.spec, declaration.positional.help);
  for (const [key, flag] of Object.entries(declaration.flags)) {
    const option = new Option(flag.value === undefined ? flagName(key) : `${flagName(key)} <${flag.value}>`, flag.help);
    if (isRequired(flag)) option.makeOptionMandatory();
    if (flag.repeatable === true) option.argParser(collect);
    if (flag.showDefault === true) option.default(defaultOf(flag));
    command.addOption(option);
  }
  const binding = BINDINGS[declaration.path] as Binding<typeof declaration.path>;
  command.action(async () => {
    if (binding.kind === "action") {
      await binding.action(runtime);
      return;
    }
    const raw =
      "positional" in declaration
        ? {
            ...command.opts(),
            [declaration.positional.key]: "list" in declaration.positional ? [...command.args] : command.args.join(" "),
          }
        : undefined;
    await runCommand(runtime, command, declaration.schema, binding.work as never, binding.render, raw);
  });
}

export function buildProgram(runtime: Runtime, output: OutputConfiguration): Command {
  const program = new Command("devops")
    .description("DevOps on AWS with Terraform or OpenTofu: design, deploy safely, operate.")
    .version(VERSION, "-V, --version", "print the version")
    .addOption(new Option("--json", "print exactly one JSON document on stdout"))
    .addOption(new Option("--project-dir <dir>", "run as if started in <dir>"))
    .addOption(new Option("--config <file>", "use this devops.json instead of searching for .devops/devops.json"))
    .addOption(new Option("--verbose", "print debug messages and stack traces"))
    .addOption(new Option("--no-color", "never use colour"))
    .showSuggestionAfterError(true)
    .enablePositionalOptions(false)
    .configureOutput(output)
    .exitOverride();

  for (const declaration of COMMAND_LIST) addCommand(program, runtime, declaration);

  program.commands.forEach(function inherit(command: Command) {
    command.exitOverride();
    command.configureOutput(output);
    command.showSuggestionAfterError(true);
    command.commands.forEach(inherit);
  });
  return program;
}
