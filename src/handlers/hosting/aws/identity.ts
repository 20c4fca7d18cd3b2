// STS GetCallerIdentity: which account the environment's credentials really reach.
import type { Context } from "../../../core/context.js";
import { ProviderError } from "../../../core/errors.js";
import type { CallerIdentity } from "../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";
import { clientConfig } from "./clients.js";
import { awsFailure } from "./errors.js";
import { loadSdk } from "./sdk/load.js";

export async function callerIdentity(_ctx: Context, env: ResolvedEnvironment): Promise<CallerIdentity> {
  const { STSClient, GetCallerIdentityCommand } = await loadSdk("sts");
  const client = new STSClient(clientConfig(env));
  try {
    const answer = await client.send(new GetCallerIdentityCommand({}));
    if (answer.Account === undefined || answer.Arn === undefined) {
      throw new ProviderError("AWS_IDENTITY_UNKNOWN", "STS GetCallerIdentity returned no account");
    }
    return { account: answer.Account, arn: answer.Arn, userId: answer.UserId ?? "" };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    const mapped = awsFailure("sts:GetCallerIdentity", error, env);
    const target =
      env.endpoint !== undefined ? `the AWS emulator at ${env.endpoint}` : `AWS profile "${env.profile ?? "(none)"}"`;
    throw new ProviderError(
      "AWS_CREDENTIALS",
      `cannot confirm which AWS account "${env.name}" uses (${target}): ${mapped.message}`,
      {
        suggestion:
          env.endpoint !== undefined
            ? `start the local AWS emulator, or fix environments.${env.name}.endpoint`
            : `check that the profile exists and its credentials are current (for SSO: aws sso login --profile ${env.profile ?? "<profile>"})`,
        ...(mapped.details === undefined ? {} : { details: mapped.details }),
        cause: error,
      },
    );
  } finally {
    client.destroy();
  }
}
