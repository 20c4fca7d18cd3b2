// Built-in rules for what the internet can reach beyond security groups: resource policies open to
// everyone (Lambda, SQS, SNS, ECR, KMS), public data services (Redshift, OpenSearch, EKS), public IP
// addresses handed out by default (subnets, ECS services), the default security group and network ACLs.
import type { StateResource } from "../../../core/handler-contract.js";
import {
  blocks,
  bool,
  firstBlock,
  num,
  openStatements,
  str,
  strings,
  unsetInCode,
  type SecurityRule,
} from "./security-rules.js";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** The resource types whose `policy` argument is a resource policy, and the word for what it guards. */
const RESOURCE_POLICIES: Record<string, string> = {
  aws_sqs_queue_policy: "queue",
  aws_sqs_queue: "queue",
  aws_sns_topic_policy: "topic",
  aws_sns_topic: "topic",
  aws_ecr_repository_policy: "repository",
  aws_kms_key: "key",
  aws_secretsmanager_secret_policy: "secret",
};

const ADMIN_PORTS: Record<number, string> = { 22: "SSH", 3389: "RDP" };

interface AclEntry {
  protocol: string;
  from: number;
  to: number;
}

/** The allow entries of a network ACL (inline or an aws_network_acl_rule) that let the world in. */
function worldAclIngress(resource: StateResource): AclEntry[] {
  const v = resource.values;
  const entries =
    resource.type === "aws_network_acl_rule"
      ? bool(v, "egress") === true
        ? []
        : [{ ...v, action: v.rule_action }]
      : blocks(v, "ingress");
  return entries
    .filter(
      (e) =>
        String(e.action ?? "").toLowerCase() === "allow" &&
        [...strings(e.cidr_block), ...strings(e.ipv6_cidr_block)].some((range) => WORLD.has(range)),
    )
    .map((e) => {
      const protocol = String(e.protocol ?? "").toLowerCase();
      const all = protocol === "-1" || protocol === "all";
      return {
        protocol: all ? "all" : protocol,
        from: all ? 0 : (num(e, "from_port") ?? 0),
        to: all ? 65535 : (num(e, "to_port") ?? 65535),
      };
    });
}

/** EKS applies 0.0.0.0/0 when public access is on and no CIDRs are written. */
function eksPublicRanges(cluster: StateResource): string[] | undefined {
  const config = firstBlock(cluster.values, "vpc_config");
  if (config === undefined || bool(config, "endpoint_public_access") !== true) return [];
  if ("public_access_cidrs" in config) return strings(config.public_access_cidrs).filter((r) => WORLD.has(r));
  return unsetInCode(cluster, "vpc_config.public_access_cidrs") ? ["0.0.0.0/0 (the default)"] : undefined;
}

