// The issue log's statistics and maintenance rules (the seed specified them and never ran them): stale
// issues and failing fixes are dropped, duplicate fixes merged, and an oversized log rotates its old
// issues into a local archive. Pure functions over the parsed log; the caller writes.
import type { IssueEntry, IssueLog, IssueStatistics, LoggedSolution } from "./issue-log-schema.js";

const DAY_MS = 86_400_000;
// Instants are compared as times, not strings: a hand-edited file may carry an offset instead of Z.
const later = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

export interface IssueLogLimits {
  /** An issue without any successful fix is dropped this long after its last occurrence. */
  staleIssueDays: number;
  /** A fix is dropped once it has this many attempts… */
  failingSolutionMinAttempts: number;
  /** …and a success percentage below this. */
  failingSolutionMaxPercentage: number;
  /** Serialized size above which the log rotates. */
  maxFileBytes: number;
  /** On rotation, issues seen within this many days stay; older ones move to the archive. */
  keepDays: number;
}

export const ISSUE_LOG_LIMITS: IssueLogLimits = {
  staleIssueDays: 180,
  failingSolutionMinAttempts: 50,
  failingSolutionMaxPercentage: 10,
  maxFileBytes: 10 * 1024 * 1024,
  keepDays: 90,
};

/**
 * One write adds at most one occurrence or one fix outcome (a few kilobytes, messages being capped), so
 * a log whose file is this far below the size limit cannot cross it in this write.
 */
export const ROTATION_CHECK_SLACK_BYTES = 64 * 1024;

export interface MaintenanceOptions {
  /** The size of the file before this write, when known: spares serializing a large log to measure it. */
  bytesBefore?: number;
}

export interface MaintenanceResult {
  log: IssueLog;
  /** Issues moved out by rotation; the caller writes them to the archive before the log. */
  archived: IssueEntry[];
  removed: { issues: number; solutions: number; merged: number };
}

/** Successes as a percentage of attempts, one decimal; 0 (never NaN) without attempts. */
export function percentageOf(successes: number, attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.round((successes / attempts) * 1000) / 10;
}

/** Two descriptions that differ only in case and spacing describe one fix. */
export function descriptionKey(description: string): string {
  return description.replace(/\s+/g, " ").trim().toLowerCase();
}

export function newSolutionStats(
  at: string,
): Pick<
  LoggedSolution,
  "success_rate" | "first_used" | "last_used" | "avg_resolution_time_seconds" | "resolution_time_samples"
> {
  return {
    success_rate: { attempts: 0, successes: 0, failures: 0, percentage: 0 },
    first_used: at,
    last_used: at,
    avg_resolution_time_seconds: null,
    resolution_time_samples: 0,
  };
}

/** Adds one attempt; the resolution time counts only for a success that reported one. */
export function addOutcome(
  solution: LoggedSolution,
  success: boolean,
  resolutionSeconds: number | undefined,
  at: string,
): void {
  const rate = solution.success_rate;
  rate.attempts += 1;
  if (success) rate.successes += 1;
  else rate.failures += 1;
  rate.percentage = percentageOf(rate.successes, rate.attempts);
  if (later(at, solution.last_used)) solution.last_used = at;
  if (later(solution.first_used, at)) solution.first_used = at;
  if (!success || resolutionSeconds === undefined || !Number.isFinite(resolutionSeconds) || resolutionSeconds < 0)
    return;
  const samples = solution.resolution_time_samples;
  const mean = solution.avg_resolution_time_seconds ?? 0;
  solution.resolution_time_samples = samples + 1;
  solution.avg_resolution_time_seconds = (mean * samples + resolutionSeconds) / (samples + 1);
}

/** `kept` absorbs `other`: statistics summed, the time mean re-weighted, the first and last use widened. */
function absorb(kept: LoggedSolution, other: LoggedSolution): void {
  const a = kept.success_rate;
  const b = other.success_rate;
  const attempts = a.attempts + b.attempts;
  const successes = a.successes + b.successes;
  kept.success_rate = {
    attempts,
    successes,
    failures: a.failures + b.failures,
    percentage: percentageOf(successes, attempts),
  };
  const samples = kept.resolution_time_samples + other.resolution_time_samples;
  kept.avg_resolution_time_seconds =
    samples === 0
      ? null
      : ((kept.avg_resolution_time_seconds ?? 0) * kept.resolution_time_samples +
          (other.avg_resolution_time_seconds ?? 0) * other.resolution_time_samples) /
        samples;
  kept.resolution_time_samples = samples;
  if (later(kept.first_used, other.first_used)) kept.first_used = other.first_used;
  if (later(other.last_used, kept.last_used)) {
    // The most recently used variant's wording and steps are the current ones.
    kept.last_used = other.last_used;
    kept.steps = other.steps;
    kept.automation = other.automation;
    if (other.command !== undefined) kept.command = other.command;
  }
  if (kept.catalogue_id === undefined && other.catalogue_id !== undefined) {
    kept.catalogue_id = other.catalogue_id;
    kept.source = "catalogue";
  }
}

