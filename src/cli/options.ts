// Option schemas and the terminal confirmation shared by several command groups.
import * as z from "zod";
import type { CliIoHost } from "./host.js";

export const Env = z.string().trim().min(1, "must name an environment");
export const ConfirmCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{6,20}$/, "must be the code printed by the command that asked for confirmation");
export const PlanId = z
  .string()
  .trim()
  .regex(/^[\w-]{1,64}$/, "must be a plan id printed by the command that made the plan");

/**
 * A person's approval at the terminal: one "yes"; for production-like or protected environments,
 * then the environment's name typed out.
 */
export async function confirmAtTerminal(
  host: CliIoHost,
  question: string,
  env: { name: string; strict: boolean },
): Promise<boolean> {
  if ((await host.prompt(`Type 'yes' to ${question}`)) !== "yes") return false;
  if (!env.strict) return true;
  return (await host.prompt(`Type the environment name (${env.name}) to confirm`)) === env.name;
}
