// Reads a raw `aws` CLI command line for the gate: the service and operation, whether it changes
// anything in the account, and the profile it names.
import { basename } from "node:path";
import type { ShellWord } from "../../core/shell-words.js";
import {
  AWS_HELP,
  AWS_READ_PREFIXES,
  AWS_READ_SERVICES,
  AWS_VALUE_OPTIONS,
  S3_COPIES,
  S3_READS,
} from "./aws-calls.data.js";

export interface AwsCommand {
  /** "service operation" as read, e.g. "s3 rm", "ec2 terminate-instances". */
  operation: string;
  mutating: boolean;
  /** The --profile value; null without --profile, undefined when it has no value. */
  profile: ShellWord | null | undefined;
}

export function isAws(program: ShellWord): boolean {
  return !program.dynamic && basename(program.text) === "aws";
}

function writes(service: string, operation: string, operands: readonly ShellWord[]): boolean {
  if (service === "s3") {
    if (S3_READS.has(operation)) return false;
    if (S3_COPIES.has(operation))
      return operands.slice(1).some((word) => word.dynamic || word.text.startsWith("s3://"));
    return true;
  }
  if (AWS_READ_SERVICES.has(service)) return false;
  return !AWS_READ_PREFIXES.some((prefix) => operation === prefix || operation.startsWith(`${prefix}-`));
}

export function readAwsCommand(args: readonly ShellWord[]): AwsCommand {
  const positionals: ShellWord[] = [];
  let profile: AwsCommand["profile"] = null;
  let help = false;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    const [flag, inline] = word.text.startsWith("--") ? word.text.split(/=(.*)/s, 2) : [word.text, undefined];
    if (AWS_HELP.has(word.text)) help = true;
    if (flag === "--profile") profile = inline !== undefined ? { text: inline, dynamic: word.dynamic } : args[i + 1];
    if (AWS_VALUE_OPTIONS.has(flag!) && inline === undefined) i += 1;
    else if (!word.text.startsWith("-")) positionals.push(word);
  }
  const [service, operation, ...operands] = positionals;
  const read = `${service?.text ?? ""} ${operation?.text ?? ""}`.trim();
  if (help || service === undefined || operation === undefined) return { operation: read, mutating: false, profile };
  const dynamic = service.dynamic || operation.dynamic;
  return { operation: read, mutating: dynamic || writes(service.text, operation.text, operands), profile };
}
