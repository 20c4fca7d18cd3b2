// Real AWS state on the moto server for the remediation tests, created through the SDK: an ECS cluster,
// a task-definition family with two revisions and a service on the newer one; a Lambda function with
// two published versions behind the alias `live` (on version 2). The registry records them the way a
// deploy of that Terraform would (buildRegistry over state-shaped resources).
import { readFile } from "node:fs/promises";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import type { StateResource } from "../../src/core/handler-contract.js";
import { buildRegistry, registryPaths, writeRegistry } from "../../src/records/registry.js";
import { fixturePath } from "./project.js";

export const SERVICE = "shop-worker";
export const FUNCTION = "shop-orders";
const CLUSTER = "shop-cluster";
const FAMILY = "shop-worker-task";
const AWS = "registry.terraform.io/hashicorp/aws";

export interface AwsFixture {
  ecs: ECSClient;
  lambda: LambdaClient;
  serviceArn: string;
  clusterArn: string;
  taskDefinitions: string[];
  functionArn: string;
}

export function clients(endpoint: string) {
  const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  return { ecs: new ECSClient(config), lambda: new LambdaClient(config), iam: new IAMClient(config) };
}

export async function createAwsFixture(endpoint: string, options: { desiredCount?: number } = {}): Promise<AwsFixture> {
  const { ecs, lambda, iam } = clients(endpoint);
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  const taskDefinitions: string[] = [];
  for (const image of ["busybox:1.35", "busybox:1.36"]) {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: FAMILY,
        containerDefinitions: [{ name: "worker", image, memory: 128, essential: true }],
        cpu: "256",
        memory: "512",
      }),
    );
    taskDefinitions.push(registered.taskDefinition!.taskDefinitionArn!);
  }
  const service = await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: taskDefinitions[1],
      desiredCount: options.desiredCount ?? 2,
    }),
  );

  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: "shop-orders-role",
      AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
    }),
  );
  const zip = await readFile(fixturePath("stacks", "aws-small", "lambda.zip"));
  const fn = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION,
      Role: role.Role!.Arn!,
      Runtime: "python3.12",
      Handler: "index.handler",
      Code: { ZipFile: zip },
      Environment: { Variables: { DB_HOST: "db.internal", MODE: "live" } },
    }),
  );
  await lambda.send(new PublishVersionCommand({ FunctionName: FUNCTION }));
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: FUNCTION, Description: "second release" }));
  await lambda.send(new PublishVersionCommand({ FunctionName: FUNCTION }));
  await lambda.send(new CreateAliasCommand({ FunctionName: FUNCTION, Name: "live", FunctionVersion: "2" }));
  return {
    ecs,
    lambda,
    serviceArn: service.service!.serviceArn!,
    clusterArn: cluster.cluster!.clusterArn!,
    taskDefinitions,
    functionArn: fn.FunctionArn!,
  };
}

function resource(type: string, name: string, values: Record<string, unknown>): StateResource {
  return { address: `${type}.${name}`, type, name, providerName: AWS, values };
}

/** The environment's registry.json, as a deploy of these resources would write it. */
export async function writeFixtureRegistry(root: string, environment: string, fixture: AwsFixture): Promise<void> {
  const aliasArn = `${fixture.functionArn}:live`;
  const resources = [
    resource("aws_ecs_cluster", "main", { id: fixture.clusterArn, arn: fixture.clusterArn, name: CLUSTER }),
    resource("aws_ecs_task_definition", "worker", {
      id: FAMILY,
      arn: fixture.taskDefinitions[1],
      family: FAMILY,
      revision: 2,
    }),
    resource("aws_ecs_service", "worker", {
      id: fixture.serviceArn,
      name: SERVICE,
      cluster: fixture.clusterArn,
      desired_count: 2,
      task_definition: fixture.taskDefinitions[1],
    }),
    resource("aws_lambda_function", "orders", {
      id: FUNCTION,
      arn: fixture.functionArn,
      function_name: FUNCTION,
      version: "2",
    }),
    resource("aws_lambda_alias", "live", {
      id: aliasArn,
      arn: aliasArn,
      name: "live",
      function_name: FUNCTION,
      function_version: "2",
    }),
  ];
  const registry = buildRegistry({
    environment,
    project: "shop",
    resources,
    deploymentId: "fixture",
    now: new Date(),
    region: "us-east-1",
    consoleUrl: () => undefined,
  });
  await writeRegistry(registryPaths(`${root}/.devops`, environment).registry, registry);
}

/** What the remediations could change, read straight from moto. */
export async function awsState(fixture: AwsFixture) {
  const [services, concurrency, alias, config] = await Promise.all([
    fixture.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })),
    fixture.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: FUNCTION })),
    fixture.lambda.send(new GetAliasCommand({ FunctionName: FUNCTION, Name: "live" })),
    fixture.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: FUNCTION })),
  ]);
  const service = services.services![0]!;
  return {
    desiredCount: service.desiredCount,
    taskDefinition: service.taskDefinition?.split("/").pop(),
    deployment: service.deployments?.[0]?.id,
    reservedConcurrency: concurrency.ReservedConcurrentExecutions ?? null,
    aliasVersion: alias.FunctionVersion,
    environment: config.Environment?.Variables ?? {},
  };
}
