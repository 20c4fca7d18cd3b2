// The probes a hosting handler offers to post-deployment tests: does a recorded resource still exist,
// are a target group's targets healthy, does a function answer. Skills depend on this interface only.

/** A deployed resource as the registry knows it. */
export interface ProbeRef {
  /** The caller's key for the answer (the Terraform address). */
  key: string;
  type: string;
  id?: string;
  arn?: string;
  name: string;
  /** ECS services: their cluster (name or ARN). */
  cluster?: string;
}

export type Existence =
  | { outcome: "exists" }
  | { outcome: "missing" }
  /** The provider has no existence check for this type. */
  | { outcome: "unsupported" }
  | { outcome: "error"; code: string; message: string };

export interface TargetHealthState {
  target: string;
  port?: number;
  /** initial | healthy | unhealthy | unused | draining | unavailable */
  state: string;
  reason?: string;
  description?: string;
}

export type InvokeOutcome =
  | { outcome: "ok"; statusCode: number }
  /** The function ran and failed (Lambda's FunctionError), with its payload. */
  | { outcome: "function_error"; error: string; payload: string }
  | { outcome: "failed"; code: string; message: string };

export interface ProbesService {
  readonly service: "probes";
  /** Resource types `exists` can check; others come back `unsupported`. */
  existenceTypes(): readonly string[];
  /** One answer per ref, by key; never throws for one resource. */
  exists(refs: readonly ProbeRef[]): Promise<Map<string, Existence>>;
  /** ELBv2 DescribeTargetHealth of one target group. */
  targetHealth(targetGroupArn: string): Promise<TargetHealthState[]>;
  /** Invokes the function with an empty event; `dryRun` only checks it could be invoked (no code runs). */
  invokeFunction(functionName: string, options: { dryRun: boolean }): Promise<InvokeOutcome>;
}
