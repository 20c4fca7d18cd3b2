// The AWS services of one environment, each created on first use (its SDK client is imported only
// then), so a command pays only for the services it calls.
import type { HostingServices } from "../../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../../core/config/resolve.js";
import { createComputeService } from "./compute.js";
import { createIamAdminService } from "./iam-admin.js";
import { createPricingService } from "./pricing.js";
import { createProbesService } from "./probes.js";
import { createInventoryService } from "./inventory.js";
import { createLogsService } from "./logs.js";
import { createMetricsService } from "./metrics.js";
import { createPostureService } from "./posture.js";

export function awsServices(env: ResolvedEnvironment): HostingServices {
  const made: Partial<HostingServices> = {};
  const once = <K extends keyof HostingServices>(key: K, create: () => HostingServices[K]): HostingServices[K] =>
    (made[key] ??= create());
  return {
    get metrics() {
      return once("metrics", () => createMetricsService(env));
    },
    get logs() {
      return once("logs", () => createLogsService(env));
    },
    get compute() {
      return once("compute", () => createComputeService(env));
    },
    get posture() {
      return once("posture", () => createPostureService(env));
    },
    get inventory() {
      return once("inventory", () => createInventoryService(env));
    },
    get iamAdmin() {
      return once("iamAdmin", () => createIamAdminService(env));
    },
    get pricing() {
      return once("pricing", () => createPricingService(env));
    },
    get probes() {
      return once("probes", () => createProbesService(env));
    },
  };
}
