// The checkov adapter: runs the user's checkov on the saved plan's JSON (or the module directory) and
// maps its JSON report to SecurityFinding. checkov exits 1 when checks fail; only a crash, a timeout or
// output that is not a report is an error (CHECKOV_FAILED).
import * as z from "zod";
import type { Context } from "../../../core/context.js";
import { ProviderError } from "../../../core/errors.js";
import { run, SubprocessError } from "../../../core/subprocess.js";
import { compareFindings } from "./builtin-scanner.js";
import { providerAddress } from "./security-rules-provider.js";
import { CHECKOV_SEVERITIES } from "./checkov-severities.data.js";
import type { ScanInput, SecurityFinding, SecurityScanner, Severity } from "./types.js";

const VERSION_TIMEOUT_MS = 30_000;
/** checkov is slow on large configurations (minutes are common); a plan file is far quicker. */
const SCAN_TIMEOUT_MS = 15 * 60_000;

const FailedCheck = z.looseObject({
  check_id: z.string(),
  check_name: z.string().nullish(),
  resource: z.string().nullish(),
  resource_address: z.string().nullish(),
  file_path: z.string().nullish(),
  file_line_range: z.array(z.number()).nullish(),
  severity: z.string().nullish(),
  guideline: z.string().nullish(),
  check_class: z.string().nullish(),
});
type FailedCheck = z.infer<typeof FailedCheck>;

const FrameworkReport = z.looseObject({
  check_type: z.string().optional(),
  // A scan that found no resources prints only the summary counters, without `results`.
  results: z.looseObject({ failed_checks: z.array(FailedCheck).nullish() }).optional(),
});

export const CheckovReport = z.union([z.array(FrameworkReport), FrameworkReport]);

const SEVERITIES: readonly string[] = ["critical", "high", "medium", "low"];

function severityOf(check: FailedCheck): Severity {
  const reported = check.severity?.toLowerCase();
  if (reported !== undefined && SEVERITIES.includes(reported)) return reported as Severity;
  if (reported === "info") return "low";
  return CHECKOV_SEVERITIES[check.check_id] ?? "medium";
}

/** `module.api.aws_s3_bucket.b["x.y"]` → `aws_s3_bucket`. */
export function resourceTypeOf(address: string): string {
  const parts = address.replace(/\[[^\]]*\]$/, "").split(".");
  const type = parts.length >= 2 ? (parts[parts.length - 2] ?? "") : "";
  // A file path (checks on files rather than resources) has no resource type.
  return /^[a-z][a-z0-9_]*$/.test(type) ? type : "";
}

/**
 * checkov names a provider block `aws.default` or `aws.west`; the built-in rules name it as Terraform
 * does, `provider.aws` or `provider.aws.west`, so that the two findings on one block meet.
 */
function providerCheckAddress(resource: string): string {
  const match = /^(.*?)([a-z][a-z0-9_-]*)\.([A-Za-z0-9_-]+)$/.exec(resource);
  if (match === null) return resource;
  const [, prefix = "", name = "", alias = ""] = match;
  const key = alias === "default" ? name : `${name}.${alias}`;
  return providerAddress(prefix === "" ? key : `${prefix.replace(/\.$/, "")}:${key}`);
}

function toFinding(check: FailedCheck): SecurityFinding {
  const named = check.resource_address ?? check.resource;
  const isProvider = named != null && (check.check_class ?? "").includes(".checks.provider.");
  const address = isProvider ? providerCheckAddress(named) : (named ?? check.file_path ?? "(unknown)");
  const range = check.file_line_range;
  // Graph checks on a plan report the range 0-0, which points nowhere.
  const lines = range?.length === 2 && range[1]! > 0 ? `:${range[0]}-${range[1]}` : "";
  const where = check.file_path === undefined || check.file_path === null ? "" : ` (${check.file_path}${lines})`;
  return {
    rule: check.check_id,
    scanner: "checkov",
    severity: severityOf(check),
    category: "security",
    address,
    resourceType: isProvider ? "provider" : resourceTypeOf(address),
    title: check.check_name ?? check.check_id,
    message: `checkov ${check.check_id} failed${where}`,
    remediation: check.guideline ? `see ${check.guideline}` : `see checkov's policy index for ${check.check_id}`,
  };
}

