// Turns what the debugger is given (Terraform diagnostics, an AWS SDK error, pasted text) into ErrorInputs:
// one per error, with the structured facts (code, status, address, file and line) taken where they sit.
import { DevopsError } from "../../../core/errors.js";
import type { Diagnostic } from "../../../core/handler-contract.js";
import { extractCode, extractHttpStatus } from "./extract.js";
import type { ErrorInput } from "./types.js";

const MAX_PASTE = 200_000;

/** "module.api.aws_lambda_function.handler[0]" → "aws_lambda_function"; undefined when not an address. */
export function resourceTypeOfAddress(address: string): string | undefined {
  const parts = address.replace(/\[[^\]]{0,500}\]/g, "").split(".");
  let index = 0;
  while (parts[index] === "module" && index + 2 < parts.length) index += 2;
  if (parts[index] === "data") index++;
  const type = parts[index];
  return type !== undefined && index + 1 < parts.length && /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(type) ? type : undefined;
}

function structuredFacts(text: string): Pick<ErrorInput, "code" | "httpStatus"> {
  const code = extractCode(text);
  const httpStatus = extractHttpStatus(text);
  return { ...(code === null ? {} : { code }), ...(httpStatus === null ? {} : { httpStatus }) };
}

function located(address: string | undefined): Pick<ErrorInput, "address" | "resourceType"> {
  if (address === undefined || address === "") return {};
  const resourceType = resourceTypeOfAddress(address);
  return { address, ...(resourceType === undefined ? {} : { resourceType }) };
}

/** The error diagnostics of a Terraform `-json` run, one input each (warnings are not errors). */
export function fromDiagnostics(diagnostics: readonly Diagnostic[]): ErrorInput[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => {
      const detail = diagnostic.detail?.replace(/\r\n?/g, "\n").trim();
      const text = detail === undefined || detail === "" ? diagnostic.summary : `${diagnostic.summary}\n${detail}`;
      return {
        source: "terraform",
        text,
        summary: diagnostic.summary,
        ...(detail === undefined || detail === "" ? {} : { detail }),
        ...structuredFacts(text),
        ...located(diagnostic.address),
        ...(diagnostic.file === undefined ? {} : { file: diagnostic.file }),
        ...(diagnostic.line === undefined ? {} : { line: diagnostic.line }),
      };
    });
}

interface SdkErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown };
  cause?: unknown;
}

// Names that say only "an error happened": the code must come from elsewhere.
const GENERIC_NAMES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ServiceException"]);

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function statusOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

function sdkCode(shape: SdkErrorShape): string | undefined {
  const name = stringOf(shape.name);
  const namedCode =
    name !== undefined && !GENERIC_NAMES.has(name) && !/ServiceException$/.test(name) ? name : undefined;
  return stringOf(shape.Code) ?? namedCode ?? stringOf(shape.code);
}

