// Rules on the plan's provider configuration rather than its resources: credentials written into a
// provider block end up in version control and in every copy of the plan.
import type { LiteralProviderCredentials } from "../../../core/handler-contract.js";
import type { RuleCategory } from "./security-rules.js";
import type { Severity } from "./types.js";

export interface ProviderRule {
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  /** One message per problem in `provider`; it names attributes, never their values. */
  check(provider: LiteralProviderCredentials): string[];
  remediation: string;
}

export const providerRules: readonly ProviderRule[] = [
  {
    id: "PROVIDER_LITERAL_CREDENTIALS",
    title: "AWS credentials written in the provider block",
    severity: "critical",
    category: "security",
    check: (provider) => [
      `provider "${provider.provider}" sets ${provider.attributes.join(", ")} to a literal value in the code`,
    ],
    remediation:
      "remove access_key, secret_key and token from the provider block and let the provider read the environment, a profile or an assumed role; rotate the key that was written",
  },
];

/** The finding's address for a provider block: `provider.aws.west`, `module.net.provider.aws`. */
export function providerAddress(key: string): string {
  const split = key.lastIndexOf(":");
  return split === -1 ? `provider.${key}` : `${key.slice(0, split)}.provider.${key.slice(split + 1)}`;
}
