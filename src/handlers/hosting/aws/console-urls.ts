// Links into the AWS console, kept as data: one entry per Terraform resource type, building the URL
// from the resource's state values. Shapes are the console's current region-specific deep links.
//
// Encoding: names go through encodeURIComponent. The CloudWatch Logs console wants a log group name
// encoded twice with "%" written as "$" (so "/" becomes "$252F"). IAM is global and always served
// from us-east-1. Non-commercial partitions (aws-cn, aws-us-gov) have other console hosts: no link.

type Values = Record<string, unknown>;
type UrlBuilder = (values: Values, region: string) => string | undefined;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const enc = encodeURIComponent;

function str(values: Values, key: string): string | undefined {
  const value = values[key];
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `arn:partition:service:region:account:resource`, split into its parts (the resource keeps its colons). */
function parseArn(
  value: unknown,
): { partition: string; region: string; account: string; resource: string } | undefined {
  if (typeof value !== "string") return undefined;
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return {
    partition: parts[1] ?? "",
    region: parts[3] ?? "",
    account: parts[4] ?? "",
    resource: parts.slice(5).join(":"),
  };
}

function consoleHost(region: string): string {
  return `https://${region}.console.aws.amazon.com`;
}

/** `https://<region>.console.aws.amazon.com/<service>/home?region=<region>#<fragment>` */
function home(service: string, region: string, fragment: string): string {
  return `${consoleHost(region)}/${service}/home?region=${region}#${fragment}`;
}

const iam = (fragment: string): string => `${consoleHost("us-east-1")}/iam/home#/${fragment}`;

function logGroupSegment(name: string): string {
  return enc(enc(name)).replace(/%/g, "$");
}

/** Builds the URL only when every named value is present (non-empty string or number). */
function needs<K extends string>(
  keys: readonly K[],
  build: (found: Record<K, string>, region: string) => string | undefined,
): UrlBuilder {
  return (values, region) => {
    const found = {} as Record<K, string>;
    for (const key of keys) {
      const value = str(values, key);
      if (value === undefined) return undefined;
      found[key] = value;
    }
    return build(found, region);
  };
}

/** ECS services name their cluster by ARN (`…:cluster/NAME`); the console wants the bare name. */
const afterSlash = (value: string): string => value.slice(value.lastIndexOf("/") + 1);

/** An alias's `function_name` may be a name or an ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`). */
const functionName = (value: string): string => (value.startsWith("arn:") ? (value.split(":")[6] ?? value) : value);

const loadBalancer = needs(["arn"], (v, region) => home("ec2", region, `LoadBalancer:loadBalancerArn=${enc(v.arn)}`));
const targetGroup = needs(["arn"], (v, region) => home("ec2", region, `TargetGroup:targetGroupArn=${enc(v.arn)}`));
const ecs = (region: string, path: string): string => `${consoleHost(region)}/ecs/v2/${path}?region=${region}`;

const CONSOLE_URLS: Readonly<Record<string, UrlBuilder>> = {
  aws_s3_bucket: needs(
    ["bucket"],
    (v, region) => `https://s3.console.aws.amazon.com/s3/buckets/${enc(v.bucket)}?region=${region}`,
  ),
  aws_lambda_function: needs(["function_name"], (v, region) =>
    home("lambda", region, `/functions/${enc(v.function_name)}`),
  ),
  aws_lambda_alias: needs(["function_name", "name"], (v, region) =>
    home("lambda", region, `/functions/${enc(functionName(v.function_name))}/aliases/${enc(v.name)}`),
  ),
  aws_dynamodb_table: needs(["name"], (v, region) => home("dynamodbv2", region, `table?name=${enc(v.name)}`)),
  aws_cloudwatch_log_group: needs(["name"], (v, region) =>
    home("cloudwatch", region, `logsV2:log-groups/log-group/${logGroupSegment(v.name)}`),
  ),
  aws_cloudwatch_metric_alarm: needs(["alarm_name"], (v, region) =>
    home("cloudwatch", region, `alarmsV2:alarm/${enc(v.alarm_name)}`),
  ),
  aws_iam_role: needs(["name"], (v) => iam(`roles/details/${enc(v.name)}`)),
  aws_iam_user: needs(["name"], (v) => iam(`users/details/${enc(v.name)}`)),
  aws_iam_policy: needs(["arn"], (v) => iam(`policies/details/${enc(v.arn)}`)),
  aws_ecs_cluster: needs(["name"], (v, region) => ecs(region, `clusters/${enc(v.name)}`)),
  aws_ecs_service: needs(["cluster", "name"], (v, region) =>
    ecs(region, `clusters/${enc(afterSlash(v.cluster))}/services/${enc(v.name)}`),
  ),
  aws_ecs_task_definition: needs(["family", "revision"], (v, region) =>
    ecs(region, `task-definitions/${enc(v.family)}/${enc(v.revision)}`),
  ),
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_lb_target_group: targetGroup,
  aws_alb_target_group: targetGroup,
  // The queue console is keyed by the queue URL. Rebuild the public one from the ARN: state may hold an emulator's.
  aws_sqs_queue: needs(["arn"], (v, region) => {
    const arn = parseArn(v.arn);
    if (arn === undefined) return undefined;
    return home(
      "sqs/v3",
      region,
      `/queues/${enc(`https://sqs.${region}.amazonaws.com/${arn.account}/${arn.resource}`)}`,
    );
  }),
  aws_sns_topic: needs(["arn"], (v, region) => home("sns/v3", region, `/topic/${v.arn}`)),
  aws_db_instance: needs(["identifier"], (v, region) =>
    home("rds", region, `database:id=${enc(v.identifier)};is-cluster=false`),
  ),
  aws_rds_cluster: needs(["cluster_identifier"], (v, region) =>
    home("rds", region, `database:id=${enc(v.cluster_identifier)};is-cluster=true`),
  ),
  aws_instance: needs(["id"], (v, region) => home("ec2", region, `InstanceDetails:instanceId=${enc(v.id)}`)),
  aws_vpc: needs(["id"], (v, region) => home("vpcconsole", region, `VpcDetails:VpcId=${enc(v.id)}`)),
  aws_subnet: needs(["id"], (v, region) => home("vpcconsole", region, `SubnetDetails:subnetId=${enc(v.id)}`)),
  aws_security_group: needs(["id"], (v, region) => home("ec2", region, `SecurityGroup:groupId=${enc(v.id)}`)),
  aws_api_gateway_rest_api: needs(
    ["id"],
    (v, region) =>
      `${consoleHost(region)}/apigateway/main/apis/${enc(v.id)}/resources?api=${enc(v.id)}&region=${region}`,
  ),
  aws_apigatewayv2_api: needs(
    ["id"],
    (v, region) => `${consoleHost(region)}/apigateway/main/develop/routes?api=${enc(v.id)}&region=${region}`,
  ),
  aws_ecr_repository: needs(
    ["registry_id", "name"],
    (v, region) =>
      `${consoleHost(region)}/ecr/repositories/private/${enc(v.registry_id)}/${v.name.split("/").map(enc).join("/")}?region=${region}`,
  ),
  aws_kinesis_stream: needs(["name"], (v, region) =>
    home("kinesis", region, `/streams/details/${enc(v.name)}/monitoring`),
  ),
};

/** Every Terraform resource type that has a console link. */
export const consoleUrlTypes: readonly string[] = Object.freeze(Object.keys(CONSOLE_URLS).sort());

/**
 * The console URL for a resource of Terraform type `type` with state `values`, or undefined when the
 * type is unknown or a needed value is missing. The region inside the resource's ARN (`arn`, or an
 * ARN-shaped `id`) wins over the resource's own `region` attribute, which wins over `region` (the environment's).
 */
export function consoleUrlFor(type: string, values: Record<string, unknown>, region: string): string | undefined {
  if (!Object.hasOwn(CONSOLE_URLS, type)) return undefined;
  // Some resources (ECS services) carry their ARN only as their id.
  const arn = parseArn(values.arn) ?? parseArn(values.id);
  if (arn !== undefined && arn.partition !== "aws") return undefined;
  const resolved = arn?.region || str(values, "region") || region;
  if (!REGION.test(resolved)) return undefined;
  return CONSOLE_URLS[type]!(values, resolved);
}
