// Only the Lambda operations an investigation reads (configuration, published versions), imported lazily.
export { GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand } from "@aws-sdk/client-lambda";
