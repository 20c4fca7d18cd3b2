// AWS implementation of the inventory service: resources found by their tags through the Resource
// Groups Tagging API (GetResources, every page), in the environment's region.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type { InventoryService, TaggedResource } from "../../../../core/services/inventory.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { lazyClient } from "./posture-util.js";
import { loadSdk } from "../sdk/load.js";

export function createInventoryService(env: ResolvedEnvironment): InventoryService {
  const tagging = lazyClient(
    () => loadSdk("tagging"),
    (sdk) => new sdk.ResourceGroupsTaggingAPIClient(clientConfig(env)),
  );

  return {
    service: "inventory",
    async resourcesByTags(tags) {
      const { sdk, client } = await tagging();
      const TagFilters = Object.entries(tags).map(([Key, value]) => ({ Key, Values: [value] }));
      return call("tagging:GetResources", env, async () => {
        const found: TaggedResource[] = [];
        for await (const page of sdk.paginateGetResources({ client, pageSize: 100 }, { TagFilters })) {
          for (const mapping of page.ResourceTagMappingList ?? []) {
            if (mapping.ResourceARN === undefined) continue;
            const own: Record<string, string> = {};
            for (const tag of mapping.Tags ?? []) if (tag.Key !== undefined) own[tag.Key] = tag.Value ?? "";
            found.push({ arn: mapping.ResourceARN, tags: own });
          }
        }
        return found;
      });
    },
  };
}
