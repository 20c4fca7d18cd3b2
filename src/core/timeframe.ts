// Turns the timeframe text users type ("2h", "7 days", an ISO-8601 instant or range) into epoch
// milliseconds, so every command that looks back in time (logs, metrics, history) parses it one strict way.

import * as z from "zod";
import { UserError } from "./errors.js";

export interface TimeRange {
  startMs: number;
  endMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

// A Map, not an object literal, so "constructor" or "__proto__" can never pass for a unit.
const UNIT_MS = new Map<string, number>([
  ...unitNames(["s", "sec", "secs", "second", "seconds"], SECOND),
  ...unitNames(["m", "min", "mins", "minute", "minutes"], MINUTE),
  ...unitNames(["h", "hr", "hrs", "hour", "hours"], HOUR),
  ...unitNames(["d", "day", "days"], DAY),
  ...unitNames(["w", "wk", "wks", "week", "weeks"], WEEK),
]);

const EXAMPLES = "30m, 2h, 24h, 7d, 2026-11-23T10:00:00Z, 2026-11-23T10:00:00Z/2026-11-23T12:00:00Z";
const SUGGESTION =
  `use a duration, an ISO-8601 instant or a range (start/end or start..end), e.g. ${EXAMPLES}; ` +
  "times without an offset are UTC";

// Digits and letters never overlap, so this gate cannot backtrack catastrophically.
const DURATION_SHAPE = /^(?:\d+\s*[a-z]+\s*)+$/i;
const DURATION_PART = /(\d+)\s*([a-z]+)/gi;
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?)?$/i;
// 12+ digits keeps unix *seconds* (10 digits) from being silently read as 1970 milliseconds.
const EPOCH_MS = /^\d{12,13}$/;

/**
 * Parses a relative duration (ending now), an instant (from it until now) or an explicit range.
 * A date-time without an offset is read as UTC so the result never depends on the machine's zone.
 */
export function parseTimeframe(text: string, nowMs: number): TimeRange {
  const trimmed = text.trim();
  if (trimmed === "") throw invalid(trimmed, "is empty");

  const range = splitRange(trimmed);
  if (range !== undefined) return parseRange(trimmed, range[0], range[1]);

  if (DURATION_SHAPE.test(trimmed)) {
    const startMs = nowMs - parseDuration(trimmed);
    // Records and AWS APIs take ISO instants from 1970 on; a longer look back names no real time.
    if (startMs < 0) throw invalid(trimmed, "reaches back before 1970");
    return { startMs, endMs: nowMs };
  }
  if (/^-\s*\d/.test(trimmed))
    throw invalid(trimmed, "is negative; durations count back from now and must be positive");

  const instantMs = parseInstant(trimmed);
  if (instantMs === undefined) throw invalid(trimmed, "is not a duration, an ISO-8601 instant or a range");
  if (instantMs >= nowMs) {
    throw invalid(trimmed, `is not in the past (now is ${new Date(nowMs).toISOString()})`);
  }
  return { startMs: instantMs, endMs: nowMs };
}

/** Renders a duration compactly for people: 5_400_000 → "1h30m". Sub-second remainders are dropped. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return "0s";
  if (ms < SECOND) return `${Math.round(ms)}ms`;

  let rest = Math.floor(ms / SECOND) * SECOND;
  const parts: string[] = [];
  for (const [label, size] of [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", SECOND],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count === 0) continue;
    parts.push(`${count}${label}`);
    rest -= count * size;
  }
  return parts.join("");
}

/** A positive duration ("90s", "30m", "2h") in milliseconds; undefined when the text is not one. */
export function durationOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION_SHAPE.test(trimmed)) return undefined;
  try {
    return parseDuration(trimmed);
  } catch {
    return undefined;
  }
}

/** A duration setting or flag, kept as written ("30m"); read with durationOf. */
export const Duration = z
  .string()
  .refine((text) => durationOf(text) !== undefined, 'must be a duration such as "90s", "30m" or "2h"');

function parseDuration(text: string): number {
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) {
    const [, amount = "", unit = ""] = match;
    const unitMs = UNIT_MS.get(unit.toLowerCase());
    if (unitMs === undefined) {
      throw invalid(text, `has unknown unit "${unit}" (use s, m, h, d or w, or their long forms)`);
    }
    total += Number(amount) * unitMs;
  }
  if (total === 0) throw invalid(text, "is zero; a timeframe must cover some time");
  if (!Number.isSafeInteger(total)) throw invalid(text, "is too long");
  return total;
}

function splitRange(text: string): [string, string] | undefined {
  // ".." is checked first because a single "." belongs to fractional seconds.
  const separator = text.includes("..") ? ".." : text.includes("/") ? "/" : undefined;
  if (separator === undefined) return undefined;
  const parts = text.split(separator).map((part) => part.trim());
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
    throw invalid(text, `must have exactly one start and one end around "${separator}"`);
  }
  return [parts[0] ?? "", parts[1] ?? ""];
}

function parseRange(text: string, startText: string, endText: string): TimeRange {
  const startMs = parseInstant(startText);
  if (startMs === undefined) throw invalid(text, `has a start "${startText}" that is not an ISO-8601 instant`);
  const endMs = parseInstant(endText);
  if (endMs === undefined) throw invalid(text, `has an end "${endText}" that is not an ISO-8601 instant`);
  if (endMs <= startMs) throw invalid(text, "ends before or when it starts; the end must be after the start");
  return { startMs, endMs };
}

/** Returns undefined when the text is not instant-shaped; throws when it is shaped like one but impossible. */
function parseInstant(text: string): number | undefined {
  if (EPOCH_MS.test(text)) return Number(text);

  const match = ISO_INSTANT.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHour, offsetMinute] = match;
  const fields = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
  };
  // Date.UTC maps years 0–99 onto 1900–1999, and nothing this tool reads predates the epoch anyway.
  if (fields.year < 1970) throw invalid(text, "is before 1970");
  if (fields.month < 1 || fields.month > 12 || fields.day < 1 || fields.day > daysInMonth(fields.year, fields.month)) {
    throw invalid(text, "is not a real calendar date");
  }
  if (fields.hour > 23 || fields.minute > 59 || fields.second > 59) throw invalid(text, "is not a real time of day");

  let offsetMs = 0;
  if (zulu === undefined && sign !== undefined) {
    const hours = Number(offsetHour);
    const minutes = Number(offsetMinute);
    if (hours > 23 || minutes > 59) throw invalid(text, "has an impossible UTC offset");
    offsetMs = (sign === "-" ? -1 : 1) * (hours * HOUR + minutes * MINUTE);
  }
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const utcMs = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, millis);
  return utcMs - offsetMs;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function unitNames(names: readonly string[], ms: number): Array<[string, number]> {
  return names.map((name) => [name, ms]);
}

function invalid(text: string, reason: string): UserError {
  return new UserError("TIMEFRAME_INVALID", `timeframe "${text}" ${reason}`, {
    suggestion: SUGGESTION,
    details: { timeframe: text },
  });
}
