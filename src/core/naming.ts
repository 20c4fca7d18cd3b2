// Fills naming patterns such as "{project}-{environment}-{resource}" and checks the result against AWS's
// per-service naming rules, so a bad name is reported before Terraform or AWS rejects it mid-apply.

import { UserError } from "./errors.js";

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

// ---------------------------------------------------------------------------------------------------
// AWS naming rules, keyed by Terraform resource type. Sources: each service's API reference limits.

interface Check {
  ok: (name: string) => boolean;
  rule: string;
}

const length = (min: number, max: number): Check => ({
  ok: (name) => name.length >= min && name.length <= max,
  rule: `be ${min}–${max} characters long`,
});
const onlyChars = (pattern: RegExp, description: string): Check => ({
  ok: (name) => pattern.test(name),
  rule: `use only ${description}`,
});
const notStartWith = (prefix: string): Check => ({
  ok: (name) => !name.startsWith(prefix),
  rule: `not start with "${prefix}"`,
});
const notEndWith = (suffix: string): Check => ({
  ok: (name) => !name.endsWith(suffix),
  rule: `not end with "${suffix}"`,
});
const noHyphenAtEnds: Check = {
  ok: (name) => !name.startsWith("-") && !name.endsWith("-"),
  rule: "not start or end with a hyphen",
};
/** SQS and SNS count the ".fifo" suffix in the length but do not allow dots anywhere else. */
const withOptionalFifo = (max: number): Check[] => [
  length(1, max),
  {
    ok: (name) => /^[A-Za-z0-9_-]+$/.test(name.endsWith(".fifo") ? name.slice(0, -".fifo".length) : name),
    rule: 'use only letters, digits, hyphens and underscores, optionally ending in ".fifo"',
  },
];

const LETTERS_DIGITS_HYPHENS_UNDERSCORES = "letters, digits, hyphens and underscores";
const IAM_CHARS = onlyChars(/^[\w+=,.@-]+$/, "letters, digits and + = , . @ _ -");
const ECS_CHARS = onlyChars(/^[A-Za-z0-9_-]+$/, LETTERS_DIGITS_HYPHENS_UNDERSCORES);
const LB_CHECKS: Check[] = [length(1, 32), onlyChars(/^[A-Za-z0-9-]+$/, "letters, digits and hyphens"), noHyphenAtEnds];

const S3_CHECKS: Check[] = [
  length(3, 63),
  onlyChars(/^[a-z0-9.-]+$/, "lowercase letters, digits, dots and hyphens"),
  {
    ok: (name) => /^[a-z0-9]/.test(name) && /[a-z0-9]$/.test(name),
    rule: "start and end with a lowercase letter or digit",
  },
  { ok: (name) => !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name), rule: "not be formatted as an IP address" },
  { ok: (name) => !name.includes(".."), rule: 'not contain ".."' },
  // Prefixes and suffixes AWS reserves for access points, aliases and directory/table buckets.
  ...["xn--", "sthree-", "amzn-s3-demo-"].map(notStartWith),
  ...["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].map(notEndWith),
];

const NAMING_RULES: ReadonlyMap<string, readonly Check[]> = new Map<string, readonly Check[]>([
  ["aws_s3_bucket", S3_CHECKS],
  ["aws_lambda_function", [length(1, 64), onlyChars(/^[A-Za-z0-9_-]+$/, LETTERS_DIGITS_HYPHENS_UNDERSCORES)]],
  ["aws_iam_role", [length(1, 64), IAM_CHARS]],
  ["aws_iam_user", [length(1, 64), IAM_CHARS]],
  ["aws_iam_policy", [length(1, 128), IAM_CHARS]],
  [
    "aws_dynamodb_table",
    [length(3, 255), onlyChars(/^[A-Za-z0-9_.-]+$/, "letters, digits, underscores, dots and hyphens")],
  ],
  ["aws_sqs_queue", withOptionalFifo(80)],
  ["aws_sns_topic", withOptionalFifo(256)],
  ["aws_cloudwatch_log_group", [length(1, 512), onlyChars(/^[.\-_/#A-Za-z0-9]+$/, "letters, digits and . - _ / #")]],
  ["aws_ecs_cluster", [length(1, 255), ECS_CHARS]],
  ["aws_ecs_service", [length(1, 255), ECS_CHARS]],
  ["aws_ecs_task_definition", [length(1, 255), ECS_CHARS]],
  ["aws_lb", [...LB_CHECKS, notStartWith("internal-")]],
  ["aws_alb", [...LB_CHECKS, notStartWith("internal-")]],
  ["aws_lb_target_group", LB_CHECKS],
  [
    "aws_db_instance",
    [
      length(1, 63),
      onlyChars(/^[a-z0-9-]+$/, "lowercase letters, digits and hyphens"),
      { ok: (name) => /^[a-z]/.test(name), rule: "start with a lowercase letter" },
      { ok: (name) => !name.includes("--"), rule: 'not contain "--"' },
      notEndWith("-"),
    ],
  ],
  ["aws_cloudwatch_metric_alarm", [length(1, 255)]],
  [
    "aws_kinesis_stream",
    [length(1, 128), onlyChars(/^[A-Za-z0-9_.-]+$/, "letters, digits, underscores, dots and hyphens")],
  ],
  [
    "aws_ecr_repository",
    [
      length(2, 256),
      // Each segment is alnum runs joined by single separators, so the match is linear.
      onlyChars(
        /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        'lowercase letters and digits in "/"-separated segments, joined inside a segment by single . _ or -',
      ),
    ],
  ],
]);

export const knownNamingRuleTypes: readonly string[] = Object.freeze([...NAMING_RULES.keys()]);

/** Problems with `name` for a Terraform resource type, as sentences; empty when valid or the type has no rules. */
export function checkAwsName(terraformType: string, name: string): string[] {
  const checks = NAMING_RULES.get(terraformType);
  if (checks === undefined) return [];
  const subject = `${terraformType} name "${name}"`;
  if (name === "") return [`${subject} must not be empty`];
  return checks.filter((check) => !check.ok(name)).map((check) => `${subject} must ${check.rule}`);
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
