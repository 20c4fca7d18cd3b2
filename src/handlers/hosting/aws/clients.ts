// AWS SDK v3 client settings for one environment: its profile and region, or the local emulator's
// endpoint with its fixed test credentials. Clients are created lazily, where they are needed.
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";

export const EMULATOR_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
  forcePathStyle?: boolean;
}

export function clientConfig(env: ResolvedEnvironment): AwsClientConfig {
  if (env.endpoint !== undefined) {
    return { region: env.region, endpoint: env.endpoint, credentials: { ...EMULATOR_CREDENTIALS }, maxAttempts: 3, forcePathStyle: true };
  }
  return { region: env.region, ...(env.profile === undefined ? {} : { profile: env.profile }), maxAttempts: 5 };
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
