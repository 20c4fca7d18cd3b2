// Classifies an error: the structured code and status and the text go through the ordered rule table
// (rules.data.ts), the first match decides; the facts a fix needs come from extract.ts.
import { extractFacts, MAX_TEXT } from "./extract.js";
import { RULES, type Rule } from "./rules.data.js";
import type { Classification, Confidence, ErrorCategory, ErrorInput } from "./types.js";

interface CompiledRule {
  rule: Rule;
  codes: ReadonlySet<string>;
  /** The rule's patterns joined into one regex per flag set: one scan of the text instead of one per pattern. */
  patterns: readonly RegExp[];
  statuses: ReadonlySet<number>;
}

function joined(patterns: readonly RegExp[]): RegExp[] {
  const byFlags = new Map<string, string[]>();
  for (const pattern of patterns) {
    const flags = pattern.flags.replace(/[gy]/g, "");
    byFlags.set(flags, [...(byFlags.get(flags) ?? []), `(?:${pattern.source})`]);
  }
  return [...byFlags].map(([flags, sources]) => new RegExp(sources.join("|"), flags));
}

const COMPILED: readonly CompiledRule[] = RULES.map((rule) => ({
  rule,
  codes: new Set((rule.codes ?? []).map((code) => code.toLowerCase())),
  patterns: joined(rule.patterns ?? []),
  statuses: new Set(rule.httpStatuses ?? []),
}));

const NO_DENIAL = {
  explicitDeny: false,
  serviceControlPolicy: false,
  permissionsBoundary: false,
  sessionPolicy: false,
} as const;

type MatchedBy = "code" | "pattern" | "status";

function decide(
  text: string,
  codes: readonly string[],
  status: number | null,
): { rule: Rule; by: MatchedBy } | undefined {
  for (const { rule, codes: ruleCodes, patterns, statuses } of COMPILED) {
    if (codes.some((code) => ruleCodes.has(code))) return { rule, by: "code" };
    if (patterns.some((pattern) => pattern.test(text))) return { rule, by: "pattern" };
    if (status !== null && statuses.has(status)) return { rule, by: "status" };
  }
  return undefined;
}

function confidenceOf(rule: Rule, by: MatchedBy, structuredCode: boolean): Confidence {
  // A code the source reported itself (an SDK error name, a diagnostic's "api error X") is the best evidence.
  if (by === "code" && structuredCode && rule.category !== "unknown") return "high";
  return rule.confidence;
}

/** The category, confidence and facts of one error. */
export function classify(input: ErrorInput): Classification {
  const text = input.text.length > MAX_TEXT ? input.text.slice(0, MAX_TEXT) : input.text;
  const facts = extractFacts(text);
  const code = input.code ?? facts.code ?? null;
  const httpStatus = input.httpStatus ?? facts.httpStatus ?? null;
  const codes = [
    ...new Set(
      [input.code, facts.code]
        .filter((c): c is string => typeof c === "string" && c !== "")
        .map((c) => c.toLowerCase()),
    ),
  ];
  const decision = decide(text, codes, httpStatus);
  return {
    category: decision?.rule.category ?? "unknown",
    confidence: decision === undefined ? "low" : confidenceOf(decision.rule, decision.by, input.code !== undefined),
    rule: decision?.rule.id ?? "none",
    code,
    httpStatus,
    action: facts.action ?? null,
    resource: facts.resource ?? null,
    resourceType: input.resourceType ?? facts.resourceType ?? null,
    resourceName: facts.resourceName ?? null,
    principal: facts.principal ?? null,
    denial: facts.denial ?? { ...NO_DENIAL },
    encodedMessage: facts.encodedMessage ?? null,
    lockId: facts.lockId ?? null,
  };
}

// When one run reports several errors, the one that caused the others comes first: a dead network explains
// missing credentials, and a missing permission a later "already exists" or a failed wait, never the reverse.
const ROOT_CAUSE_ORDER: Readonly<Record<ErrorCategory, number>> = {
  network: 7,
  permission: 6,
  quota: 4,
  state: 3,
  config: 2,
  resource: 1,
  unknown: 0,
};
const CONFIDENCE_ORDER: Readonly<Record<Confidence, number>> = { high: 2, medium: 1, low: 0 };

function rootCauseRank(classification: Classification): number {
  const decisive = classification.confidence === "low" ? 0 : 100;
  return decisive + ROOT_CAUSE_ORDER[classification.category] * 10 + CONFIDENCE_ORDER[classification.confidence];
}

const FILLABLE = [
  "action",
  "resource",
  "resourceType",
  "resourceName",
  "principal",
  "encodedMessage",
  "lockId",
  "code",
  "httpStatus",
] as const;

type Fillable = (typeof FILLABLE)[number];

function fill<K extends Fillable>(target: Classification, source: Classification, key: K): void {
  if (target[key] === null) target[key] = source[key];
}

function unclassified(): Classification {
  return {
    category: "unknown",
    confidence: "low",
    rule: "none",
    code: null,
    httpStatus: null,
    action: null,
    resource: null,
    resourceType: null,
    resourceName: null,
    principal: null,
    denial: { ...NO_DENIAL },
    encodedMessage: null,
    lockId: null,
  };
}

/** Classifies every error of one run and picks the root cause as the primary one. */
export function classifyAll(inputs: readonly ErrorInput[]): { primary: Classification; all: Classification[] } {
  const all = inputs.map(classify);
  let best: Classification | undefined;
  for (const classification of all)
    if (best === undefined || rootCauseRank(classification) > rootCauseRank(best)) best = classification;
  if (best === undefined) return { primary: unclassified(), all };
  // Facts the primary error left out may sit in a sibling of the same category (the action in one
  // diagnostic, the lock id in another).
  const primary: Classification = { ...best, denial: { ...best.denial } };
  for (const sibling of all) {
    if (sibling === best || sibling.category !== best.category) continue;
    for (const key of FILLABLE) fill(primary, sibling, key);
  }
  return { primary, all };
}
