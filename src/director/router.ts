// The deterministic natural-language router: a request in plain words → the manager, the command,
// its arguments and a confidence, or the candidate readings when it is ambiguous, or nothing when the
// request is not about this product. Pure: no AWS, no Terraform, no I/O.
import { editDistance } from "../core/suggest.js";
import {
  AMBIGUOUS,
  AVAILABLE,
  COMMANDS,
  CUES,
  NOT_SERVICE,
  OFF_TOPIC,
  TYPOS,
  VOCABULARY,
  type Manager,
  type RouteCommand,
} from "./lexicon.js";

export interface RouteArgs {
  env?: string;
  service?: string;
  filter?: string;
  timeframe?: string;
  action?: "restart" | "scale" | "rollback";
  count?: number;
  focus?: "cost" | "security" | "compliance";
  feature?: string;
  design?: string;
}

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

export interface RouterOptions {
  /** Maps a word to a configured environment name, or returns undefined. */
  environment?: (word: string) => string | undefined;
}

const ENV_WORDS: Record<string, string> = {
  test: "test",
  testing: "test",
  dev: "test",
  development: "test",
  prod: "prod",
  production: "prod",
  live: "prod",
  prd: "prod",
  staging: "staging",
  stage: "staging",
};

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

const UNITS: Record<string, string> = {
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
  w: "w",
  week: "w",
  weeks: "w",
};

function timeframeOf(text: string): string | undefined {
  const counted =
    /\b(?:last|past|previous|over the last|in the last|within the last|for the last)?\s*(\d+)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\b/.exec(
      text,
    );
  if (counted !== undefined && counted !== null) {
    const unit = UNITS[counted[2]!]!;
    const value = Number(counted[1]);
    return unit === "w" ? `${value * 7}d` : `${value}${unit}`;
  }
  if (/\b(last|past|previous) (hour)\b|\bthe hour\b/.test(text)) return "1h";
  if (/\bsince yesterday\b|\b(last|past) (day|24 hours)\b|\byesterday\b/.test(text)) return "24h";
  if (/\b(last|past|this) week\b/.test(text)) return "7d";
  if (/\b(last|past|this) month\b/.test(text)) return "30d";
  if (/\b(last|past) (half an hour|30 minutes)\b/.test(text)) return "30m";
  return undefined;
}

function envOf(text: string, options: RouterOptions): string | undefined {
  const found: string[] = [];
  for (const word of text.split(" ").map((w) => w.replace(/[^a-z0-9-]/g, ""))) {
    const configured = options.environment?.(word);
    if (configured !== undefined) found.push(configured);
    else if (Object.hasOwn(ENV_WORDS, word)) found.push(ENV_WORDS[word]!);
  }
  // "test" is also a verb ("test my changes for production"): another environment word wins.
  return found.find((env) => env !== "test") ?? found[0];
}

function countOf(text: string): number | undefined {
  const match =
    /\b(?:to|at|of|=)\s*(\d{1,5})\b(?!\s*(?:m|min|mins|minutes|h|hours?|hrs?|d|days?|w|weeks?|s|seconds?)\b)/.exec(
      text,
    ) ?? /\b(\d{1,5})\s+(?:tasks?|instances?|containers?|replicas?|copies)\b/.exec(text);
  return match === null ? undefined : Number(match[1]);
}

function actionOf(text: string): RouteArgs["action"] {
  if (/\b(restart\w*|reboot\w*|bounce|recycle)\b/.test(text)) return "restart";
  if (/\broll ?back\b|\brevert\b|\bprevious version\b/.test(text)) return "rollback";
  if (
    /\bscale\b|\b(increase|decrease|raise|lower|bump|set)\b[\w\s-]*\b(capacity|concurrency|count|tasks|instances|replicas)\b/.test(
      text,
    )
  )
    return "scale";
  return undefined;
}

