// The infra-tester's shared vocabulary: findings from any security scanner, and the checks a test run
// is made of (security, cost, naming, tagging, post-deployment probes).
import type { Context } from "../../../core/context.js";
import type { LiteralProviderCredentials, StateResource } from "../../../core/handler-contract.js";

export type Severity = "critical" | "high" | "medium" | "low";

export interface SecurityFinding {
  /** Rule id, e.g. "S3_PUBLIC_ACL" for a built-in rule or "CKV_AWS_20" for checkov. */
  rule: string;
  /** Which scanner produced it: "builtin" or "checkov"; "builtin+checkov" when both found the problem. */
  scanner: string;
  /** The same problem's ids in the other scanners that found it (e.g. ["CKV_AWS_24"] for SG_OPEN_SSH). */
  also?: string[];
  severity: Severity;
  /** security | configuration | compliance */
  category: string;
  /** Terraform address of the resource, e.g. "aws_s3_bucket.uploads". */
  address: string;
  resourceType: string;
  title: string;
  message: string;
  remediation: string;
}

export interface ScanInput {
  /** The resources the saved plan would leave in the state, with planned attribute values. */
  resources: readonly StateResource[];
  /** The Terraform root module directory (file-based scanners read it). */
  directory: string;
  /** The `terraform show -json` plan document, when a scanner wants it whole (checkov's terraform_plan). */
  planJsonFile?: string;
  /** The plan's provider blocks with literal credentials (attribute names only). */
  providers?: readonly LiteralProviderCredentials[];
}

/** A security scanner behind one interface: the built-in rules, checkov when installed. */
export interface SecurityScanner {
  readonly id: string;
  /** Whether the scanner can run here (the built-in one always can; checkov when its binary is found). */
  available(ctx: Context): Promise<boolean>;
  scan(ctx: Context, input: ScanInput): Promise<SecurityFinding[]>;
}
