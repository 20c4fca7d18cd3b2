// The cost part of the AWS posture service: Cost Explorer GetCostAndUsage (every page), by service for
// a period and per day for the trend. Cost Explorer has one endpoint, in us-east-1, and is account-wide.
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import type { CostByService, CostPeriod, DailyCost, PostureService } from "../../../../core/services/posture.js";
import { clientConfig } from "../clients.js";
import { call } from "../errors.js";
import { lazyClient } from "./posture-util.js";
import { loadSdk } from "../sdk/load.js";

const METRIC = "UnblendedCost";

interface MetricValue {
  Amount?: string | undefined;
  Unit?: string | undefined;
}

/** The metric asked for, else whatever single metric the answer carries. */
function metricOf(metrics: Record<string, MetricValue> | undefined): MetricValue | undefined {
  if (metrics === undefined) return undefined;
  return metrics[METRIC] ?? Object.values(metrics)[0];
}

function amountOf(value: MetricValue | undefined): number {
  const amount = Number(value?.Amount ?? 0);
  return Number.isFinite(amount) ? amount : 0;
}

export function costPosture(env: ResolvedEnvironment): Pick<PostureService, "costByService" | "dailyCost"> {
  const ce = lazyClient(
    () => loadSdk("cost-explorer"),
    (sdk) => new sdk.CostExplorerClient({ ...clientConfig(env), region: "us-east-1" }),
  );

  async function results(period: CostPeriod, daily: boolean) {
    const { sdk, client } = await ce();
    return call("ce:GetCostAndUsage", env, async () => {
      const all = [];
      let next: string | undefined;
      do {
        const page = await client.send(
          new sdk.GetCostAndUsageCommand({
            TimePeriod: { Start: period.start, End: period.end },
            Granularity: daily ? "DAILY" : "MONTHLY",
            Metrics: [METRIC],
            ...(daily ? {} : { GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }] }),
            ...(next === undefined ? {} : { NextPageToken: next }),
          }),
        );
        all.push(...(page.ResultsByTime ?? []));
        next = page.NextPageToken;
      } while (next !== undefined && next !== "");
      return all;
    });
  }

  return {
    async costByService(period): Promise<CostByService> {
      const periods = await results(period, false);
      const byService = new Map<string, number>();
      let unit = "USD";
      let ungrouped = 0;
      for (const result of periods) {
        for (const group of result.Groups ?? []) {
          const value = metricOf(group.Metrics);
          if (value?.Unit !== undefined) unit = value.Unit;
          const service = group.Keys?.[0] ?? "Other";
          byService.set(service, (byService.get(service) ?? 0) + amountOf(value));
        }
        if ((result.Groups ?? []).length === 0) {
          const value = metricOf(result.Total);
          if (value?.Unit !== undefined) unit = value.Unit;
          ungrouped += amountOf(value);
        }
      }
      const services = [...byService]
        .map(([service, amount]) => ({ service, amount }))
        .sort((a, b) => b.amount - a.amount);
      const total = services.reduce((sum, s) => sum + s.amount, 0) + ungrouped;
      return {
        unit,
        total,
        services,
        estimated: periods.some((p) => p.Estimated === true),
        empty: periods.length === 0,
      };
    },

    async dailyCost(period): Promise<DailyCost[]> {
      const periods = await results(period, true);
      return periods
        .map((result) => ({ date: result.TimePeriod?.Start ?? "", amount: amountOf(metricOf(result.Total)) }))
        .filter((day) => day.date !== "");
    },
  };
}
