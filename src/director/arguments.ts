// Arguments a routed request states in its words: environment, service, timeframe, log filter,
// remediation action and count, audit focus, feature text, design file, and for the state commands
// the resource addresses, an import's id, a lock id and a plan's scope. A command gets only the
// arguments it declares a flag (or positional words) for (src/core/commands/).
import { declarationOf, type FlagSpec, flagsOf, ROUTES, type RouteCommand } from "../core/commands/index.js";
import { BUILTIN_ENVIRONMENT_WORDS } from "../core/config/environments.js";
import { NOT_SERVICE } from "./lexicon.data.js";
import { importIdOf, lockIdOf, resourceAddressesOf, scopeOf } from "./addresses.js";

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
  /** Resource addresses as written: what state show, rm and mv act on, or what an import fills. */
  addresses?: string[];
  /** An import's id of the existing resource in the cloud. */
  id?: string;
  lockId?: string;
  target?: string[];
  replace?: string[];
  refresh?: "false";
}

export interface RouterOptions {
  /** Maps a word to a configured environment name, or returns undefined. */
  environment?: (word: string) => string | undefined;
}

const ENV_WORDS: Record<string, string> = {
  ...BUILTIN_ENVIRONMENT_WORDS,
  prd: "prod",
  staging: "staging",
  stage: "staging",
};

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

export function envOf(text: string, options: RouterOptions): string | undefined {
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
  if (NOT_SERVICE.has(name) || name === env || Object.hasOwn(ENV_WORDS, name) || Object.hasOwn(ROUTES, name))
    return false;
  if (/^(pre|post|re|dry|roll|last|past|next)-/.test(name) || /^(p\d\d|\d)/.test(name)) return false;
  return true;
}

function serviceOf(text: string, env: string | undefined): string | undefined {
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

export function argsFor(command: RouteCommand, text: string, original: string, env: string): RouteArgs {
  const declared = flagsOf(ROUTES[command].id);
  const takes = (flag: keyof RouteArgs) => declared.includes(flag);
  const args: RouteArgs = { env };
  const service = takes("service") ? serviceOf(text, env) : undefined;
  if (service !== undefined) args.service = service;
  const timeframe = takes("timeframe") ? timeframeOf(text) : undefined;
  if (timeframe !== undefined) args.timeframe = timeframe;
  const filter = takes("filter") ? filterOf(original) : undefined;
  if (filter !== undefined) args.filter = filter;
  const action = takes("action") ? actionOf(text) : undefined;
  if (action !== undefined) args.action = action;
  const count = action === "scale" && takes("count") ? countOf(text) : undefined;
  if (count !== undefined) args.count = count;
  const focus = takes("focus") ? focusOf(text) : undefined;
  if (focus !== undefined) args.focus = focus;
  const feature = takes("feature") ? featureOf(original) : undefined;
  if (feature !== undefined) args.feature = feature;
  const design = takes("design") ? designOf(original) : undefined;
  if (design !== undefined) args.design = design;
  Object.assign(args, stateArgs(command, text, original));
  return args;
}

/** How many addresses each command's words hold: state show one, state mv from and to, import one, state rm all. */
const ADDRESS_LIMIT: Partial<Record<RouteCommand, number>> = { "state-show": 1, "state-mv": 2, import: 1 };

function stateArgs(command: RouteCommand, text: string, original: string): RouteArgs {
  const declaration = declarationOf(ROUTES[command].id);
  const flags: Readonly<Record<string, FlagSpec>> = declaration.flags;
  const args: RouteArgs = {};
  if ("positional" in declaration) {
    const addresses = resourceAddressesOf(original).slice(0, ADDRESS_LIMIT[command]);
    if (addresses.length > 0) args.addresses = addresses;
    if (declaration.positional.key === "words") {
      const id = importIdOf(original, addresses[0], (word) => Object.hasOwn(ENV_WORDS, word));
      if (id !== undefined) args.id = id;
    }
  }
  if (flags.lockId !== undefined) {
    const lockId = lockIdOf(original);
    if (lockId !== undefined) args.lockId = lockId;
  }
  if (flags.target !== undefined) Object.assign(args, scopeOf(original));
  // show-resources' --refresh is a switch; only a plan's --refresh takes true|false.
  if (flags.refresh?.value !== undefined && NO_REFRESH.test(text)) args.refresh = "false";
  return args;
}

const NO_REFRESH = /\b(without|no|skip|skipping|don't|do not)( a| the)? refresh(ing)?\b|\brefresh false\b/;
