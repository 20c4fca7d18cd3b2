// One estimator per priced resource type: the planned attribute values → a monthly figure in us-east-1
// list prices and the basis it was computed on. Pure; the prices come from cost-prices.data.ts, or from the
// AWS Pricing API for the instance types it was asked about (`hourly` overrides).
import type { StateResource } from "../../../core/handler-contract.js";
import {
  EBS_EXTRA,
  EBS_GB_MONTH,
  EC2_HOURLY,
  ELASTICACHE_HOURLY,
  FIXED,
  MONTH_HOURS as H,
  PLAN_USAGE as U,
  PRICES as P,
  RDS_HOURLY,
  RDS_PROVISIONED_IOPS_MONTH,
  RDS_STORAGE_GB_MONTH,
} from "./cost-prices.data.js";

export interface LineEstimate {
  monthly: number;
  basis: string;
  /** The figure rests on assumed traffic or storage, not on what the plan provisions. */
  usageBased: boolean;
  /** "api" when an hourly price came from the AWS Pricing API. */
  source?: "api";
}

/** Hourly prices fetched from the Pricing API, by resource address. */
export type HourlyOverrides = ReadonlyMap<string, number>;

type Estimator = (
  resource: StateResource,
  all: readonly StateResource[],
  hourly: HourlyOverrides,
) => LineEstimate | undefined;

export const numberOf = (value: unknown): number | undefined => {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};
export const textOf = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const fixed = (monthly: number, basis: string): LineEstimate => ({ monthly, basis, usageBased: false });
const usage = (monthly: number, basis: string): LineEstimate => ({ monthly, basis, usageBased: true });

/** A price: the Pricing API's for this address when fetched, else the table's. */
function hourlyFor(
  resource: StateResource,
  table: Readonly<Record<string, number>>,
  key: string | undefined,
  hourly: HourlyOverrides,
) {
  const api = hourly.get(resource.address);
  if (api !== undefined) return { price: api, source: "api" as const };
  const price = key === undefined ? undefined : table[key];
  return price === undefined ? undefined : { price };
}

/** The task definition a service runs: named by its planned value, else the only one, else by name. */
function taskDefinitionFor(service: StateResource, all: readonly StateResource[]): StateResource | undefined {
  const definitions = all.filter((r) => r.type === "aws_ecs_task_definition");
  const ref = textOf(service.values.task_definition);
  const family = ref?.split("/").at(-1)?.split(":")[0];
  const named = family === undefined ? undefined : definitions.find((d) => textOf(d.values.family) === family);
  if (named !== undefined) return named;
  if (definitions.length === 1) return definitions[0];
  return definitions.find((d) => service.name.includes(d.name) || d.name.includes(service.name));
}

const loadBalancer: Estimator = (r) => {
  const type = textOf(r.values.load_balancer_type) ?? "application";
  if (type === "gateway") return undefined;
  const [hour, unit] = type === "network" ? [P.nlbPerHour, P.nlbPerNlcuHour] : [P.albPerHour, P.albPerLcuHour];
  return {
    monthly: hour * H + U.albLcus * unit * H,
    basis: `${type} load balancer × ${H} h + ${U.albLcus} capacity unit (assumed)`,
    usageBased: false,
  };
};

const cacheNodes = (nodeType: string | undefined, nodes: number, r: StateResource): LineEstimate | undefined => {
  const price = nodeType === undefined ? undefined : ELASTICACHE_HOURLY[nodeType];
  return price === undefined ? undefined : fixed(nodes * price * H, `${nodes} × ${nodeType} × ${H} h (${r.type})`);
};

