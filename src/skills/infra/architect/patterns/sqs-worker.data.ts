// Pattern: a background job queue — SQS with a dead-letter queue, consumed by a Lambda function.
import { commandLine } from "../../../../core/commands/command-line.js";
import type { Pattern } from "./types.js";

export const sqsWorker: Pattern = {
  id: "sqs-worker",
  title: "Background worker: SQS queue, dead-letter queue and Lambda consumer",
  summary:
    "Producers send jobs to an encrypted SQS queue; a Lambda function consumes them in batches and reports partial failures; messages that keep failing move to a dead-letter queue, which raises an alarm.",
  cues: [
    { label: "queue", weight: 4, words: ["queue", "sqs", "message queue", "job queue", "task queue"] },
    {
      label: "background",
      weight: 4,
      words: ["background", "background job", "background task", "async", "asynchronous", "asynchronously"],
    },
    { label: "worker", weight: 3, words: ["worker", "consumer", "job processor"] },
    { label: "dead letter", weight: 3, words: ["dead letter", "dlq", "retry", "retries"] },
    { label: "job", weight: 2, words: ["job", "message", "event processing", "batch"] },
    { label: "process", weight: 1, words: ["process", "processing", "pipeline", "ingest", "notification", "email"] },
  ],
  resources: [
    {
      key: "jobs-dlq",
      type: "aws_sqs_queue",
      purpose: "dead-letter queue: messages that failed max_receive_count times",
    },
    { key: "jobs", type: "aws_sqs_queue", purpose: "the job queue, encrypted (SSE-SQS), redriving to the DLQ" },
    { key: "worker-role", type: "aws_iam_role", purpose: "execution role assumed by the consumer" },
    {
      key: "worker-policy",
      type: "aws_iam_policy",
      purpose: "least privilege: receive/delete on the job queue, its own log group",
    },
    {
      key: "worker-policy-attachment",
      type: "aws_iam_role_policy_attachment",
      purpose: "attaches the policy to the role",
    },
    {
      key: "worker-logs",
      type: "aws_cloudwatch_log_group",
      purpose: "the consumer's logs, with a retention period",
      logGroupOf: "worker",
    },
    {
      key: "worker",
      type: "aws_lambda_function",
      purpose: "the consumer (a placeholder package until the real one is built)",
    },
    {
      key: "worker-trigger",
      type: "aws_lambda_event_source_mapping",
      purpose: "polls the queue and invokes the consumer with batches",
    },
    { key: "dlq-depth-alarm", type: "aws_cloudwatch_metric_alarm", purpose: "any message in the dead-letter queue" },
    {
      key: "jobs-age-alarm",
      type: "aws_cloudwatch_metric_alarm",
      purpose: "the oldest job waits too long",
      optional: true,
    },
    { key: "worker-errors-alarm", type: "aws_cloudwatch_metric_alarm", purpose: "consumer errors", optional: true },
  ],
  parameters: [
    {
      name: "lambda_memory_mb",
      type: "number",
      default: 128,
      prodValue: 256,
      description: "Memory of the consumer, in MB.",
    },
    {
      name: "lambda_timeout_seconds",
      type: "number",
      default: 30,
      description: "Consumer timeout; the queue's visibility timeout is six times this.",
    },
    { name: "batch_size", type: "number", default: 10, description: "Messages per invocation." },
    {
      name: "max_receive_count",
      type: "number",
      default: 5,
      description: "Receives before a message moves to the DLQ.",
    },
    {
      name: "message_retention_seconds",
      type: "number",
      default: 345600,
      description: "How long the job queue keeps a message (4 days).",
    },
    {
      name: "dlq_retention_seconds",
      type: "number",
      default: 1209600,
      description: "How long the DLQ keeps a message (14 days, the maximum).",
    },
    {
      name: "max_age_seconds",
      type: "number",
      default: 900,
      description: "Age of the oldest job that raises the alarm.",
    },
    {
      name: "log_retention_days",
      type: "number",
      default: 7,
      prodValue: 30,
      description: "Days the log group keeps events.",
    },
  ],
  diagram: [
    "producer ──SendMessage──▶ SQS jobs (SSE) ──after N receives──▶ SQS jobs-dlq ──▶ alarm",
    "                               │ event source mapping (batches)",
    "                               ▼",
    "                        Lambda worker ──▶ CloudWatch Logs",
  ].join("\n"),
  requirements: [
    "Run slow or unreliable work outside the request path.",
    "A job that keeps failing is set aside, not retried forever, and someone is told.",
    "Throughput scales with the queue depth.",
  ],
  security: [
    "Both queues use SQS-managed server-side encryption; the SQS API is HTTPS.",
    "The consumer's policy allows only sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility and GetQueueAttributes on the job queue, and logs:CreateLogStream / PutLogEvents on its own log group.",
  ],
  risks: [
    "The consumer starts with a placeholder package that accepts every message; deploy the real code before sending jobs.",
    "Jobs must be idempotent: SQS delivers at least once.",
    "The visibility timeout must stay above the function timeout, or jobs run twice concurrently.",
  ],
  testing: [
    `${commandLine("infra validate-config")}: naming, required tags, Terraform validation.`,
    "Send a test message and see it consumed; send a poison message and see it reach the DLQ and raise the alarm.",
  ],
};
