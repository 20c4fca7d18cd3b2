// Only the ECS operations an investigation reads (service events, task definition log settings), imported lazily.
export { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
