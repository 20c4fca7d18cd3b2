// Building blocks several pattern generators share: resource blocks, IAM documents, Lambda roles and
// packages, alarms and outputs.
import {
  attr,
  attrs,
  block,
  call,
  expr,
  list,
  object,
  template,
  type HclBlock,
  type HclBodyItem,
  type HclValue,
} from "../hcl.js";
import type { GenContext } from "../context.js";

export function resource(gen: GenContext, type: string, key: string, body: HclBodyItem[]): HclBlock {
  return block("resource", [type, gen.label(key)], body);
}

export function output(name: string, description: string, value: HclValue): HclBlock {
  return block("output", [name], [attr("description", description), attr("value", value)]);
}

export interface Statement {
  sid?: string;
  effect?: "Allow" | "Deny";
  actions: string[];
  resources: HclValue[];
  principal?: HclValue;
  condition?: HclValue;
}

export function policyDocument(statements: readonly Statement[]): HclValue {
  return call(
    "jsonencode",
    object({
      Version: "2012-10-17",
      Statement: list(
        ...statements.map((statement) =>
          object([
            ...(statement.sid === undefined ? [] : [["Sid", statement.sid] as [string, HclValue]]),
            ["Effect", statement.effect ?? "Allow"],
            ...(statement.principal === undefined ? [] : [["Principal", statement.principal] as [string, HclValue]]),
            ["Action", list(...statement.actions)],
            [
              "Resource",
              statement.resources.length === 1 ? (statement.resources[0] as HclValue) : list(...statement.resources),
            ],
            ...(statement.condition === undefined ? [] : [["Condition", statement.condition] as [string, HclValue]]),
          ]),
        ),
      ),
    }),
  );
}

/** Role + customer-managed policy + attachment. Customer-managed: emulators do not all know AWS's managed policies. */
export function roleWithPolicy(
  gen: GenContext,
  keys: { role: string; policy: string; attachment: string },
  service: string,
  description: string,
  statements: readonly Statement[],
): HclBlock[] {
  return [
    resource(gen, "aws_iam_role", keys.role, [
      attr("name", gen.name(keys.role)),
      attr("assume_role_policy", trustPolicy(service)),
      gen.tags(keys.role),
    ]),
    resource(gen, "aws_iam_policy", keys.policy, [
      attr("name", gen.name(keys.policy)),
      attr("description", description),
      attr("policy", policyDocument(statements)),
      gen.tags(keys.policy),
    ]),
    resource(gen, "aws_iam_role_policy_attachment", keys.attachment, [
      attr("role", gen.ref("aws_iam_role", keys.role, "name")),
      attr("policy_arn", gen.ref("aws_iam_policy", keys.policy, "arn")),
    ]),
  ];
}

export function trustPolicy(service: string): HclValue {
  return call(
    "jsonencode",
    object({
      Version: "2012-10-17",
      Statement: list(
        object({ Effect: "Allow", Action: "sts:AssumeRole", Principal: object({ Service: service }, true) }),
      ),
    }),
  );
}

export function logWriteStatement(gen: GenContext, logGroupKey: string): Statement {
  return {
    sid: "WriteOwnLogs",
    actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
    resources: [template(gen.ref("aws_cloudwatch_log_group", logGroupKey, "arn"), ":*")],
  };
}

export interface AlarmSpec {
  key: string;
  description: HclValue;
  namespace: HclValue;
  metric: string;
  /** None for a custom metric published without dimensions (a log metric filter's). */
  dimensions?: Record<string, HclValue>;
  statistic?: string;
  period?: number;
  evaluationPeriods?: number;
  threshold: HclValue;
  comparison?: string;
}

export function alarm(gen: GenContext, spec: AlarmSpec): HclBlock {
  return resource(gen, "aws_cloudwatch_metric_alarm", spec.key, [
    ...attrs({
      alarm_name: gen.name(spec.key),
      alarm_description: spec.description,
      namespace: spec.namespace,
      metric_name: spec.metric,
      dimensions: spec.dimensions === undefined ? undefined : object(spec.dimensions, true),
      statistic: spec.statistic ?? "Sum",
      period: spec.period ?? 300,
      evaluation_periods: spec.evaluationPeriods ?? 1,
      threshold: spec.threshold,
      comparison_operator: spec.comparison ?? "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    }),
    gen.tags(spec.key),
  ]);
}

/** The function's log group under the name Lambda writes to, so it exists (with retention) before the first call. */
export function lambdaLogGroup(gen: GenContext, key: string, functionKey: string): HclBlock {
  return resource(gen, "aws_cloudwatch_log_group", key, [
    attr("name", template("/aws/lambda/", ...gen.name(functionKey).parts)),
    attr("retention_in_days", gen.v("log_retention_days")),
    gen.tags(key),
  ]);
}

export const PACKAGE_DIR = "build";

export function packagePath(functionKey: string): string {
  return `${PACKAGE_DIR}/${functionKey}.zip`;
}

/** The attributes that point a function at its generated package. */
export function packageAttributes(functionKey: string): HclBodyItem[] {
  const file = template(expr("path.module"), `/${packagePath(functionKey)}`);
  return [attr("filename", file), attr("source_code_hash", call("filebase64sha256", file))];
}