export const exposureRules: SecurityRule[] = [
  {
    id: "LAMBDA_PERMISSION_PUBLIC",
    title: "Lambda permission lets anyone, or any account's service, invoke the function",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_lambda_permission"],
    check: (permission) => {
      const v = permission.values;
      const principal = str(v, "principal");
      if (principal === undefined) return [];
      // Unknown until apply (absent) is not "left out": only null or empty counts.
      const scoped = [v.source_arn, v.source_account, v.principal_org_id].some(
        (value) => value === undefined || (typeof value === "string" && value !== ""),
      );
      if (scoped) return [];
      if (principal === "*") return [`principal "*" may call ${str(v, "action") ?? "the function"}`];
      return principal.endsWith(".amazonaws.com")
        ? [`${principal} may invoke the function on behalf of any account: no source_arn or source_account`]
        : [];
    },
    remediation: "set source_arn (the topic, bucket, rule or API that calls the function) and source_account",
  },
  {
    id: "RESOURCE_POLICY_PUBLIC",
    title: "Resource policy allows anyone",
    severity: "critical",
    category: "security",
    resourceTypes: Object.keys(RESOURCE_POLICIES),
    check: (resource) =>
      openStatements(resource.values.policy).map(
        (s) =>
          `the ${RESOURCE_POLICIES[resource.type] ?? "resource"} policy statement ${typeof s.Sid === "string" ? `"${s.Sid}" ` : ""}allows Principal "*" without a condition that narrows it`,
      ),
    remediation:
      'name the principals (accounts, roles, services with an aws:SourceArn condition) or narrow "*" with aws:PrincipalOrgID',
  },
  {
    id: "REDSHIFT_PUBLICLY_ACCESSIBLE",
    title: "Redshift cluster is publicly accessible",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_redshift_cluster"],
    check: (cluster) =>
      bool(cluster.values, "publicly_accessible") === true
        ? [`${str(cluster.values, "cluster_identifier") ?? cluster.address} gets a public endpoint`]
        : [],
    remediation: "set publicly_accessible = false and reach the cluster from inside the VPC",
  },
  {
    id: "OPENSEARCH_NOT_IN_VPC",
    title: "OpenSearch domain has a public endpoint",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
    check: (domain) =>
      Array.isArray(domain.values.vpc_options) && blocks(domain.values, "vpc_options").length === 0
        ? [
            `${str(domain.values, "domain_name") ?? domain.address} has no vpc_options: its endpoint is on the internet, guarded only by the access policy`,
          ]
        : [],
    remediation: "add vpc_options with private subnets and a security group",
  },
  {
    id: "EKS_PUBLIC_ENDPOINT",
    title: "EKS API endpoint is open to the internet",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_eks_cluster"],
    check: (cluster) => {
      const ranges = eksPublicRanges(cluster) ?? [];
      return ranges.length === 0
        ? []
        : [`the Kubernetes API of ${str(cluster.values, "name") ?? cluster.address} accepts ${ranges.join(", ")}`];
    },
    remediation:
      "set vpc_config.endpoint_public_access = false (private access only), or public_access_cidrs to known ranges",
  },
  {
    id: "SUBNET_PUBLIC_IP_ON_LAUNCH",
    title: "Subnet gives every instance a public IP address",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_subnet", "aws_default_subnet"],
    check: (subnet) =>
      bool(subnet.values, "map_public_ip_on_launch") === true
        ? ["map_public_ip_on_launch is true: anything launched here is reachable from the internet by default"]
        : [],
    remediation: "set map_public_ip_on_launch = false; give public addresses only to load balancers and NAT gateways",
  },
  {
    id: "ECS_SERVICE_PUBLIC_IP",
    title: "ECS service tasks get public IP addresses",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_ecs_service"],
    check: (service) =>
      bool(firstBlock(service.values, "network_configuration") ?? {}, "assign_public_ip") === true
        ? ["network_configuration.assign_public_ip is true: every task is addressable from the internet"]
        : [],
    remediation: "run tasks in private subnets with assign_public_ip = false, behind a load balancer",
  },
  {
    id: "DEFAULT_SG_HAS_RULES",
    title: "Default security group allows traffic",
    severity: "low",
    category: "security",
    resourceTypes: ["aws_default_security_group"],
    check: (group) => {
      const count = blocks(group.values, "ingress").length + blocks(group.values, "egress").length;
      return count === 0
        ? []
        : [`the default security group has ${count} rule(s): anything launched without a group gets them`];
    },
    remediation: "manage the default security group with no ingress and no egress blocks, and use dedicated groups",
  },
  {
    id: "NACL_OPEN_ADMIN_PORT",
    title: "Network ACL lets the internet in on SSH or RDP",
    severity: "medium",
    category: "security",
    resourceTypes: ["aws_network_acl", "aws_network_acl_rule", "aws_default_network_acl"],
    check: (acl) =>
      worldAclIngress(acl)
        .filter((e) => e.protocol === "all" || e.protocol === "tcp" || e.protocol === "6")
        .flatMap((e) =>
          Object.entries(ADMIN_PORTS)
            .filter(([port]) => e.from <= Number(port) && Number(port) <= e.to)
            .map(([port, name]) => `an allow entry lets 0.0.0.0/0 reach ${name} (port ${port})`),
        ),
    remediation: "deny or omit ports 22 and 3389 from 0.0.0.0/0 in the ACL; reach instances with SSM Session Manager",
  },
];
