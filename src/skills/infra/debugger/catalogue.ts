// The built-in catalogue of known errors and their fixes, so the first occurrence of a common failure already
// has a ranked answer; matchKnownErrors finds the entries one error fits, best first.
import { MAX_TEXT } from "./extract.js";
import { ACCESS_ERRORS } from "./catalogue-access.data.js";
import { EMULATOR_ERRORS } from "./catalogue-emulator.data.js";
import { RESOURCE_ERRORS } from "./catalogue-resources.data.js";
import { TERRAFORM_ERRORS } from "./catalogue-terraform.data.js";
import type { Classification, ErrorInput, KnownError } from "./types.js";

export interface KnownErrorMatch {
  entry: KnownError;
  matchedBy: ("pattern" | "code" | "resource_type")[];
}

/** Specific entries before generic ones: on equal evidence the earlier entry ranks first. */
export const KNOWN_ERRORS: readonly KnownError[] = [
  ...EMULATOR_ERRORS,
  ...TERRAFORM_ERRORS,
  ...ACCESS_ERRORS,
  ...RESOURCE_ERRORS,
];

// A grant cannot lift an explicit deny, an SCP or a boundary, and a service role's runtime permission belongs
// in Terraform: when one of these entries matches, the automated grant is not offered.
const GRANT_BLOCKERS: ReadonlySet<string> = new Set(["permission-explicit-deny", "permission-runtime-role"]);

const WEIGHT = { pattern: 4, code: 2, resource_type: 1 } as const;

function offersGrant(entry: KnownError): boolean {
  return entry.solutions.some((solution) => solution.category === "permission_grant" && solution.automation.automated);
}

function score(match: KnownErrorMatch): number {
  return match.matchedBy.reduce((total, by) => total + WEIGHT[by], 0);
}

/**
 * The catalogue entries whose pattern or code fits the error, best first (pattern > code > resource type).
 * The emulator's gaps are considered only in a sandbox, and there before everything else.
 */
export function matchKnownErrors(
  input: ErrorInput,
  classification: Classification,
  options: { sandbox?: boolean } = {},
): KnownErrorMatch[] {
  const sandbox = options.sandbox === true;
  const text = input.text.length > MAX_TEXT ? input.text.slice(0, MAX_TEXT) : input.text;
  const codes = new Set(
    [input.code, classification.code]
      .filter((code): code is string => typeof code === "string")
      .map((code) => code.toLowerCase()),
  );
  const resourceType = classification.resourceType ?? input.resourceType ?? null;
  const matches: { match: KnownErrorMatch; order: number }[] = [];
  KNOWN_ERRORS.forEach((entry, order) => {
    if (entry.emulator === true && !sandbox) return;
    const matchedBy: KnownErrorMatch["matchedBy"] = [];
    if (entry.patterns?.some((pattern) => pattern.test(text)) === true) matchedBy.push("pattern");
    if (entry.codes?.some((code) => codes.has(code.toLowerCase())) === true) matchedBy.push("code");
    if (matchedBy.length === 0) return;
    if (resourceType !== null && entry.resourceTypes?.includes(resourceType) === true) matchedBy.push("resource_type");
    matches.push({ match: { entry, matchedBy }, order });
  });
  const { denial } = classification;
  const blocked =
    denial.explicitDeny ||
    denial.serviceControlPolicy ||
    denial.permissionsBoundary ||
    denial.sessionPolicy ||
    matches.some(({ match }) => GRANT_BLOCKERS.has(match.entry.id));
  return matches
    .filter(({ match }) => !(blocked && offersGrant(match.entry)))
    .sort(
      (a, b) =>
        Number(b.match.entry.emulator === true) - Number(a.match.entry.emulator === true) ||
        score(b.match) - score(a.match) ||
        a.order - b.order,
    )
    .map(({ match }) => match);
}