const ESTIMATORS: Readonly<Record<string, Estimator>> = {
  aws_instance: (r, _all, hourly) => {
    const type = textOf(r.values.instance_type);
    const found = hourlyFor(r, EC2_HOURLY, type, hourly);
    if (found === undefined) return undefined;
    const root = listOf(r.values.root_block_device)[0] as Record<string, unknown> | undefined;
    const rootGb = numberOf(root?.volume_size) ?? U.ebsGb;
    const rootType = textOf(root?.volume_type) ?? "gp3";
    const disk = rootGb * (EBS_GB_MONTH[rootType] ?? EBS_GB_MONTH.gp3!);
    return {
      monthly: found.price * H + disk,
      basis: `${type} × ${H} h + ${rootGb} GB ${rootType} root volume`,
      usageBased: false,
      ...(found.source === undefined ? {} : { source: found.source }),
    };
  },
  aws_db_instance: (r, _all, hourly) => {
    const type = textOf(r.values.instance_class);
    const found = hourlyFor(r, RDS_HOURLY, type, hourly);
    if (found === undefined) return undefined;
    const azs = r.values.multi_az === true ? 2 : 1;
    const gb = numberOf(r.values.allocated_storage) ?? 20;
    const storageType = textOf(r.values.storage_type) ?? "gp2";
    const iops = storageType.startsWith("io") ? (numberOf(r.values.iops) ?? 0) : 0;
    const storage =
      azs * (gb * (RDS_STORAGE_GB_MONTH[storageType] ?? RDS_STORAGE_GB_MONTH.gp2!) + iops * RDS_PROVISIONED_IOPS_MONTH);
    return {
      monthly: azs * found.price * H + storage,
      basis: `${type}${azs === 2 ? " Multi-AZ" : ""} × ${H} h + ${gb} GB ${storageType}${iops > 0 ? ` + ${iops} IOPS` : ""}`,
      usageBased: false,
      ...(found.source === undefined ? {} : { source: found.source }),
    };
  },
  aws_nat_gateway: (r) =>
    textOf(r.values.connectivity_type) === "private"
      ? fixed(P.natPerHour * H, `private NAT gateway × ${H} h`)
      : fixed(
          P.natPerHour * H + U.natGbProcessed * P.natPerGbProcessed,
          `${H} h + ${U.natGbProcessed} GB processed (assumed)`,
        ),
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_ecs_service: (r, all) => {
    const launch = textOf(r.values.launch_type);
    if (launch === "EC2" || launch === "EXTERNAL")
      return fixed(0, `${launch} launch type: the cost is on the instances`);
    const definition = taskDefinitionFor(r, all);
    const cpu = numberOf(definition?.values.cpu) ?? U.fargateCpuUnits;
    const memory = numberOf(definition?.values.memory) ?? U.fargateMemoryMb;
    const count = numberOf(r.values.desired_count) ?? 1;
    const hourly = (cpu / 1024) * P.fargatePerVcpuHour + (memory / 1024) * P.fargatePerGbHour;
    return fixed(count * hourly * H, `Fargate ${count} × (${cpu / 1024} vCPU, ${memory / 1024} GB) × ${H} h`);
  },
  aws_lambda_function: (r) => {
    const memory = numberOf(r.values.memory_size) ?? U.lambdaMemoryMb;
    const gbSeconds = U.lambdaRequests * (U.lambdaDurationMs / 1000) * (memory / 1024);
    return usage(
      gbSeconds * P.lambdaPerGbSecond + (U.lambdaRequests / 1e6) * P.lambdaPerMillionRequests,
      `usage-based: ${U.lambdaRequests / 1e6}M requests × ${U.lambdaDurationMs} ms at ${memory} MB (assumed)`,
    );
  },
  aws_dynamodb_table: (r) => {
    if (textOf(r.values.billing_mode) === "PROVISIONED") {
      const rcu = numberOf(r.values.read_capacity) ?? 0;
      const wcu = numberOf(r.values.write_capacity) ?? 0;
      return fixed(
        (rcu * FIXED.dynamodbRcuHour + wcu * FIXED.dynamodbWcuHour) * H,
        `provisioned ${rcu} RCU + ${wcu} WCU × ${H} h`,
      );
    }
    const monthly =
      (U.dynamodbWrites / 1e6) * P.dynamodbPerMillionWrites +
      (U.dynamodbReads / 1e6) * P.dynamodbPerMillionReads +
      U.dynamodbGb * P.dynamodbPerGbMonth;
    return usage(
      monthly,
      `usage-based (on demand): ${U.dynamodbWrites / 1e6}M writes, ${U.dynamodbReads / 1e6}M reads, ${U.dynamodbGb} GB (assumed)`,
    );
  },
  aws_s3_bucket: () =>
    usage(U.s3Gb * P.s3StandardPerGbMonth, `usage-based: ${U.s3Gb} GB in S3 Standard (assumed storage)`),
  aws_cloudfront_distribution: () =>
    usage(
      U.cloudfrontGbOut * FIXED.cloudfrontPerGbOut +
        (U.cloudfrontRequests / 10_000) * FIXED.cloudfrontPerTenThousandHttps,
      `usage-based: ${U.cloudfrontGbOut} GB out + ${U.cloudfrontRequests / 1e6}M HTTPS requests (assumed)`,
    ),
  aws_cloudwatch_metric_alarm: () => fixed(P.alarmPerMonth, "one standard-resolution alarm"),
  aws_cloudwatch_log_group: () =>
    usage(
      U.logsGbIngested * P.logsPerGbIngested + U.logsGbStored * P.logsPerGbMonthStored,
      `usage-based: ${U.logsGbIngested} GB ingested, ${U.logsGbStored} GB stored (assumed)`,
    ),
  aws_kms_key: () => fixed(FIXED.kmsKeyMonth, "one customer-managed key (API calls not included)"),
  aws_secretsmanager_secret: () => fixed(FIXED.secretMonth, "one secret (API calls not included)"),
  aws_elasticache_cluster: (r) => cacheNodes(textOf(r.values.node_type), numberOf(r.values.num_cache_nodes) ?? 1, r),
  aws_elasticache_replication_group: (r) => {
    const groups = numberOf(r.values.num_node_groups) ?? 1;
    const replicas = numberOf(r.values.replicas_per_node_group);
    const nodes = replicas === undefined ? (numberOf(r.values.num_cache_clusters) ?? 1) : groups * (replicas + 1);
    return cacheNodes(textOf(r.values.node_type), nodes, r);
  },
  aws_ebs_volume: (r) => {
    const type = textOf(r.values.type) ?? "gp3";
    const gb = numberOf(r.values.size) ?? U.ebsGb;
    const perGb = EBS_GB_MONTH[type];
    if (perGb === undefined) return undefined;
    const iops = numberOf(r.values.iops) ?? 0;
    const throughput = numberOf(r.values.throughput) ?? 0;
    const extra =
      type === "gp3"
        ? Math.max(0, iops - EBS_EXTRA.gp3FreeIops) * EBS_EXTRA.gp3IopsMonth +
          Math.max(0, throughput - EBS_EXTRA.gp3FreeMbps) * EBS_EXTRA.gp3MbpsMonth
        : type.startsWith("io")
          ? iops * EBS_EXTRA.ioIopsMonth
          : 0;
    return fixed(gb * perGb + extra, `${gb} GB ${type}${extra > 0 ? " + provisioned performance" : ""}`);
  },
  aws_eip: () => fixed(P.publicIpv4PerHour * H, `public IPv4 address × ${H} h`),
  aws_vpc_endpoint: (r) => {
    const type = textOf(r.values.vpc_endpoint_type) ?? "Gateway";
    if (type === "Gateway") return fixed(0, "gateway endpoint (no charge)");
    const azs = Math.max(1, listOf(r.values.subnet_ids).length);
    return fixed(
      azs * FIXED.vpcInterfaceEndpointPerAzHour * H,
      `${type} endpoint in ${azs} AZ × ${H} h (data processed not included)`,
    );
  },
  aws_sqs_queue: () =>
    usage((U.sqsRequests / 1e6) * P.sqsPerMillionRequests, `usage-based: ${U.sqsRequests / 1e6}M requests (assumed)`),
  aws_sns_topic: () =>
    usage(
      (U.snsPublishes / 1e6) * P.snsPerMillionPublishes,
      `usage-based: ${U.snsPublishes / 1e6}M publishes (assumed)`,
    ),
  aws_api_gateway_rest_api: () =>
    usage(
      (U.restApiRequests / 1e6) * FIXED.restApiPerMillionRequests,
      `usage-based: ${U.restApiRequests / 1e6}M REST requests (assumed)`,
    ),
  aws_apigatewayv2_api: () =>
    usage(
      (U.httpApiRequests / 1e6) * P.httpApiPerMillionRequests,
      `usage-based: ${U.httpApiRequests / 1e6}M requests (assumed)`,
    ),
  aws_ecr_repository: () => usage(U.ecrGb * P.ecrPerGbMonth, `usage-based: ${U.ecrGb} GB of images (assumed)`),
  aws_kinesis_stream: (r) => {
    if (
      textOf((r.values.stream_mode_details as Array<Record<string, unknown>> | undefined)?.[0]?.stream_mode) ===
      "ON_DEMAND"
    )
      return undefined;
    const shards = numberOf(r.values.shard_count) ?? 1;
    return fixed(shards * P.kinesisPerShardHour * H, `${shards} shard(s) × ${H} h`);
  },
};

export function estimatorFor(type: string): Estimator | undefined {
  return ESTIMATORS[type];
}

export const PRICED_TYPES: readonly string[] = Object.keys(ESTIMATORS);
