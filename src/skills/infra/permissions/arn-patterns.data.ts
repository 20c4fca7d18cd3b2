// Data for permission grants: per-service ARN formats (how a resource named like the environment is
// addressed, and how an ARN named by an error is read), the short list of actions that only work on
// Resource "*", and the service a role is passed to for iam:PassRole conditions.

/**
 * How one kind of resource is scoped.
 * - name: by the environment's name pattern ({name} = "shop-api-test-*").
 * - account: the service addresses resources by generated ids; the grant covers the account's.
 * - id: resources are addressed by ids; only an ARN named by the error is granted, exactly.
 */
export type ScopeLevel = "name" | "account" | "id";

export interface ArnKind {
  kind: string;
  scope: ScopeLevel;
  /** ARN patterns granted; placeholders {partition} {region} {account} {path} {name}. Empty for "id" kinds (the ARN is kept). */
  templates: readonly string[];
  /** Reads an ARN of this kind; named groups `region`, `account`, `path`, `name` where the format has them. */
  parse: RegExp;
  /** Granted when the error names no resource. */
  byDefault: boolean;
}

export interface ServiceArns {
  /** The word in the dedicated statement's Sid: DevopsAutoGrant<sid>. */
  sid: string;
  kinds: readonly ArnKind[];
}

const P = String.raw`arn:(?<partition>[\w-]+)`;
const REGION = String.raw`(?<region>[a-z]{2}(?:-[a-z]+)+-\d+)`;
const ACCOUNT = String.raw`(?<account>\d{12})`;
const IAM_PATH = String.raw`(?<path>/(?:[^/]+/)*|(?:[^/]+/)*)`;

const named = (kind: string, templates: string | readonly string[], parse: string, byDefault = true): ArnKind => ({
  kind,
  scope: "name",
  templates: typeof templates === "string" ? [templates] : templates,
  parse: new RegExp(`^${parse}$`),
  byDefault,
});

