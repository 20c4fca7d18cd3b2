// AWS SDK failures as typed errors: a stable code by kind, the AWS error code, HTTP status and
// request id in the details, and a suggestion where the fix is known.
import { type ErrorCode, ProviderError } from "../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: "client" | "server";
}

export function awsFailure(operation: string, error: unknown, env: ResolvedEnvironment): ProviderError {
  if (error instanceof ProviderError) return error;
  const sdk = (typeof error === "object" && error !== null ? error : {}) as SdkError;
  const awsCode = sdk.name ?? "Error";
  const httpStatus = sdk.$metadata?.httpStatusCode;
  const details = {
    operation,
    awsCode,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(sdk.$metadata?.requestId === undefined ? {} : { requestId: sdk.$metadata.requestId }),
  };
  const message = `${operation} failed in "${env.name}": ${awsCode}: ${sdk.message ?? String(error)}`;
  const kind = (code: ErrorCode, suggestion?: string) =>
    new ProviderError(code, message, { ...(suggestion === undefined ? {} : { suggestion }), details, cause: error });
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/i.test(awsCode) || httpStatus === 403) {
    return kind("AWS_ACCESS_DENIED", `the credentials of "${env.name}" lack the permission for ${operation}`);
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(awsCode) || httpStatus === 429) {
    return kind("AWS_THROTTLED", "AWS is throttling requests; retry in a minute");
  }
  if (
    /CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch/i.test(awsCode)
  ) {
    return kind(
      "AWS_CREDENTIALS",
      env.profile === undefined
        ? "check the environment's credentials"
        : `refresh the credentials of profile "${env.profile}" (for SSO: aws sso login --profile ${env.profile})`,
    );
  }
  if (/NotFound|NoSuch|DoesNotExist/i.test(awsCode) || httpStatus === 404) return kind("AWS_NOT_FOUND");
  if (sdk.$fault === "server" || (httpStatus !== undefined && httpStatus >= 500)) {
    return kind(
      "AWS_UNAVAILABLE",
      "the AWS service answered with a server error; retry, and check the AWS Health Dashboard",
    );
  }
  return kind("AWS_REQUEST_FAILED");
}

/** Runs one SDK call and maps its failure. */
export async function call<T>(operation: string, env: ResolvedEnvironment, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw awsFailure(operation, error, env);
  }
}
