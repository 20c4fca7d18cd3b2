// Pulls the facts the fix needs out of an error text: the AWS error code and HTTP status, the IAM action,
// resource and principal of a denial (with what denied it), the Terraform resource type and the lock id.
import type { Classification, DenialMarkers } from "./types.js";
import { ARN_RESOURCE_TYPES, SDK_SERVICE_PREFIXES, TERRAFORM_RESOURCE_NAMES } from "./resource-names.data.js";
import { RULES } from "./rules.data.js";

export const MAX_TEXT = 20_000;

// Every pattern is linear: bounded repeats over classes that do not overlap what follows them.
const IAM_ACTION = String.raw`[a-z0-9][a-z0-9-]{0,40}:[A-Za-z*][A-Za-z0-9*]{0,100}`;
const NOT_AUTHORIZED = new RegExp(
  String.raw`not\s{1,4}authori[sz]ed\s{1,4}to\s{1,4}perform:?\s{0,4}(${IAM_ACTION})(?:\s{1,4}on\s{1,4}resource:?\s{0,12}["'\x60]?([^\s"'\x60]{1,2048}))?`,
  "i",
);
const POLICY_ALLOWS = new RegExp(
  String.raw`\bno\s(?:identity-based polic(?:y|ies)|resource-based polic(?:y|ies)|session polic(?:y|ies)|service control polic(?:y|ies)|permissions boundary) allows? the (${IAM_ACTION}) action`,
  "i",
);
const ACTION_ON_RESOURCE = new RegExp(
  String.raw`(?<![\w:/-])(${IAM_ACTION})\s{1,4}on\s{1,4}resource:?\s{0,12}["'\x60]?([^\s"'\x60]{1,2048})`,
);
const REQUIRED_PERMISSION = new RegExp(
  String.raw`\b(?:requires?|missing|needs?|lacks?|grant)\s(?:the\s)?(?:permissions?|actions?|iam permissions?)\s?:?\s?\(?(${IAM_ACTION})`,
  "i",
);
const OPERATION_ERROR = /\boperation error ([A-Za-z0-9][A-Za-z0-9 .-]{0,60}): ([A-Z][A-Za-z0-9]{1,80})/;
const PRINCIPAL = /\bUser:\s{0,4}([^\s]{1,512}?)\s{1,4}is\s{1,4}not\s{1,4}authori[sz]ed/i;
const ENCODED = /Encoded authorization failure message:\s{0,4}([A-Za-z0-9_+/=-]{16,20000})/i;
const LOCK_INFO = /Lock Info:/i;
const LOCK_ID_LINE = /^[ \t]{0,20}ID:[ \t]{0,20}([^\s]{1,200})/m;
const LOCK_ID_LOOSE = /\block ID[: ]{1,3}([0-9a-f][0-9a-f-]{7,63})/i;

// Where the code sits, most reliable first: Go SDK v2 ("api error X:"), the AWS CLI / boto ("An error
// occurred (X)"), S3's XML body, JSON ("__type", "Code"), a Python exception class, an exception or fault
// name, the Java style ("Error Code: X"), then a code-like token before a colon.
const CODE_PLACES: readonly RegExp[] = [
  /\bapi\s{1,4}error ([A-Za-z][A-Za-z0-9.]{1,80}):/,
  /An error occurred \(([A-Za-z][A-Za-z0-9.]{1,80})\)/,
  /<Code>([A-Za-z][A-Za-z0-9.]{1,80})<\/Code>/,
  /"__type"\s{0,3}:\s{0,3}"(?:[\w.]{1,80}#)?([A-Za-z][A-Za-z0-9.]{1,80})"/,
  /"(?:Code|code)"\s{0,3}:\s{0,3}"([A-Z][A-Za-z0-9.]{1,80})"/,
  /\bbotocore\.exceptions\.([A-Z][A-Za-z]{2,80})\b/,
  /\bAws::[A-Za-z0-9]{1,40}::Errors::([A-Z][A-Za-z0-9]{1,80})\b/,
  /(?<![\w.])([A-Z][A-Za-z0-9]{1,60}(?:Exception|Fault))\b/,
  /\bError Code: ([A-Za-z][A-Za-z0-9.]{1,80})/,
];
// A code-like token before ": " ("EntityAlreadyExists: Role with name…", "InvalidGroup.NotFound: …"); a code
// the rule table knows wins over an earlier token that only looks like one (a role named "AmazonVPCFlowLogs").
const CODE_BEFORE_COLON = /(?<![\w.:/-])([A-Z][A-Za-z0-9]{2,80}(?:\.[A-Z][A-Za-z0-9]{1,40})?):(?=\s|$)/gm;
const KNOWN_CODES: ReadonlySet<string> = new Set(RULES.flatMap((rule) => rule.codes ?? []));
// Tokens of the form "CamelCase: " that are not AWS error codes.
const NOT_CODES = new Set([
  "RequestID",
  "RequestId",
  "StatusCode",
  "HostID",
  "HostId",
  "LockInfo",
  "ErrorMessage",
  "ResourceType",
  "ExtendedRequestId",
  "RetryAttempts",
  "DiagnosticDetail",
]);

