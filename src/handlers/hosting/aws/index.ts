// The AWS hosting handler: AWS-specific configuration rules, the caller identity behind each
// environment (STS), the credentials terraform runs with, and console links.
import type { Context } from "../../../core/context.js";
import type { EnvironmentChecks, HostingHandler, StateResource } from "../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import { credentialEnv } from "./clients.js";
import { consoleUrlFor } from "./console-urls.js";
import { callerIdentity } from "./identity.js";
import { awsServices } from "./services/index.js";

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
      message: `"${env.name}" has both an emulator endpoint and the profile "${env.profile}"; the profile's credentials are sent to the emulator`,
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
  callerIdentity,
  credentialEnv: (_ctx: Context, env: ResolvedEnvironment) => credentialEnv(env),
  services: (_ctx: Context, env: ResolvedEnvironment) => awsServices(env),
  consoleUrl: (resource: StateResource, env: ResolvedEnvironment) =>
    consoleUrlFor(resource.type, resource.values, env.region),
} as const satisfies HostingHandler;
