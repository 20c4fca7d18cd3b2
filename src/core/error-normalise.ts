// Error text normalisation and clustering, shared by every part of the tool that groups errors (the
// investigator's log clusters, the debugger's issue log): two occurrences of one failure differ only in
// ARNs, account and request ids, timestamps, numbers and the project's own resource names, so those are
// replaced by placeholders and what remains is fingerprinted.
import { createHash } from "node:crypto";

export interface NormaliseOptions {
  /** The project's own resource names (and name prefixes); replaced by `<name>`, longest first. */
  projectNames?: readonly string[];
}

// Every pattern is linear: bounded or non-overlapping character classes, no nested quantifiers.
const ARN = /\barn:(?:aws|aws-[a-z-]{1,20}):([a-z0-9-]{1,40}):[a-z0-9-]{0,30}:(?:\d{12}|aws)?:[^\s"'`<>,;()[\]{}]+/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const XRAY_TRACE = /\b1-[0-9a-f]{8}-[0-9a-f]{24}\b/gi;
const REQUEST_ID =
  /\b(request[ _-]?id|x-amzn-requestid|x-amz-request-id|x-amz-id-2)(["']?\s*[:=]\s*["']?)[\w+/=-]{6,200}/gi;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
const HTTP_DATE =
  /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2}(?: GMT)?/g;
const CLOCK_TIME = /\b\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g;
const ACCOUNT_ID = /\b\d{12}\b/g;
// AWS resource ids: i-0abc…, sg-…, subnet-…, vpc-…, eni-…, ami-…
const AWS_RESOURCE_ID = /\b([a-z]{1,12})-(?=[0-9a-f]{0,16}\d)[0-9a-f]{8,17}\b/g;
const HEX_PREFIXED = /\b0x[0-9a-f]{1,64}\b/gi;
// Long hex runs with at least one digit (commit shas, S3 request ids, memory addresses); words stay.
const HEX_ID = /\b(?=[0-9a-f]{0,127}\d)(?=[0-9a-f]{0,127}[a-f])[0-9a-f]{8,128}\b/gi;
// Not inside identifiers such as python3.12 or ec2; dotted versions become one placeholder.
const NUMBER = /(?<![\w.])\d+(?:\.\d+)*\b/g;
const SPACES = /[ \t]+/g;
const BLANK_LINES = /\n\s*\n+/g;

const MAX_INPUT = 20_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function namePattern(names: readonly string[] | undefined): RegExp | undefined {
  const usable = [...new Set((names ?? []).filter((name) => name.trim().length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  if (usable.length === 0) return undefined;
  return new RegExp(usable.map(escapeRegExp).join("|"), "g");
}

/**
 * The text with everything occurrence-specific replaced by a placeholder (`<arn:lambda>`, `<uuid>`,
 * `<time>`, `<account>`, `<id>`, `<n>`, `<name>`), whitespace collapsed. Same failure, same text.
 */
export function normaliseErrorText(text: string, options: NormaliseOptions = {}): string {
  let result = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  result = result.replace(ARN, (_arn, service: string) => `<arn:${service.toLowerCase()}>`);
  const names = namePattern(options.projectNames);
  if (names !== undefined) result = result.replace(names, "<name>");
  result = result
    .replace(REQUEST_ID, (_all, key: string, separator: string) => `${key}${separator}<id>`)
    .replace(UUID, "<uuid>")
    .replace(XRAY_TRACE, "<trace>")
    .replace(HTTP_DATE, "<time>")
    .replace(ISO_TIME, "<time>")
    .replace(CLOCK_TIME, "<time>")
    .replace(IPV4, "<ip>")
    .replace(ACCOUNT_ID, "<account>")
    .replace(AWS_RESOURCE_ID, "$1-<id>")
    .replace(HEX_PREFIXED, "<hex>")
    .replace(HEX_ID, "<hex>")
    .replace(NUMBER, "<n>");
  return result
    .replace(/\r\n?/g, "\n")
    .replace(SPACES, " ")
    .replace(BLANK_LINES, "\n")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .trim();
}

/** sha256 (hex) of a normalised text. */
export function fingerprintOf(normalised: string): string {
  return createHash("sha256").update(normalised).digest("hex");
}

export interface ClusterInput {
  text: string;
  /** When it happened (epoch milliseconds), when known. */
  at?: number;
  /** Where it came from (a log group, an operation); collected per cluster. */
  source?: string;
}

export interface ErrorCluster {
  fingerprint: string;
  /** The normalised text every member shares. */
  pattern: string;
  count: number;
  /** ISO-8601, when the members carry times. */
  firstSeen?: string;
  lastSeen?: string;
  /** The first member's text, capped. */
  sample: string;
  sources: string[];
}

export interface ClusterOptions extends NormaliseOptions {
  /** Longest sample kept (default 1,000 characters). */
  sampleChars?: number;
}

/** Groups texts by fingerprint; the largest cluster first, then the most recent. */
export function clusterMessages(messages: readonly ClusterInput[], options: ClusterOptions = {}): ErrorCluster[] {
  const sampleChars = options.sampleChars ?? 1_000;
  const clusters = new Map<
    string,
    { pattern: string; count: number; first?: number; last?: number; sample: string; sources: Set<string> }
  >();
  for (const message of messages) {
    const pattern = normaliseErrorText(message.text, options);
    const fingerprint = fingerprintOf(pattern);
    let cluster = clusters.get(fingerprint);
    if (cluster === undefined) {
      cluster = {
        pattern,
        count: 0,
        sample: message.text.length > sampleChars ? `${message.text.slice(0, sampleChars)}…` : message.text,
        sources: new Set(),
      };
      clusters.set(fingerprint, cluster);
    }
    cluster.count++;
    if (message.source !== undefined) cluster.sources.add(message.source);
    if (message.at !== undefined && Number.isFinite(message.at)) {
      if (cluster.first === undefined || message.at < cluster.first) {
        cluster.first = message.at;
        cluster.sample = message.text.length > sampleChars ? `${message.text.slice(0, sampleChars)}…` : message.text;
      }
      if (cluster.last === undefined || message.at > cluster.last) cluster.last = message.at;
    }
  }
  return [...clusters.entries()]
    .map(([fingerprint, c]) => ({
      fingerprint,
      pattern: c.pattern,
      count: c.count,
      ...(c.first === undefined ? {} : { firstSeen: new Date(c.first).toISOString() }),
      ...(c.last === undefined ? {} : { lastSeen: new Date(c.last).toISOString() }),
      sample: c.sample,
      sources: [...c.sources].sort(),
    }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        (b.lastSeen ?? "").localeCompare(a.lastSeen ?? "") ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
}
