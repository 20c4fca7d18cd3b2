// AWS implementation of the compute service: ECS services (DescribeServices, ListTaskDefinitions,
// UpdateService) and Lambda functions (configuration, concurrency, versions, aliases). The SDK clients
// are imported and created on first use.
import { ProviderError } from "../../../../core/errors.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import {
  LAMBDA_RESTART_MARKER,
  type ComputeService,
  type EcsServiceRef,
  type EcsServiceState,
  type LambdaAliasState,
  type LambdaFunctionState,
} from "../../../../core/services/compute.js";
import type { Service } from "../sdk/ecs.js";
import type { AliasConfiguration } from "../sdk/lambda.js";
import { clientConfig } from "../clients.js";
import { awsFailure, call } from "../errors.js";
import { loadSdk } from "../sdk/load.js";

type EcsSdk = typeof import("../sdk/ecs.js");
type LambdaSdk = typeof import("../sdk/lambda.js");

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

const isNotFound = (error: unknown) => error instanceof ProviderError && error.code === "AWS_NOT_FOUND";

function ecsState(service: Service | undefined, operation: string, env: ResolvedEnvironment): EcsServiceState {
  if (service?.serviceArn === undefined || service.taskDefinition === undefined) {
    throw new ProviderError("AWS_BAD_RESPONSE", `${operation} in "${env.name}" returned no service`);
  }
  return {
    arn: service.serviceArn,
    name: service.serviceName ?? service.serviceArn.split("/").pop()!,
    clusterArn: service.clusterArn ?? "",
    status: service.status ?? "UNKNOWN",
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    taskDefinition: service.taskDefinition,
    deploymentController: service.deploymentController?.type ?? "ECS",
    deployments: (service.deployments ?? []).map((d) => ({
      id: d.id ?? "",
      status: d.status ?? "",
      taskDefinition: d.taskDefinition ?? "",
      desiredCount: d.desiredCount ?? 0,
      runningCount: d.runningCount ?? 0,
      pendingCount: d.pendingCount ?? 0,
      ...(d.rolloutState === undefined ? {} : { rolloutState: d.rolloutState }),
    })),
  };
}

function aliasState(alias: AliasConfiguration, name: string): LambdaAliasState {
  return {
    name: alias.Name ?? name,
    arn: alias.AliasArn ?? "",
    functionVersion: alias.FunctionVersion ?? "",
    weights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
    ...(alias.RevisionId === undefined ? {} : { revisionId: alias.RevisionId }),
  };
}

/** The family of a task-definition ARN or `family:revision`. */
function familyOf(taskDefinition: string): string {
  return (taskDefinition.split("/").pop() ?? taskDefinition).replace(/:\d+$/, "");
}

