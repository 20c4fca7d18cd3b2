// Only the CloudWatch Logs operations the logs service uses, so the bundle keeps just these (imported lazily).
export { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
