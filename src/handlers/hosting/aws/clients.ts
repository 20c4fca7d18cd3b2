// AWS SDK v3 client settings for one environment: its profile (shared config and credentials files,
// SSO, credential_process) and region, or the local emulator's endpoint with its fixed test
// credentials. Adaptive retries. Clients themselves are created lazily, where they are needed.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
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

const configs = new WeakMap<ResolvedEnvironment, AwsClientConfig>();

/** One config per resolved environment, so every client shares its cached credentials. */
export function clientConfig(env: ResolvedEnvironment): AwsClientConfig {
  const cached = configs.get(env);
  if (cached !== undefined) return cached;
  const config: AwsClientConfig =
    env.endpoint !== undefined
      ? { region: env.region, endpoint: env.endpoint, credentials: { ...EMULATOR_CREDENTIALS }, maxAttempts: 3, retryMode: "adaptive", forcePathStyle: true }
      : { region: env.region, credentials: profileCredentials(env.profile), maxAttempts: 5, retryMode: "adaptive" };
  configs.set(env, config);
  return config;
}

/**
 * The variables a child process (terraform) needs to act as exactly this environment: its profile
 * (static keys from the parent shell are removed so they cannot win over it) or the emulator's.
 */
export function credentialEnv(env: ResolvedEnvironment): Record<string, string | undefined> {
  const common = { AWS_REGION: env.region, AWS_DEFAULT_REGION: env.region, AWS_SESSION_TOKEN: undefined, AWS_SECURITY_TOKEN: undefined };
  if (env.endpoint !== undefined) {
    return {
      ...common,
      AWS_PROFILE: undefined,
      AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: env.endpoint,
    };
  }
  return { ...common, AWS_PROFILE: env.profile, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_ENDPOINT_URL: undefined };
}
