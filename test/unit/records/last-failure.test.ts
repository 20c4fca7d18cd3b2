import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { noteSuccess, readLastFailure, writeLastFailure } from "../../../src/records/last-failure.js";
import { tempDir } from "../../helpers/project.js";

const FAILED_AT = "2026-12-07T14:40:00.000Z";
const LATER = new Date("2026-12-07T15:00:00.000Z");

async function failedPreview(): Promise<string> {
  const stateDir = await tempDir();
  await writeLastFailure(stateDir, {
    at: FAILED_AT,
    environment: "test",
    operation: "preview",
    command: "infra preview-changes",
    command_line: "devops infra preview-changes --env test",
    error: { code: "TERRAFORM_PLAN_FAILED", message: "terraform plan failed" },
    diagnostics: [],
  });
  return stateDir;
}

describe("the last failure and what supersedes it", () => {
  it("is kept for the project and for its environment", async () => {
    const stateDir = await failedPreview();

    const project = await readLastFailure(stateDir);
    const environment = await readLastFailure(stateDir, "test");

    expect(project?.command).toBe("infra preview-changes");
    expect(environment).toEqual(project);
    expect(await readLastFailure(stateDir, "prod")).toBeUndefined();
  });

  it("is superseded by a later success of the same command in the same environment", async () => {
    const stateDir = await failedPreview();

    await noteSuccess(stateDir, { command: "infra preview-changes", environment: "test", at: LATER });

    expect((await readLastFailure(stateDir))?.superseded_by).toEqual({ at: LATER.toISOString() });
    expect((await readLastFailure(stateDir, "test"))?.superseded_by).toEqual({ at: LATER.toISOString() });
  });

  it.each([
    ["another command", { command: "infra check-status", environment: "test", at: LATER }],
    ["another environment", { command: "infra preview-changes", environment: "prod", at: LATER }],
    ["no environment", { command: "infra preview-changes", environment: undefined, at: LATER }],
    [
      "a success before the failure",
      { command: "infra preview-changes", environment: "test", at: new Date(FAILED_AT.replace("14:40", "14:30")) },
    ],
  ])("is not superseded by %s", async (_name, success) => {
    const stateDir = await failedPreview();

    await noteSuccess(stateDir, success);

    expect((await readLastFailure(stateDir))?.superseded_by).toBeUndefined();
  });

  it("costs a success no write when nothing failed", async () => {
    const stateDir = await tempDir();

    await noteSuccess(stateDir, { command: "infra preview-changes", environment: "test", at: LATER });

    expect(await readdir(stateDir)).toEqual([]);
  });

  it("names the environment's file after the environment", async () => {
    const stateDir = await failedPreview();

    expect(await readdir(join(stateDir, "runs", "failures"))).toEqual(["test.json"]);
  });
});
