// Built-in rules for network exposure: security groups open to the world, public instances, function
// URLs and API methods without authentication, load balancers and CloudFront serving plain HTTP.
import type { StateResource } from "../../../core/handler-contract.js";
import {
  blocks,
  bool,
  companionsOf,
  coversPort,
  describeIngress,
  firstBlock,
  INGRESS_TYPES,
  str,
  worldIngress,
  type Ingress,
  type SecurityRule,
} from "./security-rules.js";

/** Database and cache ports (the same family the runtime audit treats as sensitive). */
export const DATABASE_PORTS: Record<number, string> = {
  1433: "SQL Server",
  1521: "Oracle",
  3306: "MySQL",
  5432: "PostgreSQL",
  5439: "Redshift",
  5984: "CouchDB",
  6379: "Redis",
  9042: "Cassandra",
  9200: "Elasticsearch",
  11211: "Memcached",
  27017: "MongoDB",
};

const allPorts = (rule: Ingress): boolean => rule.protocol === "all" || (rule.fromPort <= 0 && rule.toPort >= 65535);

/** World-open ingress covering `port`, leaving whole-range rules to SG_OPEN_ALL_PORTS. */
const openOn = (resource: StateResource, port: number): string[] =>
  worldIngress(resource)
    .filter((rule) => !allPorts(rule) && rule.protocol !== "udp" && coversPort(rule, port))
    .map(describeIngress);

const LB_TYPES = ["aws_lb", "aws_alb"];
const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];

const isInternetFacingAlb = (lb: StateResource): boolean =>
  bool(lb.values, "internal") === false && (str(lb.values, "load_balancer_type") ?? "application") === "application";

function listenersOf(lb: StateResource, all: readonly StateResource[]): StateResource[] {
  return LISTENER_TYPES.flatMap((type) => companionsOf(lb, all, type, "load_balancer_arn", ["arn", "id"]));
}

/** The load balancers a listener may belong to: by ARN when known, else those of its module. */
function ownersOf(listener: StateResource, all: readonly StateResource[]): StateResource[] {
  return all.filter((lb) => LB_TYPES.includes(lb.type) && listenersOf(lb, all).includes(listener));
}

const redirectsToHttps = (listener: StateResource): boolean =>
  blocks(listener.values, "default_action").some(
    (action) => str(action, "type") === "redirect" && str(firstBlock(action, "redirect") ?? {}, "protocol") === "HTTPS",
  );

