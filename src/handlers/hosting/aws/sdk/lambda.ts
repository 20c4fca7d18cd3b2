// Only the Lambda operations this tool uses, so the bundle keeps just these (imported lazily).
export {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PutFunctionConcurrencyCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
export type { AliasConfiguration } from "@aws-sdk/client-lambda";
