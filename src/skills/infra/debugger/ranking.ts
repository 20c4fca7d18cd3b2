// Ranks the fixes for one error: learned ones from the issue log (scored with the seed's weights, no free
// base score, filtered on evidence) and the built-in catalogue's, merged when they are the same fix.
// One linear pass over the log; nothing is indexed because 10,000 issues take a few milliseconds.
import type { IssueEntry, IssueLog, LoggedSolution } from "../../../records/issue-log.js";
import type { ErrorCategory, SolutionCategory, SolutionTemplate } from "./types.js";

/** The seed's weights: each factor's contribution when it matches. */
export const RANKING_WEIGHTS = {
  exact: 10,
  code: 5,
  resource_type: 3,
  environment: 2,
  operation: 1.5,
  /** × success percentage / 100 */
  success_rate: 1,
  /** ÷ max(1, days since the fix was last used) */
  recency: 0.5,
} as const;

/** A learned fix is offered only with this much evidence (the seed's selection rules). */
export const LEARNED_MIN_SCORE = 5;
export const LEARNED_MIN_SUCCESS_PERCENTAGE = 50;
export const LEARNED_MIN_ATTEMPTS = 2;
export const DEFAULT_RANK_LIMIT = 5;

export type SolutionConfidence = "high" | "medium" | "low" | "very_low";

/** The first tier whose score and success bars a solution clears; otherwise very_low. */
export const CONFIDENCE_TIERS: ReadonlyArray<{
  confidence: Exclude<SolutionConfidence, "very_low">;
  minScore: number;
  minPercentage: number;
}> = [
  { confidence: "high", minScore: 15, minPercentage: 90 },
  { confidence: "medium", minScore: 10, minPercentage: 70 },
  { confidence: "low", minScore: 5, minPercentage: 50 },
];

/** What the catalogue's matcher returns (structurally: this module does not depend on the catalogue). */
export interface CatalogueMatch {
  entry: {
    id: string;
    title: string;
    category: ErrorCategory;
    codes?: readonly string[];
    patterns?: readonly (RegExp | string)[];
    resourceTypes?: readonly string[];
    solutions: readonly SolutionTemplate[];
  };
  matchedBy: readonly ("pattern" | "code" | "resource_type")[];
}

export interface IssueQuery {
  /** The error's text through `normaliseForLog`, with the project's names. */
  normalizedMessage: string;
  code: string | null;
  resourceType: string | null;
  /** Null when the error is not tied to an environment: no environment factor then. */
  environment: string | null;
  operation: string;
  /** When both the query and an issue name an IAM action, an exact match needs the same one. */
  action?: string | null;
}

export interface ScoreBreakdown {
  exact: number;
  code: number;
  resource_type: number;
  environment: number;
  operation: number;
  success_rate: number;
  recency: number;
}

export interface RankedSolution {
  solution_id: string;
  issue_id?: string;
  catalogue_id?: string;
  source: "learned" | "catalogue";
  description: string;
  category: SolutionCategory;
  steps: string[];
  automation: { automated: boolean; operation?: string; parameters?: Record<string, string | number | boolean | null> };
  command?: string;
  score: number;
  breakdown: ScoreBreakdown;
  success_rate: { attempts: number; successes: number; failures: number; percentage: number } | null;
  confidence: SolutionConfidence;
}

export interface SearchOptions {
  now?: Date;
  /** Top N (default 5). */
  limit?: number;
  /** Apply the evidence filters (default true); false returns every matching fix, scored. */
  filter?: boolean;
}

const DAY_MS = 86_400_000;
const round = (value: number): number => Math.round(value * 1000) / 1000;
const matchPart = (b: ScoreBreakdown): number => b.exact + b.code + b.resource_type + b.environment + b.operation;
const sumOf = (b: ScoreBreakdown): number => round(matchPart(b) + b.success_rate + b.recency);

export function confidenceOf(score: number, percentage: number): SolutionConfidence {
  return (
    CONFIDENCE_TIERS.find((tier) => score >= tier.minScore && percentage >= tier.minPercentage)?.confidence ??
    "very_low"
  );
}

/** The id a catalogue fix carries into the issue log: the entry id, `#n` for its second and later fixes. */
export function catalogueSolutionId(entryId: string, index: number): string {
  return index === 0 ? entryId : `${entryId}#${index + 1}`;
}

/**
 * A catalogue-backed fix is judged by the catalogue until it has been tried enough times here; after
 * that its own statistics are the evidence. A fix without a catalogue id always has learned evidence.
 */
export function hasLearnedEvidence(solution: Pick<RankedSolution, "success_rate" | "catalogue_id">): boolean {
  if (solution.success_rate === null) return false;
  return solution.catalogue_id === undefined || solution.success_rate.attempts >= LEARNED_MIN_ATTEMPTS;
}

interface PreparedQuery {
  message: string;
  code: string;
  resourceType: string;
  environment: string | null;
  operation: string;
  action: string;
}

