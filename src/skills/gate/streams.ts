// What a simple command reads and writes as the gate sees it: programs that only read or print, output
// that leaves for somewhere it could be run later, and the text a command gets on standard input.
import { basename } from "node:path";
import { unwrap, type Unwrapped } from "../../core/shell-programs.js";
import type { ShellWord, SimpleCommand } from "../../core/shell-words.js";
import { HARMLESS_TARGETS, INERT, INERT_SUBCOMMANDS } from "./command-scan.data.js";

export function isInert(unwrapped: Unwrapped): boolean {
  const { program, args } = unwrapped;
  if (program === undefined || program.dynamic) return false;
  const name = basename(program.text);
  const allowed = INERT_SUBCOMMANDS[name];
  if (allowed !== undefined) return allowed.has(args[0]?.text ?? "") && !args.some((word) => word.text.startsWith("!"));
  return INERT.has(name);
}

/** Output that leaves the command for somewhere it could be run later: a file, or a non-inert reader. */
export function leaks(command: SimpleCommand, pipedInto: SimpleCommand | undefined): boolean {
  const toFile = command.redirections.some(
    ({ operator, target }) =>
      /^(?:>|>>|>\||&>|&>>|<>|>&)$/.test(operator) &&
      !(
        target !== undefined &&
        !target.dynamic &&
        (HARMLESS_TARGETS.has(target.text) || /^(?:\d+|-)$/.test(target.text))
      ),
  );
  return toFile || (pipedInto !== undefined && !isInert(unwrap(pipedInto.words)));
}

/** What the command reads on standard input from the line itself: here-strings, then heredocs. */
export function stdinText(command: SimpleCommand): ShellWord | undefined {
  const hereString = command.redirections.find((redirection) => redirection.operator === "<<<")?.target;
  if (hereString !== undefined) return hereString;
  return command.heredocs.length > 0 ? { text: command.heredocs.join(""), dynamic: false } : undefined;
}
