// Fills naming patterns such as "{project}-{environment}-{resource}" and checks the result against AWS's
// per-service naming rules, so a bad name is reported before Terraform or AWS rejects it mid-apply.

import { UserError } from "./errors.js";
import { AWS_NAMING_RULES, type NameCheck } from "./naming-rules.data.js";

const PLACEHOLDERS = ["project", "subsystem", "environment", "resource", "organization"] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

export type PatternVars = Partial<Record<Placeholder, string>>;

// Only `{word}` is a placeholder; any other brace (JSON in a template, a lone "{") is literal text.
const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;
const VALID_LIST = PLACEHOLDERS.map((name) => `{${name}}`).join(", ");

/**
 * Replaces every occurrence of every placeholder. `field` names where the template came from (a config
 * path) so the error points at the line to fix. An empty-string value is a deliberate blank; an
 * undefined one is missing configuration and an error.
 */
export function substitute(template: string, vars: PatternVars, field: string): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!isPlaceholder(name)) throw unknownPlaceholder(template, name, field);
    const value = vars[name];
    if (value === undefined) {
      throw new UserError(
        "PATTERN_MISSING_VALUE",
        `${field}: "${template}" uses {${name}} but no ${name} is configured`,
        {
          suggestion: `set ${name} in the configuration, or remove {${name}} from ${field}`,
          details: { field, template, placeholder: name },
        },
      );
    }
    return value;
  });
}

/** The distinct placeholder names in a template (known or not), in order of first appearance. */
export function placeholdersIn(template: string): string[] {
  const names = Array.from(template.matchAll(PLACEHOLDER), (match) => match[1] ?? "");
  return [...new Set(names)];
}

/**
 * Builds a resource name from a pattern. Separators are collapsed and trimmed afterwards so a blank
 * optional part ({subsystem} = "") leaves "a-b", not "a--b" or "-b".
 */
export function resourceName(pattern: string, separator: string, vars: PatternVars & { resource: string }): string {
  const filled = substitute(pattern, vars, "resource name pattern");
  const name = separator === "" ? filled : collapseSeparators(filled, separator);
  if (name === "") {
    throw new UserError("PATTERN_EMPTY_RESULT", `resource name pattern "${pattern}" produced an empty name`, {
      suggestion: "include {resource} in the pattern, or give the blank parts a value",
      details: { pattern, vars },
    });
  }
  return name;
}

/** Whether `name` meets one AWS requirement. */
function passes(check: NameCheck, name: string): boolean {
  switch (check.kind) {
    case "length":
      return name.length >= check.min && name.length <= check.max;
    case "matches":
      return check.pattern.test(name);
    case "excludes":
      return !check.pattern.test(name);
    case "notStartWith":
      return !name.startsWith(check.text);
    case "notEndWith":
      return !name.endsWith(check.text);
  }
}

function ruleOf(check: NameCheck): string {
  switch (check.kind) {
    case "length":
      return `be ${check.min}–${check.max} characters long`;
    case "notStartWith":
      return `not start with "${check.text}"`;
    case "notEndWith":
      return `not end with "${check.text}"`;
    default:
      return check.rule;
  }
}

export const knownNamingRuleTypes: readonly string[] = Object.freeze([...AWS_NAMING_RULES.keys()]);

/** Problems with `name` for a Terraform resource type, as sentences; empty when valid or the type has no rules. */
export function checkAwsName(terraformType: string, name: string): string[] {
  const checks = AWS_NAMING_RULES.get(terraformType);
  if (checks === undefined) return [];
  const subject = `${terraformType} name "${name}"`;
  if (name === "") return [`${subject} must not be empty`];
  return checks.filter((check) => !passes(check, name)).map((check) => `${subject} must ${ruleOf(check)}`);
}

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

function unknownPlaceholder(template: string, name: string, field: string): UserError {
  const guess = closestPlaceholder(name);
  const didYouMean = guess === undefined ? "" : `did you mean {${guess}}? `;
  return new UserError("PATTERN_UNKNOWN_PLACEHOLDER", `${field}: unknown placeholder {${name}} in "${template}"`, {
    suggestion: `${didYouMean}valid placeholders are ${VALID_LIST}`,
    details: { field, template, placeholder: name },
  });
}

function closestPlaceholder(name: string): Placeholder | undefined {
  const lower = name.toLowerCase();
  // Abbreviations ({env}, {org}, {proj}) are the common slip, then case and typos.
  const byPrefix = PLACEHOLDERS.find((candidate) => lower.length >= 3 && candidate.startsWith(lower));
  if (byPrefix !== undefined) return byPrefix;
  let best: { name: Placeholder; distance: number } | undefined;
  for (const candidate of PLACEHOLDERS) {
    const distance = editDistance(lower, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function collapseSeparators(text: string, separator: string): string {
  const escaped = separator.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text
    .replace(new RegExp(`(?:${escaped}){2,}`, "g"), separator)
    .replace(new RegExp(`^(?:${escaped})+|(?:${escaped})+$`, "g"), "");
}
