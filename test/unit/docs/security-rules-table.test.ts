import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES as SECURITY_RULES } from "../../../src/skills/infra/tester/builtin-scanner.js";
import { PUBLISHED_SEVERITIES } from "../../../src/skills/infra/tester/security-rules-published.data.js";

const DOC = join(import.meta.dirname, "../../../docs/security-rules.md");
const BEGIN = "<!-- rules:begin -->";
const END = "<!-- rules:end -->";

function renderTable(): string {
  const rows = SECURITY_RULES.map((rule) => {
    const published = PUBLISHED_SEVERITIES[rule.id] ?? {};
    const trivy = published.trivy === undefined ? "—" : `${published.trivy.id} ${published.trivy.severity}`;
    return `| \`${rule.id}\` | ${rule.severity} | ${rule.category} | ${trivy} | ${published.note ?? ""} |`;
  });
  return [
    "| rule | severity | category | Trivy (same check) | why the severity differs |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

describe("docs/security-rules.md", () => {
  it("has a published-severity entry for every rule and none for a rule that does not exist", () => {
    const ids = SECURITY_RULES.map((rule) => rule.id);

    expect(ids.filter((id) => PUBLISHED_SEVERITIES[id] === undefined)).toEqual([]);
    expect(Object.keys(PUBLISHED_SEVERITIES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it("explains every severity that is not Trivy's", () => {
    const unexplained = SECURITY_RULES.filter((rule) => {
      const published = PUBLISHED_SEVERITIES[rule.id];
      return published?.trivy !== undefined && published.trivy.severity !== rule.severity && !published.note;
    }).map((rule) => rule.id);

    expect(unexplained).toEqual([]);
  });

  it("shows the rules' table as the code has it", () => {
    const doc = readFileSync(DOC, "utf8");
    const table = renderTable();
    // DEVOPS_WRITE_DOCS=1 rewrites the table after a change to the rules.
    if (process.env.DEVOPS_WRITE_DOCS === "1")
      writeFileSync(DOC, doc.replace(new RegExp(`${BEGIN}[\\s\\S]*${END}`), `${BEGIN}\n${table}\n${END}`));

    const current = readFileSync(DOC, "utf8");

    expect(current.slice(current.indexOf(BEGIN) + BEGIN.length, current.indexOf(END)).trim()).toBe(table);
  });
});
