// Reports the operations commands write under .devops/<category>/<env>/: health checks, performance
// analyses, incidents, remediations, audits. JSON for machines, markdown for people; atomic writes,
// secrets redacted.
import { join } from "node:path";
import { redactDeep, redactText } from "../core/redact.js";
import { writeAtomic } from "../core/store.js";

export type ReportCategory = "monitoring" | "incidents" | "remediations" | "audits" | "test-reports";

export function reportStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export function reportDir(stateDir: string, category: ReportCategory, environment: string): string {
  return join(stateDir, category, environment);
}

export interface WrittenReport {
  json: string;
  markdown?: string;
}

export async function writeReport(input: {
  stateDir: string;
  category: ReportCategory;
  environment: string;
  /** File name without extension, e.g. `20261123T101500Z-health-check`. */
  name: string;
  json: unknown;
  markdown?: string;
}): Promise<WrittenReport> {
  const dir = reportDir(input.stateDir, input.category, input.environment);
  const json = join(dir, `${input.name}.json`);
  await writeAtomic(json, `${JSON.stringify(redactDeep(input.json), null, 2)}\n`);
  if (input.markdown === undefined) return { json };
  const markdown = join(dir, `${input.name}.md`);
  await writeAtomic(markdown, redactText(input.markdown));
  return { json, markdown };
}
