// Reads a Bash command line for the production gate: every devops CLI call it would make (through
// wrappers, nested shells, eval, substitutions and heredocs), which directories those calls may run
// in, and every construct that could hide a mutating call from that reading (a concern).
import { basename, resolve } from "node:path";
import { MUTATING_COMMANDS } from "../../core/commands/index.js";
import { SHELLS, shellCode, unwrap, type Unwrapped } from "../../core/shell-programs.js";
import { parseShell, type ShellWord, type SimpleCommand } from "../../core/shell-words.js";
import {
  CD,
  DECODERS,
  GLOBAL_SWITCHES,
  HARMLESS_TARGETS,
  INERT,
  INERT_SUBCOMMANDS,
  INTERPRETERS,
  NODE,
  NODE_VALUE_OPTIONS,
  NPX,
  NPX_VALUE_OPTIONS,
  VALUE_FLAGS,
} from "./command-scan.data.js";

/** The declared mutating commands as words, e.g. ["infra", "permissions", "grant"]. */
const MUTATING_PATHS: readonly (readonly string[])[] = MUTATING_COMMANDS.map((path) => path.split(" "));

export interface CliCall {
  /** "cli": our CLI by name or path; "lookalike": another program handed a mutating devops subcommand. */
  kind: "cli" | "lookalike";
  program: string;
  /** Subcommand words as read, e.g. ["infra", "deploy"]. */
  path: string[];
  /** The first argument only known when the shell runs (a parameter, a substitution, a glob). */
  dynamic: ShellWord | undefined;
  /** A subcommand word is only known when the shell runs: any subcommand may run. */
  pathDynamic: boolean;
  /** An unknown flag came before the subcommand was complete, so the subcommand may be misread. */
  unclear: boolean;
  /** A word equal to a mutating subcommand name (deploy, teardown, remediate, grant) appears. */
  namesMutation: boolean;
  envs: string[];
  projectDirs: string[];
  configs: string[];
  /** A value flag (--env, --project-dir, --config) ends the line without its value. */
  missingValue: string | undefined;
  /** Directories it may run in; undefined when an earlier cd made that unknowable. */
  dirs: readonly string[] | undefined;
  /** Run through xargs, which appends more arguments. */
  appends: boolean;
}

export interface CommandScan {
  calls: CliCall[];
  /** Why the command cannot be read with confidence; each one means "ask". */
  concerns: string[];
}

const MUTATING_NAMES = new Set(MUTATING_PATHS.map((words) => words.at(-1)!));
const MUTATING_WORD = new RegExp(String.raw`\b(?:${[...MUTATING_NAMES].join("|")})\b`, "i");
const CLI_MENTION = /\bdevops\b|cli\.js/i;
/** PATH changes and aliases or functions that rename the CLI's launchers: "devops" may not be ours. */
const REDEFINES_CLI =
  /(?:^|[\s;&|(])(?:export\s+)?PATH\+?=|\balias\s+(?:devops|node|npx)=|\b(?:devops|node|npx)\s*\(\s*\)|\bfunction\s+(?:devops|node|npx)\b|\bhash\s+-p\b/;
const SHAPE_IN_TEXT = new RegExp(
  String.raw`\b(?:${MUTATING_PATHS.map((words) => words.join(String.raw`\s+`)).join("|")})\b`,
);
const MAX_DEPTH = 8;
const MAX_DIRS = 16;

export function isMutating(call: CliCall): boolean {
  return (
    call.kind === "lookalike" ||
    (MUTATING_COMMANDS as readonly string[]).includes(call.path.join(" ")) ||
    call.pathDynamic ||
    (call.unclear && call.namesMutation) ||
    (call.appends && !pathComplete(call.path))
  );
}

/** Complete once no mutating command can follow from the words read so far. */
function pathComplete(path: readonly string[]): boolean {
  return !MUTATING_PATHS.some(
    (words) => words.length > path.length && path.every((word, index) => words[index] === word),
  );
}

function readCall(
  kind: CliCall["kind"],
  program: string,
  args: readonly ShellWord[],
  dirs: CliCall["dirs"],
  appends: boolean,
  forcedPath?: string[],
): CliCall {
  const call: CliCall = {
    kind,
    program,
    path: [],
    dynamic: undefined,
    pathDynamic: false,
    unclear: false,
    namesMutation: false,
    envs: [],
    projectDirs: [],
    configs: [],
    missingValue: undefined,
    dirs,
    appends,
  };
  let operandsOnly = false;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    const text = word.text;
    if (word.dynamic) call.dynamic ??= word;
    if (MUTATING_NAMES.has(text)) call.namesMutation = true;
    if (!operandsOnly && text === "--") {
      operandsOnly = true;
    } else if (!operandsOnly && text.length > 1 && text.startsWith("-")) {
      const equals = text.indexOf("=");
      const flag = equals === -1 ? text : text.slice(0, equals);
      const key = VALUE_FLAGS[flag];
      if (key !== undefined) {
        // Commander takes the next argument as the value whatever it looks like.
        const value = equals === -1 ? args[++i] : { text: text.slice(equals + 1), dynamic: word.dynamic };
        if (value === undefined) call.missingValue = flag;
        else {
          if (value.dynamic) call.dynamic ??= value;
          call[key].push(value.text);
        }
      } else if (!GLOBAL_SWITCHES.has(flag) && !pathComplete(call.path)) call.unclear = true;
    } else if (!pathComplete(call.path)) {
      call.path.push(text);
      call.pathDynamic ||= word.dynamic;
    }
  }
  if (forcedPath !== undefined) [call.path, call.pathDynamic] = [forcedPath, false];
  return call;
}

