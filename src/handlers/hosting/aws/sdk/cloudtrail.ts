// Only the CloudTrail reads the auditor uses, so the bundle keeps just these (imported lazily).
export { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
