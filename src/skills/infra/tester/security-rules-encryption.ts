// Built-in rules for encryption of the data services not covered in security-rules-data.ts (Redshift,
// OpenSearch, Kinesis, EKS secrets), secrets stored as plain SSM String parameters, and secrets written
// into instance user data.
import type { StateResource } from "../../../core/handler-contract.js";
import { blocks, bool, firstBlock, str, type SecurityRule } from "./security-rules.js";
import { secretLooking } from "./security-rules-compute.js";

/** An AWS access key id: the one secret format recognisable without a name next to it. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** `NAME=value`, `NAME: value`, `export NAME="value"`: the assignments a script or cloud-config holds. */
const ASSIGNMENT = /(?:^|[\s;])(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*["']?([^\s"';]+)/gm;

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, "base64").toString("utf8");
  // Only printable text counts as a decoded script.
  const printable = [...decoded].every((c) => c === "\t" || c === "\n" || c === "\r" || (c >= " " && c <= "~"));
  return printable ? decoded : undefined;
}

/** The user data script as the code holds it: the literal when the plan shows a hash, decoded base64. */
function userDataOf(resource: StateResource): string | undefined {
  const v = resource.values;
  if (typeof v.user_data_base64 === "string") return decodeBase64(v.user_data_base64);
  // A template's user data is base64 for AWS; the plan keeps whatever the code wrote.
  if (resource.type === "aws_launch_template")
    return typeof v.user_data === "string" ? (decodeBase64(v.user_data) ?? v.user_data) : undefined;
  const literal = resource.constants?.user_data;
  if (literal !== undefined) return literal;
  // Instances and launch configurations plan a hash of their user data; without the literal there is nothing to read.
  return typeof v.user_data === "string" && !/^[0-9a-f]{40}$/.test(v.user_data) ? v.user_data : undefined;
}

export function userDataSecrets(script: string): string[] {
  const found = new Set<string>();
  if (ACCESS_KEY_ID.test(script)) found.add("an AWS access key id");
  for (const match of script.matchAll(ASSIGNMENT)) {
    const [, name, value] = match;
    if (name !== undefined && secretLooking(name, value)) found.add(name);
  }
  return [...found];
}

const SSM_TEXT_TYPES = ["String", "StringList"];
const lastSegment = (name: string): string => name.split("/").pop() ?? name;

export const encryptionRules: SecurityRule[] = [
  {
    id: "REDSHIFT_UNENCRYPTED",
    title: "Redshift cluster is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_redshift_cluster"],
    check: (cluster) =>
      bool(cluster.values, "encrypted") === false
        ? [`${str(cluster.values, "cluster_identifier") ?? cluster.address} stores data and snapshots unencrypted`]
        : [],
    remediation: "set encrypted = true with kms_key_id for a customer managed key",
  },
  {
    id: "OPENSEARCH_UNENCRYPTED",
    title: "OpenSearch domain is not encrypted at rest",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
    check: (domain) => {
      const atRest = firstBlock(domain.values, "encrypt_at_rest");
      const off =
        atRest === undefined ? Array.isArray(domain.values.encrypt_at_rest) : bool(atRest, "enabled") === false;
      return off ? [`${str(domain.values, "domain_name") ?? domain.address} stores indices unencrypted`] : [];
    },
    remediation: "add encrypt_at_rest { enabled = true } (and node_to_node_encryption { enabled = true })",
  },
  {
    id: "KINESIS_UNENCRYPTED",
    title: "Kinesis stream is not encrypted",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_kinesis_stream"],
    check: (stream) =>
      str(stream.values, "encryption_type") === "NONE"
        ? [`stream ${str(stream.values, "name") ?? stream.address} stores records unencrypted`]
        : [],
    remediation: 'set encryption_type = "KMS" and kms_key_id ("alias/aws/kinesis" or a customer managed key)',
  },
  {
    id: "EKS_SECRETS_UNENCRYPTED",
    title: "EKS secrets are not encrypted with a KMS key",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_eks_cluster"],
    check: (cluster) => {
      if (!Array.isArray(cluster.values.encryption_config)) return [];
      const covered = blocks(cluster.values, "encryption_config").some((config) =>
        Array.isArray(config.resources) ? config.resources.includes("secrets") : true,
      );
      return covered
        ? []
        : [`Kubernetes secrets of ${str(cluster.values, "name") ?? cluster.address} get no envelope encryption`];
    },
    remediation: 'add encryption_config { resources = ["secrets"], provider { key_arn = <KMS key ARN> } }',
  },
  {
    id: "SSM_SECRET_AS_STRING",
    title: "Secret stored as a plain SSM String parameter",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_ssm_parameter"],
    check: (parameter) => {
      const name = str(parameter.values, "name");
      const type = str(parameter.values, "type");
      if (name === undefined || type === undefined || !SSM_TEXT_TYPES.includes(type)) return [];
      return secretLooking(lastSegment(name), "value")
        ? [`${name} is a ${type}: its value is stored unencrypted and shown to anyone who may read parameters`]
        : [];
    },
    remediation: 'set type = "SecureString" (with key_id for a customer managed key)',
  },
  {
    id: "USER_DATA_SECRET",
    title: "Secret in instance user data",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
    // Names only: the values must not reach reports.
    check: (resource) => {
      const script = userDataOf(resource);
      if (script === undefined) return [];
      const secrets = userDataSecrets(script);
      return secrets.length === 0
        ? []
        : [`user data holds ${secrets.join(", ")}: anyone who may describe the instance can read it`];
    },
    remediation:
      "read secrets at boot from Secrets Manager or SSM Parameter Store with the instance role; keep only their names in user data",
  },
];