function prepare(query: IssueQuery): PreparedQuery {
  return {
    message: query.normalizedMessage,
    code: query.code?.toLowerCase() ?? "",
    resourceType: query.resourceType ?? "",
    environment: query.environment,
    operation: query.operation,
    action: query.action ?? "",
  };
}

/** The issue's part of the score (the error matches), or undefined when nothing matches at all. */
function issueMatch(issue: IssueEntry, q: PreparedQuery): Omit<ScoreBreakdown, "success_rate" | "recency"> | undefined {
  const error = issue.error;
  const sameAction = q.action === "" || error.action === null || error.action === q.action;
  const exact = sameAction && error.normalized_message === q.message ? RANKING_WEIGHTS.exact : 0;
  const code = q.code !== "" && error.code !== null && error.code.toLowerCase() === q.code ? RANKING_WEIGHTS.code : 0;
  const resourceType =
    q.resourceType !== "" && error.context.resource_type === q.resourceType ? RANKING_WEIGHTS.resource_type : 0;
  const environment =
    q.environment !== null && error.context.environment === q.environment ? RANKING_WEIGHTS.environment : 0;
  const operation = error.context.operation === q.operation ? RANKING_WEIGHTS.operation : 0;
  if (exact + code + resourceType + environment + operation === 0) return undefined;
  return { exact, code, resource_type: resourceType, environment, operation };
}

function learned(
  issue: IssueEntry,
  solution: LoggedSolution,
  match: Omit<ScoreBreakdown, "success_rate" | "recency">,
  now: number,
): RankedSolution {
  const days = Math.max(1, (now - Date.parse(solution.last_used)) / DAY_MS);
  const breakdown: ScoreBreakdown = {
    ...match,
    success_rate: round(RANKING_WEIGHTS.success_rate * (solution.success_rate.percentage / 100)),
    recency: round(RANKING_WEIGHTS.recency / days),
  };
  const score = sumOf(breakdown);
  return {
    solution_id: solution.solution_id,
    issue_id: issue.issue_id,
    ...(solution.catalogue_id === undefined ? {} : { catalogue_id: solution.catalogue_id }),
    source: "learned",
    description: solution.description,
    category: solution.category,
    steps: [...solution.steps],
    automation: { ...solution.automation },
    ...(solution.command === undefined ? {} : { command: solution.command }),
    score,
    breakdown,
    success_rate: { ...solution.success_rate },
    confidence: confidenceOf(score, solution.success_rate.percentage),
  };
}

/** Which fixes `candidates` scores: all that match at all, or (cheaply, before scoring) the ones that can pass the filters. */
interface CandidateFilter {
  filter: boolean;
  /** Catalogue ids whose fixes are scored whatever their record: the record decides the merge. */
  catalogueIds?: ReadonlySet<string>;
}

/** The fixes of every issue that matches the query at all, scored and unsorted. */
function candidates(log: IssueLog, query: IssueQuery, now: number, options: CandidateFilter): RankedSolution[] {
  const q = prepare(query);
  const found: RankedSolution[] = [];
  for (const issue of log.issues) {
    if (issue.solutions.length === 0) continue;
    const match = issueMatch(issue, q);
    if (match === undefined) continue;
    const relevant =
      match.exact + match.code + match.resource_type + match.environment + match.operation >= LEARNED_MIN_SCORE;
    for (const solution of issue.solutions) {
      // A catalogue fix's record counts only from issues that are about this error, but whatever the record.
      const linked = solution.catalogue_id !== undefined && options.catalogueIds?.has(solution.catalogue_id) === true;
      if (options.filter && !(relevant && (linked || hasEnoughRecord(solution)))) continue;
      found.push(learned(issue, solution, match, now));
    }
  }
  return found;
}

function hasEnoughRecord(solution: LoggedSolution): boolean {
  return (
    solution.success_rate.attempts >= LEARNED_MIN_ATTEMPTS &&
    solution.success_rate.percentage >= LEARNED_MIN_SUCCESS_PERCENTAGE
  );
}

/**
 * The seed's filters. The score bar applies to the match factors only: success rate and recency say
 * how good a fix is, not whether the issue is this one (an issue sharing only the environment and the
 * operation would otherwise reach 5 with a perfect, recent fix).
 */
export function passesLearnedFilters(solution: RankedSolution): boolean {
  const rate = solution.success_rate;
  return (
    rate !== null &&
    matchPart(solution.breakdown) >= LEARNED_MIN_SCORE &&
    rate.percentage >= LEARNED_MIN_SUCCESS_PERCENTAGE &&
    rate.attempts >= LEARNED_MIN_ATTEMPTS
  );
}

function compare(a: RankedSolution, b: RankedSolution): number {
  return (
    b.score - a.score ||
    (b.success_rate?.percentage ?? -1) - (a.success_rate?.percentage ?? -1) ||
    (a.solution_id < b.solution_id ? -1 : a.solution_id > b.solution_id ? 1 : 0)
  );
}

