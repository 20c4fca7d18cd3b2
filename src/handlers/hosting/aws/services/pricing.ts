// The AWS Pricing API behind the pricing service: GetProducts for EC2 instance types and RDS instance
// classes in one region, on demand. Each PriceList item is a JSON string, parsed through zod; the
// Pricing API answers in us-east-1 only, whatever region is priced.
import * as z from "zod";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type { Ec2PriceQuery, PricingService, RdsPriceQuery } from "../../../../core/services/pricing.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { loadSdk } from "../sdk/load.js";
import { lazyClient } from "./shared.js";

const PRICING_REGION = "us-east-1";

const PriceDimension = z.looseObject({
  unit: z.string().default(""),
  pricePerUnit: z.looseObject({ USD: z.string().optional() }),
});
const PriceItem = z.looseObject({
  product: z.looseObject({ attributes: z.record(z.string(), z.string()).default({}) }).optional(),
  terms: z
    .looseObject({
      OnDemand: z
        .record(z.string(), z.looseObject({ priceDimensions: z.record(z.string(), PriceDimension) }))
        .optional(),
    })
    .default({}),
});

/** The lowest positive hourly on-demand price among the items (license variants differ), or undefined. */
export function hourlyFromPriceList(items: readonly unknown[]): number | undefined {
  let lowest: number | undefined;
  for (const item of items) {
    let raw: unknown;
    try {
      raw = typeof item === "string" ? JSON.parse(item) : JSON.parse(String(item));
    } catch {
      continue;
    }
    const parsed = PriceItem.safeParse(raw);
    if (!parsed.success) continue;
    for (const term of Object.values(parsed.data.terms.OnDemand ?? {})) {
      for (const dimension of Object.values(term.priceDimensions)) {
        const price = Number(dimension.pricePerUnit.USD);
        if (!/^hrs?$/i.test(dimension.unit) || !Number.isFinite(price) || price <= 0) continue;
        lowest = lowest === undefined ? price : Math.min(lowest, price);
      }
    }
  }
  return lowest;
}

/** Terraform's engine value → the price list's databaseEngine. */
export function rdsEngineName(engine: string): string | undefined {
  if (engine === "mysql") return "MySQL";
  if (engine === "postgres") return "PostgreSQL";
  if (engine === "mariadb") return "MariaDB";
  if (engine === "aurora" || engine === "aurora-mysql") return "Aurora MySQL";
  if (engine === "aurora-postgresql") return "Aurora PostgreSQL";
  if (engine.startsWith("oracle")) return "Oracle";
  if (engine.startsWith("sqlserver")) return "SQL Server";
  return undefined;
}

const match = (entries: Record<string, string>) =>
  Object.entries(entries).map(([Field, Value]) => ({ Type: "TERM_MATCH" as const, Field, Value }));

export function createPricingService(env: ResolvedEnvironment): PricingService {
  const pricing = lazyClient(
    () => loadSdk("pricing"),
    (sdk) => new sdk.PricingClient({ ...clientConfig(env), region: PRICING_REGION }),
  );

  async function products(serviceCode: string, filters: Record<string, string>): Promise<number | undefined> {
    const { sdk, client } = await pricing();
    const answer = await call("pricing:GetProducts", env, () =>
      client.send(
        new sdk.GetProductsCommand({
          ServiceCode: serviceCode,
          Filters: match(filters),
          FormatVersion: "aws_v1",
          MaxResults: 20,
        }),
      ),
    );
    const list = answer.PriceList;
    return hourlyFromPriceList(Array.isArray(list) ? list : list === undefined ? [] : [list]);
  }

  return {
    service: "pricing",
    ec2Hourly: (query: Ec2PriceQuery) =>
      products("AmazonEC2", {
        instanceType: query.instanceType,
        regionCode: query.region,
        operatingSystem: "Linux",
        tenancy: "Shared",
        preInstalledSw: "NA",
        capacitystatus: "Used",
      }),
    rdsHourly: async (query: RdsPriceQuery) => {
      const engine = rdsEngineName(query.engine);
      if (engine === undefined) return undefined;
      return products("AmazonRDS", {
        instanceType: query.instanceClass,
        regionCode: query.region,
        databaseEngine: engine,
        deploymentOption: query.multiAz ? "Multi-AZ" : "Single-AZ",
      });
    },
  };
}
