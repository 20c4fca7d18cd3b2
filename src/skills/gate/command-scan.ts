// Reads a Bash command line for the production gate: the devops CLI calls it would make (through
// wrappers, nested shells, eval, substitutions, heredocs and here-strings), its raw terraform/tofu and aws
// calls, the directories and variables they run with, and every place it runs code the gate cannot read.
import { basename, resolve } from "node:path";
import { SHELLS, shellCode, unwrap, type Unwrapped } from "../../core/shell-programs.js";
import { parseShell, type ShellWord, type SimpleCommand } from "../../core/shell-words.js";
import { type AwsCommand, isAws, readAwsCommand } from "./aws-calls.js";
import { AWS_KEY_VARIABLES, AWS_PROFILE_VARIABLES } from "./aws-calls.data.js";
import {
  type CliCall,
  cliLaunch,
  findShape,
  isMutating,
  MUTATING_NAMES,
  MUTATING_PATHS,
  readCall,
} from "./cli-call.js";
import {
  CD,
  CODE_LOADING_VARIABLES,
  DECODERS,
  FIND_RUNNERS,
  INTERPRETERS,
  SHELL_STRING_RUNNERS,
} from "./command-scan.data.js";
import { type EngineCommand, isEngine, readEngineCommand } from "./engine-calls.js";
import { buildToolReason, gitReason, interpreterReason, scriptFileReason } from "./opaque.js";
import { isInert, leaks, stdinText } from "./streams.js";
import { type Setting, Variables } from "./variables.js";

export type { Setting } from "./variables.js";

export { type CliCall, isMutating } from "./cli-call.js";

export interface EngineCall {
  program: string;
  command: EngineCommand;
  dirs: readonly string[] | undefined;
  /** TF_WORKSPACE and TF_DATA_DIR as set in the command. */
  variables: Partial<Record<"TF_WORKSPACE" | "TF_DATA_DIR", Setting>>;
  /** The workspace an earlier `workspace select|new` in the same command chose. */
  selected: ShellWord | undefined;
}

export interface AwsCall {
  command: AwsCommand;
  dirs: readonly string[] | undefined;
  /** AWS_PROFILE or AWS_DEFAULT_PROFILE as set in the command. */
  profileVariable: Setting | undefined;
  /** Credentials or their files set in the command, which take the place of a profile. */
  credentials: string | undefined;
}

/** Code the command runs that the gate cannot read, and where. */
export interface Opaque {
  reason: string;
  dirs: readonly string[] | undefined;
}

export interface CommandScan {
  calls: CliCall[];
  engines: EngineCall[];
  aws: AwsCall[];
  opaque: Opaque[];
  /** Reasons to ask whatever the project. */
  concerns: string[];
}

