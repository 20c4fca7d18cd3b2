// Only the AWS Config recorder reads the auditor uses, so the bundle keeps just these (imported lazily).
export {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from "@aws-sdk/client-config-service";
