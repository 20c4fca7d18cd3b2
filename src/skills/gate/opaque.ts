// Recognises commands that run code the gate cannot read: a project's scripts and build tools, an
// interpreter's program when it can reach a process, and git told to run a program. Each answer names
// what the gate could not see; the gate asks for them in projects with protected environments.
import type { ShellWord } from "../../core/shell-words.js";
import {
  BUILD_TOOLS,
  CODE_OPTIONS,
  GIT_BUILTINS,
  GIT_PROGRAM_VARIABLE,
  GIT_RUNNERS,
  GIT_RUNNING_ARGUMENTS,
  GIT_SAFE_KEYS,
  INTERPRETER_INFO,
  INTERPRETER_VALUE_OPTIONS,
  LANGUAGES,
  LOADS_CODE_FIRST,
  type Language,
  PYTHON_TOOL_MODULES,
  REACHES_PROCESS,
  SAFE_PYTHON_MODULES,
  SCRIPT_RUNNERS,
  SYSTEM_DIRS,
} from "./opaque.data.js";

/** A program given as a path outside the system directories: a script of the project or a copy. */
export function scriptFileReason(program: ShellWord): string | undefined {
  if (program.dynamic || !program.text.includes("/") || SYSTEM_DIRS.test(program.text)) return undefined;
  return `it runs the file ${program.text}, whose contents the gate does not read`;
}

export function buildToolReason(name: string, args: readonly ShellWord[]): string | undefined {
  const first = args.find((word) => !word.text.startsWith("-"));
  const tool = BUILD_TOOLS[name];
  const runs =
    tool === "all" ||
    (tool !== undefined && first !== undefined && (first.dynamic || tool.includes(first.text))) ||
    (SCRIPT_RUNNERS[name] !== undefined && first !== undefined && !SCRIPT_RUNNERS[name]!.has(first.text));
  if (!runs) return undefined;
  const what = [name, first?.text].filter((part) => part !== undefined).join(" ");
  return `${what} runs the project's own scripts or a package's code, which the gate does not read`;
}

function pythonImportsUnsafe(code: string): boolean {
  for (const match of code.matchAll(/\b(?:import|from)\s+([\w.]+(?:\s*,\s*[\w.]+)*)/g)) {
    const modules = match[1]!.split(",").map((module) => module.trim().split(".")[0]!);
    if (modules.some((module) => !SAFE_PYTHON_MODULES.has(module))) return true;
  }
  return false;
}

/** Whether a program in `language` may start another process or run text it computed. */
export function reachesProcess(language: Language, code: ShellWord): boolean {
  if (code.dynamic) return true;
  return REACHES_PROCESS[language].test(code.text) || (language === "python" && pythonImportsUnsafe(code.text));
}

type Program = { code: ShellWord } | { file: ShellWord } | { stdin: true } | { nothing: true };

/** Every program text given by option (perl, sed and others accept several -e), joined. */
function codeOptionsOf(language: Language, args: readonly ShellWord[]): ShellWord | undefined {
  const codeOptions = CODE_OPTIONS[language];
  const parts: ShellWord[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    const [option, inline] = word.text.split(/=(.*)/s, 2) as [string, string | undefined];
    const clustered = (language === "perl" || language === "other") && /^-[a-zA-Z]*[eE]$/.test(word.text);
    if (!codeOptions.includes(option) && !clustered) continue;
    const code = inline !== undefined ? { text: inline, dynamic: word.dynamic } : args[i + 1];
    if (code !== undefined) parts.push(code);
    i += 1;
  }
  if (parts.length === 0) return undefined;
  return { text: parts.map((part) => part.text).join("\n"), dynamic: parts.some((part) => part.dynamic) };
}

function programOf(language: Language, args: readonly ShellWord[], stdinText: ShellWord | undefined): Program {
  const code = codeOptionsOf(language, args);
  if (code !== undefined) return { code };
  const textLanguage = language === "awk" || language === "sed";
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    if (textLanguage && word.text === "-f")
      return args[i + 1] === undefined ? { nothing: true } : { file: args[i + 1]! };
    if (language === "javascript" && word.text === "eval" && i === 0)
      return args[1] === undefined ? { nothing: true } : { code: args[1] };
    if (word.text === "-") return stdinText !== undefined ? { code: stdinText } : { stdin: true };
    if (INTERPRETER_VALUE_OPTIONS.has(word.text) && language !== "sed") i += 1;
    else if (word.text === "--") continue;
    else if (!word.text.startsWith("-")) {
      if (textLanguage) return { code: word };
      if (language === "python" && args[i - 1]?.text === "-m")
        return PYTHON_TOOL_MODULES.has(word.text.split(".")[0]!) ? { nothing: true } : { file: word };
      return { file: word };
    }
  }
  if (textLanguage) return { nothing: true };
  return stdinText !== undefined ? { code: stdinText } : { stdin: true };
}

