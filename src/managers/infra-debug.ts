// debug (the infra-debugger skill's workflow): read the error (pasted, a file, or the last failed run),
// diagnose it, record it in the issue log, and say what to do next. --record-outcome teaches the log
// whether a fix worked.
import { commandLine, placeholder } from "../core/commands/command-line.js";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Context, ProjectContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { timeAgo, whenWithAge } from "../core/format.js";
import type { CommandResult, NextStep } from "../core/result.js";
import { readIssueLog, recordSolutionOutcome, type IssueEntry } from "../records/issue-log.js";
import { readLastFailure, type LastFailure } from "../records/last-failure.js";
import { diagnose, type DebugEnvironment, type DebugResult } from "../skills/infra/debugger/debugger.js";
import { inputsOfFailure, projectNamePrefixes } from "../skills/infra/debugger/failure.js";
import { fromText } from "../skills/infra/debugger/intake.js";
import type { DebugOperation, ErrorInput, SolutionTemplate } from "../skills/infra/debugger/types.js";
import { KNOWN_ERRORS } from "../skills/infra/debugger/catalogue.js";
import { catalogueSolutionId } from "../skills/infra/debugger/ranking.js";
import { openProject } from "../skills/project.js";

export interface DebugInput {
  env?: string;
  error?: string;
  file?: string;
  last: boolean;
  operation?: DebugOperation;
}

/** Which run failed and when, for --last. */
export interface FailedRun {
  at: string;
  /** "20 minutes ago", as of the debug run. */
  age: string;
  command: string | null;
  command_line: string | null;
  environment: string | null;
}

export interface DebugData extends DebugResult {
  environment: string | null;
  operation: DebugOperation;
  /** Where the error came from: "text", "file:<path>", "last-failure:<code>". */
  input: string;
  failed_run?: FailedRun;
}

export interface RecordOutcomeInput {
  issue: string;
  solution?: string;
  description?: string;
  outcome: "success" | "failure";
  minutes?: number;
  note?: string;
}

const MAX_ERROR_TEXT = 200_000;
const ERROR_TEXT = placeholder('"<the error text>"');
const WHAT_FIXED_IT = placeholder('"<what fixed it>"');

function debugEnvironment(project: ProjectContext, word: string | undefined): DebugEnvironment | undefined {
  if (word === undefined) return undefined;
  const env = project.environment(word);
  return {
    name: env.name,
    requireConfirmation: env.requireConfirmation,
    prodLike: env.prodLike,
    sandbox: env.endpoint !== undefined,
  };
}

async function readErrorFile(project: ProjectContext, file: string): Promise<string> {
  const path = resolve(project.cwd, file);
  try {
    const text = await readFile(path, "utf8");
    return text.length > MAX_ERROR_TEXT ? text.slice(-MAX_ERROR_TEXT) : text;
  } catch (error) {
    throw new UserError("DEBUG_FILE_UNREADABLE", `cannot read the error file ${path}: ${(error as Error).message}`, {
      suggestion: "give a readable file with --file, or paste the error with --error",
    });
  }
}

interface Gathered {
  inputs: ErrorInput[];
  source: string;
  environment?: string;
  operation?: DebugOperation;
  failedRun?: FailedRun;
}

function failedRunOf(last: LastFailure, now: Date): FailedRun {
  return {
    at: last.at,
    age: timeAgo(new Date(last.at), now),
    command: last.command ?? null,
    command_line: last.command_line ?? null,
    environment: last.environment ?? null,
  };
}

/** The recorded failure --last debugs: the environment's when --env is given, else the project's. */
async function lastFailureToDebug(project: ProjectContext, envWord: string | undefined): Promise<LastFailure> {
  const environment = envWord === undefined ? undefined : project.environment(envWord).name;
  const last = await readLastFailure(project.paths.stateDir, environment);
  const now = project.clock.now();
  if (last === undefined) {
    throw new UserError(
      "DEBUG_NO_LAST_FAILURE",
      environment === undefined
        ? "no failed run is recorded for this project"
        : `no failed run is recorded for environment "${environment}"`,
      { suggestion: `paste the error instead: ${commandLine("infra debug", { error: ERROR_TEXT })}` },
    );
  }
  if (last.superseded_by !== undefined) {
    const what = last.command_line ?? last.command ?? "the command";
    throw new UserError(
      "DEBUG_FAILURE_SUPERSEDED",
      `the last failure, of ${what}${last.environment === undefined ? "" : ` in "${last.environment}"`} at ${whenWithAge(last.at, now)}, was followed by a success at ${whenWithAge(last.superseded_by.at, now)}; nothing to debug`,
      {
        suggestion: `if it fails again, run ${commandLine("infra debug", { last: true })} after it; for an older error, paste it: ${commandLine("infra debug", { error: ERROR_TEXT })}`,
        details: { failure: { ...failedRunOf(last, now), error: last.error, superseded_by: last.superseded_by } },
      },
    );
  }
  return last;
}

async function gather(project: ProjectContext, input: DebugInput): Promise<Gathered> {
  const given = [input.error !== undefined, input.file !== undefined, input.last].filter(Boolean).length;
  if (given !== 1) {
    throw new UserError(
      "DEBUG_INPUT",
      given === 0 ? "nothing to debug: no error was given" : "give only one of --error, --file and --last",
      {
        suggestion: `${commandLine("infra debug", { error: ERROR_TEXT })} | --file <path> | --last`,
      },
    );
  }
  if (input.error !== undefined) return { inputs: fromText(input.error), source: "text" };
  if (input.file !== undefined)
    return { inputs: fromText(await readErrorFile(project, input.file)), source: `file:${input.file}` };
  const last = await lastFailureToDebug(project, input.env);
  return {
    inputs: inputsOfFailure(last),
    source: `last-failure:${last.error.code}@${last.at}`,
    ...(last.environment === undefined ? {} : { environment: last.environment }),
    operation: last.operation,
    failedRun: failedRunOf(last, project.clock.now()),
  };
}

