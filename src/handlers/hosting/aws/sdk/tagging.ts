// Only the Resource Groups Tagging API's GetResources, so the bundle keeps just that (imported lazily).
export { paginateGetResources, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
