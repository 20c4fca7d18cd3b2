// AWS implementation of the inventory service (resources found by their tags).
import type { InventoryService } from "../../../../core/services/inventory.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";

export function createInventoryService(_env: ResolvedEnvironment): InventoryService {
  return { service: "inventory" };
}
