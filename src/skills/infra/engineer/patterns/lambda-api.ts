// Terraform for the lambda-api pattern: HTTP API → Lambda → DynamoDB, least-privilege role, logs, alarms.
import { commandLine } from "../../../../core/commands/command-line.js";
import { attr, attrs, block, call, expr, list, object, template } from "../hcl.js";
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

export const API_HANDLER_SOURCE = `# Placeholder handler written by ${commandLine("infra engineer")}: replace it with the real API.
import json
import os


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"ok": True, "table": os.environ.get("TABLE_NAME", "")}),
    }
`;

export const lambdaApiGenerator: PatternGenerator = {
  files: () => [
    { name: packagePath("handler"), content: storedZip([{ name: "index.py", content: API_HANDLER_SOURCE }]) },
  ],
  parts: (gen) => {
    const fn = (attribute: string) => gen.ref("aws_lambda_function", "handler", attribute);
    const api = (attribute: string) => gen.ref("aws_apigatewayv2_api", "api", attribute);
    const table = (attribute: string) => gen.ref("aws_dynamodb_table", "items", attribute);
    return [
      {
        blocks: roleWithPolicy(
          gen,
          { role: "handler-role", policy: "handler-policy", attachment: "handler-policy-attachment" },
          "lambda.amazonaws.com",
          "Lets the API function use its table and write its logs.",
          [
            {
              sid: "TableItems",
              actions: [
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:Query",
              ],
              resources: [table("arn")],
            },
            logWriteStatement(gen, "handler-logs"),
          ],
        ),
      },
      { blocks: [lambdaLogGroup(gen, "handler-logs", "handler")] },
      {
        key: "items",
        blocks: [
          resource(gen, "aws_dynamodb_table", "items", [
            ...attrs({ name: gen.name("items"), billing_mode: "PAY_PER_REQUEST", hash_key: "pk", range_key: "sk" }),
            block("attribute", [], [attr("name", "pk"), attr("type", "S")]),
            block("attribute", [], [attr("name", "sk"), attr("type", "S")]),
            block("server_side_encryption", [], [attr("enabled", true)]),
            block("point_in_time_recovery", [], [attr("enabled", true)]),
            gen.tags("items"),
          ]),
        ],
        outputs: [output("table_name", "Name of the DynamoDB table.", table("name"))],
      },
      {
        key: "handler",
        blocks: [
          resource(gen, "aws_lambda_function", "handler", [
            ...attrs({
              function_name: gen.name("handler"),
              description: "API handler (placeholder package until the real code is deployed).",
              role: gen.ref("aws_iam_role", "handler-role", "arn"),
              runtime: "python3.12",
              handler: "index.handler",
            }),
            ...packageAttributes("handler"),
            attr("memory_size", gen.v("lambda_memory_mb")),
            attr("timeout", gen.v("lambda_timeout_seconds")),
            block("environment", [], [attr("variables", object({ TABLE_NAME: table("name") }, true))]),
            gen.tags("handler"),
            attr(
              "depends_on",
              list(
                expr(`aws_iam_role_policy_attachment.${gen.label("handler-policy-attachment")}`),
                expr(`aws_cloudwatch_log_group.${gen.label("handler-logs")}`),
              ),
            ),
          ]),
        ],
        outputs: [output("function_name", "Name of the API function.", fn("function_name"))],
      },
      {
        key: "api",
        blocks: [
          resource(gen, "aws_apigatewayv2_api", "api", [
            ...attrs({
              name: gen.name("api"),
              description: "HTTP API in front of the handler function.",
              protocol_type: "HTTP",
            }),
            gen.tags("api"),
          ]),
          resource(gen, "aws_apigatewayv2_integration", "api-integration", [
            ...attrs({
              api_id: api("id"),
              integration_type: "AWS_PROXY",
              integration_uri: fn("invoke_arn"),
              integration_method: "POST",
              payload_format_version: "2.0",
            }),
          ]),
          resource(gen, "aws_apigatewayv2_route", "api-route", [
            attr("api_id", api("id")),
            attr("route_key", "$default"),
            attr("target", template("integrations/", gen.ref("aws_apigatewayv2_integration", "api-integration", "id"))),
          ]),
          resource(gen, "aws_cloudwatch_log_group", "api-logs", [
            attr("name", gen.name("api-logs")),
            attr("retention_in_days", gen.v("log_retention_days")),
            gen.tags("api-logs"),
          ]),
          resource(gen, "aws_apigatewayv2_stage", "api-stage", [
            attr("api_id", api("id")),
            attr("name", "$default"),
            attr("auto_deploy", true),
            block(
              "default_route_settings",
              [],
              [
                attr("throttling_burst_limit", gen.v("throttle_burst_limit")),
                attr("throttling_rate_limit", gen.v("throttle_rate_limit")),
              ],
            ),
            block(
              "access_log_settings",
              [],
              [
                attr("destination_arn", gen.ref("aws_cloudwatch_log_group", "api-logs", "arn")),
                attr(
                  "format",
                  call(
                    "jsonencode",
                    object({
                      requestId: "$context.requestId",
                      routeKey: "$context.routeKey",
                      status: "$context.status",
                      integrationError: "$context.integrationErrorMessage",
                      latencyMs: "$context.responseLatency",
                    }),
                  ),
                ),
              ],
            ),
            gen.tags("api-stage"),
          ]),
          resource(gen, "aws_lambda_permission", "api-invoke", [
            ...attrs({
              statement_id: "AllowInvokeFromApi",
              action: "lambda:InvokeFunction",
              function_name: fn("function_name"),
              principal: "apigateway.amazonaws.com",
              source_arn: template(api("execution_arn"), "/*/*"),
            }),
          ]),
        ],
        outputs: [output("api_url", "Base URL of the API (HTTPS).", api("api_endpoint"))],
      },
      {
        key: "handler-errors-alarm",
        blocks: [
          alarm(gen, {
            key: "handler-errors-alarm",
            description: template("Errors of ", gen.name("handler")),
            namespace: "AWS/Lambda",
            metric: "Errors",
            dimensions: { FunctionName: fn("function_name") },
            threshold: gen.v("error_alarm_threshold"),
            comparison: "GreaterThanOrEqualToThreshold",
          }),
        ],
      },
      {
        key: "handler-throttles-alarm",
        blocks: [
          alarm(gen, {
            key: "handler-throttles-alarm",
            description: template("Throttles of ", gen.name("handler")),
            namespace: "AWS/Lambda",
            metric: "Throttles",
            dimensions: { FunctionName: fn("function_name") },
            threshold: 0,
          }),
        ],
      },
      {
        key: "api-5xx-alarm",
        blocks: [
          alarm(gen, {
            key: "api-5xx-alarm",
            description: template("5xx responses of ", gen.name("api")),
            namespace: "AWS/ApiGateway",
            metric: "5xx",
            dimensions: { ApiId: api("id"), Stage: "$default" },
            threshold: gen.v("api_5xx_alarm_threshold"),
          }),
        ],
      },
    ];
  },
};
