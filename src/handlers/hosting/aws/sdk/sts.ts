// Only the STS operations this tool uses, so the bundle keeps just these (imported lazily).
export { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
