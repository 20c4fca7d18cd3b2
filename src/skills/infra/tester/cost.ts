// The pre-deployment cost estimate of a plan: monthly total, one line per priced resource, the top
// cost drivers and what was not priced, from the price table or (pricing "api") the AWS Pricing API
// for EC2 and RDS instances, falling back to the table with a warning when the API fails.
import { isDevopsError } from "../../../core/errors.js";
import type { StateResource } from "../../../core/handler-contract.js";
import type { PricingService } from "../../../core/services/pricing.js";
import { estimatorFor, textOf, type HourlyOverrides } from "./cost-estimators.js";
import {
  FREE_TYPES,
  PLAN_ASSUMPTIONS,
  PLAN_FREE_TYPES,
  PLAN_PRICES_AS_OF,
  PRICE_REGION,
  REGION_MULTIPLIERS,
  USAGE_ASSUMPTIONS,
} from "./cost-prices.data.js";

export type PricingMode = "table" | "api";

export interface CostLine {
  address: string;
  type: string;
  monthly: number;
  basis: string;
  usage_based: boolean;
  price_source: "table" | "api";
}

export interface CostDriver {
  resource: string;
  type: string;
  cost: number;
}

export interface CostEstimate {
  currency: "USD";
  monthly_total: number;
  /** What the plan provisions (instances, nodes, hours), independent of traffic. */
  fixed_monthly: number;
  /** The part resting on assumed usage (requests, storage, transfer). */
  usage_based_monthly: number;
  region: string;
  region_multiplier: number;
  pricing: PricingMode;
  prices_as_of: string;
  lines: CostLine[];
  top_drivers: CostDriver[];
  /** "address (type)" of every resource whose type or size the table does not know: counted as $0. */
  not_priced: string[];
  assumptions: string[];
  warnings: string[];
}

export const TOP_DRIVERS = 5;

const cents = (n: number) => Math.round(n * 100) / 100;

function isAws(resource: StateResource): boolean {
  return resource.type.startsWith("aws_") && !FREE_TYPES.has(resource.type) && !PLAN_FREE_TYPES.has(resource.type);
}

/** Prices the resources from the table (and any hourly prices already fetched from the Pricing API). */
export function estimateFromTable(
  resources: readonly StateResource[],
  region: string,
  options: { hourly?: HourlyOverrides; pricing?: PricingMode; warnings?: string[] } = {},
): CostEstimate {
  const hourly = options.hourly ?? new Map<string, number>();
  const known = REGION_MULTIPLIERS[region];
  const multiplier = known ?? 1;
  const warnings = [...(options.warnings ?? [])];
  if (known === undefined) warnings.push(`no price level is known for region ${region}: us-east-1 prices are used`);
  const lines: CostLine[] = [];
  const notPriced: string[] = [];
  for (const resource of resources.filter(isAws)) {
    const line = estimatorFor(resource.type)?.(resource, resources, hourly);
    if (line === undefined) {
      notPriced.push(`${resource.address} (${resource.type})`);
      continue;
    }
    // A price fetched for the environment's own region is already regional.
    const scale = line.source === "api" ? 1 : multiplier;
    lines.push({
      address: resource.address,
      type: resource.type,
      monthly: cents(line.monthly * scale),
      basis: line.basis,
      usage_based: line.usageBased,
      price_source: line.source ?? "table",
    });
  }
  lines.sort((a, b) => b.monthly - a.monthly || a.address.localeCompare(b.address));
  const sum = (items: readonly CostLine[]) => cents(items.reduce((total, line) => total + line.monthly, 0));
  return {
    currency: "USD",
    monthly_total: sum(lines),
    fixed_monthly: sum(lines.filter((l) => !l.usage_based)),
    usage_based_monthly: sum(lines.filter((l) => l.usage_based)),
    region,
    region_multiplier: multiplier,
    pricing: options.pricing ?? "table",
    prices_as_of: `${PRICE_REGION} on-demand list prices as of ${PLAN_PRICES_AS_OF}${multiplier === 1 ? "" : `, × ${multiplier} for ${region} (approximate)`}`,
    lines,
    top_drivers: lines
      .filter((l) => l.monthly > 0)
      .slice(0, TOP_DRIVERS)
      .map((l) => ({ resource: l.address, type: l.type, cost: l.monthly })),
    not_priced: notPriced,
    assumptions: [...USAGE_ASSUMPTIONS, ...PLAN_ASSUMPTIONS],
    warnings,
  };
}