export const networkRules: SecurityRule[] = [
  {
    id: "SG_OPEN_SSH",
    title: "SSH open to the internet",
    severity: "critical",
    category: "security",
    resourceTypes: INGRESS_TYPES,
    check: (resource) => openOn(resource, 22),
    remediation: "allow port 22 only from known ranges or security groups, or drop it and use SSM Session Manager",
  },
  {
    id: "SG_OPEN_RDP",
    title: "RDP open to the internet",
    severity: "critical",
    category: "security",
    resourceTypes: INGRESS_TYPES,
    check: (resource) => openOn(resource, 3389),
    remediation:
      "allow port 3389 only from known ranges or security groups, or use SSM Session Manager / Fleet Manager",
  },
  {
    id: "SG_OPEN_ALL_PORTS",
    title: "All ports open to the internet",
    severity: "critical",
    category: "security",
    resourceTypes: INGRESS_TYPES,
    check: (resource) => worldIngress(resource).filter(allPorts).map(describeIngress),
    remediation: "open only the ports the service listens on (usually 443), from the sources that need them",
  },
  {
    id: "SG_OPEN_DATABASE_PORT",
    title: "Database port open to the internet",
    severity: "critical",
    category: "security",
    resourceTypes: INGRESS_TYPES,
    check: (resource) =>
      worldIngress(resource)
        .filter((rule) => !allPorts(rule) && rule.protocol !== "udp")
        .map((rule) => ({
          rule,
          engines: Object.entries(DATABASE_PORTS)
            .filter(([port]) => coversPort(rule, Number(port)))
            .map(([, engine]) => engine),
        }))
        .filter(({ engines }) => engines.length > 0)
        .map(({ rule, engines }) => `${describeIngress(rule)} reaches ${engines.join(", ")}`),
    remediation: "allow database ports only from the application's security group; keep databases in private subnets",
  },
  {
    id: "EC2_PUBLIC_IP",
    title: "EC2 instance gets a public IP address",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
    check: (resource) => {
      if (resource.type === "aws_instance" || resource.type === "aws_launch_configuration")
        return bool(resource.values, "associate_public_ip_address") === true
          ? ["associate_public_ip_address is true"]
          : [];
      return blocks(resource.values, "network_interfaces").some(
        (ni) => bool(ni, "associate_public_ip_address") === true,
      )
        ? ["a network interface has associate_public_ip_address true"]
        : [];
    },
    remediation: "run instances in private subnets behind a load balancer; reach them with SSM Session Manager",
  },
  {
    id: "LAMBDA_URL_AUTH_NONE",
    title: "Lambda function URL without authentication",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_lambda_function_url"],
    check: (url) =>
      str(url.values, "authorization_type") === "NONE"
        ? [`anyone on the internet can invoke ${str(url.values, "function_name") ?? "the function"}`]
        : [],
    remediation:
      'use authorization_type = "AWS_IAM" (CloudFront with origin access control in front of it for public sites)',
  },
  {
    id: "APIGW_METHOD_NO_AUTH",
    title: "API Gateway method without authorization",
    severity: "low",
    category: "security",
    resourceTypes: ["aws_api_gateway_method"],
    check: (method) => {
      const verb = str(method.values, "http_method");
      // CORS preflight requests never carry credentials.
      if (
        verb === "OPTIONS" ||
        str(method.values, "authorization") !== "NONE" ||
        bool(method.values, "api_key_required") === true
      )
        return [];
      return [`${verb ?? "the method"} accepts unauthenticated requests`];
    },
    remediation:
      "set authorization to AWS_IAM, COGNITO_USER_POOLS or CUSTOM (an authorizer); leave NONE only for deliberately public endpoints",
  },
  {
    id: "LB_INTERNET_FACING_NO_HTTPS",
    title: "Internet-facing load balancer without an HTTPS listener",
    severity: "critical",
    category: "security",
    resourceTypes: LB_TYPES,
    check: (lb, all) => {
      if (!isInternetFacingAlb(lb)) return [];
      const listeners = listenersOf(lb, all);
      // Listeners declared elsewhere (another module or stack) cannot be judged here.
      if (
        listeners.length === 0 ||
        listeners.some((l) => str(l.values, "protocol") === "HTTPS" || !("protocol" in l.values))
      )
        return [];
      return [
        `listeners ${listeners.map((l) => `${str(l.values, "protocol") ?? "?"}:${String(l.values.port ?? "?")}`).join(", ")} carry traffic from the internet unencrypted`,
      ];
    },
    remediation: "add an HTTPS listener with an ACM certificate and redirect HTTP to it",
  },
  {
    id: "ALB_HTTP_NO_REDIRECT",
    title: "HTTP listener does not redirect to HTTPS",
    severity: "critical",
    category: "security",
    resourceTypes: LISTENER_TYPES,
    check: (listener, all) => {
      if (str(listener.values, "protocol") !== "HTTP" || redirectsToHttps(listener)) return [];
      const owners = ownersOf(listener, all);
      if (owners.length > 0 && owners.every((lb) => bool(lb.values, "internal") === true)) return [];
      return [`port ${String(listener.values.port ?? "?")} serves plain HTTP instead of redirecting to HTTPS`];
    },
    remediation:
      'make the HTTP listener\'s default action a redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }',
  },
  {
    id: "CLOUDFRONT_ALLOW_HTTP",
    title: "CloudFront serves plain HTTP",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_cloudfront_distribution"],
    check: (distribution) =>
      [
        ...blocks(distribution.values, "default_cache_behavior").map((b) => ({ ...b, path_pattern: "default" })),
        ...blocks(distribution.values, "ordered_cache_behavior"),
      ]
        .filter((behavior) => str(behavior, "viewer_protocol_policy") === "allow-all")
        .map((behavior) => `cache behaviour ${String(behavior.path_pattern)} has viewer_protocol_policy "allow-all"`),
    remediation: 'set viewer_protocol_policy = "redirect-to-https" (or "https-only") on every cache behaviour',
  },
];
