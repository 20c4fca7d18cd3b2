// The cost estimate used when Cost Explorer has no data: one line per resource from the price table
// and the stated usage assumptions (skills/aws-prices.data.ts). Pure; every line says how it was computed.
import type { CostEstimateLine } from "../../../records/audit-report.js";
import {
  EC2_HOURLY,
  FREE_TYPES,
  HOURS_PER_MONTH as H,
  PRICES as P,
  RDS_HOURLY,
  USAGE as U,
} from "../../aws-prices.data.js";
import { numberOf, ofType, textOf, type AuditResource } from "./scope.js";

export interface Estimate {
  lines: CostEstimateLine[];
  notEstimated: string[];
  total: number;
}

type Estimator = (
  resource: AuditResource,
  all: readonly AuditResource[],
) => { monthly: number; basis: string } | undefined;

const round = (n: number) => Math.round(n * 100) / 100;

/** The task definition an ECS service most likely runs: the only one, or the one whose family its name contains. */
function taskDefinitionFor(service: AuditResource, all: readonly AuditResource[]): AuditResource | undefined {
  const definitions = ofType(all, "aws_ecs_task_definition");
  if (definitions.length === 1) return definitions[0];
  return definitions.find((d) => service.name.includes(d.name) || d.name.includes(service.name));
}

const loadBalancer: Estimator = (r) => {
  const type = textOf(r.metadata.load_balancer_type) ?? "application";
  if (type === "gateway") return undefined;
  const [hour, unit] = type === "network" ? [P.nlbPerHour, P.nlbPerNlcuHour] : [P.albPerHour, P.albPerLcuHour];
  return {
    monthly: (hour + U.albLcus * unit) * H,
    basis: `${type} load balancer × ${H} h with ${U.albLcus} capacity unit`,
  };
};

const ESTIMATORS: Readonly<Record<string, Estimator>> = {
  aws_lambda_function: (r) => {
    const memory = numberOf(r.metadata.memory_size) ?? U.lambdaMemoryMb;
    const gbSeconds = U.lambdaRequests * (U.lambdaDurationMs / 1000) * (memory / 1024);
    return {
      monthly: gbSeconds * P.lambdaPerGbSecond + (U.lambdaRequests / 1e6) * P.lambdaPerMillionRequests,
      basis: `${U.lambdaRequests / 1e6}M requests × ${U.lambdaDurationMs} ms at ${memory} MB`,
    };
  },
  aws_ecs_service: (r, all) => {
    if (textOf(r.metadata.launch_type) === "EC2") return undefined;
    const definition = taskDefinitionFor(r, all);
    const cpu = numberOf(definition?.metadata.cpu) ?? U.fargateCpuUnits;
    const memory = numberOf(definition?.metadata.memory) ?? U.fargateMemoryMb;
    const count = numberOf(r.metadata.desired_count) ?? 1;
    const hourly = (cpu / 1024) * P.fargatePerVcpuHour + (memory / 1024) * P.fargatePerGbHour;
    return {
      monthly: count * hourly * H,
      basis: `Fargate ${count} × (${cpu / 1024} vCPU, ${memory / 1024} GB) × ${H} h`,
    };
  },
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_nat_gateway: () => ({
    monthly: P.natPerHour * H + U.natGbProcessed * P.natPerGbProcessed,
    basis: `${H} h + ${U.natGbProcessed} GB processed`,
  }),
  aws_eip: () => ({ monthly: P.publicIpv4PerHour * H, basis: `public IPv4 address × ${H} h` }),
  aws_dynamodb_table: (r) => {
    if (textOf(r.metadata.billing_mode) === "PROVISIONED") return undefined;
    const monthly =
      (U.dynamodbWrites / 1e6) * P.dynamodbPerMillionWrites +
      (U.dynamodbReads / 1e6) * P.dynamodbPerMillionReads +
      U.dynamodbGb * P.dynamodbPerGbMonth;
    return {
      monthly,
      basis: `on demand: ${U.dynamodbWrites / 1e6}M writes, ${U.dynamodbReads / 1e6}M reads, ${U.dynamodbGb} GB`,
    };
  },
  aws_s3_bucket: () => ({ monthly: U.s3Gb * P.s3StandardPerGbMonth, basis: `${U.s3Gb} GB S3 Standard` }),
  aws_cloudwatch_metric_alarm: () => ({ monthly: P.alarmPerMonth, basis: "one standard-resolution alarm" }),
  aws_cloudwatch_log_group: () => ({
    monthly: U.logsGbIngested * P.logsPerGbIngested + U.logsGbStored * P.logsPerGbMonthStored,
    basis: `${U.logsGbIngested} GB ingested, ${U.logsGbStored} GB stored`,
  }),
  aws_sqs_queue: () => ({
    monthly: (U.sqsRequests / 1e6) * P.sqsPerMillionRequests,
    basis: `${U.sqsRequests / 1e6}M requests`,
  }),
  aws_sns_topic: () => ({
    monthly: (U.snsPublishes / 1e6) * P.snsPerMillionPublishes,
    basis: `${U.snsPublishes / 1e6}M publishes`,
  }),
  aws_ecr_repository: () => ({ monthly: U.ecrGb * P.ecrPerGbMonth, basis: `${U.ecrGb} GB of images` }),
  aws_kinesis_stream: (r) => {
    const shards = numberOf(r.metadata.shard_count) ?? 1;
    return { monthly: shards * P.kinesisPerShardHour * H, basis: `${shards} shard(s) × ${H} h` };
  },
  aws_ebs_volume: () => ({ monthly: U.ebsGb * P.ebsGp3PerGbMonth, basis: `${U.ebsGb} GB gp3` }),
  aws_apigatewayv2_api: () => ({
    monthly: (U.httpApiRequests / 1e6) * P.httpApiPerMillionRequests,
    basis: `${U.httpApiRequests / 1e6}M requests`,
  }),
  aws_instance: (r) => {
    const type = textOf(r.metadata.instance_type);
    const hourly = type === undefined ? undefined : EC2_HOURLY[type];
    return hourly === undefined ? undefined : { monthly: hourly * H, basis: `${type} × ${H} h` };
  },
  aws_db_instance: (r) => {
    const type = textOf(r.metadata.instance_class);
    const hourly = type === undefined ? undefined : RDS_HOURLY[type];
    if (hourly === undefined) return undefined;
    const storage = numberOf(r.metadata.allocated_storage) ?? 20;
    const multiAz = r.metadata.multi_az === true ? 2 : 1;
    return {
      monthly: hourly * multiAz * H + storage * P.rdsGp2PerGbMonth,
      basis: `${type}${multiAz === 2 ? " multi-AZ" : ""} × ${H} h + ${storage} GB`,
    };
  },
};

/** Estimates every resource it knows a price for; the others are named in `notEstimated`. */
export function estimateMonthlyCost(resources: readonly AuditResource[]): Estimate {
  const lines: CostEstimateLine[] = [];
  const notEstimated: string[] = [];
  for (const resource of resources) {
    if (FREE_TYPES.has(resource.type) || !resource.type.startsWith("aws")) continue;
    const line = ESTIMATORS[resource.type]?.(resource, resources);
    if (line === undefined) notEstimated.push(`${resource.name} (${resource.type})`);
    else lines.push({ resource: resource.name, type: resource.type, monthly: round(line.monthly), basis: line.basis });
  }
  lines.sort((a, b) => b.monthly - a.monthly);
  return { lines, notEstimated, total: round(lines.reduce((sum, line) => sum + line.monthly, 0)) };
}