/** Merges solutions with the same id or the same description; the first one used keeps its id. */
function mergeDuplicates(solutions: readonly LoggedSolution[]): {
  solutions: readonly LoggedSolution[];
  merged: number;
} {
  const keys = new Set(solutions.map((solution) => descriptionKey(solution.description)));
  const ids = new Set(solutions.map((solution) => solution.solution_id));
  if (keys.size === solutions.length && ids.size === solutions.length) return { solutions, merged: 0 };
  const byKey = new Map<string, LoggedSolution>();
  const byId = new Map<string, LoggedSolution>();
  const kept: LoggedSolution[] = [];
  const ordered = [...solutions].sort(
    (a, b) => Date.parse(a.first_used) - Date.parse(b.first_used) || a.solution_id.localeCompare(b.solution_id),
  );
  for (const solution of ordered) {
    const key = descriptionKey(solution.description);
    const into = byId.get(solution.solution_id) ?? byKey.get(key);
    if (into !== undefined) {
      absorb(into, solution);
      continue;
    }
    const copy = structuredClone(solution);
    byKey.set(key, copy);
    byId.set(copy.solution_id, copy);
    kept.push(copy);
  }
  return { solutions: kept, merged: solutions.length - kept.length };
}

function failing(solution: LoggedSolution, limits: IssueLogLimits): boolean {
  return (
    solution.success_rate.attempts >= limits.failingSolutionMinAttempts &&
    solution.success_rate.percentage < limits.failingSolutionMaxPercentage
  );
}

function stale(issue: IssueEntry, now: Date, limits: IssueLogLimits): boolean {
  const resolved = issue.solutions.some((solution) => solution.success_rate.successes > 0);
  return !resolved && now.getTime() - Date.parse(issue.last_seen) > limits.staleIssueDays * DAY_MS;
}

/** Serialized size in bytes, exactly as the store writes the file. */
export function serializedBytes(log: IssueLog): number {
  return Buffer.byteLength(`${JSON.stringify(log, null, 2)}\n`);
}

export function computeStatistics(issues: readonly IssueEntry[]): IssueStatistics {
  let resolutions = 0;
  let automated = 0;
  let timedSeconds = 0;
  let timedSamples = 0;
  const categories = new Map<string, number>();
  for (const issue of issues) {
    categories.set(issue.error.category, (categories.get(issue.error.category) ?? 0) + 1);
    for (const solution of issue.solutions) {
      resolutions += solution.success_rate.successes;
      if (solution.automation.automated) automated += solution.success_rate.successes;
      if (solution.avg_resolution_time_seconds !== null && solution.resolution_time_samples > 0) {
        timedSeconds += solution.avg_resolution_time_seconds * solution.resolution_time_samples;
        timedSamples += solution.resolution_time_samples;
      }
    }
  }
  const sorted = [...categories.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    total_issues: issues.length,
    total_resolutions: resolutions,
    avg_resolution_time_seconds: timedSamples === 0 ? null : Math.round((timedSeconds / timedSamples) * 10) / 10,
    most_common_categories: Object.fromEntries(sorted),
    automation_rate: percentageOf(automated, resolutions),
  };
}

/**
 * Applies every rule, in an order where each sees the previous one's result: merge duplicate fixes
 * (so their statistics are summed before judging them), drop failing fixes, drop stale unresolved
 * issues, then rotate old issues out when the file would exceed the size limit. Statistics last.
 */
export function maintainIssueLog(
  log: IssueLog,
  now: Date,
  limits: IssueLogLimits = ISSUE_LOG_LIMITS,
  options: MaintenanceOptions = {},
): MaintenanceResult {
  const removed = { issues: 0, solutions: 0, merged: 0 };
  let issues: IssueEntry[] = [];
  for (const issue of log.issues) {
    const { solutions, merged } = mergeDuplicates(issue.solutions);
    removed.merged += merged;
    const kept = solutions.filter((solution) => !failing(solution, limits));
    removed.solutions += solutions.length - kept.length;
    const next = kept.length === issue.solutions.length && merged === 0 ? issue : { ...issue, solutions: kept };
    if (stale(next, now, limits)) removed.issues += 1;
    else issues.push(next);
  }
  let archived: IssueEntry[] = [];
  const clearlyUnder =
    options.bytesBefore !== undefined && options.bytesBefore + ROTATION_CHECK_SLACK_BYTES <= limits.maxFileBytes;
  if (
    !clearlyUnder &&
    serializedBytes({ ...log, issues, statistics: computeStatistics(issues) }) > limits.maxFileBytes
  ) {
    const cutoff = now.getTime() - limits.keepDays * DAY_MS;
    archived = issues.filter((issue) => Date.parse(issue.last_seen) < cutoff);
    issues = issues.filter((issue) => Date.parse(issue.last_seen) >= cutoff);
  }
  return { log: { ...log, issues, statistics: computeStatistics(issues) }, archived, removed };
}
