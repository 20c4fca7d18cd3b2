// Pattern: a serverless REST-style API — API Gateway HTTP API, one Lambda function, a DynamoDB table.
import { commandLine } from "../../../../core/commands/command-line.js";
import type { Pattern } from "./types.js";

export const lambdaApi: Pattern = {
  id: "lambda-api",
  title: "Serverless API: API Gateway, Lambda and DynamoDB",
  summary:
    "An API Gateway HTTP API forwards every route to one Lambda function, which stores its data in an encrypted on-demand DynamoDB table; the function's role can reach only that table and its own log group.",
  cues: [
    { label: "api", weight: 4, words: ["api", "rest api", "http api", "restful"] },
    { label: "endpoint", weight: 2, words: ["endpoint", "route", "webhook"] },
    { label: "serverless", weight: 4, words: ["serverless", "lambda", "function as a service", "faas"] },
    { label: "crud", weight: 3, words: ["crud", "dynamodb", "nosql", "key value"] },
    { label: "backend", weight: 2, words: ["backend", "back end", "microservice"] },
    {
      label: "auth",
      weight: 2,
      words: ["authentication", "auth", "login", "sign in", "signup", "sign up", "user account"],
    },
    { label: "json", weight: 1, words: ["json", "graphql", "mobile app"] },
    { label: "service", weight: 1, words: ["service"] },
  ],
  resources: [
    { key: "handler-role", type: "aws_iam_role", purpose: "execution role assumed by the function" },
    {
      key: "handler-policy",
      type: "aws_iam_policy",
      purpose: "least privilege: the table's item actions and the function's own log group",
    },
    {
      key: "handler-policy-attachment",
      type: "aws_iam_role_policy_attachment",
      purpose: "attaches the policy to the role",
    },
    {
      key: "handler-logs",
      type: "aws_cloudwatch_log_group",
      purpose: "the function's logs, with a retention period",
      logGroupOf: "handler",
    },
    {
      key: "items",
      type: "aws_dynamodb_table",
      purpose: "on-demand table with encryption at rest and point-in-time recovery",
    },
    {
      key: "handler",
      type: "aws_lambda_function",
      purpose: "the API's code (a placeholder package until the real one is built)",
    },
    { key: "api", type: "aws_apigatewayv2_api", purpose: "the HTTP API (HTTPS only)" },
    {
      key: "api-integration",
      type: "aws_apigatewayv2_integration",
      purpose: "proxies requests to the function (payload format 2.0)",
    },
    { key: "api-route", type: "aws_apigatewayv2_route", purpose: "sends every method and path to the integration" },
    {
      key: "api-logs",
      type: "aws_cloudwatch_log_group",
      purpose: "the API's access logs (JSON), with a retention period",
    },
    {
      key: "api-stage",
      type: "aws_apigatewayv2_stage",
      purpose: "the $default stage: deployed automatically, throttled, access-logged",
    },
    { key: "api-invoke", type: "aws_lambda_permission", purpose: "lets only this API invoke the function" },
    { key: "handler-errors-alarm", type: "aws_cloudwatch_metric_alarm", purpose: "function errors", optional: true },
    {
      key: "handler-throttles-alarm",
      type: "aws_cloudwatch_metric_alarm",
      purpose: "function throttles",
      optional: true,
    },
    { key: "api-5xx-alarm", type: "aws_cloudwatch_metric_alarm", purpose: "API 5xx responses", optional: true },
  ],
  parameters: [
    {
      name: "lambda_memory_mb",
      type: "number",
      default: 128,
      prodValue: 256,
      description: "Memory of the function, in MB.",
    },
    { name: "lambda_timeout_seconds", type: "number", default: 10, description: "Function timeout, in seconds." },
    {
      name: "log_retention_days",
      type: "number",
      default: 7,
      prodValue: 30,
      description: "Days the log group keeps events.",
    },
    {
      name: "throttle_rate_limit",
      type: "number",
      default: 50,
      prodValue: 200,
      description: "Steady-state requests per second the stage allows.",
    },
    {
      name: "throttle_burst_limit",
      type: "number",
      default: 100,
      prodValue: 400,
      description: "Burst of requests the stage allows.",
    },
    {
      name: "error_alarm_threshold",
      type: "number",
      default: 1,
      prodValue: 5,
      description: "Function errors per 5 minutes that raise the alarm.",
    },
    {
      name: "api_5xx_alarm_threshold",
      type: "number",
      default: 5,
      prodValue: 10,
      description: "API 5xx responses per 5 minutes that raise the alarm.",
    },
  ],
  diagram: [
    "client ──HTTPS──▶ API Gateway HTTP API ($default stage)",
    "                      │ AWS_PROXY",
    "                      ▼",
    "                Lambda function ──▶ DynamoDB table",
    "                      │",
    "                      ▼",
    "            CloudWatch Logs + alarms",
  ].join("\n"),
  requirements: [
    "Expose a JSON API over HTTPS.",
    "Scale to zero when idle and with traffic, without servers to manage.",
    "Persist records durably with point-in-time recovery.",
  ],
  security: [
    "API Gateway endpoints are HTTPS only.",
    "The function's policy allows only dynamodb:GetItem, PutItem, UpdateItem, DeleteItem and Query on this table, and logs:CreateLogStream / PutLogEvents on its own log group.",
    "The Lambda permission is scoped to this API's execution ARN.",
    "DynamoDB server-side encryption is enabled explicitly; logs have a retention period.",
    "The stage is throttled so a burst cannot run up unbounded cost.",
  ],
  risks: [
    "The function starts with a placeholder package; the real code must be built and deployed before use.",
    "The API has no authoriser yet: add a JWT authoriser (Cognito or another issuer) before exposing private data.",
    "On-demand DynamoDB is cheap at low traffic but costs more than provisioned capacity at a steady high load.",
  ],
  testing: [
    `${commandLine("infra validate-config")}: naming, required tags, Terraform validation.`,
    "Call the API's URL (output api_url) and expect 200 from the placeholder handler.",
    `${commandLine("ops check-health")} after deploy: function errors, throttles, API 5xx.`,
  ],
};
