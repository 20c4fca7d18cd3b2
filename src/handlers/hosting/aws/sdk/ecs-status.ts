// Only the ECS operation a health check reads (service task counts and deployments), imported lazily.
export { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