/**
 * Why an interpreter's run is opaque, if it is: a script file, a program read from a pipe, or a program
 * that can reach a process. `stdinText` is a heredoc or here-string it reads; `piped`: another command
 * writes its standard input.
 */
export function interpreterReason(
  name: string,
  args: readonly ShellWord[],
  stdinText: ShellWord | undefined,
  piped: boolean,
): string | undefined {
  const language = LANGUAGES[name];
  if (language === undefined) return undefined;
  if (args.length > 0 && args.every((word) => INTERPRETER_INFO.has(word.text))) return undefined;
  if (name === "bun" || name === "deno") {
    const first = args[0]?.text;
    if (first !== undefined && !first.startsWith("-") && !["eval", "run", "x"].includes(first)) return undefined;
  }
  const preload = args.find((word) => LOADS_CODE_FIRST[language]?.test(word.text));
  if (preload !== undefined) return `${name} ${preload.text} loads code of its own before the program`;
  const program = programOf(language, name === "deno" && args[0]?.text === "run" ? args.slice(1) : args, stdinText);
  if ("file" in program) return `${name} runs the script ${program.file.text}, whose contents the gate does not read`;
  if ("stdin" in program) return piped ? `${name} runs a program piped into it, which the gate cannot read` : undefined;
  if ("nothing" in program) return undefined;
  if (!reachesProcess(language, program.code)) return undefined;
  return program.code.dynamic
    ? `${name} runs a program only known when the shell runs it`
    : `${name} runs a program that can start other programs or run computed text, which the gate cannot follow`;
}

/** Why a git command may run a program, if it may. `variables`: the names assigned for it. */
export function gitReason(args: readonly ShellWord[], variables: Iterable<string>): string | undefined {
  const variable = [...variables].find((name) => GIT_PROGRAM_VARIABLE.test(name));
  if (variable !== undefined) return `git runs with ${variable} set, which names a program git runs`;
  let i = 0;
  for (; i < args.length; i += 1) {
    const text = args[i]!.text;
    if (text === "-c" || text === "--config-env" || text.startsWith("--config-env=")) {
      const key = (text === "-c" ? (args[i + 1]?.text ?? "") : text).replace(/=.*/s, "");
      if (text !== "-c" || !GIT_SAFE_KEYS.test(key)) return `git -c ${key} can make git run a program`;
      i += 1;
    } else if (text.startsWith("--exec-path")) return "git --exec-path runs git's programs from another place";
    else if (["-C", "--git-dir", "--work-tree", "--namespace"].includes(text)) i += 1;
    else if (!text.startsWith("-")) break;
  }
  const sub = args[i];
  if (sub === undefined) return undefined;
  if (sub.dynamic) return `the git subcommand is only known when the shell runs (${sub.text})`;
  const rest = args.slice(i + 1);
  if (GIT_RUNNERS.has(sub.text)) return `git ${sub.text} runs programs`;
  if (!GIT_BUILTINS.has(sub.text))
    return `git ${sub.text} is not a git command the gate knows; an alias can run a program`;
  const running = GIT_RUNNING_ARGUMENTS[sub.text];
  const found = running === undefined ? undefined : rest.find((word) => running.test(word.text));
  if (found !== undefined) return `git ${sub.text} ${found.text} runs a program`;
  if (sub.text === "config") {
    const operands = rest.filter((word) => !word.text.startsWith("-"));
    const reads = rest.some((word) =>
      /^(?:--get|--list|-l|--get-regexp|--get-all|--show-origin|--unset)/.test(word.text),
    );
    const key = operands[0];
    if (!reads && key !== undefined && operands.length > 1 && (key.dynamic || !GIT_SAFE_KEYS.test(key.text)))
      return `git config ${key.text} sets what a later git command may run`;
  }
  return undefined;
}
