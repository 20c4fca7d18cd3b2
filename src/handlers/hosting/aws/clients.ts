// AWS SDK v3 client settings for one environment: its profile (shared config and credentials files,
// SSO, credential_process) and region, or the local emulator's endpoint with its fixed test
// credentials. Adaptive retries. Clients themselves are created lazily, where they are needed.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import { UserError } from "../../../core/errors.js";
import { loadSdk } from "./sdk/load.js";

export const EMULATOR_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  retryMode: "adaptive";
  forcePathStyle?: boolean;
}

/** The profile's credential chain, loaded on first use so start-up stays fast. */
function profileCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  let provider: AwsCredentialIdentityProvider | undefined;
  return async (options) => {
    if (provider === undefined) {
      const { fromNodeProviderChain } = await loadSdk("credential-providers");
      provider = fromNodeProviderChain(profile === undefined ? {} : { profile });
    }
    return provider(options);
  };
}

/** Whose credentials a client uses: the environment's deploy profile, or the IAM-granting discover profile. */
export type CredentialsFor = "environment" | "discover";

const configs = {
  environment: new WeakMap<ResolvedEnvironment, AwsClientConfig>(),
  discover: new WeakMap<ResolvedEnvironment, AwsClientConfig>(),
};

/**
 * One config per resolved environment and credential owner, so every client shares its cached
 * credentials. The discover profile is only ever asked for by the IAM-granting service; with an
 * emulator endpoint both get the emulator's keys unless a profile is configured.
 */
export function clientConfig(
  env: ResolvedEnvironment,
  credentialsFor: CredentialsFor = "environment",
): AwsClientConfig {
  const cached = configs[credentialsFor].get(env);
  if (cached !== undefined) return cached;
  const profile = credentialsFor === "discover" ? env.discoverProfile : env.profile;
  // Never fall back to the default credential chain for IAM grants: that could be anyone's credentials.
  if (credentialsFor === "discover" && profile === undefined && env.endpoint === undefined) {
    throw new UserError("DISCOVER_PROFILE_MISSING", `no discover profile is configured for "${env.name}"`, {
      suggestion: "set handlers.hosting.aws.profiles.discover to the AWS CLI profile allowed to edit the deploy policy",
    });
  }
  // An emulator takes the emulator's keys, or a profile's when one is configured (an emulator that
  // enforces IAM, with one identity per profile).
  const config: AwsClientConfig =
    env.endpoint !== undefined
      ? {
          region: env.region,
          endpoint: env.endpoint,
          credentials: profile === undefined ? { ...EMULATOR_CREDENTIALS } : profileCredentials(profile),
          maxAttempts: 3,
          retryMode: "adaptive",
          forcePathStyle: true,
        }
      : { region: env.region, credentials: profileCredentials(profile), maxAttempts: 5, retryMode: "adaptive" };
  configs[credentialsFor].set(env, config);
  return config;
}

/**
 * The variables a child process (terraform) needs to act as exactly this environment: its profile
 * (static keys from the parent shell are removed so they cannot win over it) or the emulator's.
 */
export function credentialEnv(env: ResolvedEnvironment): Record<string, string | undefined> {
  const common = {
    AWS_REGION: env.region,
    AWS_DEFAULT_REGION: env.region,
    AWS_SESSION_TOKEN: undefined,
    AWS_SECURITY_TOKEN: undefined,
  };
  if (env.endpoint !== undefined) {
    return {
      ...common,
      AWS_PROFILE: env.profile,
      AWS_ACCESS_KEY_ID: env.profile === undefined ? EMULATOR_CREDENTIALS.accessKeyId : undefined,
      AWS_SECRET_ACCESS_KEY: env.profile === undefined ? EMULATOR_CREDENTIALS.secretAccessKey : undefined,
      AWS_ENDPOINT_URL: env.endpoint,
    };
  }
  return {
    ...common,
    AWS_PROFILE: env.profile,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_ENDPOINT_URL: undefined,
  };
}
