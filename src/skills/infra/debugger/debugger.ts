// infra-debugger: one or more errors in → root-cause category, extracted facts, ranked fixes (learned
// ones from the issue log and the built-in catalogue) and what to do next. Every diagnosis is recorded
// in the issue log, so the next occurrence is recognised.
import { shellQuote } from "../../../core/commands/command-line.js";
import {
  normaliseForLog,
  readIssueLog,
  recordOccurrenceInLog,
  type IssueEntry,
  type IssueLog,
} from "../../../records/issue-log.js";
import { matchKnownErrors, type KnownErrorMatch } from "./catalogue.js";
import { classifyAll } from "./classify.js";
import { rankSolutions, type RankedSolution } from "./ranking.js";
import { recommend } from "./recommend.js";
import type { Classification, DebugOperation, ErrorInput } from "./types.js";

export interface DebugEnvironment {
  name: string;
  requireConfirmation: boolean;
  prodLike: boolean;
  /** The environment runs on an AWS emulator (an `endpoint` is configured): its gaps are suspects first. */
  sandbox?: boolean;
}

export interface DebugRequest {
  inputs: readonly ErrorInput[];
  environment: DebugEnvironment | undefined;
  operation: DebugOperation;
  /** The project's own resource names and prefixes, removed before fingerprinting. */
  projectNames: readonly string[];
  /** Record the occurrence in the issue log (false for a dry look). */
  record: boolean;
}

export interface Recommendation {
  action: "auto-apply" | "ask" | "manual" | "novel";
  reason: string;
  /** The exact next command, when there is one. */
  command: string | null;
  solution_id: string | null;
}

export interface DebugResult {
  category: Classification["category"];
  confidence: Classification["confidence"];
  rule: string;
  code: string | null;
  http_status: number | null;
  action: string | null;
  resource: string | null;
  resource_type: string | null;
  resource_name: string | null;
  principal: string | null;
  denial: Classification["denial"];
  encoded_message: string | null;
  lock_id: string | null;
  message: string;
  errors: number;
  issue_id: string | null;
  occurrences: number;
  known_errors: { id: string; title: string }[];
  solutions: RankedSolution[];
  recommendation: Recommendation;
}

const PLACEHOLDER = /\{(environment|lock_id|action|resource|resource_type|code)\}/g;

/**
 * Fills a solution's command template, each value quoted for a shell (facts come from error text); a
 * command whose facts are unknown is dropped, never half-filled.
 */
export function fillCommand(
  template: string | undefined,
  facts: Record<string, string | null | undefined>,
): string | null {
  if (template === undefined) return null;
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (_all, key: string) => {
    const value = facts[key];
    if (value === undefined || value === null || value === "") {
      missing = true;
      return "";
    }
    return shellQuote(value);
  });
  return missing ? null : filled;
}

function primaryInput(
  inputs: readonly ErrorInput[],
  primary: Classification,
  all: readonly Classification[],
): ErrorInput {
  const index = all.indexOf(primary);
  return inputs[Math.max(index, 0)]!;
}

/** In a sandbox, a matched gap of the emulator is the first suspect, whatever the learned scores say. */
function emulatorGapsFirst(solutions: RankedSolution[], matches: readonly KnownErrorMatch[]): void {
  const gaps = new Set(matches.filter((match) => match.entry.emulator === true).map((match) => match.entry.id));
  if (gaps.size === 0) return;
  const isGap = (solution: RankedSolution) => gaps.has((solution.catalogue_id ?? "").split("#")[0] ?? "");
  const ordered = [...solutions.filter(isGap), ...solutions.filter((solution) => !isGap(solution))];
  solutions.splice(0, solutions.length, ...ordered);
}

export async function diagnose(stateDir: string, request: DebugRequest, now: Date): Promise<DebugResult> {
  const { primary, all } = classifyAll(request.inputs);
  const input = primaryInput(request.inputs, primary, all);
  const env = request.environment;
  const normalizedMessage = normaliseForLog(input.text, { projectNames: request.projectNames });
  let issue: IssueEntry | undefined;
  let log: IssueLog;
  if (request.record) {
    ({ entry: issue, log } = await recordOccurrenceInLog(
      stateDir,
      {
        category: primary.category,
        code: primary.code,
        httpStatus: primary.httpStatus,
        action: primary.action,
        resourceType: primary.resourceType,
        resourceName: primary.resourceName,
        message: input.text,
        environment: env?.name ?? null,
        operation: request.operation,
        projectNames: request.projectNames,
      },
      now,
    ));
  } else {
    log = await readIssueLog(stateDir, now);
  }
  const matches = matchKnownErrors(input, primary, { sandbox: env?.sandbox === true });
  const facts = {
    environment: env?.name ?? null,
    lock_id: primary.lockId,
    action: primary.action,
    resource: primary.resource,
    resource_type: primary.resourceType,
    code: primary.code,
  };
  const solutions = rankSolutions({
    log,
    query: {
      normalizedMessage,
      code: primary.code,
      resourceType: primary.resourceType,
      environment: env?.name ?? null,
      operation: request.operation,
      action: primary.action,
    },
    catalogue: matches,
  }).map((solution) => ({ ...solution, command: fillCommand(solution.command ?? undefined, facts) ?? undefined }));
  emulatorGapsFirst(solutions, matches);
  const best = solutions[0];
  const decision = recommend(best, env ?? { name: "unknown", requireConfirmation: true, prodLike: false });
  return {
    category: primary.category,
    confidence: primary.confidence,
    rule: primary.rule,
    code: primary.code,
    http_status: primary.httpStatus,
    action: primary.action,
    resource: primary.resource,
    resource_type: primary.resourceType,
    resource_name: primary.resourceName,
    principal: primary.principal,
    denial: primary.denial,
    encoded_message: primary.encodedMessage,
    lock_id: primary.lockId,
    message: input.text.length > 2000 ? `${input.text.slice(0, 2000)}…` : input.text,
    errors: request.inputs.length,
    issue_id: issue?.issue_id ?? null,
    occurrences: issue?.occurrence_count ?? 0,
    known_errors: matches.map((match) => ({ id: match.entry.id, title: match.entry.title })),
    solutions,
    recommendation: {
      action: decision.action,
      reason: decision.reason,
      command: best?.command ?? null,
      solution_id: best?.solution_id ?? null,
    },
  };
}
