// The contracts between skills and provider handlers. Handlers implement them; skills and managers
// depend only on these interfaces, never on a provider's SDK or binary.
import type { ModuleInspection } from "./config/handler-config.js";
import type { ConfigIssue } from "./config/issues.js";
import type { ResolvedEnvironment } from "./config/resolve.js";
import type { Context } from "./context.js";
import type { ComputeService } from "./services/compute.js";
import type { IamAdminService } from "./services/iam-admin.js";
import type { CallerIdentity } from "./services/identity.js";
import type { PricingService } from "./services/pricing.js";
import type { ProbesService } from "./services/probes.js";
import type { InventoryService } from "./services/inventory.js";
import type { LogsService } from "./services/logs.js";
import type { MetricsService } from "./services/metrics.js";
import type { PostureService } from "./services/posture.js";

export type { CallerIdentity } from "./services/identity.js";
export type { FoundState, ModuleInspection } from "./config/handler-config.js";

export interface HandlerInfo {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export interface EnvironmentChecks {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** The provider's runtime APIs for one environment, as narrow interfaces (src/core/services/). */
export interface HostingServices {
  metrics: MetricsService;
  logs: LogsService;
  compute: ComputeService;
  posture: PostureService;
  inventory: InventoryService;
  /** IAM policy administration with the discover profile's credentials (permission grants only). */
  iamAdmin: IamAdminService;
  /** AWS Pricing API list prices (cost estimates in "api" mode). */
  pricing: PricingService;
  /** Post-deployment probes: existence checks, target health, function invocations. */
  probes: ProbesService;
}

/** A cloud provider: credentials, accounts, runtime APIs. */
export interface HostingHandler extends HandlerInfo {
  readonly kind: "hosting";
  /** Provider-specific rules for one resolved environment (credentials source, endpoints, accounts). */
  checkEnvironment(env: ResolvedEnvironment): EnvironmentChecks;
  /** Who the environment's credentials are (STS GetCallerIdentity for AWS). */
  callerIdentity(ctx: Context, env: ResolvedEnvironment): Promise<CallerIdentity>;
  /** Environment variables that give a child process (terraform) exactly this environment's credentials. */
  credentialEnv(ctx: Context, env: ResolvedEnvironment): Record<string, string | undefined>;
  /** Runtime APIs of the environment (clients created lazily, with the environment's credentials). */
  services(ctx: Context, env: ResolvedEnvironment): HostingServices;
  /** A link to the resource in the provider's console, when the type is known. */
  consoleUrl(resource: StateResource, env: ResolvedEnvironment): string | undefined;
}

/** One managed resource from the engine's state, normalised across engines. */
export interface StateResource {
  /** Full address, e.g. `module.api.aws_lambda_function.handler` or `aws_s3_bucket.b["x"]`. */
  address: string;
  /** Resource type, e.g. `aws_lambda_function`. */
  type: string;
  name: string;
  /** Module address (`module.api`), absent for the root module. */
  module?: string;
  index?: string | number;
  providerName: string;
  values: Record<string, unknown>;
  /**
   * Plans only: the resources each top-level argument refers to in the configuration (e.g. a
   * versioning resource's `bucket` → ["aws_s3_bucket.uploads.id", "aws_s3_bucket.uploads"]), relative
   * to the resource's module; how companions are tied to their owner before ids are known.
   */
  references?: Record<string, string[]>;
  /**
   * Plans only: the arguments written in the resource's configuration (`encrypted`, and one level into
   * blocks, `metadata_options.http_tokens`). An attribute absent from the planned values and from this
   * list was left out of the code, so the provider's default applies; absent but written means unknown
   * until apply.
   */
  arguments?: string[];
  /**
   * Plans only: top-level string arguments written as literals in the configuration, as written. Some
   * attributes are planned as a hash (an instance's user_data); the literal is what the code holds.
   */
  constants?: Record<string, string>;
}

export type ChangeAction = "create" | "update" | "delete" | "replace" | "read" | "no-op";

export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  module?: string;
  action: ChangeAction;
  /** Attribute paths that force a replacement (Terraform's replace_paths), as dotted strings. */
  replacePaths?: string[];
  /** Top-level attribute names whose value changes (updates and replacements). */
  changedAttributes?: string[];
  reason?: string;
}

export interface OutputChange {
  name: string;
  action: ChangeAction;
  sensitive: boolean;
}

/**
 * What a plan was narrowed or forced to (Terraform's -target, -replace, -refresh=false). The plan file
 * does not say, so the scope is part of the summary and of the plan hash.
 */
export interface PlanScope {
  /** Only these resources (and what they depend on) are planned. */
  targets: string[];
  /** These resources are replaced even where nothing changed. */
  replace: string[];
  /** false: the state is not refreshed against the real resources first. */
  refresh: boolean;
  /** The names of the variables set on the command line (--var); their values are never recorded. */
  variables?: string[];
}

/**
 * Variable values given on the command line for one plan. They may be secrets: they reach the engine
 * and the saved plan file, nothing else; the plan's scope keeps only their names.
 */
export type PlanVariables = Readonly<Record<string, string>>;

export interface PlanSummary {
  counts: { create: number; update: number; delete: number; replace: number };
  /** Deletes and replacements, listed first in every rendering. */
  destructive: ResourceChange[];
  changes: ResourceChange[];
  outputs: OutputChange[];
  /** Changes made outside Terraform since the last apply (attribute changes only). */
  drift: ResourceChange[];
  hasChanges: boolean;
  /** sha256 of the normalised resource and output changes. */
  planHash: string;
  engineVersion?: string;
  /** Present when the plan was narrowed or forced; absent for a full, refreshed plan. */
  scope?: PlanScope;
  /** Existing objects the plan brings under management (address and the id it is imported by). */
  imports?: Array<{ address: string; id: string }>;
  /** Provider configurations with credentials written as literals: which attributes, never their values. */
  literalCredentials?: LiteralProviderCredentials[];
}

/** A provider block (`aws`, `aws.west`, `module.net:aws`) whose code spells out credential attributes. */
export interface LiteralProviderCredentials {
  provider: string;
  /** e.g. ["access_key", "secret_key"]. */
  attributes: string[];
}

export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  file?: string;
  line?: number;
  column?: number;
  address?: string;
}