/** An AWS SDK v3 error (or our own ProviderError wrapping one) as one input. */
export function fromSdkError(error: unknown): ErrorInput {
  if (typeof error !== "object" || error === null)
    return { source: "aws-sdk", text: String(error), ...structuredFacts(String(error)) };
  if (error instanceof DevopsError) {
    // awsFailure() (handlers/hosting/aws/errors.ts) keeps the SDK's name and status in details.awsCode and
    // details.httpStatus, and the SDK error itself as the cause.
    const wrapped = error.cause === undefined ? undefined : fromSdkError(error.cause);
    const awsCode = stringOf(error.details?.awsCode);
    const inText = structuredFacts(error.message);
    const code =
      (awsCode !== undefined && !GENERIC_NAMES.has(awsCode) ? awsCode : undefined) ?? wrapped?.code ?? inText.code;
    const httpStatus = statusOf(error.details?.httpStatus) ?? wrapped?.httpStatus ?? inText.httpStatus;
    return {
      source: "aws-sdk",
      text: error.message,
      ...(code === undefined ? {} : { code }),
      ...(httpStatus === undefined ? {} : { httpStatus }),
    };
  }
  const shape = error as SdkErrorShape;
  const code = sdkCode(shape);
  const message = stringOf(shape.message) ?? "";
  const text =
    code === undefined || message.startsWith(code) ? message || (code ?? "unknown error") : `${code}: ${message}`;
  const httpStatus =
    statusOf(shape.$metadata?.httpStatusCode) ??
    statusOf(shape.$response?.statusCode) ??
    extractHttpStatus(text) ??
    undefined;
  return {
    source: "aws-sdk",
    text,
    ...(code === undefined ? {} : { code }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
}

const BOX_EDGE = /^[ \t]*[╷╵][ \t]*$/;
const BOX_SIDE = /^[ \t]*[│┃][ \t]?/;
const HEADER = /^[ \t]*(Error|Warning):[ \t]{0,8}/;
const WITH_LINE = /^[ \t]*with ([^\s,]{1,500}),?[ \t]*$/;
const ON_LINE = /^[ \t]*on ([^\s]{1,500}) line (\d{1,7})\b/;
// Progress lines Terraform prints on every run; "Acquiring state lock…" is not a lock error.
const CHATTER =
  /^[ \t]*(?:(?:Acquiring|Releasing) state lock\. This may take a few moments\.\.\.|Initializing (?:the backend|provider plugins|modules)\.\.\.|[\w.[\]"-]{1,300}: (?:Refreshing state|Reading|Creating|Destroying|Modifying|Still [a-z]{1,12})\.\.\.(?: \[[^\]\n]{0,200}\])?)[ \t]*$/;
const FAILURE_WORDS = /\b(?:error|errors|failed|failure|denied|exception|panic|unable|cannot|invalid|expired)\b/i;
const SNIPPET_LINE = /^[ \t]{0,12}(?:\d{1,7}:[ \t]|[├│])/;

interface Block {
  kind: "error" | "warning" | "text";
  lines: string[];
}

function blocksOf(text: string): Block[] {
  const lines = (text.length > MAX_PASTE ? text.slice(0, MAX_PASTE) : text).replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let current: Block = { kind: "text", lines: [] };
  for (const raw of lines) {
    if (BOX_EDGE.test(raw)) continue;
    const line = raw.replace(BOX_SIDE, "");
    const header = HEADER.exec(line);
    if (header !== null) {
      if (current.lines.some((l) => l.trim() !== "")) blocks.push(current);
      current = { kind: header[1] === "Warning" ? "warning" : "error", lines: [line.slice(header[0].length)] };
      continue;
    }
    current.lines.push(line);
  }
  if (current.lines.some((l) => l.trim() !== "")) blocks.push(current);
  // Text outside "Error:" blocks stays when it reports a failure: Terraform prints the cause there when a later
  // error only reports the consequence ("Failed to save state: … ExpiredToken" above "Error: Failed to persist
  // state"). Plan output and other chatter around the errors goes.
  const headed = blocks.some((block) => block.kind !== "text");
  const errors = blocks.filter(
    (block) =>
      block.kind === "error" || (block.kind === "text" && (!headed || FAILURE_WORDS.test(block.lines.join("\n")))),
  );
  return errors.length > 0 ? errors : blocks;
}

function inputOf(block: Block): ErrorInput {
  let address: string | undefined;
  let file: string | undefined;
  let line: number | undefined;
  const kept: string[] = [];
  let inSnippet = false;
  for (const raw of block.lines) {
    const withLine = WITH_LINE.exec(raw);
    const onLine = ON_LINE.exec(raw);
    if (withLine !== null && address === undefined) {
      address = withLine[1];
      continue;
    }
    if (onLine !== null && file === undefined) {
      file = onLine[1];
      line = Number(onLine[2]);
      inSnippet = true;
      continue;
    }
    // The quoted source under "on main.tf line 12" is the user's code, not the error: its words mislead.
    if (inSnippet && SNIPPET_LINE.test(raw)) continue;
    if (CHATTER.test(raw)) continue;
    inSnippet = false;
    kept.push(raw.trimEnd());
  }
  const body = kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const [first = "", ...rest] = body.split("\n");
  const summary = first.trim();
  const detail = rest.join("\n").trim();
  return {
    source: "text",
    text: body,
    ...(block.kind === "text" ? {} : { summary }),
    ...(block.kind === "text" || detail === "" ? {} : { detail }),
    ...structuredFacts(body),
    ...located(address?.replace(/,$/, "")),
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line }),
  };
}

/** Pasted text (Terraform's boxed output, an AWS CLI error, a log line): one input per error in it. */
export function fromText(text: string): ErrorInput[] {
  return blocksOf(text)
    .map(inputOf)
    .filter((input) => input.text !== "");
}
