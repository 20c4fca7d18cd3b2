// DEPLOYED.md: the human view of an environment, rendered from its registry and history. The output
// depends only on the input (no clock, no environment), so a golden file pins its exact shape.
import type { HistoryEntry } from "./history.js";
import type { Registry, RegistryResource } from "./registry.js";

export interface DeployedStatus {
  state: "deployed" | "torn_down" | "failed";
  checkedAt?: string;
}

export interface RenderDeployedMdInput {
  registry: Registry;
  history: HistoryEntry[];
  status: DeployedStatus;
}

const HISTORY_ROWS = 20;
const PLAN_HASH_CHARS = 12;

const TYPE_LABELS: Readonly<Record<string, string>> = {
  aws_alb: "Load Balancers",
  aws_alb_target_group: "Target Groups",
  aws_api_gateway_rest_api: "API Gateway REST APIs",
  aws_apigatewayv2_api: "API Gateway HTTP and WebSocket APIs",
  aws_cloudwatch_log_group: "CloudWatch Log Groups",
  aws_cloudwatch_metric_alarm: "CloudWatch Alarms",
  aws_db_instance: "RDS Database Instances",
  aws_dynamodb_table: "DynamoDB Tables",
  aws_ecr_repository: "ECR Repositories",
  aws_ecs_cluster: "ECS Clusters",
  aws_ecs_service: "ECS Services",
  aws_ecs_task_definition: "ECS Task Definitions",
  aws_iam_policy: "IAM Policies",
  aws_iam_role: "IAM Roles",
  aws_iam_role_policy_attachment: "IAM Role Policy Attachments",
  aws_iam_user: "IAM Users",
  aws_instance: "EC2 Instances",
  aws_kinesis_stream: "Kinesis Data Streams",
  aws_lambda_alias: "Lambda Aliases",
  aws_lambda_function: "Lambda Functions",
  aws_lambda_permission: "Lambda Permissions",
  aws_lb: "Load Balancers",
  aws_lb_listener: "Load Balancer Listeners",
  aws_lb_target_group: "Target Groups",
  aws_rds_cluster: "RDS Clusters",
  aws_s3_bucket: "S3 Buckets",
  aws_security_group: "Security Groups",
  aws_sns_topic: "SNS Topics",
  aws_sqs_queue: "SQS Queues",
  aws_subnet: "Subnets",
  aws_vpc: "VPCs",
  terraform_data: "Terraform Data",
};

const STATUS_TEXT: Readonly<Record<DeployedStatus["state"], string>> = {
  deployed: "Deployed",
  torn_down: "Torn down",
  failed: "Failed: the last change did not complete; the resources below are what the state still holds",
};