const STATUS_PLACES: readonly RegExp[] = [
  // Also right after an escaped \t or \n (error text quoted inside a JSON log line).
  /(?:(?<=\\[nt])|\b)status[ _]?code["']?\s{0,3}[:=]?\s{0,3}(\d{3})\b/i,
  /"httpStatusCode"\s{0,3}:\s{0,3}(\d{3})\b/,
  /\[AWS [a-z0-9-]{1,40} (\d{3}) /,
  /\bError ([45]\d\d):/,
  /\bHTTP(?:\/\d(?:\.\d)?)?\s{1,3}(?:status\s{1,3})?(\d{3})\b/i,
  /\b([45]\d\d)\s{1,3}(?:Forbidden|Not Found|Conflict|Too Many Requests|Bad Request|Unauthorized|Service Unavailable|Internal Server Error|Bad Gateway|Gateway Timeout)\b/i,
];

const RESOURCE_NAME_PHRASE = new RegExp(
  String.raw`\b(?:creating|updating|deleting|reading|modifying|destroying|importing|waiting for|tagging|putting|attaching|detaching)\s{1,3}(${TERRAFORM_RESOURCE_NAMES.map(([name]) => name.replace(/ /g, "\\s{1,3}")).join("|")})(?:\s{1,3}\(([^()\s]{1,512})\))?`,
  "i",
);
const RESOURCE_TYPE_BY_NAME = new Map(TERRAFORM_RESOURCE_NAMES.map(([name, type]) => [name.toLowerCase(), type]));
const SERVICE_PREFIX = new Map(
  Object.entries(SDK_SERVICE_PREFIXES).map(([name, prefix]) => [name.toLowerCase(), prefix]),
);

const WHOLE_ACTION = new RegExp(`^${IAM_ACTION}$`);

/** "service:Operation", never an ARN fragment such as "arn:aws". */
export function isIamAction(value: string): boolean {
  return WHOLE_ACTION.test(value) && !value.toLowerCase().startsWith("arn:");
}

function cap(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

function trimResource(value: string): string {
  return value.replace(/[.,;:)\]]+$/, "");
}

/** The AWS error code the text names, from the most reliable place it appears in; null when none. */
export function extractCode(text: string): string | null {
  const capped = cap(text);
  for (const place of CODE_PLACES) {
    const match = place.exec(capped);
    const code = match?.[1];
    if (code !== undefined && !NOT_CODES.has(code)) return code;
  }
  let lookalike: string | null = null;
  for (const match of capped.matchAll(CODE_BEFORE_COLON)) {
    const code = match[1] ?? "";
    if (KNOWN_CODES.has(code)) return code;
    if (lookalike === null && /[a-z]/.test(code) && /^[A-Z][^A-Z]*[A-Z]/.test(code) && !NOT_CODES.has(code))
      lookalike = code;
  }
  return lookalike;
}

/** The HTTP status (4xx/5xx) the text reports; null when none (a bare "403" in a message is not one). */
export function extractHttpStatus(text: string): number | null {
  const capped = cap(text);
  for (const place of STATUS_PLACES) {
    const status = Number(place.exec(capped)?.[1]);
    if (status >= 400 && status <= 599) return status;
  }
  return null;
}

const EXPLICIT_DENY = /\bexplicit(?:ly)? den(?:y|ied)\b/i;
const SCP = /\bservice control polic(?:y|ies)\b/i;
const SCP_ACRONYM = /\bSCPs?\b/;
const BOUNDARY = /\bpermissions? boundar(?:y|ies)\b/i;
const SESSION_POLICY = /\bsession polic(?:y|ies)\b/i;

/** What kind of policy denied: a grant to the identity cannot lift any of these. */
export function extractDenial(text: string): DenialMarkers {
  return {
    explicitDeny: EXPLICIT_DENY.test(text),
    serviceControlPolicy: SCP.test(text) || SCP_ACRONYM.test(text),
    permissionsBoundary: BOUNDARY.test(text),
    sessionPolicy: SESSION_POLICY.test(text),
  };
}

function serviceActionOf(text: string): string | null {
  const match = OPERATION_ERROR.exec(text);
  if (match === null) return null;
  const service = match[1]?.trim().toLowerCase() ?? "";
  const prefix = SERVICE_PREFIX.get(service) ?? service.replace(/[^a-z0-9]+/g, "");
  const action = `${prefix}:${match[2] ?? ""}`;
  return isIamAction(action) ? action : null;
}

function isDenied(text: string, code: string | null, status: number | null): boolean {
  return (
    status === 403 ||
    /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test(code ?? "") ||
    /\bnot authori[sz]ed\b|\baccess denied\b/i.test(text)
  );
}

function actionAndResource(
  text: string,
  code: string | null,
  status: number | null,
): { action: string | null; resource: string | null } {
  const direct = NOT_AUTHORIZED.exec(text);
  if (direct?.[1] !== undefined && isIamAction(direct[1])) {
    return { action: direct[1], resource: direct[2] === undefined ? null : trimResource(direct[2]) };
  }
  const onResource = ACTION_ON_RESOURCE.exec(text);
  if (onResource?.[1] !== undefined && isIamAction(onResource[1]))
    return { action: onResource[1], resource: trimResource(onResource[2] ?? "") || null };
  for (const pattern of [POLICY_ALLOWS, REQUIRED_PERMISSION]) {
    const action = pattern.exec(text)?.[1];
    if (action !== undefined && isIamAction(action)) return { action, resource: null };
  }
  // The Go SDK names the failed call ("operation error S3: PutObject"); on a denial that call is the action.
  if (isDenied(text, code, status)) return { action: serviceActionOf(text), resource: null };
  return { action: null, resource: null };
}

function resourceTypeOf(
  text: string,
  resource: string | null,
): { resourceType: string | null; resourceName: string | null } {
  const phrase = RESOURCE_NAME_PHRASE.exec(text);
  if (phrase?.[1] !== undefined) {
    const type = RESOURCE_TYPE_BY_NAME.get(phrase[1].replace(/\s+/g, " ").toLowerCase()) ?? null;
    return { resourceType: type, resourceName: phrase[2] ?? null };
  }
  if (resource !== null) {
    for (const [pattern, type] of ARN_RESOURCE_TYPES)
      if (pattern.test(resource)) return { resourceType: type, resourceName: null };
  }
  return { resourceType: null, resourceName: null };
}

function lockIdOf(text: string): string | null {
  const info = LOCK_INFO.exec(text);
  if (info !== null) {
    const id = LOCK_ID_LINE.exec(text.slice(info.index, info.index + 2000))?.[1];
    if (id !== undefined) return id;
  }
  return LOCK_ID_LOOSE.exec(text)?.[1] ?? null;
}

/** Every fact the text carries; fields it does not carry are null (denial markers false). */
export function extractFacts(text: string): Partial<Classification> {
  const capped = cap(text).replace(/\r\n?/g, "\n");
  const code = extractCode(capped);
  const httpStatus = extractHttpStatus(capped);
  const { action, resource } = actionAndResource(capped, code, httpStatus);
  return {
    code,
    httpStatus,
    action,
    resource,
    ...resourceTypeOf(capped, resource),
    principal: PRINCIPAL.exec(capped)?.[1] ?? null,
    denial: extractDenial(capped),
    encodedMessage: ENCODED.exec(capped)?.[1] ?? null,
    lockId: lockIdOf(capped),
  };
}
