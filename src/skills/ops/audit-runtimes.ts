// Lambda runtime deprecation dates (data): from AWS Lambda's "Runtime deprecation" table, as published
// when this table was last reviewed (2025). After the date, AWS no longer patches the runtime; a
// function on it fails the audit, and one within WARN_DAYS of it warns.
import type { AuditStatus } from "../../records/audit-report.js";

export const RUNTIME_TABLE_REVIEWED = "2025-06";
export const WARN_DAYS = 180;

/** Runtime identifier → deprecation date (UTC). */
export const RUNTIME_DEPRECATIONS: Readonly<Record<string, string>> = {
  "python2.7": "2021-07-15",
  "python3.6": "2022-07-18",
  "python3.7": "2023-12-04",
  "python3.8": "2024-10-14",
  "python3.9": "2025-12-15",
  nodejs: "2016-10-31",
  "nodejs4.3": "2020-03-05",
  "nodejs6.10": "2019-08-12",
  "nodejs8.10": "2020-03-06",
  "nodejs10.x": "2021-07-30",
  "nodejs12.x": "2023-03-31",
  "nodejs14.x": "2023-12-04",
  "nodejs16.x": "2024-06-12",
  "nodejs18.x": "2025-09-01",
  "nodejs20.x": "2026-04-30",
  java8: "2024-01-08",
  "go1.x": "2024-01-08",
  provided: "2024-01-08",
  "ruby2.5": "2021-07-30",
  "ruby2.7": "2023-12-07",
  "ruby3.2": "2026-03-31",
  "dotnetcore1.0": "2019-07-30",
  "dotnetcore2.0": "2019-05-30",
  "dotnetcore2.1": "2022-01-05",
  "dotnetcore3.1": "2023-04-03",
  "dotnet5.0": "2022-05-10",
  dotnet6: "2024-12-20",
  dotnet7: "2024-05-14",
  dotnet8: "2026-11-10",
};

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