function nextSteps(data: DebugData): NextStep[] {
  const steps: NextStep[] = [];
  if (data.recommendation.command !== null)
    steps.push({ command: data.recommendation.command, why: data.recommendation.reason });
  if (data.issue_id !== null) {
    steps.push({
      command:
        data.recommendation.solution_id === null
          ? commandLine("infra debug", {
              recordOutcome: true,
              issue: data.issue_id,
              description: WHAT_FIXED_IT,
              outcome: "success",
            })
          : commandLine("infra debug", {
              recordOutcome: true,
              issue: data.issue_id,
              solution: data.recommendation.solution_id,
              outcome: "success",
            }),
      why: "once it is fixed, record what worked so the next occurrence is answered from experience",
    });
  }
  return steps;
}

export async function debug(ctx: Context, input: DebugInput): Promise<CommandResult<DebugData>> {
  const project = await openProject(ctx);
  const gathered = await gather(project, input);
  if (gathered.inputs.length === 0) {
    throw new UserError("DEBUG_NO_ERROR_FOUND", "the input holds no error text", {
      suggestion: "paste the whole error, including its first line",
    });
  }
  const envWord = input.env ?? gathered.environment;
  const environment = debugEnvironment(project, envWord);
  const operation = input.operation ?? gathered.operation ?? "deploy";
  const result = await diagnose(
    project.paths.stateDir,
    {
      inputs: gathered.inputs,
      environment,
      operation,
      projectNames: projectNamePrefixes(project),
      record: true,
    },
    project.clock.now(),
  );
  const data: DebugData = {
    ...result,
    environment: environment?.name ?? null,
    operation,
    input: gathered.source,
    ...(gathered.failedRun === undefined ? {} : { failed_run: gathered.failedRun }),
  };
  return {
    status: result.recommendation.action,
    ...(environment === undefined ? {} : { environment: environment.name }),
    data,
    next: nextSteps(data),
  };
}

export interface OutcomeData {
  issue_id: string;
  solution_id: string;
  description: string;
  success_rate: { attempts: number; successes: number; failures: number; percentage: number };
}

/** The solution a person names: one already in the issue, one from the catalogue, or a new description. */
type NamedSolution = SolutionTemplate & { catalogueId?: string };

/** The issue a person names (a unique prefix of its id is enough) and the solution they applied. */
async function solutionFor(
  project: ProjectContext,
  input: RecordOutcomeInput,
): Promise<{ issueId: string; solution: NamedSolution }> {
  const log = await readIssueLog(project.paths.stateDir);
  const issue = log.issues.find(
    (candidate) => candidate.issue_id === input.issue || candidate.issue_id.startsWith(input.issue),
  );
  if (issue === undefined) {
    throw new UserError("ISSUE_UNKNOWN", `no issue "${input.issue}" in the issue log`, {
      suggestion: `use the issue_id printed by ${commandLine("infra debug")}`,
    });
  }
  return { issueId: issue.issue_id, solution: namedSolution(issue, input) };
}

function namedSolution(issue: IssueEntry, input: RecordOutcomeInput): NamedSolution {
  if (input.solution !== undefined) {
    const known = issue.solutions.find(
      (solution) => solution.solution_id === input.solution || solution.solution_id.startsWith(input.solution!),
    );
    if (known !== undefined)
      return { ...known, ...(known.catalogue_id === undefined ? {} : { catalogueId: known.catalogue_id }) };
    const wanted = input.solution.replace(/^catalogue:/, "");
    const catalogued = KNOWN_ERRORS.flatMap((entry) =>
      entry.solutions.map((solution, index) => ({ solution, id: catalogueSolutionId(entry.id, index) })),
    ).find((candidate) => candidate.id === wanted);
    if (catalogued !== undefined)
      return { ...catalogued.solution, steps: [...catalogued.solution.steps], catalogueId: catalogued.id };
    throw new UserError("SOLUTION_UNKNOWN", `no solution "${input.solution}" for issue ${issue.issue_id}`, {
      suggestion: `use a solution_id printed by ${commandLine("infra debug")}, or describe the fix with --description`,
    });
  }
  if (input.description === undefined || input.description.trim() === "") {
    throw new UserError("SOLUTION_MISSING", "--record-outcome needs --solution <id> or --description <what fixed it>", {
      suggestion: commandLine("infra debug", {
        recordOutcome: true,
        issue: input.issue,
        description: WHAT_FIXED_IT,
        outcome: "success",
      }),
    });
  }
  return {
    description: input.description.trim(),
    category: "manual",
    steps: [input.description.trim()],
    automation: { automated: false },
  };
}

export async function recordOutcome(ctx: Context, input: RecordOutcomeInput): Promise<CommandResult<OutcomeData>> {
  const project = await openProject(ctx);
  const { issueId, solution } = await solutionFor(project, input);
  const recorded = await recordSolutionOutcome(
    project.paths.stateDir,
    {
      issueId,
      solution,
      success: input.outcome === "success",
      ...(input.minutes === undefined ? {} : { resolutionSeconds: Math.round(input.minutes * 60) }),
      ...(input.note === undefined ? {} : { note: input.note }),
    },
    project.clock.now(),
  );
  return {
    status: "recorded",
    data: {
      issue_id: issueId,
      solution_id: recorded.solution.solution_id,
      description: recorded.solution.description,
      success_rate: recorded.solution.success_rate,
    },
  };
}
