// Reads a raw `terraform` / `tofu` command line for the gate: which subcommand runs, whether it changes
// state, the directory -chdir points at and the workspace a `workspace` subcommand names.
import { basename } from "node:path";
import type { ShellWord } from "../../core/shell-words.js";
import { ENGINE_GROUPS, ENGINE_HELP, ENGINE_INIT_MIGRATIONS, ENGINE_MUTATING, ENGINES } from "./engine-calls.data.js";

export interface EngineCommand {
  /** The subcommand as read, e.g. "apply", "state rm"; "" when there is none. */
  verb: string;
  mutating: boolean;
  /** The subcommand is only known when the shell runs. */
  dynamic: boolean;
  /** -chdir's directory; null without -chdir. */
  chdir: ShellWord | null;
  /** The workspace `workspace select|new|delete` names. */
  workspace: ShellWord | undefined;
}

export function isEngine(program: ShellWord): boolean {
  return !program.dynamic && ENGINES.has(basename(program.text));
}

export function readEngineCommand(args: readonly ShellWord[]): EngineCommand {
  const command: EngineCommand = { verb: "", mutating: false, dynamic: false, chdir: null, workspace: undefined };
  const words: ShellWord[] = [];
  let help = false;
  for (const word of args) {
    if (word.text.startsWith("-")) {
      if (ENGINE_HELP.has(word.text)) help = true;
      if (words.length === 0 && /^--?chdir=/.test(word.text))
        command.chdir = { text: word.text.replace(/^--?chdir=/, ""), dynamic: word.dynamic };
      if (words[0]?.text === "init" && ENGINE_INIT_MIGRATIONS.has(word.text.replace(/=.*/, "")))
        command.mutating = true;
    } else words.push(word);
  }
  const [first, second, third] = words;
  if (first === undefined) return command;
  const grouped = ENGINE_GROUPS.has(first.text) && second !== undefined;
  command.verb = grouped ? `${first.text} ${second.text}` : first.text;
  command.dynamic = first.dynamic || (grouped && second.dynamic);
  command.mutating ||= command.dynamic || ENGINE_MUTATING.has(command.verb);
  if (first.text === "workspace") command.workspace = third;
  if (help) command.mutating = false;
  return command;
}
