// The AWS handler's configuration: the `handlers.hosting.aws` block, what it resolves for an
// environment (region, account, deploy and discover profiles, emulator endpoint), and its rules.
// Loaded eagerly by the registry, so it must stay free of the SDK and of the handler itself.
import * as z from "zod";
import type {
  ConfigCheck,
  HandlerConfig,
  ResolvedEnvironment,
  ResolvedHosting,
} from "../../../core/config/handler-config.js";
import { environmentNames } from "../../../core/config/environments.js";
import { knownProfiles } from "./profiles.js";
import { AccountId, AwsRegion, Endpoint, ProfileName, type DevopsConfig } from "../../../core/config/schema.js";

export const AwsHostingConfig = z
  .object({
    region: AwsRegion.default("us-east-1").describe("default region for every environment"),
    regions: z.array(AwsRegion).min(1).optional().describe("additional regions (multi-region deployments)"),
    account_id: AccountId.optional().describe("default AWS account id, checked before every mutation"),
    profiles: z
      .record(z.string(), ProfileName)
      .default({})
      .describe('AWS CLI profile per environment name, plus "discover" for IAM permission management'),
    endpoint: Endpoint.optional(),
  })
  .strict();
export type AwsHostingConfig = z.infer<typeof AwsHostingConfig>;

/** The profile that grants IAM permissions; it never deploys, and no environment may take its name. */
const DISCOVER = "discover";

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/** `handlers.hosting.aws` of a loaded config, with its defaults. */
export function awsHostingBlock(config: DevopsConfig): AwsHostingConfig {
  return AwsHostingConfig.parse(config.handlers.hosting.aws ?? {});
}

/** Which profile an environment deploys with: it needs one (or the emulator), and never the discover profile. */
function checkProfiles(env: ResolvedEnvironment, checks: ConfigCheck): void {
  const path = `environments.${env.name}`;
  if (env.name === DISCOVER) {
    checks.errors.push({
      path,
      message: `"${DISCOVER}" names the IAM-granting profile and cannot be an environment`,
      suggestion: "rename the environment",
    });
  }
  if (env.profile === undefined && env.endpoint === undefined) {
    checks.errors.push({
      path: `handlers.hosting.aws.profiles.${env.name}`,
      message: `environment "${env.name}" has no AWS profile`,
      suggestion: `set handlers.hosting.aws.profiles.${env.name} (or ${path}.profile) to the AWS CLI profile that deploys it`,
    });
  }
  if (env.profile !== undefined && env.profile === env.discoverProfile) {
    checks.errors.push({
      path: `handlers.hosting.aws.profiles.${env.name}`,
      message: `environment "${env.name}" uses the discover profile "${env.profile}"; the IAM-granting profile never deploys`,
      suggestion: "give the environment its own deploy profile",
    });
  }
}

/** Where one environment's AWS calls go and which account they must reach. */
export function checkAwsEnvironment(env: ResolvedEnvironment): ConfigCheck {
  const checks: ConfigCheck = { errors: [], warnings: [] };
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

export const awsHostingConfig = {
  id: "aws",
  schema: AwsHostingConfig,

  resolve(block, scope): ResolvedHosting {
    const env = scope.settings;
    const profile = env.profile ?? block?.profiles[scope.name];
    const accountId = env.account_id ?? block?.account_id;
    const endpoint = env.endpoint ?? block?.endpoint;
    const discoverProfile = block?.profiles[DISCOVER];
    return {
      region: env.region ?? block?.region ?? "us-east-1",
      ...(accountId === undefined ? {} : { accountId }),
      ...(profile === undefined ? {} : { profile }),
      ...(discoverProfile === undefined ? {} : { discoverProfile }),
      ...(endpoint === undefined ? {} : { endpoint }),
    };
  },

  check(block, environments, config) {
    const checks: ConfigCheck = { errors: [], warnings: [] };
    for (const env of environments) checkProfiles(env, checks);
    const names = environmentNames(config);
    for (const profileKey of Object.keys(block?.profiles ?? {})) {
      if (profileKey !== DISCOVER && !names.includes(profileKey)) {
        checks.warnings.push({
          path: `handlers.hosting.aws.profiles.${profileKey}`,
          message: `profile for "${profileKey}" is set but no such environment is configured`,
        });
      }
    }
    return checks;
  },

  checkEnvironment: checkAwsEnvironment,

  async checkMachine(env, machine) {
    const { checkSharedProfiles } = await import("./shared-config.js");
    return checkSharedProfiles(env, machine.env);
  },

  initial({ project, region, sandbox, environments, profiles: given = {} }) {
    // Emulator environments take the emulator's keys; a profile there would send real credentials to it.
    if (sandbox) return { region };
    const profiles = Object.fromEntries(
      [DISCOVER, ...environments].map((name) => [name, given[name] ?? `${project}-${name}-deploy`] as const),
    );
    return { region, profiles };
  },

  knownProfiles,
} satisfies HandlerConfig<ResolvedHosting, AwsHostingConfig>;
