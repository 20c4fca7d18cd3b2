// Removes secrets (AWS keys, tokens, passwords, private keys) from text and data before anything is
// written to disk, printed or handed to a model, because tool output routinely echoes credentials.
//
// Every pattern is written to match in linear time: character classes that cannot overlap their
// neighbours, bounded repeats, and lookbehinds that let a match start only once per identifier.

const REDACTED = "[REDACTED]";

const BARE_VALUE = String.raw`[^\s"'\\&,;}\]]+(?:;(?![\w ]*=)[^\s"'\\&,;}\]]+)*`;

// Identifier endings that mark the value after them as secret: "db_password", "AWS_SECRET_ACCESS_KEY",
// "X-Amz-Security-Token", "client_secret". "tokenize" or "token_count" do not end in one.
const SECRET_KEY_ENDING = String.raw`(?:password|passwd|secret|secret[_-]?access[_-]?key|secret[_-]?key|secret[_-]?string|session[_-]?token|security[_-]?token|api[_-]?key|private[_-]?key|token)`;

// Same list for object keys, compared after lowercasing and dropping "_" and "-".
const SECRET_OBJECT_KEY =
  /(?:password|passwd|secret|secretaccesskey|secretkey|secretstring|sessiontoken|securitytoken|token|apikey|privatekey|authorization)$/;

// The body stops at the next BEGIN/END armour line, so a truncated key (no END) is still removed and many
// unterminated blocks cannot make each one rescan the rest of the text.
const PEM_PRIVATE_KEY =
  /(-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----)(?:(?!-----(?:BEGIN|END) )[\s\S])*(-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----)?/g;

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,20}:\/\/)([^\s:/?#@'"]+):([^\s/?#@'"]+)@/gi;

const AUTHORIZATION =
  /(\bauthorization\\?["']?[ \t]*[:=][ \t]*\\?["']?)(?:(bearer|basic|token|digest|negotiate)[ \t]+)?(?!AWS4-)([^\s"'\\,;]+)/gi;

// key, separator (allowing JSON, escaped JSON with "=" or ":" written as \u003d / \u003a, YAML, env and
// Ruby forms), then a quoted or bare value. A ":" before the key is excluded so ARNs such as
// "...:secret:prod/db" are left alone. A bare value runs on past a ";" unless what follows starts the next
// "Key=" of a connection string, so "Password=abc;def;Database=x" loses "abc;def", not just "abc".
const KEY_VALUE = new RegExp(
  String.raw`(?<![\w.:-])([\w.-]*?${SECRET_KEY_ENDING})(\\?["']?[ \t]*(?:=>|[:=]|\\u003[adAD])[ \t]*)` +
    String.raw`(?!\[REDACTED\]|\((?:sensitive|known after apply))("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\\"[^"\\\n]*\\"|${BARE_VALUE})`,
  "gi",
);

// "--password hunter2", "--db-token=abc": a command-line flag naming a secret, then its value as the next
// word ("=" forms are already covered above). A value starting with "-" is the next flag, not a secret.
const SECRET_FLAG = new RegExp(
  String.raw`(?<![\w-])(--?[\w-]*?${SECRET_KEY_ENDING})([ \t]+)(?!\[REDACTED\]|-)("[^"\n]*"|'[^'\n]*'|[^\s"'\\]+)`,
  "gi",
);

// MySQL-family clients and sshpass take the password glued to "-p" ("mysql -uroot -pS3cret"). Only on a
// line that runs one of them: elsewhere "-parallelism=10" or "-platform" are ordinary flags.
const GLUED_PASSWORD_PROGRAM =
  /^.*\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump|sshpass)\b.*$/gm;
const GLUED_PASSWORD = /(?<=[\s"'])-p(?!\[REDACTED\])([^\s"'\\]+)/g;

// An AWS secret access key on its own: exactly 40 base64 characters with upper and lower case letters
// and a digit. Hex digests (git, sha256) lack upper case, base64 hashes are longer or end in "=".
const BARE_AWS_SECRET_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

// "aws_secretsmanager_secret.api_token: Creating..." is Terraform progress about a resource, not a secret.
const TERRAFORM_ADDRESS = /^(?:module\.[\w-]+\.)*(?:data\.)?[a-z][a-z0-9]*_[\w]+\.[\w-]+$/i;
const TERRAFORM_PROGRESS =
  /^(?:Creating|Creation|Modifying|Modifications|Destroying|Destruction|Refreshing|Reading|Read|Still|Provisioning|Importing|Import|Preparing)\b/;

const PREFIXED_TOKENS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, `$1${REDACTED}`],
  [/\b(gh[pousr]_)[A-Za-z0-9]{20,255}\b/g, `$1${REDACTED}`],
  [/\b(github_pat_)[A-Za-z0-9_]{20,255}/g, `$1${REDACTED}`],
  [/\b(xox[abprs]-)[A-Za-z0-9-]{10,255}/g, `$1${REDACTED}`],
  // Stripe secret and restricted keys; publishable "pk_" keys are public by design.
  [/\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{10,255}\b/g, `$1${REDACTED}`],
  // JSON Web Tokens (Cognito, OIDC) carry live credentials in their signature.
  [/\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,4096}/g, REDACTED],
];

