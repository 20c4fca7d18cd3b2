// Only the ECS operations this tool uses, so the bundle keeps just these (imported lazily).
export {
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
export type { Service } from "@aws-sdk/client-ecs";
