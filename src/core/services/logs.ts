// The logs service a hosting handler offers to skills: CloudWatch Logs queries.
// Skills depend on this interface, never on an SDK client.

export interface LogsService {
  readonly service: "logs";
}
