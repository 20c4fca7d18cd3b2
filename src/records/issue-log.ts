// The learning issue log (`deployments/issue-log.json`): every error the debugger has seen, keyed by a
// fingerprint that survives ARNs, ids, timestamps and the project's own names, with the fixes tried
// and how often each worked. Every write goes through the store and the maintenance rules.
import { commandLine } from "../core/commands/command-line.js";
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../core/errors.js";
import { normaliseErrorText } from "../core/error-normalise.js";
import { redactText } from "../core/redact.js";
import { readRecord, updateRecord } from "../core/store.js";
import { IssueLog, type IssueEntry, type LoggedSolution, type SolutionTemplate } from "./issue-log-schema.js";
import {
  addOutcome,
  computeStatistics,
  descriptionKey,
  ISSUE_LOG_LIMITS,
  maintainIssueLog,
  newSolutionStats,
} from "./issue-log-maintenance.js";
import type { IssueLogLimits } from "./issue-log-maintenance.js";

export { IssueEntry, IssueLog, IssueStatistics, LoggedSolution, SuccessRate } from "./issue-log-schema.js";

// Compact: the log is read by machines and can hold thousands of issues.
// Owner-only: the log keeps error text, which may carry what redaction could not recognise.
const OPTIONS = { schemaVersion: 1, compact: true, mode: 0o600 } as const;
/** Longest error message kept (after redaction); the normalised form is capped the same way. */
export const ISSUE_MESSAGE_MAX_CHARS = 4_000;

export function issueLogPath(stateDir: string): string {
  return join(stateDir, "deployments", "issue-log.json");
}

export function issueLogArchiveDir(stateDir: string): string {
  return join(stateDir, "deployments", "issue-log-archive");
}

export function emptyIssueLog(now: Date): IssueLog {
  const at = now.toISOString();
  return {
    schema_version: 1,
    version: "1.0",
    created: at,
    last_updated: at,
    issues: [],
    statistics: {
      total_issues: 0,
      total_resolutions: 0,
      avg_resolution_time_seconds: null,
      most_common_categories: {},
      automation_rate: 0,
    },
  };
}