/** The failed checks of a checkov JSON report (one framework object, or an array of them). */
export function parseCheckovReport(json: unknown): SecurityFinding[] {
  const parsed = CheckovReport.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError("CHECKOV_FAILED", `checkov printed JSON that is not a report: ${parsed.error.message}`, {
      suggestion: "run checkov with -o json by hand and check its version (3.x is supported)",
    });
  }
  const reports = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const seen = new Set<string>();
  const findings: SecurityFinding[] = [];
  for (const check of reports.flatMap((report) => report.results?.failed_checks ?? [])) {
    const finding = toFinding(check);
    const key = `${finding.rule}\u0000${finding.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings.sort(compareFindings);
}

function tail(text: string, lines = 15): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/** The report from checkov's stdout; warnings printed before it are skipped. */
function readReport(stdout: string, stderr: string): unknown {
  const start = stdout.search(/^[[{]/m);
  try {
    if (start < 0) throw new Error("no JSON document on stdout");
    return JSON.parse(stdout.slice(start)) as unknown;
  } catch (error) {
    throw new ProviderError(
      "CHECKOV_FAILED",
      `checkov did not print a JSON report: ${(error as Error).message}\n${tail(stderr || stdout)}`,
      {
        suggestion: "run the same checkov command by hand to see the failure",
        cause: error,
      },
    );
  }
}

export function checkovArgs(input: ScanInput): string[] {
  const target =
    input.planJsonFile === undefined
      ? ["-d", input.directory, "--framework", "terraform"]
      : ["-f", input.planJsonFile, "--framework", "terraform_plan"];
  // --skip-download: a deploy gate must not depend on (or wait for) checkov's online service; its
  // severities come from checkov-severities.data instead.
  return [...target, "-o", "json", "--quiet", "--compact", "--skip-download"];
}

/**
 * `required`: the project named this binary, so it counts as available and a binary that cannot start
 * fails the scan (CHECKOV_FAILED) instead of being quietly left out.
 */
export function createCheckovScanner(options: { binary?: string; required?: boolean } = {}): SecurityScanner {
  const binary = options.binary ?? "checkov";
  // Keyed by PATH: the answer depends on where the binary would be looked up.
  const found = new Map<string, Promise<boolean>>();

  async function probe(ctx: Context): Promise<boolean> {
    try {
      await run(binary, ["--version"], { cwd: ctx.cwd, env: ctx.env, timeoutMs: VERSION_TIMEOUT_MS });
      return true;
    } catch (error) {
      if (error instanceof SubprocessError) return false;
      throw error;
    }
  }

  return {
    id: "checkov",
    available(ctx) {
      if (options.required === true) return Promise.resolve(true);
      const key = ctx.env.PATH ?? "";
      let answer = found.get(key);
      if (answer === undefined) {
        answer = probe(ctx);
        found.set(key, answer);
      }
      return answer;
    },
    async scan(ctx, input) {
      let result;
      try {
        result = await run(binary, checkovArgs(input), {
          cwd: input.directory,
          env: ctx.env,
          timeoutMs: SCAN_TIMEOUT_MS,
          okExitCodes: [0, 1],
        });
      } catch (error) {
        if (!(error instanceof SubprocessError)) throw error;
        throw new ProviderError(
          "CHECKOV_FAILED",
          `${error.message}\n${tail(error.result.stderr || error.result.stdout)}`.trim(),
          {
            suggestion: "run the same checkov command by hand; reinstall checkov if it cannot start",
            details: { kind: error.kind, exitCode: error.result.exitCode },
            cause: error,
          },
        );
      }
      return parseCheckovReport(readReport(result.stdout, result.stderr));
    },
  };
}
