import { describe, expect, it, vi } from "vitest";
import { projectPaths } from "../../../src/core/context.js";
import { RecordError } from "../../../src/core/errors.js";
import { registryPaths } from "../../../src/records/registry.js";
import { checkRecordsWritable } from "../../../src/skills/infra/documenter.js";
import type { Infra } from "../../../src/skills/infra/target.js";
import { tempDir } from "../../helpers/project.js";
import { project } from "../tester/project.js";

// A read-only file system cannot be made in a test, and root passes every permission check: the refusal
// is injected into the one call that asks, for the one folder named.
const refused = vi.hoisted(() => ({ path: undefined as string | undefined }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...real,
    access: (path: string, mode?: number) =>
      path === refused.path
        ? Promise.reject(Object.assign(new Error(`EROFS: read-only file system, access '${path}'`), { code: "EROFS" }))
        : real.access(path, mode),
  };
});

describe("checking, before a change, that its records can be written", () => {
  it("reports a registry folder that may not be written as RECORD_NOT_WRITABLE, the record store's code", async () => {
    const root = await tempDir();
    const ctx = { ...project(), paths: projectPaths(root) };
    const infra = { env: { name: "test" } } as unknown as Infra;
    refused.path = registryPaths(ctx.paths.stateDir, "test").dir;

    const error = await checkRecordsWritable(ctx, infra).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RecordError);
    expect(error).toMatchObject({
      code: "RECORD_NOT_WRITABLE",
      message: `${refused.path} is not writable, so this change could not be recorded`,
      suggestion: expect.stringContaining("nothing was changed"),
      details: { path: refused.path, errno: "EROFS" },
    });
  });

  it("passes when every record and folder can be written (files not made yet count as writable)", async () => {
    const root = await tempDir();
    refused.path = undefined;

    await expect(
      checkRecordsWritable({ ...project(), paths: projectPaths(root) }, { env: { name: "test" } } as unknown as Infra),
    ).resolves.toBeUndefined();
  });
});