const TYPOGRAPHIC_QUOTES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u201C\u201D\u201E]/g, '"'],
  [/[\u2018\u2019\u201A`]/g, "'"],
];

/**
 * The issue log's normal form: secrets redacted, the shared normaliser (ARNs, ids, times, numbers, the
 * project's names), quotes standardised and lower case, so tools that quote or capitalise differently
 * still agree. Queries must use it too: an exact match compares this form.
 */
export function normaliseForLog(text: string, options: { projectNames?: readonly string[] } = {}): string {
  let result = normaliseErrorText(redactText(text), { projectNames: options.projectNames ?? [] });
  for (const [pattern, replacement] of TYPOGRAPHIC_QUOTES) result = result.replace(pattern, replacement);
  result = result.toLowerCase();
  return result.length > ISSUE_MESSAGE_MAX_CHARS ? result.slice(0, ISSUE_MESSAGE_MAX_CHARS) : result;
}

/** The issue id: sha256 of `code|action|resource_type|normalized_message` (code lower-cased, null = ""). */
export function issueFingerprint(parts: {
  code: string | null;
  action: string | null;
  resourceType: string | null;
  normalizedMessage: string;
}): string {
  const key = [
    parts.code?.toLowerCase() ?? "",
    parts.action ?? "",
    parts.resourceType ?? "",
    parts.normalizedMessage,
  ].join("|");
  return createHash("sha256").update(key).digest("hex");
}

export function solutionIdOf(issueId: string, description: string): string {
  return createHash("sha256").update(`${issueId}|${description}`).digest("hex");
}

export interface Occurrence {
  category: IssueEntry["error"]["category"];
  code?: string | null;
  httpStatus?: number | null;
  action?: string | null;
  resourceType?: string | null;
  resourceName?: string | null;
  /** The error text as received; redacted and capped before it is stored. */
  message: string;
  environment: string | null;
  operation: string;
  module?: string | null;
  /** The project's own names (project, environments, resource names) that normalisation replaces. */
  projectNames?: readonly string[];
}

export interface SolutionOutcome {
  issueId: string;
  solution: SolutionTemplate & { catalogueId?: string; parameters?: Record<string, string | number | boolean | null> };
  success: boolean;
  resolutionSeconds?: number;
  note?: string;
  author?: string;
}

export interface IssueLogWriteOptions {
  limits?: IssueLogLimits;
}

/** The log, or an empty one when none was written yet; a corrupt or newer file is a RecordError. */
export async function readIssueLog(stateDir: string, now: Date = new Date()): Promise<IssueLog> {
  return (await readRecord(issueLogPath(stateDir), IssueLog, OPTIONS)) ?? emptyIssueLog(now);
}

/** `issue-log-<timestamp>.json` in the archive folder: a log of its own, readable with the same schema. */
export function issueLogArchivePath(stateDir: string, now: Date): string {
  return join(issueLogArchiveDir(stateDir), `issue-log-${now.toISOString().replace(/[:.]/g, "-")}.json`);
}

async function writeArchive(stateDir: string, archived: readonly IssueEntry[], now: Date): Promise<void> {
  await updateRecord(issueLogArchivePath(stateDir, now), IssueLog, OPTIONS, (current) => {
    const issues = [...(current?.issues ?? []), ...archived];
    return {
      ...(current ?? emptyIssueLog(now)),
      last_updated: now.toISOString(),
      issues,
      statistics: computeStatistics(issues),
    };
  });
}

/** Reads, changes, maintains and writes the log under its lock; archived issues are written first. */
async function updateIssueLog(
  stateDir: string,
  now: Date,
  limits: IssueLogLimits,
  change: (log: IssueLog) => void,
): Promise<IssueLog> {
  const path = issueLogPath(stateDir);
  return updateRecord(path, IssueLog, OPTIONS, async (current) => {
    const bytesBefore = current === undefined ? 0 : (await stat(path)).size;
    const log = current ?? emptyIssueLog(now);
    change(log);
    log.last_updated = now.toISOString();
    const maintained = maintainIssueLog(log, now, limits, { bytesBefore });
    // Archive before the log loses the issues: a failure in between duplicates them, never drops them.
    if (maintained.archived.length > 0) await writeArchive(stateDir, maintained.archived, now);
    return maintained.log;
  });
}

const nullable = <T>(value: T | null | undefined): T | null => value ?? null;

/** Records one occurrence of an error: a new issue, or one more occurrence of a known one. */
export async function recordOccurrence(
  stateDir: string,
  occurrence: Occurrence,
  now: Date,
  options: IssueLogWriteOptions = {},
): Promise<IssueEntry> {
  return (await recordOccurrenceInLog(stateDir, occurrence, now, options)).entry;
}

/** As recordOccurrence, with the log as written, so a caller that ranks next need not read it again. */
export async function recordOccurrenceInLog(
  stateDir: string,
  occurrence: Occurrence,
  now: Date,
  options: IssueLogWriteOptions = {},
): Promise<{ entry: IssueEntry; log: IssueLog }> {
  const redacted = redactText(occurrence.message);
  const message =
    redacted.length > ISSUE_MESSAGE_MAX_CHARS ? `${redacted.slice(0, ISSUE_MESSAGE_MAX_CHARS)}…` : redacted;
  const normalized = normaliseForLog(occurrence.message, { projectNames: occurrence.projectNames ?? [] });
  const code = nullable(occurrence.code);
  const action = nullable(occurrence.action);
  const resourceType = nullable(occurrence.resourceType);
  const issueId = issueFingerprint({ code, action, resourceType, normalizedMessage: normalized });
  const at = now.toISOString();
  const context = {
    environment: occurrence.environment,
    operation: occurrence.operation,
    resource_type: resourceType,
    resource_name: occurrence.resourceName == null ? null : redactText(occurrence.resourceName),
    terraform_module: nullable(occurrence.module),
  };
  const log = await updateIssueLog(stateDir, now, options.limits ?? ISSUE_LOG_LIMITS, (current) => {
    const existing = current.issues.find((issue) => issue.issue_id === issueId);
    if (existing === undefined) {
      current.issues.push({
        issue_id: issueId,
        first_seen: at,
        last_seen: at,
        occurrence_count: 1,
        error: {
          category: occurrence.category,
          message,
          normalized_message: normalized,
          code,
          http_status: nullable(occurrence.httpStatus),
          action,
          context,
        },
        solutions: [],
        tags: [],
        related_issues: [],
        notes: [],
      });
      return;
    }
    existing.occurrence_count += 1;
    if (now.getTime() >= Date.parse(existing.last_seen)) {
      existing.last_seen = at;
      existing.error = {
        ...existing.error,
        category: occurrence.category,
        message,
        http_status: nullable(occurrence.httpStatus),
        context,
      };
    }
  });
  const entry = log.issues.find((issue) => issue.issue_id === issueId);
  if (entry === undefined) throw issueMissing(issueId);
  return { entry, log };
}

function issueMissing(issueId: string): UserError {
  return new UserError("ISSUE_UNKNOWN", `issue ${issueId} is not in the issue log`, {
    suggestion: `record the error first (${commandLine("infra debug")}), then the outcome of its fix`,
    details: { issueId },
  });
}

/** Records one attempt of a fix for a known issue: the solution is created or its statistics updated. */
export async function recordSolutionOutcome(
  stateDir: string,
  outcome: SolutionOutcome,
  now: Date,
  options: IssueLogWriteOptions = {},
): Promise<{ issue: IssueEntry; solution: LoggedSolution }> {
  const template = outcome.solution;
  const description = redactText(template.description).trim();
  if (description === "") {
    throw new UserError(
      "SOLUTION_DESCRIPTION_EMPTY",
      `the fix recorded for issue ${outcome.issueId} has an empty description`,
      {
        suggestion: "describe what fixed the error in a few words (--description)",
      },
    );
  }
  const key = descriptionKey(description);
  const at = now.toISOString();
  // What was recorded, kept in case maintenance removes it in the same write (a failing fix, a stale issue).
  let recorded: { issue: IssueEntry; solution: LoggedSolution } | undefined;
  const log = await updateIssueLog(stateDir, now, options.limits ?? ISSUE_LOG_LIMITS, (current) => {
    const issue = current.issues.find((candidate) => candidate.issue_id === outcome.issueId);
    if (issue === undefined) throw issueMissing(outcome.issueId);
    // The same fix written with other spacing or case is the fix already known.
    let solution = issue.solutions.find((candidate) => descriptionKey(candidate.description) === key);
    if (solution === undefined) {
      solution = {
        solution_id: solutionIdOf(outcome.issueId, description),
        description,
        ...newSolutionStats(at),
        category: template.category,
        steps: [],
        automation: { automated: false },
        source: "learned",
      };
      issue.solutions.push(solution);
    }
    // The latest template wins: a fix's steps and command may be corrected over time.
    solution.category = template.category;
    solution.steps = template.steps.map(redactText);
    solution.automation = {
      automated: template.automation.automated,
      ...(template.automation.operation === undefined ? {} : { operation: template.automation.operation }),
      ...(template.parameters === undefined ? {} : { parameters: template.parameters }),
    };
    if (template.command !== undefined) solution.command = redactText(template.command);
    if (template.catalogueId !== undefined) {
      solution.source = "catalogue";
      solution.catalogue_id = template.catalogueId;
    }
    addOutcome(solution, outcome.success, outcome.resolutionSeconds, at);
    if (outcome.note !== undefined && outcome.note.trim() !== "") {
      issue.notes.push({ timestamp: at, author: outcome.author ?? "devops", note: redactText(outcome.note) });
    }
    recorded = structuredClone({ issue, solution });
  });
  if (recorded === undefined) throw issueMissing(outcome.issueId);
  const issue = log.issues.find((candidate) => candidate.issue_id === outcome.issueId);
  if (issue === undefined) return recorded;
  const solution = issue.solutions.find((candidate) => descriptionKey(candidate.description) === key);
  return { issue, solution: solution ?? recorded.solution };
}
