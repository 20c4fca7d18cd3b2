// The debugger's shared vocabulary: what an error looks like when it comes in, what the classifier makes
// of it, and what a known fix looks like (built-in catalogue and learned issue log alike). The error
// categories and the shape of a fix are stored in the issue log, so they are defined with its format.
import type { ErrorCategory, SolutionTemplate } from "../../../records/issue-log-schema.js";

export {
  ERROR_CATEGORIES,
  type ErrorCategory,
  type SolutionCategory,
  type SolutionTemplate,
} from "../../../records/issue-log-schema.js";

export type Confidence = "high" | "medium" | "low";

/** The operation that failed (seed: deploy | destroy | validate | preview). */
export type DebugOperation = "deploy" | "destroy" | "validate" | "preview" | "other";

/** The `{environment}` of a solution's command template, filled by the debugger (debugger.ts fillCommand). */
export { ENVIRONMENT } from "./placeholders.data.js";

/** One error as received, before classification. */
export interface ErrorInput {
  /** Where it came from: a Terraform `-json` diagnostic, an AWS SDK error object, or pasted text. */
  source: "terraform" | "aws-sdk" | "text";
  /** The full error text (summary and detail joined for diagnostics; box-drawing characters removed). */
  text: string;
  /** Structured facts when the source had them. */
  summary?: string;
  detail?: string;
  /** AWS error code / SDK error name, e.g. "AccessDenied", "ThrottlingException". */
  code?: string;
  httpStatus?: number;
  /** Terraform resource address, e.g. "aws_s3_bucket.uploads" or "module.api.aws_lambda_function.handler". */
  address?: string;
  /** Terraform resource type, e.g. "aws_s3_bucket" (from the address when there is one). */
  resourceType?: string;
  file?: string;
  line?: number;
}

export interface DenialMarkers {
  explicitDeny: boolean;
  serviceControlPolicy: boolean;
  permissionsBoundary: boolean;
  sessionPolicy: boolean;
}

/** What the classifier found in one error. */
export interface Classification {
  category: ErrorCategory;
  confidence: Confidence;
  /** The id of the rule that decided (rule table entry or structured-field rule). */
  rule: string;
  code: string | null;
  httpStatus: number | null;
  /** IAM action for permission errors, e.g. "s3:PutObject"; never an ARN fragment. */
  action: string | null;
  /** The resource ARN named by the error, when there is one. */
  resource: string | null;
  /** Terraform resource type (aws_s3_bucket) when known, else null. */
  resourceType: string | null;
  resourceName: string | null;
  /** The AWS principal named in "User: <arn> is not authorized…", when present. */
  principal: string | null;
  denial: DenialMarkers;
  /** An encoded authorization message (sts:DecodeAuthorizationMessage input), when present. */
  encodedMessage: string | null;
  /** Terraform state lock id, when the error names one. */
  lockId: string | null;
}

/** One entry of the built-in catalogue of known errors: how to recognise it and its fixes, best first. */
export interface KnownError {
  id: string;
  title: string;
  category: ErrorCategory;
  codes?: readonly string[];
  patterns?: readonly RegExp[];
  resourceTypes?: readonly string[];
  /** A gap of the AWS emulator: matches only in a sandbox environment, where it ranks first. */
  emulator?: true;
  solutions: readonly SolutionTemplate[];
}
