// The machine-readable registry of what an environment has deployed (`deployments/<env>/registry.json`).
// It is derived from the IaC engine's state after every deploy, never assembled by hand or by a model,
// so it can be regenerated at any time; only `created` carries memory from one deploy to the next.
import { join } from "node:path";
import * as z from "zod";
import { InternalError } from "../core/errors.js";
import type { StateResource } from "../core/handler-contract.js";
import { redactDeep } from "../core/redact.js";
import { readRecord, writeRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1 } as const;
const Instant = z.iso.datetime({ offset: true });

/** A scalar or a list of scalars: what metadata may hold. */
const MetadataValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);

export const RegistryResource = z.object({
  /** Terraform resource type, e.g. `aws_lambda_function`. */
  type: z.string().min(1),
  terraform_address: z.string().min(1),
  /** The AWS-side name when the resource has one, else the `Name` tag, else the Terraform name. */
  name: z.string(),
  /** Module address (`module.api`); absent for the root module. */
  module: z.string().optional(),
  /** The stack (stacks[].name in devops.json) whose state holds it; absent in a project without stacks. */
  stack: z.string().optional(),
  /** The engine's `id` attribute. */
  aws_id: z.string().optional(),
  arn: z.string().optional(),
  console_url: z.string().optional(),
  /** Absent for global resources (IAM) and for resources that are not AWS resources. */
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()),
  /** A small per-type allow-list of attributes worth seeing at a glance; never secrets. */
  metadata: z.record(z.string(), MetadataValue),
  /** When this resource (this address with this id) was first recorded. */
  created: Instant,
  last_seen: Instant,
  /** The deployment that first recorded it, alongside `created`. */
  deployment_id: z.string().min(1),
});
export type RegistryResource = z.infer<typeof RegistryResource>;

export const Registry = z.object({
  schema_version: z.literal(1),
  environment: z.string().min(1),
  project: z.string(),
  /** When a deploy last succeeded; absent when the registry was only read from the state (a refresh). */
  last_deployed: Instant.optional(),
  deployment_id: z.string().min(1),
  resources: z.array(RegistryResource),
});
export type Registry = z.infer<typeof Registry>;

export interface BuildRegistryInput {
  environment: string;
  project: string;
  resources: StateResource[];
  /** The stack `resources` are the whole state of: the other stacks' entries are kept as they were. */
  stack?: string;
  previous?: Registry;
  deploymentId: string;
  now: Date;
  /**
   * False when `resources` were read by a refresh or left by a failed change: then the previous
   * deploy time is kept (none when there was none) instead of claiming a deploy at `now`.
   */
  deployed?: boolean;
  /** The environment's region, for AWS resources whose state names none. */
  region: string;
  consoleUrl: (resource: StateResource) => string | undefined;
}

// Where the AWS-side name lives when it is not `name`.
const NAME_KEYS: Readonly<Record<string, string>> = {
  aws_lambda_function: "function_name",
  aws_s3_bucket: "bucket",
  aws_ecs_task_definition: "family",
  aws_cloudwatch_metric_alarm: "alarm_name",
  aws_db_instance: "identifier",
  aws_rds_cluster: "cluster_identifier",
  aws_elasticache_cluster: "cluster_id",
  aws_cloudfront_distribution: "domain_name",
};

const LOAD_BALANCER = ["load_balancer_type", "internal", "dns_name"];
const TARGET_GROUP = ["port", "protocol", "target_type"];