/** Backslash-escapes characters that Markdown would read as formatting, in running text and headings. */
function escapeText(value: string): string {
  return (
    value
      .replace(/[\\`*[\]<>|#]/g, "\\$&")
      // An underscore inside a word never starts emphasis, so only the others need escaping (names are full of them).
      .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_")
      .replace(/\r?\n/g, " ")
  );
}

/** A table cell: pipes and backticks escaped, line breaks flattened. */
function cell(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/`/g, "\\`").replace(/\r?\n/g, " ");
}

/** An inline code span that survives backticks inside the value. */
function code(value: string): string {
  const flat = value.replace(/\r?\n/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = longestRun > 0 || flat.startsWith(" ") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A link destination in angle brackets, which allows parentheses; the few characters it forbids are encoded. */
function destination(url: string): string {
  return `<${url.replace(/[<>\s]/g, (char) => encodeURIComponent(char))}>`;
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function typeHeading(type: string, level: string): string {
  const label = TYPE_LABELS[type];
  return label === undefined ? `${level} ${code(type)}` : `${level} ${label} (${code(type)})`;
}

function renderValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

function renderResource(resource: RegistryResource, level: string): string[] {
  const lines = [`${level} ${escapeText(resource.name)}`, "", `- **Address:** ${code(resource.terraform_address)}`];
  if (resource.arn !== undefined) lines.push(`- **ARN:** ${code(resource.arn)}`);
  if (resource.aws_id !== undefined && resource.aws_id !== resource.arn)
    lines.push(`- **ID:** ${code(resource.aws_id)}`);
  if (resource.region !== undefined) lines.push(`- **Region:** ${resource.region}`);
  if (resource.console_url !== undefined)
    lines.push(`- **Console:** [Open in the AWS console](${destination(resource.console_url)})`);
  const details = Object.entries(resource.metadata).map(([key, value]) => `${key} ${code(renderValue(value))}`);
  if (details.length > 0) lines.push(`- **Details:** ${details.join(", ")}`);
  lines.push(`- **Created:** ${resource.created} · **Last seen:** ${resource.last_seen}`, "");
  return lines;
}

function renderByType(resources: readonly RegistryResource[], depth: number): string[] {
  const byType = new Map<string, RegistryResource[]>();
  for (const resource of resources) byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource]);
  const lines: string[] = [];
  for (const type of [...byType.keys()].sort()) {
    const group = byType.get(type) ?? [];
    lines.push(typeHeading(type, "#".repeat(depth)), "");
    const sorted = [...group].sort((a, b) => (a.terraform_address < b.terraform_address ? -1 : 1));
    for (const resource of sorted) lines.push(...renderResource(resource, "#".repeat(depth + 1)));
  }
  return lines;
}

/** By type; in a project with stacks, first by stack, since each stack's state is changed on its own. */
function renderResources(resources: readonly RegistryResource[]): string[] {
  if (resources.length === 0) return ["No resources are recorded for this environment.", ""];
  if (resources.every((resource) => resource.stack === undefined)) return renderByType(resources, 3);
  const stacks = [...new Set(resources.map((resource) => resource.stack ?? ""))].sort();
  const lines: string[] = [];
  for (const stack of stacks) {
    const own = resources.filter((resource) => (resource.stack ?? "") === stack);
    lines.push(`### Stack ${code(stack === "" ? "(none)" : stack)} (${own.length})`, "", ...renderByType(own, 4));
  }
  return lines;
}

function changes(entry: HistoryEntry): string {
  const c = entry.counts;
  if (c === undefined) return entry.change ?? "–";
  return `+${c.create} ~${c.update} -${c.delete} ±${c.replace}`;
}

function outcome(entry: HistoryEntry): string {
  return entry.error === undefined ? entry.outcome : `${entry.outcome} (${entry.error.code})`;
}

function renderHistory(history: readonly HistoryEntry[]): string[] {
  if (history.length === 0) return ["No deployments are recorded yet.", ""];
  // Newest first; entries with the same instant keep their log order reversed (the later line is newer).
  const newest = history
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => b.time - a.time || b.index - a.index)
    .slice(0, HISTORY_ROWS)
    .map(({ entry }) => entry);
  const stacks = history.some((entry) => entry.stack !== undefined);
  const lines = stacks
    ? ["| When | Stack | Kind | Outcome | Changes | Plan | Actor |", "| --- | --- | --- | --- | --- | --- | --- |"]
    : ["| When | Kind | Outcome | Changes | Plan | Actor |", "| --- | --- | --- | --- | --- | --- |"];
  for (const entry of newest) {
    const plan = entry.plan_hash === undefined ? "–" : entry.plan_hash.slice(0, PLAN_HASH_CHARS);
    const columns = [entry.at, entry.kind, outcome(entry), changes(entry), plan, entry.actor];
    if (stacks) columns.splice(1, 0, entry.stack ?? "–");
    lines.push(`| ${columns.map(cell).join(" | ")} |`);
  }
  if (history.length > HISTORY_ROWS) {
    lines.push(
      "",
      `Showing the ${HISTORY_ROWS} most recent of ${history.length} entries; every entry is in \`history.ndjson\`.`,
    );
  }
  lines.push("");
  return lines;
}

/** Renders DEPLOYED.md; deterministic for a given input. */
export function renderDeployedMd(input: RenderDeployedMdInput): string {
  const { registry, history, status } = input;
  const checked = status.checkedAt === undefined ? "" : ` (checked ${status.checkedAt})`;
  const lines = [
    `# Deployed Resources - ${escapeText(capitalise(registry.environment))} Environment`,
    "",
    `- **Project:** ${escapeText(registry.project)}`,
    `- **Environment:** ${escapeText(registry.environment)}`,
    `- **Status:** ${STATUS_TEXT[status.state]}${checked}`,
    `- **Last deployed:** ${registry.last_deployed ?? "never by devops (read from the Terraform state)"}`,
    `- **Deployment:** ${code(registry.deployment_id)}`,
    `- **Resources:** ${registry.resources.length}`,
    "",
    "## Resources",
    "",
    ...renderResources(registry.resources),
    "## Deployment History",
    "",
    ...renderHistory(history),
    "## Registry",
    "",
    "The machine-readable registry, derived from Terraform state, is [`registry.json`](registry.json) in this folder.",
    "",
  ];
  return lines.join("\n");
}