/** The arguments our CLI receives when `program args` runs it, else undefined. */
function cliArguments(program: ShellWord, args: readonly ShellWord[]): ShellWord[] | undefined {
  const name = basename(program.text);
  if (name === "devops") return [...args];
  const launcherArgs = NPX.has(name)
    ? args
    : name === "npm" && ["exec", "x"].includes(args[0]?.text ?? "")
      ? args.slice(1)
      : undefined;
  if (launcherArgs !== undefined) {
    for (let i = 0; i < launcherArgs.length; i += 1) {
      const text = launcherArgs[i]!.text;
      if (NPX_VALUE_OPTIONS.has(text)) i += 1;
      else if (text === "--") continue;
      else if (!text.startsWith("-"))
        return text === "devops" || text.startsWith("devops@") ? launcherArgs.slice(i + 1) : undefined;
    }
    return undefined;
  }
  if (!NODE.test(name)) return undefined;
  for (let i = 0; i < args.length; i += 1) {
    const text = args[i]!.text;
    if (["-e", "--eval", "-p", "--print", "-"].includes(text) || /^--(?:eval|print)=/.test(text)) return undefined;
    if (NODE_VALUE_OPTIONS.has(text)) i += 1;
    else if (text === "--" || !text.startsWith("-")) {
      const script = text === "--" ? args[i + 1] : args[i];
      const offset = text === "--" ? 2 : 1;
      if (script === undefined) return undefined;
      return script.text.endsWith("dist/cli.js") || basename(script.text) === "devops"
        ? args.slice(i + offset)
        : undefined;
    }
  }
  return undefined;
}

function findShape(args: readonly ShellWord[]): string[] | undefined {
  const texts = args.map((word) => (word.dynamic ? "" : word.text));
  for (let i = 0; i < texts.length; i += 1) {
    const shape = MUTATING_PATHS.find((words) => words.every((word, offset) => texts[i + offset] === word));
    if (shape !== undefined) return [...shape];
  }
  return undefined;
}

function isInert(unwrapped: Unwrapped): boolean {
  const { program, args } = unwrapped;
  if (program === undefined || program.dynamic) return false;
  const name = basename(program.text);
  const allowed = INERT_SUBCOMMANDS[name];
  if (allowed !== undefined) return allowed.has(args[0]?.text ?? "") && !args.some((word) => word.text.startsWith("!"));
  return INERT.has(name);
}

