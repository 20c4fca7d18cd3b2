// The AWS hosting handler: the caller identity behind each environment (STS), the credentials
// terraform runs with, runtime services and console links. Its configuration lives in config.ts.
import type { Context } from "../../../core/context.js";
import type { HostingHandler, StateResource } from "../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import { credentialEnv } from "./clients.js";
import { checkAwsEnvironment } from "./config.js";
import { consoleUrlFor } from "./console-urls.js";
import { callerIdentity } from "./identity.js";
import { awsServices } from "./services/index.js";

export const awsHosting = {
  kind: "hosting",
  id: "aws",
  name: "Amazon Web Services",
  description: "AWS through named CLI profiles (or a local AWS emulator endpoint for the sandbox)",
  checkEnvironment: checkAwsEnvironment,
  callerIdentity,
  credentialEnv: (_ctx: Context, env: ResolvedEnvironment) => credentialEnv(env),
  services: (_ctx: Context, env: ResolvedEnvironment) => awsServices(env),
  consoleUrl: (resource: StateResource, env: ResolvedEnvironment) =>
    consoleUrlFor(resource.type, resource.values, env.region),
} as const satisfies HostingHandler;
