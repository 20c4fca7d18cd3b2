// The compute service a hosting handler offers to skills: ECS services and Lambda functions: status, events, versions, and the remediation actions.
// Skills depend on this interface, never on an SDK client.

export interface ComputeService {
  readonly service: "compute";
}