export const SERVICE_ARNS: Readonly<Record<string, ServiceArns>> = {
  s3: {
    sid: "S3",
    kinds: [
      named("object", "arn:{partition}:s3:::{name}/*", String.raw`${P}:s3:::(?<name>[^/]+)/.*`),
      named("bucket", "arn:{partition}:s3:::{name}", String.raw`${P}:s3:::(?<name>[^/]+)`),
    ],
  },
  lambda: {
    sid: "Lambda",
    kinds: [
      named(
        "function",
        "arn:{partition}:lambda:{region}:{account}:function:{name}",
        String.raw`${P}:lambda:${REGION}:${ACCOUNT}:function:(?<name>[^:]+)(?::.+)?`,
      ),
      named(
        "layer",
        "arn:{partition}:lambda:{region}:{account}:layer:{name}",
        String.raw`${P}:lambda:${REGION}:${ACCOUNT}:layer:(?<name>[^:]+)(?::\d+)?`,
        false,
      ),
    ],
  },
  dynamodb: {
    sid: "DynamoDb",
    kinds: [
      named(
        "index",
        "arn:{partition}:dynamodb:{region}:{account}:table/{name}/index/*",
        String.raw`${P}:dynamodb:${REGION}:${ACCOUNT}:table/(?<name>[^/]+)/index/.+`,
      ),
      named(
        "stream",
        "arn:{partition}:dynamodb:{region}:{account}:table/{name}/stream/*",
        String.raw`${P}:dynamodb:${REGION}:${ACCOUNT}:table/(?<name>[^/]+)/stream/.+`,
      ),
      named(
        "table",
        "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
        String.raw`${P}:dynamodb:${REGION}:${ACCOUNT}:table/(?<name>[^/]+)`,
      ),
    ],
  },
  logs: {
    sid: "Logs",
    kinds: [
      named(
        "lambda-log-group",
        [
          "arn:{partition}:logs:{region}:{account}:log-group:/aws/lambda/{name}",
          "arn:{partition}:logs:{region}:{account}:log-group:/aws/lambda/{name}:*",
        ],
        String.raw`${P}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/(?<name>[^:]+)(?::.*)?`,
      ),
      named(
        "log-group",
        [
          "arn:{partition}:logs:{region}:{account}:log-group:{name}",
          "arn:{partition}:logs:{region}:{account}:log-group:{name}:*",
        ],
        String.raw`${P}:logs:${REGION}:${ACCOUNT}:log-group:(?<name>[^:]+)(?::.*)?`,
      ),
    ],
  },
  iam: {
    sid: "Iam",
    kinds: [
      named(
        "role",
        "arn:{partition}:iam::{account}:role/{path}{name}",
        String.raw`${P}:iam::${ACCOUNT}:role/${IAM_PATH}(?<name>[^/]+)`,
      ),
      named(
        "policy",
        "arn:{partition}:iam::{account}:policy/{path}{name}",
        String.raw`${P}:iam::${ACCOUNT}:policy/${IAM_PATH}(?<name>[^/]+)`,
      ),
      named(
        "instance-profile",
        "arn:{partition}:iam::{account}:instance-profile/{path}{name}",
        String.raw`${P}:iam::${ACCOUNT}:instance-profile/${IAM_PATH}(?<name>[^/]+)`,
        false,
      ),
    ],
  },
  ecs: {
    sid: "Ecs",
    kinds: [
      named(
        "cluster",
        "arn:{partition}:ecs:{region}:{account}:cluster/{name}",
        String.raw`${P}:ecs:${REGION}:${ACCOUNT}:cluster/(?<name>[^/]+)`,
      ),
      // New-format service and task ARNs carry the cluster first; the service's own name is scoped.
      named(
        "service",
        [
          "arn:{partition}:ecs:{region}:{account}:service/{name}",
          "arn:{partition}:ecs:{region}:{account}:service/*/{name}",
        ],
        String.raw`${P}:ecs:${REGION}:${ACCOUNT}:service/(?:[^/]+/)?(?<name>[^/]+)`,
      ),
      named(
        "task-definition",
        "arn:{partition}:ecs:{region}:{account}:task-definition/{name}:*",
        String.raw`${P}:ecs:${REGION}:${ACCOUNT}:task-definition/(?<name>[^:]+)(?::\d+)?`,
      ),
      named(
        "task",
        "arn:{partition}:ecs:{region}:{account}:task/{name}/*",
        String.raw`${P}:ecs:${REGION}:${ACCOUNT}:task/(?<name>[^/]+)/.+`,
      ),
    ],
  },
  ecr: {
    sid: "Ecr",
    kinds: [
      named(
        "repository",
        "arn:{partition}:ecr:{region}:{account}:repository/{name}",
        String.raw`${P}:ecr:${REGION}:${ACCOUNT}:repository/(?<name>.+)`,
      ),
    ],
  },
  sqs: {
    sid: "Sqs",
    kinds: [
      named(
        "queue",
        "arn:{partition}:sqs:{region}:{account}:{name}",
        String.raw`${P}:sqs:${REGION}:${ACCOUNT}:(?<name>[^:/]+)`,
      ),
    ],
  },
  sns: {
    sid: "Sns",
    kinds: [
      named(
        "topic",
        "arn:{partition}:sns:{region}:{account}:{name}",
        String.raw`${P}:sns:${REGION}:${ACCOUNT}:(?<name>[^:/]+)(?::[\w-]+)?`,
      ),
    ],
  },
  cloudwatch: {
    sid: "CloudWatch",
    kinds: [
      named(
        "alarm",
        "arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}",
        String.raw`${P}:cloudwatch:${REGION}:${ACCOUNT}:alarm:(?<name>.+)`,
      ),
      named(
        "dashboard",
        "arn:{partition}:cloudwatch::{account}:dashboard/{name}",
        String.raw`${P}:cloudwatch::${ACCOUNT}:dashboard/(?<name>.+)`,
        false,
      ),
    ],
  },
  elasticloadbalancing: {
    sid: "Elb",
    kinds: [
      named(
        "loadbalancer",
        "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/*/{name}/*",
        String.raw`${P}:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/(?:app|net|gwy)/(?<name>[^/]+)/[^/]+`,
      ),
      named(
        "listener",
        [
          "arn:{partition}:elasticloadbalancing:{region}:{account}:listener/*/{name}/*",
          "arn:{partition}:elasticloadbalancing:{region}:{account}:listener-rule/*/{name}/*",
        ],
        String.raw`${P}:elasticloadbalancing:${REGION}:${ACCOUNT}:listener(?:-rule)?/(?:app|net|gwy)/(?<name>[^/]+)/.+`,
      ),
      named(
        "targetgroup",
        "arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/{name}/*",
        String.raw`${P}:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/(?<name>[^/]+)/[^/]+`,
      ),
    ],
  },
  apigateway: {
    sid: "ApiGateway",
    // API Gateway paths carry generated ids, never names: only a path named by the error is granted.
    kinds: [
      {
        kind: "path",
        scope: "id",
        templates: [],
        parse: new RegExp(String.raw`^${P}:apigateway:${REGION}::/.+$`),
        byDefault: false,
      },
    ],
  },
  cloudfront: {
    sid: "CloudFront",
    kinds: [
      {
        kind: "distribution",
        scope: "account",
        templates: ["arn:{partition}:cloudfront::{account}:distribution/*"],
        parse: new RegExp(String.raw`^${P}:cloudfront::${ACCOUNT}:distribution/[A-Z0-9]+$`),
        byDefault: true,
      },
    ],
  },
  kms: {
    sid: "Kms",
    kinds: [
      named(
        "alias",
        "arn:{partition}:kms:{region}:{account}:alias/{name}",
        String.raw`${P}:kms:${REGION}:${ACCOUNT}:alias/(?<name>.+)`,
        false,
      ),
      // Keys are addressed by ids: only the key the error names, never every key.
      {
        kind: "key",
        scope: "id",
        templates: [],
        parse: new RegExp(String.raw`^${P}:kms:${REGION}:${ACCOUNT}:key/[0-9a-f-]+$`),
        byDefault: false,
      },
    ],
  },
  ec2: {
    sid: "Ec2",
    kinds: [
      {
        kind: "resource",
        scope: "id",
        templates: [],
        parse: new RegExp(String.raw`^${P}:ec2:${REGION}:${ACCOUNT}:[a-z-]+/[\w-]+$`),
        byDefault: false,
      },
    ],
  },
};