// Attributes copied into `metadata`, per type. Anything not listed here is left out on purpose.
const METADATA_KEYS: Readonly<Record<string, readonly string[]>> = {
  aws_lambda_function: ["runtime", "handler", "memory_size", "timeout", "version"],
  aws_lambda_alias: ["function_name", "function_version"],
  aws_ecs_service: ["desired_count", "launch_type", "cluster", "task_definition"],
  aws_ecs_task_definition: ["revision", "family", "cpu", "memory", "network_mode", "requires_compatibilities"],
  aws_cloudwatch_log_group: ["retention_in_days"],
  aws_cloudwatch_metric_alarm: [
    "metric_name",
    "namespace",
    "statistic",
    "period",
    "evaluation_periods",
    "threshold",
    "comparison_operator",
  ],
  aws_dynamodb_table: ["billing_mode", "hash_key", "range_key", "read_capacity", "write_capacity"],
  aws_sqs_queue: ["fifo_queue", "visibility_timeout_seconds", "message_retention_seconds"],
  aws_sns_topic: ["fifo_topic"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_iam_policy: ["path"],
  aws_db_instance: [
    "engine",
    "engine_version",
    "instance_class",
    "allocated_storage",
    "multi_az",
    "storage_type",
    "iops",
  ],
  aws_rds_cluster: ["engine", "engine_version"],
  aws_lb: LOAD_BALANCER,
  aws_alb: LOAD_BALANCER,
  aws_lb_target_group: TARGET_GROUP,
  aws_alb_target_group: TARGET_GROUP,
  aws_vpc: ["cidr_block"],
  aws_subnet: ["cidr_block", "availability_zone", "vpc_id"],
  aws_security_group: ["vpc_id"],
  aws_apigatewayv2_api: ["protocol_type", "api_endpoint"],
  aws_ecr_repository: ["repository_url", "image_tag_mutability"],
  aws_kinesis_stream: ["shard_count", "retention_period"],
  aws_instance: ["instance_type", "availability_zone", "private_ip"],
  // What the cost estimate reads, so the audit prices a running environment as test-changes priced its plan.
  aws_nat_gateway: ["connectivity_type"],
  aws_ebs_volume: ["type", "size", "iops", "throughput"],
  aws_vpc_endpoint: ["vpc_endpoint_type", "subnet_ids"],
  aws_elasticache_cluster: ["node_type", "num_cache_nodes"],
  aws_elasticache_replication_group: ["node_type", "num_node_groups", "replicas_per_node_group", "num_cache_clusters"],
};

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;

function isAws(resource: StateResource): boolean {
  return /(^|\/)aws$/.test(resource.providerName) || (resource.providerName === "" && resource.type.startsWith("aws_"));
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function tagsOf(values: Record<string, unknown>): Record<string, string> {
  const all = stringMap(values.tags_all);
  return all !== undefined && Object.keys(all).length > 0 ? all : (stringMap(values.tags) ?? {});
}

function nameOf(resource: StateResource, tags: Record<string, string>): string {
  const key = NAME_KEYS[resource.type] ?? "name";
  return text(resource.values[key]) ?? tags.Name ?? resource.name;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function metadataOf(resource: StateResource): Record<string, z.infer<typeof MetadataValue>> {
  const metadata: Record<string, z.infer<typeof MetadataValue>> = {};
  // An on-demand table reports capacity 0: recorded only where it is what the table pays for.
  const onDemand = resource.type === "aws_dynamodb_table" && resource.values.billing_mode !== "PROVISIONED";
  for (const key of METADATA_KEYS[resource.type] ?? []) {
    if (onDemand && (key === "read_capacity" || key === "write_capacity")) continue;
    const value = resource.values[key];
    if (value === "" || value === null || value === undefined) continue;
    if (isScalar(value)) metadata[key] = value;
    else if (Array.isArray(value) && value.every(isScalar)) metadata[key] = value;
  }
  return metadata;
}

/** `arn:partition:service:region:…` → region, "" for global services (IAM, S3), undefined when not an ARN. */
function arnRegion(arn: string | undefined): string | undefined {
  if (arn === undefined || !arn.startsWith("arn:")) return undefined;
  return arn.split(":")[3];
}

function regionOf(resource: StateResource, arn: string | undefined, fallback: string): string | undefined {
  const fromArn = arnRegion(arn);
  if (fromArn) return fromArn;
  const own = text(resource.values.region);
  if (own !== undefined) return own;
  // An ARN without a region is a global resource (IAM); with no ARN at all, the environment's region applies.
  return fromArn === "" ? undefined : fallback;
}

function entryFor(
  resource: StateResource,
  input: BuildRegistryInput,
  previous: RegistryResource | undefined,
): RegistryResource {
  const at = input.now.toISOString();
  const awsId = text(resource.values.id);
  // Same address, same id: the same resource. A new id at the address means it was replaced.
  const kept = previous !== undefined && previous.aws_id === awsId ? previous : undefined;
  const base = {
    type: resource.type,
    terraform_address: resource.address,
    ...(resource.module === undefined ? {} : { module: resource.module }),
    ...(input.stack === undefined ? {} : { stack: input.stack }),
    ...(awsId === undefined ? {} : { aws_id: awsId }),
    created: kept?.created ?? at,
    last_seen: at,
    deployment_id: kept?.deployment_id ?? input.deploymentId,
  };
  if (!isAws(resource)) return { ...base, name: resource.name, tags: {}, metadata: {} };

  const tags = tagsOf(resource.values);
  // Some resources (ECS services) carry their ARN only as their id.
  const arn = text(resource.values.arn) ?? (awsId?.startsWith("arn:") ? awsId : undefined);
  const region = regionOf(resource, arn, input.region);
  const consoleUrl = input.consoleUrl(resource);
  return {
    ...base,
    name: nameOf(resource, tags),
    ...(arn === undefined ? {} : { arn }),
    ...(consoleUrl === undefined ? {} : { console_url: consoleUrl }),
    ...(region === undefined ? {} : { region }),
    tags,
    metadata: metadataOf(resource),
  };
}

/** The registry for `resources` (the engine's state after a deploy). Pure: same input, same registry. */
export function buildRegistry(input: BuildRegistryInput): Registry {
  const before = input.previous?.resources ?? [];
  const own = before.filter((entry) => entry.stack === input.stack);
  // The other stacks' states were not read: their entries stay exactly as the last change left them.
  const others = input.stack === undefined ? [] : before.filter((entry) => entry.stack !== input.stack);
  const previous = new Map(own.map((entry) => [entry.terraform_address, entry]));
  const rebuilt = [...input.resources]
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    .map((resource) => entryFor(resource, input, previous.get(resource.address)));
  const resources = [...others, ...rebuilt].sort((a, b) => {
    const byStack = (a.stack ?? "").localeCompare(b.stack ?? "");
    return byStack !== 0 ? byStack : a.terraform_address < b.terraform_address ? -1 : 1;
  });
  return Registry.parse(
    redactDeep({
      schema_version: 1,
      environment: input.environment,
      project: input.project,
      ...(input.deployed !== false
        ? { last_deployed: input.now.toISOString() }
        : input.previous?.last_deployed === undefined
          ? {}
          : { last_deployed: input.previous.last_deployed }),
      deployment_id: input.deploymentId,
      resources,
    }),
  );
}

export interface RegistryPaths {
  dir: string;
  registry: string;
  deployedMd: string;
  history: string;
}

/** Where an environment's deployment records live under the state directory (`.devops`). */
export function registryPaths(stateDir: string, env: string): RegistryPaths {
  // Environment names are validated slugs; anything else here is a bug that could escape the folder.
  if (!/^[a-z][a-z0-9-]*$/.test(env)) {
    throw new InternalError(`"${env}" is not a valid environment name for a records folder`);
  }
  const dir = join(stateDir, "deployments", env);
  return {
    dir,
    registry: join(dir, "registry.json"),
    deployedMd: join(dir, "DEPLOYED.md"),
    history: join(dir, "history.ndjson"),
  };
}

/** The registry at `path`, or undefined when there is none. A corrupt or newer file is a RecordError. */
export async function readRegistry(path: string): Promise<Registry | undefined> {
  return readRecord(path, Registry, OPTIONS);
}

/** Writes atomically under the lock; a corrupt or newer file already there is refused and left untouched. */
export async function writeRegistry(path: string, registry: Registry): Promise<Registry> {
  return writeRecord(path, Registry, OPTIONS, registry);
}
