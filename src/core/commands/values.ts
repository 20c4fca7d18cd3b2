// Value schemas several commands share.
import * as z from "zod";

export const Env = z.string().trim().min(1, "must name an environment");
export const PlanId = z
  .string()
  .trim()
  .regex(/^[\w-]{1,64}$/, "must be a plan id printed by the command that made the plan");
export const OptionalService = z.string().trim().min(1, "must name a deployed resource").optional();
export const Timeframe = z.string().trim().min(1, "must be a timeframe such as 30m, 2h, 7d or an ISO range");
export const Switch = z.boolean().default(false);

/** `--env <environment>` as most commands take it. */
export const ENV = { schema: Env, value: "environment", help: "environment name or word" } as const;
