// The deploy or teardown that is applying right now (`runs/<env>-in-flight.json`, git-ignored): written
// before the engine applies and removed once the outcome is in the history, so a run that was killed
// in between is still seen afterwards as interrupted rather than as nothing.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import { readRecord, writeRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1, mode: 0o600 } as const;

export const InFlight = z.object({
  schema_version: z.literal(1),
  /** The deployment (teardown) id, as the history would record it. */
  id: z.string().min(1),
  kind: z.enum(["deploy", "teardown"]),
  environment: z.string().min(1),
  started_at: z.iso.datetime({ offset: true }),
  plan_id: z.string().optional(),
  /** The devops process applying, and its host: a mark whose process is gone tells of a killed run. */
  pid: z.number().int().positive().optional(),
  host: z.string().optional(),
});
export type InFlight = z.infer<typeof InFlight>;

export function inFlightPath(stateDir: string, env: string): string {
  return join(stateDir, "runs", `${env}-in-flight.json`);
}

export function readInFlight(path: string): Promise<InFlight | undefined> {
  return readRecord(path, InFlight, OPTIONS);
}

export async function markInFlight(path: string, entry: InFlight): Promise<void> {
  await writeRecord(path, InFlight, OPTIONS, entry);
}

export async function clearInFlight(path: string): Promise<void> {
  await rm(path, { force: true });
}
