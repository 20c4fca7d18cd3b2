// Terraform words a request states for the state commands and a plan's scope: resource and module
// addresses, an import's cloud id, a lock id, the resources to target or replace. Read from the
// request as written, since ids and index keys keep their case and punctuation.
import { ResourceAddress, TargetAddress } from "../core/commands/values.js";

/** Quotes, backticks and sentence punctuation around a word; an address never ends with a dot. */
function bare(word: string): string {
  return word.replace(/^[`'"(]+/, "").replace(/[`'",;!?)]+$|\.+$/g, "");
}

function words(original: string): string[] {
  return original
    .split(/\s+/)
    .map(bare)
    .filter((word) => word !== "");
}

/**
 * A module address, or a resource address whose type has a provider prefix (`aws_s3_bucket.b`), so that
 * file names and abbreviations ("main.tf", "e.g") are not taken for one.
 */
function isAddress(word: string): boolean {
  if (!TargetAddress.safeParse(word).success) return false;
  const parts = word.replace(/\[[^\]]*\]/g, "").split(".");
  let at = 0;
  while (parts[at] === "module" && at + 2 < parts.length) at += 2;
  return parts[at] === "module" || (parts[at] ?? "").includes("_");
}

/** Every address in the request, in order, each once. */
export function addressesOf(original: string): string[] {
  return [...new Set(words(original).filter(isAddress))];
}

/** The addresses of single resources (what state show, rm, mv and import take). */
export function resourceAddressesOf(original: string): string[] {
  return addressesOf(original).filter((address) => ResourceAddress.safeParse(address).success);
}

/** Words that describe the resource rather than name it ("the existing S3 bucket"). */
const DESCRIBING = new Set([
  "the",
  "a",
  "an",
  "our",
  "my",
  "that",
  "this",
  "it",
  "existing",
  "old",
  "current",
  "aws",
  "s3",
  "sqs",
  "sns",
  "iam",
  "ec2",
  "dynamodb",
  "lambda",
  "bucket",
  "queue",
  "table",
  "role",
  "function",
  "resource",
  "instance",
  "topic",
  "policy",
  "cluster",
  "key",
  "vpc",
  "subnet",
  "called",
  "named",
  "from",
  "with",
  "id",
  "its",
  "using",
  "terraform",
  "tf",
  "under",
  "hand-made",
  "handmade",
]);
const CONNECTORS = new Set(["into", "as", "to", "at", "under"]);
const STOPS = new Set(["import", "in", "on", "for", "into", "to", "please", "and", "then", "bring", "adopt"]);

/** The id an import names: after "id"/"called"/"named", before "into ADDRESS", or after "ADDRESS". */
export function importIdOf(
  original: string,
  address: string | undefined,
  isEnvironment: (word: string) => boolean,
): string | undefined {
  const named = /\b(?:id|called|named)\s+[`'"]?([^\s`'"]+)/i.exec(original)?.[1];
  const candidate = (word: string | undefined) =>
    word !== undefined &&
    word !== address &&
    !DESCRIBING.has(word.toLowerCase()) &&
    !STOPS.has(word.toLowerCase()) &&
    !isEnvironment(word.toLowerCase()) &&
    !isAddress(word);
  if (named !== undefined && candidate(bare(named))) return bare(named);
  if (address === undefined) return undefined;
  const all = words(original);
  const at = all.indexOf(address);
  if (at > 0 && CONNECTORS.has(all[at - 1]!.toLowerCase())) {
    for (let i = at - 2; i >= 0; i -= 1) {
      const word = all[i]!;
      if (STOPS.has(word.toLowerCase())) break;
      if (candidate(word)) return word;
    }
  }
  for (let i = at + 1; i < all.length; i += 1) {
    const word = all[i]!;
    if (STOPS.has(word.toLowerCase())) break;
    if (candidate(word)) return word;
  }
  return undefined;
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

/** A lock's id: a UUID as Terraform's S3 and DynamoDB locks have, or the word after "lock id" with a digit in it. */
export function lockIdOf(original: string): string | undefined {
  const uuid = UUID.exec(original)?.[0];
  if (uuid !== undefined) return uuid;
  const after = /\b(?:lock[- ]?id|(?:force-)?unlock|lock|id)\s*(?:is\s+|=\s*|:\s*)?[`'"]?([\w.:-]+)/i.exec(
    original,
  )?.[1];
  return after !== undefined && /\d/.test(after) ? bare(after) : undefined;
}

const TO_REPLACE = /^-*(replace|replacing|recreate|recreating|replacement|taint)$/i;
const TO_TARGET = /^-*(only|just|target|targeting|targeted|limited|restricted|scoped)$/i;

/** The addresses a plan is limited to and those it replaces, by the word that came before them. */
export function scopeOf(original: string): { target?: string[]; replace?: string[] } {
  const target: string[] = [];
  const replace: string[] = [];
  let into: string[] | undefined;
  for (const word of words(original)) {
    if (TO_REPLACE.test(word)) into = replace;
    else if (TO_TARGET.test(word)) into = target;
    else if (isAddress(word) && into !== undefined) {
      // -replace takes a resource; a module can only be a target.
      if (into === replace && !ResourceAddress.safeParse(word).success) target.push(word);
      else into.push(word);
    }
  }
  return {
    ...(target.length === 0 ? {} : { target: [...new Set(target)] }),
    ...(replace.length === 0 ? {} : { replace: [...new Set(replace)] }),
  };
}