export interface IacProgressEvent {
  kind: "planning" | "refreshing" | "reading" | "applying" | "applied" | "failed" | "message";
  address?: string;
  action?: string;
  message: string;
  elapsedSeconds?: number;
}

export interface IacRunOptions {
  onProgress?: (event: IacProgressEvent) => void;
}

export interface SavedPlan {
  /** Path of the engine's binary plan file. */
  file: string;
  summary: PlanSummary;
  /** The plan's JSON document saved next to it (owner-only), when the plan was asked to keep it. */
  jsonFile?: string;
}

/** What an IaC operation runs against: the environment and the credentials its child processes get. */
export interface IacTarget {
  env: ResolvedEnvironment;
  /** Variables to set (a string) or remove (undefined) in the engine's environment; from the hosting handler. */
  credentials: Record<string, string | undefined>;
  /** A private (git-ignored, 0700) folder for the engine's generated settings. */
  runsDir: string;
}

/** Which version of the state a change was planned against (Terraform: lineage + serial). */
export interface StateVersion {
  lineage: string;
  serial: number;
}

export interface StateLockInfo {
  id: string;
  who?: string;
  operation?: string;
  created?: string;
}

/** A state other than the environment's own that already records resources (or may: a remote key). */
export interface StateElsewhere {
  /** Where it is, for a person: a file, a workspace, a backend key. */
  location: string;
  /** How many resources it records, when that could be read. */
  resources?: number;
}

