// Which program a simple command really runs: past variable assignments, shell keywords and
// wrappers (env, sudo, time, nohup, timeout, xargs, …), and what a shell given `-c` runs. Pure.
import { basename } from "node:path";
import { KEYWORDS, WRAPPERS } from "./shell-programs.data.js";
import type { ShellWord } from "./shell-words.js";

export { SHELLS } from "./shell-programs.data.js";

export interface Unwrapped {
  /** The program that runs; undefined for a line of assignments only. */
  program: ShellWord | undefined;
  args: ShellWord[];
  /** Run through xargs, which appends more arguments. */
  appends: boolean;
  /** Directories a wrapper changes to before running it (env -C, sudo -D); undefined = missing value. */
  chdirs: (ShellWord | undefined)[];
  /** Variable assignments the program runs with (`X=1 cmd`, `env X=1 cmd`). */
  assignments: ShellWord[];
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;

/** Strips assignments, keywords and wrappers (env, sudo, time, nohup, xargs, …) to the program that runs. */
export function unwrap(words: readonly ShellWord[]): Unwrapped {
  const result: Unwrapped = { program: undefined, args: [], appends: false, chdirs: [], assignments: [] };
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (ASSIGNMENT.test(word.text) || (KEYWORDS.has(word.text) && !word.dynamic)) {
      if (ASSIGNMENT.test(word.text)) result.assignments.push(word);
      i += 1;
      continue;
    }
    const spec = word.dynamic ? undefined : WRAPPERS[basename(word.text)];
    const rest = words.slice(i + 1);
    const lookup = basename(word.text) === "command" && rest.some((w) => w.text === "-v" || w.text === "-V");
    const splitsString = basename(word.text) === "env" && rest.some((w) => /^(?:-S|--split-string)/.test(w.text));
    if (spec === undefined || lookup || splitsString) return { ...result, program: word, args: [...rest] };
    if (spec.appends) result.appends = true;
    i += 1;
    while (i < words.length) {
      const text = words[i]!.text;
      if (text === "--") {
        i += 1;
        break;
      }
      if (!text.startsWith("-") || text === "-") break;
      const long = spec.chdir?.find((option) => option.startsWith("--") && text.startsWith(`${option}=`));
      if (long !== undefined) result.chdirs.push({ text: text.slice(long.length + 1), dynamic: words[i]!.dynamic });
      if (spec.values?.includes(text)) {
        if (spec.chdir?.includes(text)) result.chdirs.push(words[i + 1]);
        i += 1;
      }
      i += 1;
    }
    i += Math.min(spec.positionals ?? 0, words.length - i);
  }
  return result;
}

/** The -c string of `bash -c '…'` (undefined when the shell runs a file or reads stdin). */
/** `NAME=value` as [name, value word], or undefined when the word is no assignment. */
export function assignment(word: ShellWord): [string, ShellWord] | undefined {
  const match = ASSIGNMENT.exec(word.text);
  if (match === null) return undefined;
  const name = match[0].replace(/(?:\[[^\]]*\])?\+?=$/, "");
  return [name, { text: word.text.slice(match[0].length), dynamic: word.dynamic }];
}

export function shellCode(args: readonly ShellWord[]): { code: ShellWord | undefined; runsFile: boolean } {
  let wantsCode = false;
  for (let i = 0; i < args.length; i += 1) {
    const text = args[i]!.text;
    if (["-o", "+o", "-O", "+O", "--rcfile", "--init-file"].includes(text)) i += 1;
    else if (/^[-+][A-Za-z]+$/.test(text)) wantsCode ||= text.startsWith("-") && text.includes("c");
    else if (!text.startsWith("--"))
      return wantsCode ? { code: args[i], runsFile: false } : { code: undefined, runsFile: true };
  }
  return { code: undefined, runsFile: false };
}
