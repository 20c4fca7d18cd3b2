// Finds the project's resources by their tags (Project=<project>, Environment=<env>), for stacks not
// deployed by this tool or resources created outside Terraform, and tells them apart from what the
// registry (the Terraform state) already holds.
import type { InventoryService } from "../../core/services/inventory.js";
import type { RegistryResource } from "../../records/registry.js";

/** The tag keys discovery matches on (the same keys the project's own stacks set). */
export const DISCOVERY_TAG_KEYS = { project: "Project", environment: "Environment" } as const;

export interface DiscoveredResource {
  arn: string;
  /** The Terraform resource type when the ARN's kind is known, e.g. `aws_lambda_function`. */
  type?: string;
  /** `service:kind` from the ARN, e.g. `lambda:function`, `s3:bucket`. */
  kind: string;
  /** The AWS-side id (bucket name, function name, `sg-…`). */
  id: string;
  name: string;
  region?: string;
  tags: Record<string, string>;
}

// `service:kind` → Terraform type. Data: extend it as types are needed.
const TERRAFORM_TYPES: Readonly<Record<string, string>> = {
  "lambda:function": "aws_lambda_function",
  "s3:bucket": "aws_s3_bucket",
  "ec2:security-group": "aws_security_group",
  "ec2:volume": "aws_ebs_volume",
  "ec2:instance": "aws_instance",
  "ec2:vpc": "aws_vpc",
  "ec2:subnet": "aws_subnet",
  "ec2:natgateway": "aws_nat_gateway",
  "ec2:internet-gateway": "aws_internet_gateway",
  "ec2:route-table": "aws_route_table",
  "ec2:elastic-ip": "aws_eip",
  "ec2:launch-template": "aws_launch_template",
  "ecs:cluster": "aws_ecs_cluster",
  "ecs:service": "aws_ecs_service",
  "ecs:task-definition": "aws_ecs_task_definition",
  "logs:log-group": "aws_cloudwatch_log_group",
  "cloudwatch:alarm": "aws_cloudwatch_metric_alarm",
  "elasticloadbalancing:loadbalancer": "aws_lb",
  "elasticloadbalancing:targetgroup": "aws_lb_target_group",
  "dynamodb:table": "aws_dynamodb_table",
  "sqs:queue": "aws_sqs_queue",
  "sns:topic": "aws_sns_topic",
  "rds:db": "aws_db_instance",
  "rds:cluster": "aws_rds_cluster",
  "ecr:repository": "aws_ecr_repository",
  "kinesis:stream": "aws_kinesis_stream",
  "iam:role": "aws_iam_role",
  "iam:policy": "aws_iam_policy",
  "iam:user": "aws_iam_user",
  "apigateway:apis": "aws_apigatewayv2_api",
  "apigateway:restapis": "aws_api_gateway_rest_api",
  "cloudfront:distribution": "aws_cloudfront_distribution",
  "secretsmanager:secret": "aws_secretsmanager_secret",
  "kms:key": "aws_kms_key",
  "elasticache:cluster": "aws_elasticache_cluster",
  "events:rule": "aws_cloudwatch_event_rule",
  "states:stateMachine": "aws_sfn_state_machine",
};

// Services whose ARNs carry the name with no kind: arn:aws:sqs:region:account:name.
const BARE_NAME_KINDS: Readonly<Record<string, string>> = { s3: "bucket", sqs: "queue", sns: "topic" };

export interface ParsedArn {
  service: string;
  region?: string;
  kind: string;
  /** Everything after the kind, e.g. `cluster/service` for an ECS service. */
  path: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const service = parts[2] ?? "";
  const region = parts[3] ?? "";
  const resource = parts.slice(5).join(":");
  const bare = BARE_NAME_KINDS[service];
  if (bare !== undefined) return { service, ...(region === "" ? {} : { region }), kind: bare, path: resource };
  // API Gateway: arn:aws:apigateway:region::/apis/id
  const trimmed = resource.replace(/^\//, "");
  const match = /^([^/:]+)[/:](.*)$/.exec(trimmed);
  const kind = match?.[1] ?? trimmed;
  const path = match?.[2] ?? "";
  return { service, ...(region === "" ? {} : { region }), kind, path };
}

/** The resource's id as AWS names it elsewhere (what Terraform records as its id, mostly). */
function idOf(parsed: ParsedArn): string {
  const path = parsed.path.replace(/:\*$/, "");
  const key = `${parsed.service}:${parsed.kind}`;
  const segments = path.split("/");
  if (key === "ecs:task-definition" || key === "ecs:service" || parsed.service === "iam")
    return segments.at(-1) ?? path;
  // app/<name>/<id> and targetgroup/<name>/<id>: the name is what people know.
  if (parsed.service === "elasticloadbalancing")
    return segments.length >= 3 ? (segments[1] ?? path) : (segments[0] ?? path);
  if (key === "secretsmanager:secret") return path.replace(/-[A-Za-z0-9]{6}$/, "");
  if (key === "dynamodb:table" || key === "kinesis:stream") return segments[0] ?? path;
  return path;
}

export function describeArn(arn: string, tags: Record<string, string>): DiscoveredResource {
  const parsed = parseArn(arn);
  if (parsed === undefined) return { arn, kind: "unknown", id: arn, name: tags.Name ?? arn, tags };
  const kind = `${parsed.service}:${parsed.kind}`;
  const type = TERRAFORM_TYPES[kind];
  const id = idOf(parsed);
  return {
    arn,
    ...(type === undefined ? {} : { type }),
    kind,
    id,
    name: tags.Name ?? (kind === "ecs:task-definition" ? id.replace(/:\d+$/, "") : id),
    ...(parsed.region === undefined ? {} : { region: parsed.region }),
    tags,
  };
}

const normalizeArn = (arn: string) => arn.replace(/:\*$/, "");

/** True when the registry already holds this resource (same ARN, or same type and id or name). */
export function isKnown(resource: DiscoveredResource, known: readonly RegistryResource[]): boolean {
  const arn = normalizeArn(resource.arn);
  return known.some(
    (entry) =>
      (entry.arn !== undefined && normalizeArn(entry.arn) === arn) ||
      (entry.aws_id !== undefined && entry.aws_id === resource.arn) ||
      (resource.type !== undefined &&
        entry.type === resource.type &&
        (entry.aws_id === resource.id || entry.name === resource.id)),
  );
}

/** Resources tagged for this project and environment that the registry does not hold, sorted by ARN. */
export async function discoverResources(
  inventory: InventoryService,
  input: { project: string; environment: string; known: readonly RegistryResource[] },
): Promise<DiscoveredResource[]> {
  const tagged = await inventory.resourcesByTags({
    [DISCOVERY_TAG_KEYS.project]: input.project,
    [DISCOVERY_TAG_KEYS.environment]: input.environment,
  });
  return tagged
    .map((resource) => describeArn(resource.arn, resource.tags))
    .filter((resource) => !isKnown(resource, input.known))
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}
