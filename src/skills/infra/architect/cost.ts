// A deliberately rough monthly cost per resource type (USD, us-east-1 list prices, light traffic), for
// the design document only; the audit's estimator is the one to trust for real numbers.
import type { PatternResource } from "./patterns/index.js";
import { ROUGH_MONTHLY_USD } from "./rough-prices.data.js";

export interface CostLine {
  key: string;
  type: string;
  usd: number;
  basis: string;
}

export interface RoughCost {
  lines: CostLine[];
  totalUsd: number;
}

/** Lines for the priced types only; everything else (IAM, policies, subnets, listeners) costs nothing by itself. */
export function roughCost(
  resources: readonly PatternResource[],
  multipliers: Readonly<Record<string, number>> = {},
): RoughCost {
  const lines = resources.flatMap((resource) => {
    const price = ROUGH_MONTHLY_USD[resource.type];
    if (price === undefined) return [];
    const times = multipliers[resource.key] ?? 1;
    const basis = times === 1 ? price.basis : `${price.basis} × ${times}`;
    return [{ key: resource.key, type: resource.type, usd: round(price.usd * times), basis }];
  });
  return { lines, totalUsd: round(lines.reduce((sum, line) => sum + line.usd, 0)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