function focusOf(text: string): RouteArgs["focus"] {
  if (/\b(costs?|spend|spending|bill|billing|expensive|budget|money)\b/.test(text)) return "cost";
  if (
    /\b(security|secure|vulnerabilit\w*|exposed|public buckets?|encryption|unencrypted|iam|least privilege)\b/.test(
      text,
    )
  )
    return "security";
  if (/\b(compliance|compliant|tagging|tagged|tags|naming|policy violations?)\b/.test(text)) return "compliance";
  return undefined;
}

function filterOf(original: string): string | undefined {
  const quoted = /["']([^"']{2,80})["']/.exec(original);
  if (quoted !== null) return quoted[1];
  const level = /\b(ERROR|WARN|WARNING|FATAL|CRITICAL|EXCEPTION)\b/.exec(original);
  return level === null ? undefined : level[1];
}

const OPS_COMMANDS = new Set<RouteCommand>([
  "check-health",
  "query-logs",
  "investigate",
  "analyze-performance",
  "remediate",
]);

const SERVICE_PATTERNS = [
  /\b([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b/g,
  /\b(api) lambda\b/g,
  /\b([a-z][a-z0-9_]*)(?:'s)? (?:service|worker|function|app|queue|microservice|lambda)s?\b/g,
];

const TRIGGERS = new Set([
  "restart",
  "reboot",
  "bounce",
  "recycle",
  "rollback",
  "back",
  "revert",
  "scale",
  "out",
  "up",
  "down",
  "of",
  "for",
  "from",
  "on",
  "investigate",
  "increase",
  "decrease",
  "remediate",
  "logs",
  "is",
  "checkout",
]);

/** A name right after a trigger word ("restart checkout", "logs for payments"), skipping articles. */
function nameAfterTrigger(text: string, env: string | undefined): string | undefined {
  const words = text.split(" ").map((w) => w.replace(/[^a-z0-9_-]/g, ""));
  for (let i = 0; i < words.length - 1; i += 1) {
    if (!TRIGGERS.has(words[i]!) || words[i] === "checkout") continue;
    let j = i + 1;
    while (j < words.length && ["the", "my", "our", "a", "an"].includes(words[j]!)) j += 1;
    const name = words[j];
    if (name !== undefined && /^[a-z][a-z0-9_-]*$/.test(name) && serviceCandidate(name, env)) return name;
  }
  return undefined;
}

function serviceCandidate(name: string, env: string | undefined): boolean {
  if (NOT_SERVICE.has(name) || name === env || Object.hasOwn(ENV_WORDS, name) || Object.hasOwn(COMMANDS, name))
    return false;
  if (/^(pre|post|re|dry|roll|last|past|next)-/.test(name) || /^(p\d\d|\d)/.test(name)) return false;
  return true;
}

function serviceOf(text: string, env: string | undefined, command: RouteCommand | null): string | undefined {
  if (command === null || !OPS_COMMANDS.has(command)) return undefined;
  for (const pattern of SERVICE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1] === "api" && match[0].endsWith("lambda") ? "api-lambda" : match[1];
      if (name !== undefined && serviceCandidate(name, env)) return name;
    }
  }
  return nameAfterTrigger(text, env);
}

function featureOf(original: string): string | undefined {
  const match =
    /\b(?:design|architect|plan out)\b\s+(.+)/i.exec(original) ??
    /^(?:add|we need|i need|give me|let's add)\s+(.+)/i.exec(original);
  const rest = match?.[1]
    ?.replace(/^(?:(?:the|a|an)\s+)?(?:infrastructure|infra|architecture|aws resources|design)?\s*(?:for|of)\s+/i, "")
    .replace(/[?.!\s]+$/, "");
  return rest === undefined || rest === "" ? undefined : rest;
}

function designOf(original: string): string | undefined {
  const file = /\b([\w-]+\.md)\b/.exec(original)?.[1];
  if (file !== undefined) return file;
  return /\bthe ([\w-]+(?: [\w-]+)?) design\b/i.exec(original)?.[1]?.toLowerCase().replace(/\s+/g, "-");
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

function quote(value: string | number): string {
  const text = String(value);
  return /^[\w@%+=:,./-]+$/.test(text) ? text : JSON.stringify(text);
}

export function cliFor(command: RouteCommand, args: RouteArgs): string {
  const flags: [string, string | number | undefined][] = [
    ["env", args.env],
    ["service", args.service],
    ["action", args.action],
    ["count", args.count],
    ["filter", args.filter],
    ["timeframe", args.timeframe],
    ["focus", args.focus],
    ["feature", args.feature],
    ["design", args.design],
  ];
  const rendered = flags
    .filter(([, value]) => value !== undefined)
    .map(([flag, value]) => `--${flag} ${quote(value!)}`);
  // Commands whose other required input the request does not carry get their usual default.
  const defaults = command === "test-changes" ? ["--phase pre-deployment"] : command === "debug" ? ["--last"] : [];
  return [`devops ${COMMANDS[command]} ${command}`, ...rendered, ...defaults].join(" ");
}

function argsFor(command: RouteCommand, text: string, original: string, env: string): RouteArgs {
  const args: RouteArgs = { env };
  const service = serviceOf(text, env, command);
  if (service !== undefined) args.service = service;
  if (["query-logs", "investigate", "analyze-performance", "check-health"].includes(command)) {
    const timeframe = timeframeOf(text);
    if (timeframe !== undefined) args.timeframe = timeframe;
  }
  if (command === "query-logs") {
    const filter = filterOf(original);
    if (filter !== undefined) args.filter = filter;
  }
  if (command === "remediate") {
    const action = actionOf(text);
    if (action !== undefined) args.action = action;
    const count = action === "scale" ? countOf(text) : undefined;
    if (count !== undefined) args.count = count;
  }
  if (command === "audit") {
    const focus = focusOf(text);
    if (focus !== undefined) args.focus = focus;
  }
  if (command === "architect") {
    const feature = featureOf(original);
    if (feature !== undefined) args.feature = feature;
  }
  if (command === "engineer") {
    const design = designOf(original);
    if (design !== undefined) args.design = design;
  }
  return args;
}

export function route(request: string, options: RouterOptions = {}): Route {
  const text = normalise(request);
  const said = envOf(text, options);
  const env = said ?? "test";
  const ranked = scores(text);
  const base = { request, args: {}, envDefaulted: said === undefined, options: [], cli: null, available: false };
  const option = (command: RouteCommand): RouteOption => ({
    manager: COMMANDS[command],
    command,
    cli: cliFor(command, argsFor(command, text, request, env)),
  });

  if (OFF_TOPIC.test(text))
    return { ...base, routed: false, manager: null, command: null, confidence: 0, ambiguous: false };
  const forced = AMBIGUOUS.find((rule) => rule.force === true && rule.pattern.test(text));
  if (forced !== undefined) {
    return {
      ...base,
      args: { env },
      routed: false,
      manager: null,
      command: null,
      confidence: 0.3,
      ambiguous: true,
      options: forced.options.map(option),
    };
  }
  const [top, second] = ranked;
  const ambiguousRule = AMBIGUOUS.find((rule) => rule.force !== true && rule.pattern.test(text));
  if (top === undefined || (top[1] < 4 && ambiguousRule !== undefined)) {
    if (ambiguousRule === undefined)
      return { ...base, routed: false, manager: null, command: null, confidence: 0, ambiguous: false };
    return {
      ...base,
      args: { env },
      routed: false,
      manager: null,
      command: null,
      confidence: 0.3,
      ambiguous: true,
      options: ambiguousRule.options.map(option),
    };
  }
  if (second !== undefined && second[1] >= top[1] && COMMANDS[second[0]] !== undefined) {
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
    manager: COMMANDS[command],
    command,
    args,
    confidence,
    ambiguous: false,
    options: [],
    cli: cliFor(command, args),
    available: AVAILABLE.has(command),
  };
}
