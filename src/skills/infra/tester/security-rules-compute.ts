// Built-in rules for compute and the things it runs with: Lambda resilience, secrets written into
// environment variables, instance metadata, ECR repositories and KMS key rotation.
import type { StateResource } from "../../../core/handler-contract.js";
import {
  blocks,
  bool,
  firstBlock,
  isRecord,
  jsonValue,
  num,
  str,
  unsetInCode,
  type SecurityRule,
} from "./security-rules.js";

/** Names that announce a secret, unless they say the value only points at one (…_ARN, …_NAME). */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
const REFERENCE_NAME = /_(ARN|NAME|ID|PATH|PARAM|PARAMETER|REF|FILE|URL|ENDPOINT|HOST|TYPE)$/i;

/** Values that are references to a secret store or template expressions, not secrets. */
const looksLikeReference = (value: string): boolean => /^(arn:|\{\{resolve:|\$\{|\/)/.test(value);

export function secretLooking(name: string, value: unknown): boolean {
  return (
    SECRET_NAME.test(name) &&
    !REFERENCE_NAME.test(name) &&
    typeof value === "string" &&
    value.trim().length > 0 &&
    !looksLikeReference(value)
  );
}

function plaintextSecrets(resource: StateResource): string[] {
  if (resource.type === "aws_lambda_function") {
    const variables = firstBlock(resource.values, "environment")?.variables;
    if (!isRecord(variables)) return [];
    return Object.entries(variables)
      .filter(([name, value]) => secretLooking(name, value))
      .map(([name]) => `environment variable ${name} holds a literal value`);
  }
  const containers = jsonValue(resource.values.container_definitions);
  if (!Array.isArray(containers)) return [];
  return containers.filter(isRecord).flatMap((container) =>
    (Array.isArray(container.environment) ? container.environment : [])
      .filter(isRecord)
      .filter((variable) => secretLooking(String(variable.name ?? ""), variable.value))
      .map(
        (variable) =>
          `container ${String(container.name ?? "?")} environment variable ${String(variable.name)} holds a literal value`,
      ),
  );
}

const httpTokens = (resource: StateResource): string | undefined =>
  str(firstBlock(resource.values, "metadata_options") ?? {}, "http_tokens");

export const computeRules: SecurityRule[] = [
  {
    id: "ENV_PLAINTEXT_SECRET",
    title: "Secret in a plain environment variable",
    severity: "critical",
    category: "security",
    resourceTypes: ["aws_lambda_function", "aws_ecs_task_definition"],
    // The value itself is never repeated: findings end up in reports and terminals.
    check: (resource) => plaintextSecrets(resource),
    remediation:
      "keep the secret in Secrets Manager or SSM Parameter Store: ECS `secrets` with valueFrom, or the ARN in the Lambda environment and a read at start-up",
  },
  {
    id: "LAMBDA_NO_DLQ",
    title: "Lambda function has no dead-letter queue",
    severity: "low",
    category: "configuration",
    resourceTypes: ["aws_lambda_function"],
    check: (fn) =>
      Array.isArray(fn.values.dead_letter_config) && blocks(fn.values, "dead_letter_config").length === 0
        ? [
            "failed asynchronous invocations are dropped after the retries (unless an on-failure destination is configured)",
          ]
        : [],
    remediation:
      "add dead_letter_config { target_arn = <SQS queue or SNS topic> } or an aws_lambda_function_event_invoke_config on-failure destination",
  },
  {
    id: "LAMBDA_NO_CONCURRENCY_LIMIT",
    title: "Lambda function has no reserved concurrency",
    severity: "low",
    category: "configuration",
    resourceTypes: ["aws_lambda_function"],
    check: (fn) => {
      const reserved = num(fn.values, "reserved_concurrent_executions");
      return reserved === -1 || (reserved === undefined && fn.values.reserved_concurrent_executions === null)
        ? ["the function can take the whole account's concurrency, and nothing caps a runaway or an attack"]
        : [];
    },
    remediation: "set reserved_concurrent_executions to the most the function (and what it calls) should handle",
  },
  {
    id: "EC2_IMDSV1_ENABLED",
    title: "Instance metadata allows IMDSv1",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
    check: (resource) => {
      if (httpTokens(resource) === "optional")
        return ['metadata_options.http_tokens is "optional": SSRF can read the instance role\'s credentials'];
      // An instance launched from a template takes the template's metadata options.
      if (resource.type === "aws_instance" && !unsetInCode(resource, "launch_template")) return [];
      return unsetInCode(resource, "metadata_options.http_tokens")
        ? [
            "metadata_options.http_tokens is left out: unless the AMI or the account says otherwise, IMDSv1 stays on and SSRF can read the instance role's credentials",
          ]
        : [];
    },
    remediation: 'set metadata_options { http_tokens = "required" }',
  },
  {
    id: "EC2_IMDS_HOP_LIMIT",
    title: "Instance metadata reachable from containers",
    severity: "low",
    category: "security",
    resourceTypes: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
    check: (resource) => {
      const hops = num(firstBlock(resource.values, "metadata_options") ?? {}, "http_put_response_hop_limit");
      return hops !== undefined && hops > 1
        ? [
            `metadata_options.http_put_response_hop_limit is ${hops}: containers on the instance can fetch its role's credentials`,
          ]
        : [];
    },
    remediation:
      "set http_put_response_hop_limit = 1 unless containers must reach IMDS (then give them their own roles: IRSA, ECS task roles)",
  },
  {
    id: "ECR_SCAN_ON_PUSH_DISABLED",
    title: "ECR repository does not scan images on push",
    severity: "high",
    category: "security",
    resourceTypes: ["aws_ecr_repository"],
    check: (repo, all) => {
      // Registry-level scanning configured in the same plan covers every repository.
      if (all.some((r) => r.type === "aws_ecr_registry_scanning_configuration")) return [];
      if (!Array.isArray(repo.values.image_scanning_configuration)) return [];
      const scan = firstBlock(repo.values, "image_scanning_configuration");
      return scan === undefined || bool(scan, "scan_on_push") === false
        ? [`images pushed to ${str(repo.values, "name") ?? repo.address} are not scanned for vulnerabilities`]
        : [];
    },
    remediation:
      "add image_scanning_configuration { scan_on_push = true } or an aws_ecr_registry_scanning_configuration",
  },
  {
    id: "ECR_TAGS_MUTABLE",
    title: "ECR image tags are mutable",
    severity: "low",
    category: "configuration",
    resourceTypes: ["aws_ecr_repository"],
    check: (repo) =>
      str(repo.values, "image_tag_mutability") === "MUTABLE"
        ? ["a pushed tag can be overwritten, so a tag does not identify one image"]
        : [],
    remediation: 'set image_tag_mutability = "IMMUTABLE" and deploy by digest or unique tag',
  },
  {
    id: "KMS_ROTATION_DISABLED",
    title: "KMS key rotation is off",
    severity: "medium",
    category: "compliance",
    resourceTypes: ["aws_kms_key"],
    check: (key) => {
      // Only symmetric encryption keys can rotate automatically.
      const spec = str(key.values, "customer_master_key_spec") ?? "SYMMETRIC_DEFAULT";
      const usage = str(key.values, "key_usage") ?? "ENCRYPT_DECRYPT";
      if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") return [];
      return bool(key.values, "enable_key_rotation") === false
        ? ["automatic yearly rotation of the key material is off"]
        : [];
    },
    remediation: "set enable_key_rotation = true",
  },
];
