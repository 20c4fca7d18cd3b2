// Only the CloudWatch operations an investigation reads (alarms, alarm history, error metrics), imported lazily.
export {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
