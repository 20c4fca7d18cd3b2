// The inventory service a hosting handler offers to skills: resources found by their tags.
// Skills depend on this interface, never on an SDK client.

export interface InventoryService {
  readonly service: "inventory";
}
