// Commander wiring: the global flags and the command groups. Command work is imported lazily so
// `devops --version` and `devops config validate` start fast.
import { Command, Option, type OutputConfiguration } from "commander";
import { registerHookCommands } from "./commands/hook.js";
import { registerInfraCommands } from "./commands/infra.js";
import { registerOpsCommands } from "./commands/ops.js";
import { registerRouteCommand } from "./commands/route.js";
import { registerSetupCommands } from "./commands/setup.js";
import type { Runtime } from "./run.js";

/** Set from package.json by the build (scripts/build.mjs) and the test config (vitest.config.ts). */
declare const __DEVOPS_VERSION__: string;
export const VERSION: string = __DEVOPS_VERSION__;

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

  registerSetupCommands(program, runtime);
  registerInfraCommands(program, runtime);
  registerOpsCommands(program, runtime);
  registerRouteCommand(program, runtime);
  registerHookCommands(program, runtime);

  program.commands.forEach(function inherit(command: Command) {
    command.exitOverride();
    command.configureOutput(output);
    command.showSuggestionAfterError(true);
    command.commands.forEach(inherit);
  });
  return program;
}
