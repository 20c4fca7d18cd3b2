// Only the Lambda operation a health check reads (function state and configuration), imported lazily.
export { GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
