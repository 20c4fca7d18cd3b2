// Only Cost Explorer's GetCostAndUsage, so the bundle keeps just that (imported lazily).
export { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
