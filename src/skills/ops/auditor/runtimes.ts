// A Lambda runtime's audit status from its deprecation date (runtimes.data.ts): after the date, AWS no
// longer patches the runtime, so a function on it fails the audit; one within WARN_DAYS of it warns.
import type { AuditStatus } from "../../../records/audit-report.js";
import { RUNTIME_DEPRECATIONS, RUNTIME_TABLE_REVIEWED } from "./runtimes.data.js";

export const WARN_DAYS = 180;
const DAY_MS = 86_400_000;

export function runtimeDeprecation(runtime: string, now: Date): { status: AuditStatus; detail: string } {
  const date = RUNTIME_DEPRECATIONS[runtime];
  if (date === undefined)
    return { status: "pass", detail: `${runtime} is not on the deprecation list (reviewed ${RUNTIME_TABLE_REVIEWED})` };
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - now.getTime()) / DAY_MS);
  if (days <= 0)
    return { status: "fail", detail: `${runtime} is deprecated since ${date}: AWS no longer applies security patches` };
  if (days <= WARN_DAYS) return { status: "warn", detail: `${runtime} is deprecated on ${date} (in ${days} days)` };
  return { status: "pass", detail: `${runtime} is supported until ${date}` };
}
