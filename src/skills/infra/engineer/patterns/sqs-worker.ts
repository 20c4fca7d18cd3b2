// Terraform for the sqs-worker pattern: encrypted queue + DLQ with redrive, Lambda consumer, alarms.
import { commandLine } from "../../../../core/commands/command-line.js";
import { attr, attrs, call, expr, list, object, template } from "../hcl.js";
import type { PatternGenerator } from "../context.js";
import {
  alarm,
  lambdaLogGroup,
  logWriteStatement,
  output,
  packageAttributes,
  packagePath,
  resource,
  roleWithPolicy,
} from "./shared.js";
import { storedZip } from "../zip.js";

export const WORKER_HANDLER_SOURCE = `# Placeholder consumer written by ${commandLine("infra engineer")}: replace it with the real job processing.
import json


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            json.loads(record["body"])
        except (KeyError, ValueError):
            failures.append({"itemIdentifier": record.get("messageId", "")})
    return {"batchItemFailures": failures}
`;

export const sqsWorkerGenerator: PatternGenerator = {
  files: () => [
    { name: packagePath("worker"), content: storedZip([{ name: "index.py", content: WORKER_HANDLER_SOURCE }]) },
  ],
  parts: (gen) => {
    const queue = (key: string, attribute: string) => gen.ref("aws_sqs_queue", key, attribute);
    const fn = (attribute: string) => gen.ref("aws_lambda_function", "worker", attribute);
    return [
      {
        key: "jobs-dlq",
        blocks: [
          resource(gen, "aws_sqs_queue", "jobs-dlq", [
            ...attrs({
              name: gen.name("jobs-dlq"),
              message_retention_seconds: gen.v("dlq_retention_seconds"),
              sqs_managed_sse_enabled: true,
            }),
            gen.tags("jobs-dlq"),
          ]),
        ],
        outputs: [output("dlq_url", "URL of the dead-letter queue.", queue("jobs-dlq", "url"))],
      },
      {
        key: "jobs",
        blocks: [
          resource(gen, "aws_sqs_queue", "jobs", [
            ...attrs({
              name: gen.name("jobs"),
              message_retention_seconds: gen.v("message_retention_seconds"),
              // Six times the function timeout, as AWS advises for Lambda consumers.
              visibility_timeout_seconds: expr("var.lambda_timeout_seconds * 6"),
              sqs_managed_sse_enabled: true,
              redrive_policy: call(
                "jsonencode",
                object({ deadLetterTargetArn: queue("jobs-dlq", "arn"), maxReceiveCount: gen.v("max_receive_count") }),
              ),
            }),
            gen.tags("jobs"),
          ]),
        ],
        outputs: [
          output("queue_url", "URL producers send jobs to.", queue("jobs", "url")),
          output("queue_arn", "ARN of the job queue.", queue("jobs", "arn")),
        ],
      },
      {
        blocks: roleWithPolicy(
          gen,
          { role: "worker-role", policy: "worker-policy", attachment: "worker-policy-attachment" },
          "lambda.amazonaws.com",
          "Lets the worker consume its queue and write its logs.",
          [
            {
              sid: "ConsumeJobs",
              actions: [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes",
              ],
              resources: [queue("jobs", "arn")],
            },
            logWriteStatement(gen, "worker-logs"),
          ],
        ),
      },
      { blocks: [lambdaLogGroup(gen, "worker-logs", "worker")] },
      {
        key: "worker",
        blocks: [
          resource(gen, "aws_lambda_function", "worker", [
            ...attrs({
              function_name: gen.name("worker"),
              description: "Job consumer (placeholder package until the real code is deployed).",
              role: gen.ref("aws_iam_role", "worker-role", "arn"),
              runtime: "python3.12",
              handler: "index.handler",
            }),
            ...packageAttributes("worker"),
            attr("memory_size", gen.v("lambda_memory_mb")),
            attr("timeout", gen.v("lambda_timeout_seconds")),
            gen.tags("worker"),
            attr(
              "depends_on",
              list(
                expr(`aws_iam_role_policy_attachment.${gen.label("worker-policy-attachment")}`),
                expr(`aws_cloudwatch_log_group.${gen.label("worker-logs")}`),
              ),
            ),
          ]),
          resource(gen, "aws_lambda_event_source_mapping", "worker-trigger", [
            ...attrs({
              event_source_arn: queue("jobs", "arn"),
              function_name: fn("arn"),
              batch_size: gen.v("batch_size"),
              function_response_types: list("ReportBatchItemFailures"),
            }),
            gen.tags("worker-trigger"),
          ]),
        ],
        outputs: [output("function_name", "Name of the worker function.", fn("function_name"))],
      },
      {
        key: "dlq-depth-alarm",
        blocks: [
          alarm(gen, {
            key: "dlq-depth-alarm",
            description: template("Messages waiting in ", gen.name("jobs-dlq")),
            namespace: "AWS/SQS",
            metric: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: queue("jobs-dlq", "name") },
            statistic: "Maximum",
            threshold: 0,
          }),
        ],
      },
      {
        key: "jobs-age-alarm",
        blocks: [
          alarm(gen, {
            key: "jobs-age-alarm",
            description: template("Age of the oldest job in ", gen.name("jobs")),
            namespace: "AWS/SQS",
            metric: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: queue("jobs", "name") },
            statistic: "Maximum",
            threshold: gen.v("max_age_seconds"),
          }),
        ],
      },
      {
        key: "worker-errors-alarm",
        blocks: [
          alarm(gen, {
            key: "worker-errors-alarm",
            description: template("Errors of ", gen.name("worker")),
            namespace: "AWS/Lambda",
            metric: "Errors",
            dimensions: { FunctionName: fn("function_name") },
            threshold: 0,
          }),
        ],
      },
    ];
  },
};