/** An infrastructure-as-code engine: plans, applies and reads state. */
export interface IacHandler extends HandlerInfo {
  readonly kind: "iac";
  /** Engine-specific rules for one resolved environment (binary, backend, workspace). */
  checkEnvironment(env: ResolvedEnvironment): EnvironmentChecks;
  /**
   * Where the environment's state really lives, links followed: two environments (of one config or
   * of two) with the same location change the same resources, whatever they are called.
   */
  stateLocation(env: ResolvedEnvironment): string;
  /** init + workspace selection; idempotent. */
  prepare(ctx: Context, target: IacTarget, options?: IacRunOptions): Promise<void>;
  validate(ctx: Context, target: IacTarget): Promise<{ valid: boolean; diagnostics: Diagnostic[] }>;
  /**
   * Plans into `planFile`; `destroy` plans a teardown; `scope` narrows or forces it (in the summary and hash).
   * The file is readable by its owner only, and no file is left when planning fails.
   */
  plan(
    ctx: Context,
    target: IacTarget,
    planFile: string,
    options?: IacRunOptions & {
      destroy?: boolean;
      scope?: PlanScope;
      variables?: PlanVariables;
      /** Keep the plan's JSON document next to the plan file (SavedPlan.jsonFile) for readers that come later. */
      keepJson?: boolean;
    },
  ): Promise<SavedPlan>;
  /** The resources a saved plan would leave in the state, with their planned attribute values. */
  plannedResources(ctx: Context, target: IacTarget, planFile: string): Promise<StateResource[]>;
  /**
   * The plan's JSON document kept by `plan` (keepJson) and its planned resources, without running the
   * engine; undefined when none was kept or its hash (with `scope`) is not `planHash`, the recorded one.
   */
  keptPlanJson(
    planFile: string,
    expected: { planHash: string; scope?: PlanScope },
  ): Promise<{ file: string; resources: StateResource[] } | undefined>;
  /** Re-reads a saved plan (to re-check its hash before applying); `scope` as it was planned with. */
  showPlan(ctx: Context, target: IacTarget, planFile: string, scope?: PlanScope): Promise<PlanSummary>;
  /** Applies exactly the saved plan. */
  apply(ctx: Context, target: IacTarget, planFile: string, options?: IacRunOptions): Promise<void>;
  state(ctx: Context, target: IacTarget): Promise<StateResource[]>;
  outputs(ctx: Context, target: IacTarget): Promise<Record<string, { value: unknown; sensitive: boolean }>>;
  /** The raw state document, for backups. */
  pullState(ctx: Context, target: IacTarget): Promise<string>;
  /** The version of the state now; undefined when there is no state yet. */
  stateVersion(ctx: Context, target: IacTarget): Promise<StateVersion | undefined>;
  /** Forgets resources without destroying them (`terraform state rm`). */
  stateRemove(ctx: Context, target: IacTarget, addresses: readonly string[]): Promise<void>;
  /** Moves a resource to another address in the state (`terraform state mv`). */
  stateMove(ctx: Context, target: IacTarget, from: string, to: string): Promise<void>;
  /**
   * Plans bringing the existing object `id` under management at `address` (an import planned for that
   * address alone): applying the saved plan imports it, with any change the configuration makes to it.
   */
  /** Plans importing `id` at `address`, with `variables` over the var files (a saved plan keeps them). */
  planImport(
    ctx: Context,
    target: IacTarget,
    planFile: string,
    address: string,
    id: string,
    variables?: PlanVariables,
  ): Promise<SavedPlan>;
  forceUnlock(ctx: Context, target: IacTarget, lockId: string): Promise<void>;
  /** Reads an existing module (backend, local states, workspaces, var files) without running the engine. */
  inspect(directory: string): Promise<ModuleInspection>;
  /**
   * The states, other than this environment's and those of `others` (the config's other environments),
   * that already record resources: a plan that creates everything next to one of them is most likely
   * aimed at the wrong state.
   */
  statesElsewhere(ctx: Context, target: IacTarget, others: readonly ResolvedEnvironment[]): Promise<StateElsewhere[]>;
}
