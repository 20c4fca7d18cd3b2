// Only the EC2 reads the auditor uses (security groups, volumes), so the bundle keeps just these (imported lazily).
export { EC2Client, paginateDescribeSecurityGroups, paginateDescribeVolumes } from "@aws-sdk/client-ec2";