/** Replaces every secret found in `text` with "[REDACTED]", keeping keys and recognisable prefixes. */
export function redactText(text: string): string {
  if (text === "") return text;
  let result = text.replace(PEM_PRIVATE_KEY, (_whole, begin: string, end: string | undefined) =>
    end === undefined ? `${begin}\n${REDACTED}\n` : `${begin}\n${REDACTED}\n${end}`,
  );
  result = result.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`);
  result = result.replace(AUTHORIZATION, (_whole, head: string, scheme: string | undefined) =>
    scheme === undefined ? `${head}${REDACTED}` : `${head}${scheme} ${REDACTED}`,
  );
  // Before the prefixed tokens: "token=ghp_[REDACTED]" would otherwise be redacted twice into a mess.
  result = result.replace(KEY_VALUE, redactKeyValue);
  result = result.replace(SECRET_FLAG, redactFlagValue);
  result = result.replace(GLUED_PASSWORD_PROGRAM, (line) => line.replace(GLUED_PASSWORD, `-p${REDACTED}`));
  for (const [pattern, replacement] of PREFIXED_TOKENS) result = result.replace(pattern, replacement);
  return result.replace(BARE_AWS_SECRET_KEY, (candidate) =>
    /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /[0-9]/.test(candidate) ? REDACTED : candidate,
  );
}

/**
 * Deep copy of `value` with every string redacted, and the value of any secret-looking key (password,
 * secretAccessKey, session_token, apiKey, ...) replaced outright when it is a non-empty string.
 * Arrays, plain objects, Maps, Sets and Dates are copied; other objects (class instances) are kept as is.
 */
export function redactDeep<T>(value: T): T {
  return copyRedacted(value, new WeakMap()) as T;
}

function redactKeyValue(whole: string, key: string, separator: string, value: string): string {
  if (TERRAFORM_ADDRESS.test(key) && TERRAFORM_PROGRESS.test(value)) return whole;
  const quote = /^(\\"|"|')/.exec(value)?.[1] ?? "";
  const inner = value.slice(quote.length, value.length - quote.length);
  if (quote !== "" && inner === "") return whole;
  return `${key}${separator}${quote}${REDACTED}${quote}`;
}

function redactFlagValue(whole: string, flag: string, space: string, value: string): string {
  const quote = /^["']/.exec(value)?.[0] ?? "";
  if (quote !== "" && value.length === 2) return whole;
  return `${flag}${space}${quote}${REDACTED}${quote}`;
}

function copyRedacted(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;

  // Shared references stay shared and cycles terminate.
  const known = seen.get(value);
  if (known !== undefined) return known;

  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(copyRedacted(item, seen));
    return copy;
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [key, item] of value) copy.set(key, redactEntry(key, item, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    seen.set(value, copy);
    for (const item of value) copy.add(copyRedacted(item, seen));
    return copy;
  }
  if (!isPlainObject(value)) return value;

  const copy: object = Object.create(Object.getPrototypeOf(value) as object | null) as object;
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    // defineProperty, because assigning an own "__proto__" key (JSON.parse makes them) would swap the prototype.
    Object.defineProperty(copy, key, {
      value: redactEntry(key, item, seen),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function redactEntry(key: unknown, item: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof key === "string" && isSecretKey(key) && typeof item === "string" && item !== "") return REDACTED;
  return copyRedacted(item, seen);
}

function isSecretKey(key: string): boolean {
  return SECRET_OBJECT_KEY.test(key.toLowerCase().replace(/[_-]/g, ""));
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
