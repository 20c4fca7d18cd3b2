// Option schemas shared by several command groups.
import * as z from "zod";

export const Env = z.string().trim().min(1, "must name an environment");
export const ConfirmCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{6,20}$/, "must be the code printed by the command that asked for confirmation");
export const PlanId = z
  .string()
  .trim()
  .regex(/^[\w-]{1,64}$/, "must be a plan id printed by the command that made the plan");
