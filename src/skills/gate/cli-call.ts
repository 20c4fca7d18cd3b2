// Reads one call of our CLI for the gate: the subcommand, the --env / --project-dir / --config values and
// everything that could make that reading wrong; and recognises the ways the CLI is launched.
import { basename } from "node:path";
import { MUTATING_COMMANDS } from "../../core/commands/index.js";
import type { ShellWord } from "../../core/shell-words.js";
import {
  GLOBAL_SWITCHES,
  HELP,
  NODE,
  NODE_PRELOADS,
  NODE_VALUE_OPTIONS,
  NPX,
  NPX_VALUE_OPTIONS,
  VALUE_FLAGS,
} from "./command-scan.data.js";

/** The declared mutating commands as words, e.g. ["infra", "permissions", "grant"]. */
export const MUTATING_PATHS: readonly (readonly string[])[] = MUTATING_COMMANDS.map((path) => path.split(" "));
export const MUTATING_NAMES = new Set(MUTATING_PATHS.map((words) => words.at(-1)!));

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
  /** --help or -h: the CLI prints help and runs nothing. */
  help: boolean;
  /** Node loads code of its own choosing first (--import, --require, NODE_OPTIONS), which can rewrite argv. */
  preload: string | undefined;
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

export function isMutating(call: CliCall): boolean {
  if (call.kind === "cli" && call.help && call.preload === undefined && !call.appends) return false;
  return (
    call.kind === "lookalike" ||
    (MUTATING_COMMANDS as readonly string[]).includes(call.path.join(" ")) ||
    call.pathDynamic ||
    call.preload !== undefined ||
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

export function readCall(
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
    help: false,
    preload: undefined,
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
      if (HELP.has(text) && !word.dynamic) call.help = true;
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

export interface CliLaunch {
  args: ShellWord[];
  /** The Node option that loads code before the CLI, if any. */
  preload: string | undefined;
}

/** How `program args` runs our CLI (its arguments and any preload), else undefined. */
export function cliLaunch(program: ShellWord, args: readonly ShellWord[]): CliLaunch | undefined {
  const name = basename(program.text);
  if (name === "devops") return { args: [...args], preload: undefined };
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
        return text === "devops" || text.startsWith("devops@")
          ? { args: launcherArgs.slice(i + 1), preload: undefined }
          : undefined;
    }
    return undefined;
  }
  if (!NODE.test(name)) return undefined;
  let preload: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const text = args[i]!.text;
    const option = text.replace(/=.*/s, "");
    if (["-e", "--eval", "-p", "--print", "-"].includes(text) || /^--(?:eval|print)=/.test(text)) return undefined;
    if (NODE_PRELOADS.has(option)) preload ??= option;
    if (NODE_VALUE_OPTIONS.has(text)) i += 1;
    else if (text === "--" || !text.startsWith("-")) {
      const script = text === "--" ? args[i + 1] : args[i];
      const offset = text === "--" ? 2 : 1;
      if (script === undefined) return undefined;
      return script.text.endsWith("dist/cli.js") || basename(script.text) === "devops"
        ? { args: args.slice(i + offset), preload }
        : undefined;
    }
  }
  return undefined;
}

/** A mutating subcommand's words among `args` (flags between the words are skipped), if any. */
export function findShape(args: readonly ShellWord[]): string[] | undefined {
  const texts = args.filter((word) => !word.text.startsWith("-")).map((word) => (word.dynamic ? "" : word.text));
  for (let i = 0; i < texts.length; i += 1) {
    const shape = MUTATING_PATHS.find((words) => words.every((word, offset) => texts[i + offset] === word));
    if (shape !== undefined) return [...shape];
  }
  return undefined;
}
