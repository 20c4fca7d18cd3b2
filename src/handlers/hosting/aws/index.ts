// The AWS hosting handler. Runtime operations (STS, CloudWatch, Logs, ECS, Lambda through AWS SDK v3)
// arrive with the capabilities that use them; today it owns the AWS-specific configuration rules.
import type { EnvironmentChecks, HostingHandler } from "../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

function checkEnvironment(env: ResolvedEnvironment): EnvironmentChecks {
  const checks: EnvironmentChecks = { errors: [], warnings: [] };
  const path = `environments.${env.name}`;
  if (env.endpoint !== undefined && !LOOPBACK.test(env.endpoint)) {
    checks.warnings.push({
      path: `${path}.endpoint`,
      message: `"${env.name}" sends AWS calls to ${env.endpoint}, which is not on this machine; endpoints are meant for a local AWS emulator`,
    });
  }
  if (env.endpoint !== undefined && env.profile !== undefined) {
    checks.warnings.push({
      path: `${path}.endpoint`,
      message: `"${env.name}" has both an emulator endpoint and the profile "${env.profile}"; the endpoint wins and the profile is not used`,
    });
  }
  if (env.requireConfirmation && env.endpoint === undefined && env.accountId === undefined) {
    checks.warnings.push({
      path: `${path}.account_id`,
      message: `"${env.name}" requires confirmation but has no account_id; set it so every change is checked against the right AWS account`,
    });
  }
  return checks;
}

export const awsHosting = {
  kind: "hosting",
  id: "aws",
  name: "Amazon Web Services",
  description: "AWS through named CLI profiles (or a local AWS emulator endpoint for the sandbox)",
  checkEnvironment,
} as const satisfies HostingHandler;