/** Sorted best first; one entry per fix (the same description under two issues is one fix). */
function finish(solutions: RankedSolution[], limit: number): RankedSolution[] {
  const seen = new Set<string>();
  const result: RankedSolution[] = [];
  for (const solution of solutions.sort(compare)) {
    const key = solution.description.replace(/\s+/g, " ").trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(solution);
    if (result.length >= limit) break;
  }
  return result;
}

/** The learned fixes for a query, best first. */
export function searchIssueLog(log: IssueLog, query: IssueQuery, options: SearchOptions = {}): RankedSolution[] {
  const now = (options.now ?? new Date()).getTime();
  const filter = options.filter !== false;
  const found = candidates(log, query, now, { filter });
  return finish(filter ? found.filter(passesLearnedFilters) : found, options.limit ?? DEFAULT_RANK_LIMIT);
}

function catalogueSolution(match: CatalogueMatch, template: SolutionTemplate, index: number): RankedSolution {
  const by = new Set(match.matchedBy);
  const breakdown: ScoreBreakdown = {
    exact: by.has("pattern") ? RANKING_WEIGHTS.exact : 0,
    code: by.has("code") ? RANKING_WEIGHTS.code : 0,
    resource_type: by.has("resource_type") ? RANKING_WEIGHTS.resource_type : 0,
    environment: 0,
    operation: 0,
    success_rate: 0,
    recency: 0,
  };
  const id = catalogueSolutionId(match.entry.id, index);
  return {
    solution_id: `catalogue:${id}`,
    catalogue_id: id,
    source: "catalogue",
    description: template.description,
    category: template.category,
    steps: [...template.steps],
    automation: { ...template.automation },
    ...(template.command === undefined ? {} : { command: template.command }),
    score: sumOf(breakdown),
    breakdown,
    success_rate: null,
    confidence: catalogueConfidence(by.has("pattern"), by.has("code")),
  };
}

/** Without statistics a catalogue fix is at most medium (its exact form and code), else low. */
function catalogueConfidence(pattern: boolean, code: boolean): SolutionConfidence {
  if (pattern && code) return "medium";
  return pattern || code ? "low" : "very_low";
}

/** A catalogue fix that was tried here: the better match part of the two, the learned statistics. */
function merge(catalogue: RankedSolution, tried: RankedSolution): RankedSolution {
  const base = matchPart(tried.breakdown) >= matchPart(catalogue.breakdown) ? tried.breakdown : catalogue.breakdown;
  const breakdown = { ...base, success_rate: tried.breakdown.success_rate, recency: tried.breakdown.recency };
  const score = sumOf(breakdown);
  const merged: RankedSolution = { ...tried, catalogue_id: catalogue.catalogue_id, breakdown, score };
  if (hasLearnedEvidence(merged))
    return { ...merged, confidence: confidenceOf(score, merged.success_rate?.percentage ?? 0) };
  return { ...merged, confidence: catalogue.confidence };
}

/** Learned and catalogue fixes together, best first: what the debugger offers for one error. */
export function rankSolutions(input: {
  log: IssueLog;
  query: IssueQuery;
  catalogue: readonly CatalogueMatch[];
  now?: Date;
  limit?: number;
}): RankedSolution[] {
  const now = (input.now ?? new Date()).getTime();
  const catalogueIds = new Set(
    input.catalogue.flatMap((match) =>
      match.entry.solutions.map((_, index) => catalogueSolutionId(match.entry.id, index)),
    ),
  );
  const found = candidates(input.log, input.query, now, { filter: true, catalogueIds });
  const byCatalogueId = new Map<string, RankedSolution>();
  for (const solution of found) {
    if (solution.catalogue_id === undefined) continue;
    const best = byCatalogueId.get(solution.catalogue_id);
    if (best === undefined || compare(solution, best) < 0) byCatalogueId.set(solution.catalogue_id, solution);
  }
  const offered: RankedSolution[] = [];
  const mergedIds = new Set<string>();
  for (const match of input.catalogue) {
    match.entry.solutions.forEach((template, index) => {
      const fromCatalogue = catalogueSolution(match, template, index);
      const id = fromCatalogue.catalogue_id ?? "";
      if (mergedIds.has(id)) return;
      mergedIds.add(id);
      const tried = byCatalogueId.get(id);
      if (tried === undefined) {
        offered.push(fromCatalogue);
        return;
      }
      const merged = merge(fromCatalogue, tried);
      // Tried often enough here and failing: the local evidence overrides the catalogue.
      if (!hasLearnedEvidence(merged) || passesLearnedFilters(merged)) offered.push(merged);
    });
  }
  for (const solution of found) {
    if (solution.catalogue_id !== undefined && mergedIds.has(solution.catalogue_id)) continue;
    if (passesLearnedFilters(solution)) offered.push(solution);
  }
  return finish(offered, input.limit ?? DEFAULT_RANK_LIMIT);
}
