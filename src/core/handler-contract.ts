// The contracts between skills and provider handlers. Handlers implement them; skills and managers
// depend only on these interfaces, never on a provider's SDK or binary. Operations are added here as
// the capabilities that need them land.
import type { ConfigIssue } from "./config/issues.js";
import type { ResolvedEnvironment } from "./config/resolve.js";

export interface HandlerInfo {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export interface EnvironmentChecks {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** A cloud provider: credentials, accounts, runtime APIs. */
export interface HostingHandler extends HandlerInfo {
  readonly kind: "hosting";
  /** Provider-specific rules for one resolved environment (credentials source, endpoints, accounts). */
  checkEnvironment(env: ResolvedEnvironment): EnvironmentChecks;
}

/** An infrastructure-as-code engine: plans, applies and reads state. */
export interface IacHandler extends HandlerInfo {
  readonly kind: "iac";
  /** Engine-specific rules for one resolved environment (binary, backend, workspace). */
  checkEnvironment(env: ResolvedEnvironment): EnvironmentChecks;
}
