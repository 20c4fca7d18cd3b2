// Only the CloudWatch operations the metrics service uses, so the bundle keeps just these (imported lazily).
export { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