/** Actions that AWS authorises only on Resource "*" (they name no resource, or list across the account). */
export const STAR_ALLOW_LIST: ReadonlyArray<{ action: string; why: string }> = [
  { action: "ec2:Describe*", why: "EC2 Describe calls do not support resource-level permissions" },
  { action: "sts:GetCallerIdentity", why: "names no resource" },
  { action: "iam:ListRoles", why: "lists across the account" },
  { action: "iam:ListPolicies", why: "lists across the account" },
  { action: "s3:ListAllMyBuckets", why: "lists across the account" },
  { action: "cloudwatch:PutMetricData", why: "metrics are not resources" },
  { action: "cloudwatch:DescribeAlarms", why: "lists across the region" },
  { action: "logs:DescribeLogGroups", why: "lists across the region" },
  { action: "tag:GetResources", why: "lists across the region" },
  { action: "ecr:GetAuthorizationToken", why: "names no resource" },
  { action: "ecs:RegisterTaskDefinition", why: "does not support resource-level permissions" },
  { action: "ecs:DeregisterTaskDefinition", why: "does not support resource-level permissions" },
  { action: "ecs:DescribeTaskDefinition", why: "does not support resource-level permissions" },
  { action: "ecs:ListClusters", why: "lists across the region" },
  { action: "elasticloadbalancing:Describe*", why: "ELB Describe calls do not support resource-level permissions" },
  { action: "lambda:ListFunctions", why: "lists across the region" },
  { action: "kms:CreateKey", why: "the key does not exist yet" },
  { action: "kms:ListAliases", why: "lists across the region" },
];

/** iam:PassRole's iam:PassedToService by the Terraform resource type that passes the role. */
export const PASSED_TO_SERVICE: ReadonlyArray<{ typePrefix: string; service: string }> = [
  { typePrefix: "aws_lambda_", service: "lambda.amazonaws.com" },
  { typePrefix: "aws_ecs_task_definition", service: "ecs-tasks.amazonaws.com" },
  { typePrefix: "aws_ecs_", service: "ecs.amazonaws.com" },
  { typePrefix: "aws_instance", service: "ec2.amazonaws.com" },
  { typePrefix: "aws_launch_template", service: "ec2.amazonaws.com" },
  { typePrefix: "aws_sfn_", service: "states.amazonaws.com" },
  { typePrefix: "aws_api_gateway_", service: "apigateway.amazonaws.com" },
  { typePrefix: "aws_cloudwatch_event_", service: "events.amazonaws.com" },
  { typePrefix: "aws_scheduler_", service: "scheduler.amazonaws.com" },
];
