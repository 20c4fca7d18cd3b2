// Bounded log search over several log groups: each group is paged only until one event more than the
// limit is in hand, the groups are merged oldest first, and every message is classified (error /
// warning / info) and capped, so an agent never receives an unbounded dump.
import type { LogEvent, LogsService } from "../../../core/services/logs.js";
import type { LogTarget } from "./log-groups.js";

export type LogLevel = "error" | "warning" | "info";

export const MESSAGE_CAP = 2_000;

const ERROR_WORDS =
  /\b(?:ERROR|FATAL|CRITICAL|CRIT|EMERG|Traceback|panic|Exception|Error)\b|[a-z]Exception\b|\b[A-Z][A-Za-z]*Error\b|\bTask timed out\b|\bRuntime exited with error\b|"level"\s*:\s*"(?:error|fatal|critical)"|\blevel=(?:error|fatal|critical)\b/;
const WARNING_WORDS = /\b(?:WARN|WARNING|Warning|warning)\b|"level"\s*:\s*"warn(?:ing)?"|\blevel=warn(?:ing)?\b/;

/** The level a message's words show; errors win over warnings. */
export function logLevel(message: string): LogLevel {
  if (ERROR_WORDS.test(message)) return "error";
  if (WARNING_WORDS.test(message)) return "warning";
  return "info";
}

export interface ReturnedEvent {
  /** ISO-8601. */
  at: string;
  timestamp: number;
  logGroup: string;
  logStream?: string;
  level: LogLevel;
  message: string;
  /** The message's full length when it was cut at MESSAGE_CAP. */
  fullLength?: number;
}

export interface GroupOutcome {
  logGroup: string;
  resources: string[];
  exists: boolean;
  events: number;
  truncated: boolean;
}

export interface LogSearchResult {
  /** Oldest first (newest last), at most `limit`. */
  events: ReturnedEvent[];
  truncated: boolean;
  /** A lower bound of the matching events not returned. */
  more: number;
  counts: { error: number; warning: number; info: number };
  groups: GroupOutcome[];
}

export interface LogSearch {
  startMs: number;
  endMs: number;
  filterPattern?: string;
  limit: number;
  pageSize?: number;
}

export function capMessage(message: string, cap = MESSAGE_CAP): { message: string; fullLength?: number } {
  const trimmed = message.replace(/\s+$/, "");
  return trimmed.length <= cap
    ? { message: trimmed }
    : { message: `${trimmed.slice(0, cap)}…`, fullLength: trimmed.length };
}

export function toReturned(event: LogEvent): ReturnedEvent {
  const capped = capMessage(event.message);
  return {
    at: new Date(event.timestamp).toISOString(),
    timestamp: event.timestamp,
    logGroup: event.logGroup,
    ...(event.logStream === undefined ? {} : { logStream: event.logStream }),
    level: logLevel(event.message),
    ...capped,
  };
}

/**
 * Pure: merges per-group events (each oldest first, at most limit+1) into the first `limit` of the
 * window. Any event left unread in a group comes after limit+1 read ones, so the cut is exact.
 */
export function mergeBounded(
  perGroup: readonly LogEvent[][],
  limit: number,
): { events: LogEvent[]; truncated: boolean; more: number } {
  const all = perGroup.flat().sort((a, b) => a.timestamp - b.timestamp || a.logGroup.localeCompare(b.logGroup));
  const more = Math.max(0, all.length - limit);
  return { events: all.slice(0, limit), truncated: more > 0, more };
}

export async function searchLogs(
  logs: LogsService,
  targets: readonly LogTarget[],
  search: LogSearch,
): Promise<LogSearchResult> {
  const answers = await Promise.all(
    targets.map((target) =>
      logs.filterEvents({
        logGroup: target.logGroup,
        startMs: search.startMs,
        endMs: search.endMs,
        maxEvents: search.limit + 1,
        ...(search.filterPattern === undefined ? {} : { filterPattern: search.filterPattern }),
        ...(search.pageSize === undefined ? {} : { pageSize: search.pageSize }),
      }),
    ),
  );
  const merged = mergeBounded(
    answers.map((answer) => answer.events),
    search.limit,
  );
  const events = merged.events.map(toReturned);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const event of events) counts[event.level]++;
  return {
    events,
    truncated: merged.truncated,
    more: merged.more,
    counts,
    groups: targets.map((target, index) => {
      const answer = answers[index]!;
      return {
        logGroup: target.logGroup,
        resources: target.resources,
        exists: answer.groupExists,
        events: answer.events.length,
        truncated: answer.events.length > search.limit,
      };
    }),
  };
}