export function createComputeService(env: ResolvedEnvironment): ComputeService {
  const ecs = lazy(async () => {
    const sdk: EcsSdk = await loadSdk("ecs");
    return { sdk, client: new sdk.ECSClient(clientConfig(env)) };
  });
  const lambda = lazy(async () => {
    const sdk: LambdaSdk = await loadSdk("lambda");
    return { sdk, client: new sdk.LambdaClient(clientConfig(env)) };
  });

  async function updateService(
    ref: EcsServiceRef,
    change: { forceNewDeployment?: boolean; desiredCount?: number; taskDefinition?: string },
  ): Promise<EcsServiceState> {
    const { sdk, client } = await ecs();
    const answer = await call("ecs:UpdateService", env, () =>
      client.send(new sdk.UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, ...change })),
    );
    return ecsState(answer.service, "ecs:UpdateService", env);
  }

  return {
    service: "compute",

    async describeEcsService(ref) {
      const { sdk, client } = await ecs();
      try {
        const answer = await call("ecs:DescribeServices", env, () =>
          client.send(new sdk.DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] })),
        );
        const found = answer.services?.find((service) => service.status !== "INACTIVE") ?? answer.services?.[0];
        return found === undefined ? undefined : ecsState(found, "ecs:DescribeServices", env);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async listTaskDefinitionRevisions(family) {
      const { sdk, client } = await ecs();
      const arns: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await call("ecs:ListTaskDefinitions", env, () =>
          client.send(
            new sdk.ListTaskDefinitionsCommand({
              familyPrefix: family,
              status: "ACTIVE",
              sort: "DESC",
              ...(nextToken === undefined ? {} : { nextToken }),
            }),
          ),
        );
        arns.push(...(page.taskDefinitionArns ?? []).filter((arn) => familyOf(arn) === family));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      const revision = (arn: string) => Number(arn.split(":").pop());
      return arns.sort((a, b) => revision(b) - revision(a));
    },

    restartEcsService: (ref) => updateService(ref, { forceNewDeployment: true }),
    setEcsDesiredCount: (ref, count) => updateService(ref, { desiredCount: count }),
    setEcsTaskDefinition: (ref, taskDefinitionArn) => updateService(ref, { taskDefinition: taskDefinitionArn }),

    async getLambdaFunction(name): Promise<LambdaFunctionState | undefined> {
      const { sdk, client } = await lambda();
      try {
        const [config, concurrency] = await Promise.all([
          call("lambda:GetFunctionConfiguration", env, () =>
            client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name })),
          ),
          call("lambda:GetFunctionConcurrency", env, () =>
            client.send(new sdk.GetFunctionConcurrencyCommand({ FunctionName: name })),
          ),
        ]);
        if (config.FunctionName === undefined || config.FunctionArn === undefined) {
          throw new ProviderError(
            "AWS_BAD_RESPONSE",
            `lambda:GetFunctionConfiguration in "${env.name}" returned no function for "${name}"`,
          );
        }
        const marker = config.Environment?.Variables?.[LAMBDA_RESTART_MARKER];
        const environmentError = config.Environment?.Error;
        return {
          name: config.FunctionName,
          arn: config.FunctionArn,
          ...(config.State === undefined ? {} : { state: config.State }),
          ...(config.LastUpdateStatus === undefined ? {} : { lastUpdateStatus: config.LastUpdateStatus }),
          ...(config.LastModified === undefined ? {} : { lastModified: config.LastModified }),
          ...(config.CodeSha256 === undefined ? {} : { codeSha256: config.CodeSha256 }),
          ...(config.RevisionId === undefined ? {} : { revisionId: config.RevisionId }),
          ...(concurrency.ReservedConcurrentExecutions === undefined
            ? {}
            : { reservedConcurrency: concurrency.ReservedConcurrentExecutions }),
          ...(marker === undefined ? {} : { restartMarker: marker }),
          ...(environmentError === undefined
            ? {}
            : { environmentError: `${environmentError.ErrorCode ?? "Error"}: ${environmentError.Message ?? ""}` }),
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async listLambdaVersions(name) {
      const { sdk, client } = await lambda();
      const versions: string[] = [];
      let marker: string | undefined;
      do {
        const page = await call("lambda:ListVersionsByFunction", env, () =>
          client.send(
            new sdk.ListVersionsByFunctionCommand({
              FunctionName: name,
              MaxItems: 50,
              ...(marker === undefined ? {} : { Marker: marker }),
            }),
          ),
        );
        versions.push(...(page.Versions ?? []).map((v) => v.Version ?? "").filter((v) => /^\d+$/.test(v)));
        marker = page.NextMarker;
      } while (marker !== undefined);
      return [...new Set(versions)].sort((a, b) => Number(a) - Number(b));
    },

    async getLambdaAlias(functionName, alias) {
      const { sdk, client } = await lambda();
      try {
        const answer = await call("lambda:GetAlias", env, () =>
          client.send(new sdk.GetAliasCommand({ FunctionName: functionName, Name: alias })),
        );
        return aliasState(answer, alias);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async setLambdaReservedConcurrency(name, count) {
      const { sdk, client } = await lambda();
      await call("lambda:PutFunctionConcurrency", env, () =>
        client.send(new sdk.PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: count })),
      );
    },

    async markLambdaRestart(name, value) {
      const { sdk, client } = await lambda();
      const config = await call("lambda:GetFunctionConfiguration", env, () =>
        client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name })),
      );
      if (config.Environment?.Error !== undefined) {
        throw new ProviderError(
          "LAMBDA_ENVIRONMENT_UNREADABLE",
          `the environment variables of ${name} cannot be read (${config.Environment.Error.ErrorCode ?? "error"}), so they cannot be kept while restarting`,
          {
            suggestion: "fix the function's KMS key permissions, or redeploy the function instead of restarting it",
          },
        );
      }
      const variables = { ...(config.Environment?.Variables ?? {}), [LAMBDA_RESTART_MARKER]: value };
      try {
        await client.send(
          new sdk.UpdateFunctionConfigurationCommand({
            FunctionName: name,
            Environment: { Variables: variables },
            ...(config.RevisionId === undefined ? {} : { RevisionId: config.RevisionId }),
          }),
        );
      } catch (error) {
        // AWS may quote the variables it was sent in its message (e.g. the 4 KB limit): keep only the code.
        const { name: code, $metadata } = (error ?? {}) as { name?: string; $metadata?: unknown };
        throw awsFailure(
          "lambda:UpdateFunctionConfiguration",
          {
            name: code,
            message: "the environment update was rejected (message withheld: it may quote variable values)",
            $metadata,
          },
          env,
        );
      }
    },

    async pointLambdaAlias(functionName, alias, version) {
      const { sdk, client } = await lambda();
      const answer = await call("lambda:UpdateAlias", env, () =>
        client.send(
          new sdk.UpdateAliasCommand({
            FunctionName: functionName,
            Name: alias,
            FunctionVersion: version,
            RoutingConfig: { AdditionalVersionWeights: {} },
          }),
        ),
      );
      return aliasState(answer, alias);
    },
  };
}
