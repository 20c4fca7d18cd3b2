// Only the reads post-deployment probes use (existence checks, target health, a Lambda invoke), imported lazily.
export { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
export { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
export {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
export {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
} from "@aws-sdk/client-ecs";
export {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
export { GetPolicyCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
export { GetFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
export { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
