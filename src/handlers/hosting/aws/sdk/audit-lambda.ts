// Only the Lambda read the auditor uses (a function's configuration), so the bundle keeps just that (imported lazily).
export { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
