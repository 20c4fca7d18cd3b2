// One finding per problem across scanners: a rule's findings on one address collapse into one, and a
// checkov check that tests the same control as a built-in rule (checkov-rules.data) joins the built-in
// finding on the same resource, keeping the stricter severity and both ids.
import { compareFindings } from "./builtin-scanner.js";
import { BUILTIN_CONTROL, CHECKOV_TO_BUILTIN } from "./checkov-rules.data.js";
import type { SecurityFinding } from "./types.js";

const RANK: Record<SecurityFinding["severity"], number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The built-in rule a finding's control belongs to (its own id when no built-in rule covers it). */
export function controlOf(finding: Pick<SecurityFinding, "rule" | "scanner">): string {
  const rule = finding.scanner === "builtin" ? finding.rule : (CHECKOV_TO_BUILTIN[finding.rule] ?? finding.rule);
  return BUILTIN_CONTROL[rule] ?? rule;
}

/** Every id a finding goes by, as shown to a person: "SG_OPEN_SSH / CKV_AWS_24". */
export function findingIds(finding: Pick<SecurityFinding, "rule" | "also">): string {
  return [finding.rule, ...(finding.also ?? [])].join(" / ");
}

function merge(group: readonly SecurityFinding[]): SecurityFinding {
  // The built-in finding leads: its id is the stable one, its remediation speaks of this project's code.
  const [primary, ...others] = [...group].sort(
    (a, b) =>
      Number(b.scanner === "builtin") - Number(a.scanner === "builtin") ||
      RANK[a.severity] - RANK[b.severity] ||
      compareFindings(a, b),
  ) as [SecurityFinding, ...SecurityFinding[]];
  const severity = others.reduce((worst, f) => (RANK[f.severity] < RANK[worst] ? f.severity : worst), primary.severity);
  const also = [...new Set(others.map((f) => f.rule).filter((rule) => rule !== primary.rule))];
  if (also.length === 0) return { ...primary, severity };
  const scanners = [...new Set([primary, ...others].map((f) => f.scanner))];
  const elsewhere = others.filter((f) => f.rule !== primary.rule).map((f) => `${f.scanner} ${f.rule}: ${f.title}`);
  return {
    ...primary,
    scanner: scanners.join("+"),
    severity,
    also,
    message: `${primary.message} (also ${[...new Set(elsewhere)].join("; ")})`,
  };
}

/** One finding per control and address (the strictest severity, every id), most severe first. */
export function mergeFindings(findings: readonly SecurityFinding[]): SecurityFinding[] {
  const groups = new Map<string, SecurityFinding[]>();
  for (const finding of findings) {
    const key = `${controlOf(finding)}\u0000${finding.address}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map(merge).sort(compareFindings);
}
