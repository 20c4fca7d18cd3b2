// The posture service a hosting handler offers to skills: security, cost and compliance facts for audits.
// Skills depend on this interface, never on an SDK client.

export interface PostureService {
  readonly service: "posture";
}