const MUTATING_WORD = new RegExp(String.raw`\b(?:${[...MUTATING_NAMES].join("|")})\b`, "i");
const CLI_MENTION = /\bdevops\b|cli\.js/i;
/** PATH changes and aliases or functions that rename the CLI's launchers: "devops" may not be ours. */
const REDEFINES_CLI =
  /(?:^|[\s;&|(])(?:export\s+)?PATH\+?=|\balias\s+(?:devops|node|npx)=|\b(?:devops|node|npx)\s*\(\s*\)|\bfunction\s+(?:devops|node|npx)\b|\bhash\s+-p\b/;
const SHAPE_IN_TEXT = new RegExp(
  String.raw`\b(?:${MUTATING_PATHS.map((words) => words.join(String.raw`\s+`)).join("|")})\b`,
);
const PARAMETER = /^\$(?:\{(\w+)\}|(\w+))$/;
const MAX_DEPTH = 8;
const MAX_DIRS = 16;

class Scanner {
  readonly calls: CliCall[] = [];
  readonly engines: EngineCall[] = [];
  readonly aws: AwsCall[] = [];
  readonly opaque: Opaque[] = [];
  readonly unexplained: string[] = [];
  incomplete = false;
  private dirs: readonly string[] | undefined;
  private readonly variables = new Variables();
  private selected: ShellWord | undefined;

  constructor(
    private readonly cwd: string,
    private readonly text: string,
  ) {
    this.dirs = [cwd];
  }

  private hide(reason: string): void {
    this.opaque.push({ reason, dirs: this.dirs });
  }

  /** `fed`: another command writes this text's standard input (the body of a >(…)). */
  scan(text: string, depth: number, fed = false): void {
    if (depth > MAX_DEPTH) {
      this.hide(`it nests shells or substitutions more than ${MAX_DEPTH} levels deep`);
      return;
    }
    const script = parseShell(text);
    this.incomplete ||= script.incomplete;
    let decoded = false;
    script.commands.forEach((command, index) => {
      const piped = command.next === "|" || command.next === "|&";
      const previous = script.commands[index - 1];
      // A pipe or a file redirected into standard input: text the command may run without the gate reading it.
      const pipedFrom =
        (index === 0 && fed) ||
        (previous !== undefined && (previous.next === "|" || previous.next === "|&")) ||
        command.redirections.some(({ operator }) => operator === "<" || operator === "<&" || operator === "<>");
      this.command(command, piped ? script.commands[index + 1] : undefined, pipedFrom, decoded, depth);
      decoded = piped && (decoded || DECODERS.has(basename(unwrap(command.words).program?.text ?? "")));
    });
    for (const body of script.substitutions) this.scan(body, depth + 1, script.fed.includes(body));
  }

  private command(
    command: SimpleCommand,
    pipedInto: SimpleCommand | undefined,
    pipedFrom: boolean,
    afterDecoder: boolean,
    depth: number,
  ): void {
    const unwrapped = unwrap(command.words);
    const { program, args, appends } = unwrapped;
    const name = program === undefined ? undefined : basename(program.text);
    this.variables.remember(command, unwrapped, program?.dynamic ? "" : name);
    if (program === undefined || name === undefined) {
      // A wrapper with no program (sudo -s, sudo -i) starts a shell that reads standard input.
      if (command.words.length > unwrapped.assignments.length)
        this.shell("a shell", command, [], undefined, stdinText(command), pipedFrom, depth);
      return;
    }
    const mentions =
      command.words.some((word) => MUTATING_WORD.test(word.text)) ||
      command.heredocs.some((body) => MUTATING_WORD.test(body));
    const code = SHELLS.has(name) ? shellCode(args) : undefined;
    if (afterDecoder && (appends || INTERPRETERS.has(name) || (code !== undefined && code.code === undefined)))
      this.hide(`decoded text is piped into ${name}`);
    if (CD.has(name) && !program.dynamic) {
      this.changeDirectory(name, args);
      return;
    }

    const dirs = this.dirsFor(unwrapped.chdirs);
    const settings = this.variables.for(unwrapped);
    const loader = [...settings.keys()].find((variable) => CODE_LOADING_VARIABLES.has(variable));
    if (loader !== undefined) this.hide(`${name} runs with ${loader} set, which can load or run other code`);
    const launch = cliLaunch(program, args);
    if (launch !== undefined) {
      const call = readCall("cli", program.text, launch.args, dirs, appends);
      call.preload = launch.preload ?? (settings.has("NODE_OPTIONS") ? "NODE_OPTIONS" : undefined);
      this.calls.push(call);
      return;
    }
    if (isEngine(program)) {
      const read = readEngineCommand(args);
      const variables = { TF_WORKSPACE: settings.get("TF_WORKSPACE"), TF_DATA_DIR: settings.get("TF_DATA_DIR") };
      this.engines.push({ program: program.text, command: read, dirs, variables, selected: this.selected });
      if (read.verb === "workspace select" || read.verb === "workspace new") this.selected = read.workspace;
      return;
    }
    if (isAws(program)) {
      const profileVariable = AWS_PROFILE_VARIABLES.map((variable) => settings.get(variable)).find(Boolean);
      const credentials = AWS_KEY_VARIABLES.find((variable) => settings.has(variable));
      this.aws.push({ command: readAwsCommand(args), dirs, profileVariable, credentials });
      return;
    }
    if (program.dynamic) {
      this.hide(`the program is only known when the shell runs (${program.text})`);
      this.expand(command, unwrapped, depth);
      return;
    }
    const stdin = stdinText(command);
    if (SHELL_STRING_RUNNERS.has(name)) this.runsString(name, args, depth);
    if (name === "find") this.findRunners(command, args, depth);
    if (code !== undefined || name === "source" || name === ".") {
      this.shell(name, command, args, code, stdin, pipedFrom, depth);
      return;
    }
    if (name === "trap" && args[0] !== undefined && !args[0].text.startsWith("-")) {
      if (args[0].dynamic) this.hide("trap runs text only known when the shell runs");
      this.scan(args[0].text, depth + 1);
      return;
    }
    if (name === "alias") {
      // An alias's text runs wherever its name is used later in the command.
      for (const word of args)
        if (word.text.includes("=")) this.scan(word.text.slice(word.text.indexOf("=") + 1), depth + 1);
      return;
    }
    if (name === "eval") {
      if (args.some((word) => word.dynamic)) this.hide("eval runs text only known when the shell runs");
      this.scan(args.map((word) => word.text).join(" "), depth + 1);
      return;
    }
    const reason =
      interpreterReason(name, args, stdin, pipedFrom) ??
      buildToolReason(name, args) ??
      (name === "git" ? gitReason(args, settings.keys()) : undefined) ??
      scriptFileReason(program);
    if (reason !== undefined) this.hide(reason);
    if (isInert(unwrapped)) {
      if (mentions && leaks(command, pipedInto)) this.unexplained.push(`${name} writing to a file or another program`);
      return;
    }

    const shape = findShape(args);
    if (shape !== undefined) this.calls.push(readCall("lookalike", program.text, args, dirs, appends, shape));
    if ([...args.map((word) => word.text), ...command.heredocs].some((text) => SHAPE_IN_TEXT.test(text)))
      this.hide(`a devops mutating subcommand is handed to ${name} as text`);
    const fedText = stdinText(command);
    if (fedText !== undefined && !fedText.dynamic) this.scan(fedText.text, depth + 1);
    if (mentions) this.unexplained.push(name);
  }

  /** `$X args` where X was set to fixed text earlier in the command: read what it would run. */
  private expand(command: SimpleCommand, unwrapped: Unwrapped, depth: number): void {
    const match = PARAMETER.exec(unwrapped.program!.text);
    const setting = this.variables.get(match?.[1] ?? match?.[2] ?? "");
    if (setting === undefined || setting.word.dynamic || depth >= MAX_DEPTH) return;
    const words = setting.word.text
      .split(/\s+/)
      .filter(Boolean)
      .map((text) => ({ text, dynamic: false }));
    this.command({ ...command, words: [...words, ...unwrapped.args] }, undefined, false, false, depth + 1);
  }

  private runsString(name: string, args: readonly ShellWord[], depth: number): void {
    const index = args.findIndex((word) => /^-[a-zA-Z]*c$/.test(word.text) || /^--(?:command|call)/.test(word.text));
    if (index === -1) return;
    const option = args[index]!;
    const equals = option.text.indexOf("=");
    const code =
      option.text.startsWith("--") && equals !== -1
        ? { text: option.text.slice(equals + 1), dynamic: option.dynamic }
        : args[index + 1];
    if (code === undefined) return;
    if (code.dynamic) this.hide(`${name} -c runs text only known when the shell runs`);
    this.scan(code.text, depth + 1);
  }

  private findRunners(command: SimpleCommand, args: readonly ShellWord[], depth: number): void {
    for (let i = 0; i < args.length; i += 1) {
      if (!FIND_RUNNERS.has(args[i]!.text)) continue;
      const end = args.findIndex((word, at) => at > i && (word.text === ";" || word.text === "+"));
      const words = args.slice(i + 1, end === -1 ? args.length : end);
      if (words.length > 0) this.command({ ...command, words, heredocs: [] }, undefined, false, false, depth + 1);
      i = end === -1 ? args.length : end;
    }
  }

  private shell(
    name: string,
    command: SimpleCommand,
    args: readonly ShellWord[],
    code: ReturnType<typeof shellCode> | undefined,
    stdin: ShellWord | undefined,
    pipedFrom: boolean,
    depth: number,
  ): void {
    const rcfile = args.find((word) => word.text === "--rcfile" || word.text === "--init-file");
    if (rcfile !== undefined) this.hide(`${name} ${rcfile.text} runs a file the gate does not read`);
    if (code?.code !== undefined) {
      this.scan(code.code.text, depth + 1);
      return;
    }
    const file = code === undefined ? args[0] : args.find((word) => !word.text.startsWith("-"));
    if (file !== undefined) {
      this.hide(
        file.dynamic
          ? `${name} runs ${file.text}, whose text is only known when the shell runs`
          : `${name} runs the script ${file.text}, whose contents the gate does not read`,
      );
      return;
    }
    if (stdin !== undefined) {
      if (stdin.dynamic) this.hide(`${name} runs text only known when the shell runs`);
      this.scan(stdin.text, depth + 1);
      return;
    }
    if (pipedFrom) this.hide(`${name} runs text piped or redirected into it, which the gate cannot read`);
    for (const body of command.heredocs) this.scan(body, depth + 1);
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

  finish(): CommandScan {
    const concerns: string[] = [];
    if (REDEFINES_CLI.test(this.text) && this.calls.some(isMutating)) {
      concerns.push(
        "the command changes PATH or defines an alias or function for the CLI's launcher, so a mutating devops call may not run what it names",
      );
    }
    const opaque = [...this.opaque];
    if (CLI_MENTION.test(this.text) && MUTATING_WORD.test(this.text)) {
      const at = [this.cwd];
      if (this.incomplete)
        opaque.push({
          reason: "it mentions the devops CLI and a mutating subcommand, but its quoting or nesting is unterminated",
          dirs: at,
        });
      const unexplained = [...new Set(this.unexplained)];
      if (unexplained.length > 0) {
        opaque.push({
          reason: `it mentions the devops CLI and a mutating subcommand in a way the gate cannot attribute to a devops call (${unexplained.join(", ")})`,
          dirs: at,
        });
      }
    }
    return { calls: this.calls, engines: this.engines, aws: this.aws, opaque, concerns };
  }
}

export function scanCommand(command: string, cwd: string): CommandScan {
  const scanner = new Scanner(cwd, command);
  scanner.scan(command, 0);
  return scanner.finish();
}
