// The CLI entry: runs the program and turns every outcome into an exit code. Commander's own errors
// (an unknown flag, a missing value) become FLAG_* errors with exit 2, in JSON too when --json is given.
import { CommanderError, type Command } from "commander";
import { closest } from "../core/suggest.js";
import { type ErrorCode, ExitCode, UserError } from "../core/errors.js";
import { buildProgram } from "./program.js";
import { commandPath, createHost, GlobalOptions, type Runtime } from "./run.js";

const COMMANDER_CODES: Readonly<Record<string, ErrorCode>> = {
  "commander.unknownOption": "FLAG_UNKNOWN",
  "commander.unknownCommand": "COMMAND_UNKNOWN",
  "commander.excessArguments": "ARGUMENT_UNEXPECTED",
  "commander.missingArgument": "ARGUMENT_MISSING",
  "commander.optionMissingArgument": "FLAG_VALUE_MISSING",
  "commander.missingMandatoryOptionValue": "FLAG_REQUIRED",
  "commander.invalidArgument": "FLAG_INVALID",
  "commander.conflictingOption": "FLAG_CONFLICT",
};

/** Approval codes were replaced by a person's signature: say so instead of guessing another flag. */
const RETIRED_CONFIRM =
  "approval codes are gone: a person signs the plan in their own terminal (devops approval sign --env E --plan ID), then run the command with --plan ID alone";

function globalsFromArgv(argv: readonly string[]): GlobalOptions {
  return GlobalOptions.parse({
    json: argv.includes("--json"),
    verbose: argv.includes("--verbose"),
    color: !argv.includes("--no-color"),
  });
}

/** Every long flag in the program, for "did you mean" on `--flag=value` typos commander cannot match. */
function allFlags(program: Command): string[] {
  const flags = program.options.flatMap((option) => (option.long === undefined ? [] : [option.long]));
  return [...flags, ...program.commands.flatMap(allFlags)];
}

function flagHint(program: Command, message: string): string | undefined {
  const flag = /unknown option '([^'=]+)/.exec(message)?.[1];
  return flag === undefined ? undefined : closest(flag, [...new Set(allFlags(program))]);
}

/** The group a command line names (`infra` in `devops --json infra`), the program itself when none. */
function groupOf(program: Command, argv: readonly string[]): Command {
  let group = program;
  for (const word of argv) {
    const next = group.commands.find((command) => command.name() === word);
    if (next !== undefined) group = next;
  }
  return group;
}

/** A group named without a subcommand, under --json: one document saying which subcommands there are. */
function missingCommand(program: Command, argv: readonly string[]): UserError {
  const group = groupOf(program, argv);
  const path = group === program ? "devops" : `devops ${commandPath(group)}`;
  const names = group.commands.map((command) => command.name());
  return new UserError("COMMAND_MISSING", `${path} needs a subcommand`, {
    suggestion: `add one of: ${names.join(", ")} (${path} --help describes them)`,
    details: { subcommands: names },
  });
}

function attempted(argv: readonly string[]): string {
  return argv
    .filter((arg) => !arg.startsWith("-"))
    .slice(0, 2)
    .join(" ");
}

export async function main(argv: readonly string[], runtime: Runtime): Promise<number> {
  const globals = globalsFromArgv(argv);
  // Under --json, the help commander prints for a group without a subcommand is replaced by an error document.
  let heldHelp = "";
  const program = buildProgram(runtime, {
    writeOut: (text) => runtime.streams.stdout.write(text),
    writeErr: (text) => {
      if (globals.json) heldHelp += text;
      else runtime.streams.stderr.write(text);
    },
    // Errors are reported below in our own format (or as JSON), never as commander's text.
    outputError: () => undefined,
  });
  if (argv.length === 0) {
    program.outputHelp({ error: false });
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return runtime.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (globals.json && error.code === "commander.help") {
      const failure = missingCommand(program, argv);
      createHost(runtime, globals).error(attempted(argv) || "devops", failure);
      return failure.exitCode;
    }
    if (heldHelp !== "") runtime.streams.stderr.write(heldHelp);
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return ExitCode.ok;
    if (error.code === "commander.executeSubCommandAsync") return ExitCode.ok;
    const message = error.message
      .replace(/^error: /, "")
      .replace(/\n?\(Did you mean .*\)$/s, "")
      .trim();
    const hint = /\(Did you mean (.*)\?\)/.exec(error.message)?.[1] ?? flagHint(program, error.message);
    const failure = new UserError(COMMANDER_CODES[error.code] ?? "COMMAND_INVALID", message, {
      suggestion: /unknown option '--confirm\b/.test(error.message)
        ? RETIRED_CONFIRM
        : hint !== undefined
          ? `did you mean ${hint}?`
          : "run devops --help (or devops <command> --help) for the accepted flags",
    });
    createHost(runtime, globals).error(attempted(argv) || "devops", failure);
    return failure.exitCode;
  }
}
