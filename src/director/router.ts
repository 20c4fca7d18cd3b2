// The deterministic natural-language router: a request in plain words → the manager, the command,
// its arguments and a confidence, or the candidate readings when it is ambiguous, or nothing when the
// request is not about this product. Pure: no AWS, no Terraform, no I/O.
import { commandLine, type FlagValues } from "../core/commands/command-line.js";
import { type CommandId, declarationOf, flagsOf, ROUTES } from "../core/commands/index.js";
import { editDistance } from "../core/suggest.js";
import { argsFor, envOf, type RouteArgs, type RouterOptions } from "./arguments.js";
import { AMBIGUOUS, CUES, OFF_TOPIC, TYPOS, VOCABULARY, type Manager, type RouteCommand } from "./lexicon.data.js";

export type { RouteArgs, RouterOptions };

export interface RouteOption {
  manager: Manager;
  command: RouteCommand;
  cli: string;
}

export interface Route {
  request: string;
  routed: boolean;
  manager: Manager | null;
  command: RouteCommand | null;
  args: RouteArgs;
  /** True when no environment was named and test was assumed. */
  envDefaulted: boolean;
  confidence: number;
  ambiguous: boolean;
  options: RouteOption[];
  cli: string | null;
  available: boolean;
}

/** Lower case, quotes kept for filters, punctuation to spaces, known words corrected within a small edit distance. */
export function normalise(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[“”]/g, '"')
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9\s'"\-.:/_]/g, " ")
    .split(/\s+/)
    .filter((word) => word !== "");
  return words.map(correct).join(" ");
}

function correct(word: string): string {
  const bare = word.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  const typo = TYPOS[bare];
  if (typo !== undefined) return word.replace(bare, typo);
  if (bare.length < 5 || VOCABULARY.includes(bare) || /\d/.test(bare) || bare.includes("-")) return word;
  const limit = bare.length >= 9 ? 2 : 1;
  let best: { word: string; distance: number } | undefined;
  for (const known of VOCABULARY) {
    // A typo keeps its first letter; a shared stem means another form of the word ("changed"), not a typo.
    if (
      Math.abs(known.length - bare.length) > limit ||
      known[0] !== bare[0] ||
      commonPrefix(known, bare) >= Math.min(known.length, bare.length) - 1
    )
      continue;
    const distance = editDistance(bare, known);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { word: known, distance };
  }
  return best === undefined ? word : word.replace(bare, best.word);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

/** Clauses that mention a command only as the time of another ("what changes before I deploy"). */
const ASIDES = /\b(before|if|when|once|after) (i |we |you )?(deploy|deploying|apply|applying|deployment|release)\b/g;
/** "in test", "to the test environment": the environment, not the verb "test". */
const TEST_ENV = /\b(in|to|on|for|against|into|of) (the )?test\b/g;

function scores(text: string): [RouteCommand, number][] {
  const scored = text.replace(ASIDES, " ").replace(TEST_ENV, "$1 the testenv");
  return (Object.keys(CUES) as RouteCommand[])
    .map((command): [RouteCommand, number] => [
      command,
      CUES[command].reduce((sum, cue) => sum + (cue.pattern.test(scored) ? cue.weight : 0), 0),
    ])
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** The flags the command declares, in the order the arguments are listed, then the route's defaults. */
const ARG_ORDER = [
  "env",
  "service",
  "action",
  "count",
  "filter",
  "timeframe",
  "focus",
  "feature",
  "design",
  "lockId",
  "target",
  "replace",
  "refresh",
] as const;

/** The words a command takes after its flags: addresses, or for an import its address and then its id. */
function positionalOf(id: CommandId, args: RouteArgs): Record<string, string | string[]> {
  const declaration = declarationOf(id);
  if (!("positional" in declaration)) return {};
  const { key, list } = declaration.positional as { key: string; list?: true };
  if (key === "words") {
    const words = [...(args.addresses ?? []).slice(0, 1), ...(args.id === undefined ? [] : [args.id])];
    return words.length === 0 ? {} : { [key]: words };
  }
  if (args.addresses === undefined || args.addresses.length === 0) return {};
  return { [key]: list === true ? args.addresses : args.addresses[0]! };
}

export function cliFor(command: RouteCommand, args: RouteArgs): string {
  const { id, defaults } = ROUTES[command];
  const declared = flagsOf(id);
  const values: Record<string, string | number | boolean | readonly string[]> = {};
  for (const key of ARG_ORDER) {
    const value = args[key];
    if (value !== undefined && declared.includes(key)) values[key] = value;
  }
  Object.assign(values, defaults, positionalOf(id, args));
  return commandLine(id, values as FlagValues<CommandId>);
}

export function route(request: string, options: RouterOptions = {}): Route {
  const text = normalise(request);
  const said = envOf(text, options);
  const env = said ?? "test";
  const ranked = scores(text);
  const base = { request, args: {}, envDefaulted: said === undefined, options: [], cli: null, available: false };
  const option = (command: RouteCommand): RouteOption => ({
    manager: ROUTES[command].manager,
    command,
    cli: cliFor(command, argsFor(command, text, request, env)),
  });

  const unrouted = { ...base, routed: false, manager: null, command: null, confidence: 0, ambiguous: false } as const;
  /** The readings an ambiguity rule names, for the person to choose from. */
  const readings = (rule: { options: readonly RouteCommand[] }): Route => ({
    ...unrouted,
    args: { env },
    confidence: 0.3,
    ambiguous: true,
    options: rule.options.map(option),
  });
  if (OFF_TOPIC.test(text)) return unrouted;
  const forced = AMBIGUOUS.find((rule) => rule.force === true && rule.pattern.test(text));
  if (forced !== undefined) return readings(forced);
  const [top, second] = ranked;
  const ambiguousRule = AMBIGUOUS.find((rule) => rule.force !== true && rule.pattern.test(text));
  if (top === undefined || (top[1] < 4 && ambiguousRule !== undefined)) {
    return ambiguousRule === undefined ? unrouted : readings(ambiguousRule);
  }
  if (second !== undefined && second[1] >= top[1] && ROUTES[second[0]] !== undefined) {
    const tied = ranked.filter(([, score]) => score === top[1]).map(([command]) => command);
    return {
      ...base,
      args: { env },
      routed: false,
      manager: null,
      command: null,
      confidence: 0.4,
      ambiguous: true,
      options: tied.map(option),
    };
  }
  const command = top[0];
  const args = argsFor(command, text, request, env);
  const margin = second === undefined ? top[1] : top[1] - second[1];
  const confidence = Math.round(Math.min(0.99, 0.5 + margin / 10 + (top[1] >= 5 ? 0.15 : 0)) * 100) / 100;
  return {
    ...base,
    routed: true,
    manager: ROUTES[command].manager,
    command,
    args,
    confidence,
    ambiguous: false,
    options: [],
    cli: cliFor(command, args),
    // Every routed command is declared, so the CLI has it.
    available: true,
  };
}
