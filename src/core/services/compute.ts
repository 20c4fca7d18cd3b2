// The compute service a hosting handler offers to skills: ECS services and Lambda functions: status,
// task-definition revisions, versions and aliases, and the remediation actions (restart, scale, roll back).
// Skills depend on this interface, never on an SDK client.

/** The environment variable a Lambda "restart" sets; changing it makes Lambda start new execution environments. */
export const LAMBDA_RESTART_MARKER = "DEVOPS_RESTARTED_AT";

/** An ECS service: its cluster (name or ARN) and its name or ARN. */
export interface EcsServiceRef {
  cluster: string;
  service: string;
}

export interface EcsDeployment {
  id: string;
  /** PRIMARY (the newest), ACTIVE (being replaced) or INACTIVE. */
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** COMPLETED, IN_PROGRESS or FAILED where the ECS deployment controller reports it. */
  rolloutState?: string;
}

export interface EcsServiceState {
  arn: string;
  name: string;
  clusterArn: string;
  /** ACTIVE, DRAINING or INACTIVE. */
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  /** ECS, CODE_DEPLOY or EXTERNAL: only ECS lets UpdateService roll a new deployment. */
  deploymentController: string;
  deployments: EcsDeployment[];
}

export interface LambdaFunctionState {
  name: string;
  arn: string;
  /** Pending, Active, Inactive or Failed. */
  state?: string;
  /** InProgress, Successful or Failed: the last configuration or code update. */
  lastUpdateStatus?: string;
  lastModified?: string;
  codeSha256?: string;
  revisionId?: string;
  /** Reserved concurrency; undefined when none is reserved. */
  reservedConcurrency?: number;
  /** The value of LAMBDA_RESTART_MARKER in $LATEST's environment, when set. */
  restartMarker?: string;
  /** Lambda could not decrypt the environment variables: they must not be rewritten. */
  environmentError?: string;
}

export interface LambdaAliasState {
  name: string;
  arn: string;
  functionVersion: string;
  /** Canary routing: version → weight (0..1). Empty when all traffic goes to functionVersion. */
  weights: Record<string, number>;
  revisionId?: string;
}

export interface ComputeService {
  readonly service: "compute";

  /** The service, or undefined when ECS does not know it (deleted, wrong cluster). */
  describeEcsService(ref: EcsServiceRef): Promise<EcsServiceState | undefined>;
  /** ACTIVE revisions of a task-definition family (exact family, not a prefix), newest first, as ARNs. */
  listTaskDefinitionRevisions(family: string): Promise<string[]>;
  /** UpdateService forceNewDeployment: replaces every task with the same task definition. */
  restartEcsService(ref: EcsServiceRef): Promise<EcsServiceState>;
  /** UpdateService desiredCount. */
  setEcsDesiredCount(ref: EcsServiceRef, count: number): Promise<EcsServiceState>;
  /** UpdateService taskDefinition: rolls the service onto another revision. */
  setEcsTaskDefinition(ref: EcsServiceRef, taskDefinitionArn: string): Promise<EcsServiceState>;

  /** $LATEST's configuration and reserved concurrency, or undefined when the function does not exist. */
  getLambdaFunction(name: string): Promise<LambdaFunctionState | undefined>;
  /** Published versions ("1", "2", …), oldest first; $LATEST is left out. */
  listLambdaVersions(name: string): Promise<string[]>;
  getLambdaAlias(functionName: string, alias: string): Promise<LambdaAliasState | undefined>;
  /** PutFunctionConcurrency. */
  setLambdaReservedConcurrency(name: string, count: number): Promise<void>;
  /**
   * Sets LAMBDA_RESTART_MARKER in $LATEST's environment, keeping every other variable as it is (their
   * values never leave the handler), guarded by the function's revision id so a concurrent change wins.
   */
  markLambdaRestart(name: string, value: string): Promise<void>;
  /** UpdateAlias to `version`, clearing any canary routing. */
  pointLambdaAlias(functionName: string, alias: string, version: string): Promise<LambdaAliasState>;
}
