// The built-in security scanner: every rule of security-rules-*.ts run over the plan's planned resources
// and its provider configuration.
// Pure and synchronous underneath, so it is always available and a 50-resource plan scans in milliseconds.
import type { LiteralProviderCredentials, StateResource } from "../../../core/handler-contract.js";
import { computeRules } from "./security-rules-compute.js";
import { dataRules } from "./security-rules-data.js";
import { encryptionRules } from "./security-rules-encryption.js";
import { exposureRules } from "./security-rules-exposure.js";
import { iamRules } from "./security-rules-iam.js";
import { loggingRules } from "./security-rules-logging.js";
import { networkRules } from "./security-rules-network.js";
import { providerAddress, providerRules, type ProviderRule } from "./security-rules-provider.js";
import { storageRules } from "./security-rules-storage.js";
import type { SecurityRule } from "./security-rules.js";
import type { SecurityFinding, SecurityScanner, Severity } from "./types.js";

export type { SecurityRule } from "./security-rules.js";

export const SECURITY_RULES: readonly SecurityRule[] = [
  ...storageRules,
  ...dataRules,
  ...encryptionRules,
  ...networkRules,
  ...exposureRules,
  ...iamRules,
  ...computeRules,
  ...loggingRules,
];

export const PROVIDER_RULES: readonly ProviderRule[] = providerRules;

/** Every built-in rule, resource and provider rules alike (the documented table lists these). */
export const ALL_RULES: ReadonlyArray<Pick<SecurityRule, "id" | "title" | "severity" | "category">> = [
  ...SECURITY_RULES,
  ...PROVIDER_RULES,
];

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const byType = new Map<string, SecurityRule[]>();
for (const rule of SECURITY_RULES) {
  for (const type of rule.resourceTypes) byType.set(type, [...(byType.get(type) ?? []), rule]);
}

// Code-point order, not the locale's: the same plan must list its findings identically everywhere.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(a: SecurityFinding, b: SecurityFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.address, b.address) ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

/** Every built-in finding for the planned resources, ordered by severity, then address, then rule. */
export function scanResources(resources: readonly StateResource[]): SecurityFinding[] {
  const findings: SecurityFinding[] = [];
  for (const resource of resources) {
    for (const rule of byType.get(resource.type) ?? []) {
      for (const message of rule.check(resource, resources)) {
        findings.push({
          rule: rule.id,
          scanner: "builtin",
          severity: rule.severity,
          category: rule.category,
          address: resource.address,
          resourceType: resource.type,
          title: rule.title,
          message,
          remediation: rule.remediation,
        });
      }
    }
  }
  return findings.sort(compareFindings);
}

/** The findings on the plan's provider blocks (the plan summary says which carry literal credentials). */
export function scanProviders(providers: readonly LiteralProviderCredentials[]): SecurityFinding[] {
  return providers
    .flatMap((provider) =>
      PROVIDER_RULES.flatMap((rule) =>
        rule.check(provider).map((message) => ({
          rule: rule.id,
          scanner: "builtin",
          severity: rule.severity,
          category: rule.category,
          address: providerAddress(provider.provider),
          resourceType: "provider",
          title: rule.title,
          message,
          remediation: rule.remediation,
        })),
      ),
    )
    .sort(compareFindings);
}

export const builtinScanner: SecurityScanner = {
  id: "builtin",
  available: () => Promise.resolve(true),
  scan: (_ctx, input) =>
    Promise.resolve([...scanResources(input.resources), ...scanProviders(input.providers ?? [])].sort(compareFindings)),
};