/**
 * The total in words: what the resources cost by being there, and the usage-priced items apart, since
 * their figure is only as good as the usage assumed for them.
 */
export function describeTotal(estimate: Pick<CostEstimate, "fixed_monthly" | "usage_based_monthly" | "lines">): string {
  const usage = estimate.lines.filter((line) => line.usage_based).length;
  const fixed = `fixed $${estimate.fixed_monthly.toFixed(2)}/month`;
  return usage === 0
    ? fixed
    : `${fixed} + ${usage} usage-priced item(s) (≈$${estimate.usage_based_monthly.toFixed(2)} at the stated usage)`;
}

/** Asks the Pricing API for the hourly price of every EC2 instance and RDS instance in the plan. */
async function fetchHourly(
  resources: readonly StateResource[],
  region: string,
  pricing: PricingService,
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const cache = new Map<string, Promise<number | undefined>>();
  const once = (key: string, ask: () => Promise<number | undefined>) => {
    let pending = cache.get(key);
    if (pending === undefined) {
      pending = ask();
      cache.set(key, pending);
    }
    return pending;
  };
  await Promise.all(
    resources.map(async (resource) => {
      let price: number | undefined;
      if (resource.type === "aws_instance") {
        const instanceType = textOf(resource.values.instance_type);
        if (instanceType !== undefined)
          price = await once(`ec2:${instanceType}`, () => pricing.ec2Hourly({ instanceType, region }));
      } else if (resource.type === "aws_db_instance") {
        const instanceClass = textOf(resource.values.instance_class);
        const engine = textOf(resource.values.engine) ?? "postgres";
        // The estimator doubles a Multi-AZ instance itself, so the Single-AZ price is asked for.
        if (instanceClass !== undefined)
          price = await once(`rds:${instanceClass}:${engine}`, () =>
            pricing.rdsHourly({ instanceClass, region, engine, multiAz: false }),
          );
      }
      if (price !== undefined) found.set(resource.address, price);
    }),
  );
  return found;
}

export async function estimatePlanCost(
  resources: readonly StateResource[],
  options: { region: string; pricing: PricingMode; service?: PricingService },
): Promise<CostEstimate> {
  if (options.pricing === "table") return estimateFromTable(resources, options.region);
  if (options.service === undefined) {
    return estimateFromTable(resources, options.region, {
      warnings: ["the AWS Pricing API is not available for this hosting handler: the price table was used"],
    });
  }
  try {
    const hourly = await fetchHourly(resources, options.region, options.service);
    return estimateFromTable(resources, options.region, { hourly, pricing: "api" });
  } catch (error) {
    const why = isDevopsError(error) || error instanceof Error ? error.message : String(error);
    return estimateFromTable(resources, options.region, {
      warnings: [`the AWS Pricing API failed (${why}): the price table was used`],
    });
  }
}

/** The monthly budget that applies: the environment's cost_threshold, else testing.thresholds.max_monthly_cost. */
export function budgetFor(
  environmentThreshold: number | undefined,
  maxMonthlyCost: number,
): { threshold: number; source: "cost_threshold" | "max_monthly_cost" } {
  return environmentThreshold === undefined
    ? { threshold: maxMonthlyCost, source: "max_monthly_cost" }
    : { threshold: environmentThreshold, source: "cost_threshold" };
}