/** Output that leaves the command for somewhere it could be run later: a file, or a non-inert reader. */
function leaks(command: SimpleCommand, pipedInto: SimpleCommand | undefined): boolean {
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

class Scanner {
  readonly calls: CliCall[] = [];
  readonly concerns: string[] = [];
  readonly unexplained: string[] = [];
  incomplete = false;
  private dirs: readonly string[] | undefined;

  constructor(cwd: string) {
    this.dirs = [cwd];
  }

  scan(text: string, depth: number): void {
    if (depth > MAX_DEPTH) {
      this.concerns.push(
        `the command nests shells or substitutions more than ${MAX_DEPTH} levels deep: the gate cannot read what it runs`,
      );
      return;
    }
    const script = parseShell(text);
    this.incomplete ||= script.incomplete;
    let decoded = false;
    script.commands.forEach((command, index) => {
      const piped = command.next === "|" || command.next === "|&";
      this.command(command, piped ? script.commands[index + 1] : undefined, decoded, depth);
      decoded = piped && (decoded || DECODERS.has(basename(unwrap(command.words).program?.text ?? "")));
    });
    for (const body of script.substitutions) this.scan(body, depth + 1);
  }

  private command(
    command: SimpleCommand,
    pipedInto: SimpleCommand | undefined,
    afterDecoder: boolean,
    depth: number,
  ): void {
    const unwrapped = unwrap(command.words);
    const { program, args, appends } = unwrapped;
    if (program === undefined) return;
    const name = basename(program.text);
    const mentions =
      command.words.some((word) => MUTATING_WORD.test(word.text)) ||
      command.heredocs.some((body) => MUTATING_WORD.test(body));
    const code = SHELLS.has(name) ? shellCode(args) : undefined;
    if (afterDecoder && (appends || INTERPRETERS.has(name) || (code !== undefined && code.code === undefined))) {
      this.concerns.push(`decoded text is piped into ${name}: the gate cannot read what it runs`);
    }
    if (CD.has(name) && !program.dynamic) {
      this.changeDirectory(name, args);
      return;
    }

    const dirs = this.dirsFor(unwrapped.chdirs);
    const cliArgs = cliArguments(program, args);
    if (cliArgs !== undefined) {
      this.calls.push(readCall("cli", program.text, cliArgs, dirs, appends));
      return;
    }
    if (program.dynamic) {
      if (mentions)
        this.concerns.push(
          `the program is only known when the shell runs (${program.text}) and the command mentions a mutating subcommand`,
        );
      return;
    }
    if (code?.code !== undefined) {
      this.scan(code.code.text, depth + 1);
      return;
    }
    if (code !== undefined && !code.runsFile && command.heredocs.length > 0) {
      for (const body of command.heredocs) this.scan(body, depth + 1);
      return;
    }
    if (name === "eval") {
      this.scan(args.map((word) => word.text).join(" "), depth + 1);
      return;
    }
    if (isInert(unwrapped)) {
      if (mentions && leaks(command, pipedInto)) this.unexplained.push(`${name} writing to a file or another program`);
      return;
    }

    const shape = findShape(args);
    if (shape !== undefined) this.calls.push(readCall("lookalike", program.text, args, dirs, appends, shape));
    if ([...args.map((word) => word.text), ...command.heredocs].some((text) => SHAPE_IN_TEXT.test(text))) {
      this.concerns.push(`a devops mutating subcommand is handed to ${name} as text: the gate cannot read how it runs`);
    }
    for (const body of command.heredocs) this.scan(body, depth + 1);
    if (mentions) this.unexplained.push(name);
  }

  private changeDirectory(name: string, args: readonly ShellWord[]): void {
    const target = args.find((word) => !word.text.startsWith("-") || word.text === "-");
    if (this.dirs === undefined || name === "popd" || target === undefined || target.dynamic || target.text === "-") {
      this.dirs = undefined;
      return;
    }
    // Keep every directory the command might be in: a cd may fail, or run in a subshell.
    const next = new Set([...this.dirs, ...this.dirs.map((dir) => resolve(dir, target.text))]);
    this.dirs = next.size > MAX_DIRS ? undefined : [...next];
  }

  private dirsFor(chdirs: readonly (ShellWord | undefined)[]): readonly string[] | undefined {
    let dirs = this.dirs;
    for (const chdir of chdirs) {
      if (dirs === undefined || chdir === undefined || chdir.dynamic) return undefined;
      dirs = dirs.map((dir) => resolve(dir, chdir.text));
    }
    return dirs;
  }
}

export function scanCommand(command: string, cwd: string): CommandScan {
  const scanner = new Scanner(cwd);
  scanner.scan(command, 0);
  const concerns = [...scanner.concerns];
  if (REDEFINES_CLI.test(command) && scanner.calls.some(isMutating)) {
    concerns.push(
      "the command changes PATH or defines an alias or function for the CLI's launcher, so a mutating devops call may not run what it names",
    );
  }
  if (CLI_MENTION.test(command) && MUTATING_WORD.test(command)) {
    if (scanner.incomplete)
      concerns.push(
        "the command mentions the devops CLI and a mutating subcommand, but its quoting or nesting is unterminated",
      );
    const unexplained = [...new Set(scanner.unexplained)];
    if (unexplained.length > 0) {
      concerns.push(
        `the command mentions the devops CLI and a mutating subcommand in a way the gate cannot attribute to a devops call (${unexplained.join(", ")})`,
      );
    }
  }
  return { calls: scanner.calls, concerns };
}
