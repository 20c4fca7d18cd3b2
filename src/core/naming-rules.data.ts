// AWS naming rules, keyed by Terraform resource type, as the limits each service's API reference states.
// Every check is a limit, a pattern or a fixed prefix or suffix; naming.ts applies them and words the sentence.

/** One requirement on a name; `rule` completes "… must <rule>". */
export type NameCheck =
  | { kind: "length"; min: number; max: number }
  | { kind: "matches"; pattern: RegExp; rule: string }
  | { kind: "excludes"; pattern: RegExp; rule: string }
  | { kind: "notStartWith"; text: string }
  | { kind: "notEndWith"; text: string };

const length = (min: number, max: number): NameCheck => ({ kind: "length", min, max });
const onlyChars = (pattern: RegExp, description: string): NameCheck => ({
  kind: "matches",
  pattern,
  rule: `use only ${description}`,
});
const notStartWith = (text: string): NameCheck => ({ kind: "notStartWith", text });
const notEndWith = (text: string): NameCheck => ({ kind: "notEndWith", text });
const noHyphenAtEnds: NameCheck = { kind: "excludes", pattern: /^-|-$/, rule: "not start or end with a hyphen" };
/** SQS and SNS count the ".fifo" suffix in the length but do not allow dots anywhere else. */
const withOptionalFifo = (max: number): NameCheck[] => [
  length(1, max),
  {
    kind: "matches",
    pattern: /^[A-Za-z0-9_-]+(?:\.fifo)?$/,
    rule: 'use only letters, digits, hyphens and underscores, optionally ending in ".fifo"',
  },
];

const LETTERS_DIGITS_HYPHENS_UNDERSCORES = "letters, digits, hyphens and underscores";
const IAM_CHARS = onlyChars(/^[\w+=,.@-]+$/, "letters, digits and + = , . @ _ -");
const ECS_CHARS = onlyChars(/^[A-Za-z0-9_-]+$/, LETTERS_DIGITS_HYPHENS_UNDERSCORES);
const LB_CHECKS: NameCheck[] = [
  length(1, 32),
  onlyChars(/^[A-Za-z0-9-]+$/, "letters, digits and hyphens"),
  noHyphenAtEnds,
];

const S3_CHECKS: NameCheck[] = [
  length(3, 63),
  onlyChars(/^[a-z0-9.-]+$/, "lowercase letters, digits, dots and hyphens"),
  { kind: "excludes", pattern: /^[^a-z0-9]|[^a-z0-9]$/, rule: "start and end with a lowercase letter or digit" },
  { kind: "excludes", pattern: /^\d{1,3}(?:\.\d{1,3}){3}$/, rule: "not be formatted as an IP address" },
  { kind: "excludes", pattern: /\.\./, rule: 'not contain ".."' },
  // Prefixes and suffixes AWS reserves for access points, aliases and directory/table buckets.
  ...["xn--", "sthree-", "amzn-s3-demo-"].map(notStartWith),
  ...["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].map(notEndWith),
];

export const AWS_NAMING_RULES: ReadonlyMap<string, readonly NameCheck[]> = new Map<string, readonly NameCheck[]>([
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
      { kind: "matches", pattern: /^[a-z]/, rule: "start with a lowercase letter" },
      { kind: "excludes", pattern: /--/, rule: 'not contain "--"' },
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
