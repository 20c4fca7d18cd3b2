// Risk classes of remediation actions and the decision whether a person must approve one. Pure
// functions over the configuration (remediation.auto / confirm / never) and the environment's rules.
import type { DevopsConfig } from "../../../core/config/schema.js";

export type RemediationAction = "restart" | "scale" | "rollback";
export type RemediationResourceKind = "ecs_service" | "lambda_function";
export type RiskClass = "auto" | "confirm" | "never";
export type RemediationActionKey = DevopsConfig["remediation"]["auto"][number];

/** `ecs.scale`, `lambda.rollback`, …: the names the configuration's risk lists use. */
export function actionKey(kind: RemediationResourceKind, action: RemediationAction): RemediationActionKey {
  return `${kind === "ecs_service" ? "ecs" : "lambda"}.${action}`;
}

/**
 * The class the configuration gives an action. A key in several lists takes the strictest; a key in
 * none needs confirmation, so forgetting an action never makes it automatic.
 */
export function riskClassOf(lists: DevopsConfig["remediation"], key: RemediationActionKey): RiskClass {
  if (lists.never.includes(key)) return "never";
  if (lists.confirm.includes(key)) return "confirm";
  if (lists.auto.includes(key)) return "auto";
  return "confirm";
}

export interface ConfirmationPolicyInput {
  risk: RiskClass;
  key: RemediationActionKey;
  environment: { name: string; requireConfirmation: boolean; protected: boolean };
  action: RemediationAction;
  /** --count of a scale. */
  count?: number;
}

export type ConfirmationPolicy =
  | { decision: "forbidden"; reasons: string[] }
  | { decision: "confirm"; reasons: string[] }
  | { decision: "auto"; reasons: string[] };

/**
 * Whether the action may run now, must be approved by a person, or is refused. Scaling to zero stops
 * the service (every ECS task stopped, every Lambda invocation throttled), so it is never automatic.
 */
export function confirmationPolicy(input: ConfirmationPolicyInput): ConfirmationPolicy {
  const { risk, key, environment } = input;
  if (risk === "never") return { decision: "forbidden", reasons: [`${key} is listed in remediation.never`] };
  const reasons: string[] = [];
  if (environment.protected) reasons.push(`"${environment.name}" is protected`);
  else if (environment.requireConfirmation) reasons.push(`"${environment.name}" requires confirmation`);
  if (risk === "confirm")
    reasons.push(`${key} is a confirm-class action (remediation.confirm, or not listed in remediation.auto)`);
  if (input.action === "scale" && input.count === 0) reasons.push("scaling to 0 stops the service");
  return reasons.length > 0
    ? { decision: "confirm", reasons }
    : {
        decision: "auto",
        reasons: [`${key} is listed in remediation.auto and "${environment.name}" does not require confirmation`],
      };
}
