// The AWS CLI words the gate knows (data): the global options that take a value, the operation prefixes
// that only read, and the s3 commands that write.

export const AWS_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  "--profile",
  "--region",
  "--output",
  "--query",
  "--endpoint-url",
  "--cli-read-timeout",
  "--cli-connect-timeout",
  "--color",
  "--ca-bundle",
  "--cli-binary-format",
]);

/** Operations that start with one of these words read and change nothing. */
export const AWS_READ_PREFIXES: readonly string[] = [
  "describe",
  "list",
  "get",
  "head",
  "show",
  "search",
  "scan",
  "query",
  "filter",
  "lookup",
  "tail",
  "wait",
  "validate",
  "simulate",
  "estimate",
  "preview",
  "batch-get",
  "select",
  "decode",
  "help",
];

/** Services whose every operation is read-only or local to the machine. */
export const AWS_READ_SERVICES: ReadonlySet<string> = new Set(["sts", "configure", "help", "pricing"]);

/** High-level s3 commands: which read, which write, and which write only when the destination is S3. */
export const S3_READS: ReadonlySet<string> = new Set(["ls", "presign"]);
export const S3_COPIES: ReadonlySet<string> = new Set(["cp", "sync"]);

export const AWS_HELP: ReadonlySet<string> = new Set(["help", "--help", "-h", "--version"]);

/** The environment variables that choose the credentials an AWS CLI call uses. */
export const AWS_PROFILE_VARIABLES = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] as const;
export const AWS_KEY_VARIABLES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SESSION_TOKEN",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
] as const;
