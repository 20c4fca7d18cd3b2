import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { architect } from "../../../src/managers/infra-design.js";
import { parseDesignDoc } from "../../../src/skills/infra/architect/design-doc.js";
import { sandboxConfig } from "../../helpers/infra-project.js";
import { projectWith } from "../../helpers/project.js";

async function project(extra: Record<string, unknown> = {}) {
  const root = await projectWith(sandboxConfig("http://127.0.0.1:5000", extra));
  const io = new MemoryIoHost();
  return { root, io, ctx: createContext({ cwd: root, env: {}, io }) };
}

describe("devops infra architect", () => {
  it("writes .devops/designs/<slug>.md from the feature text, with the chosen pattern and its alternatives", async () => {
    const { root, ctx } = await project();

    const result = await architect(ctx, { feature: "Store user uploads" });

    expect(result.status).toBe("created");
    expect(result.data).toMatchObject({
      design: "store-user-uploads",
      path: join(root, ".devops", "designs", "store-user-uploads.md"),
      written: true,
      pattern: "s3-uploads",
      reason: "scored",
      environment: "test",
    });
    expect(result.data.alternatives[0]).toEqual({ id: "s3-uploads", score: 5, matched: ["upload", "storage"] });
    expect(result.data.resources).toContainEqual({
      key: "uploads",
      type: "aws_s3_bucket",
      purpose: expect.any(String),
      name: "shop-api-test-uploads",
    });
    expect(result.data.resources.find((resource) => resource.key === "uploads-versioning")).not.toHaveProperty("name");
    expect(result.next).toEqual([
      { command: "devops infra engineer --design store-user-uploads.md", why: expect.any(String) },
    ]);
    const spec = parseDesignDoc(await readFile(result.data.path, "utf8"), "x.md");
    expect(spec).toMatchObject({
      schema_version: 1,
      pattern: "s3-uploads",
      name: "store-user-uploads",
      parameters: { noncurrent_version_days: 30 },
    });
  });

  it("takes the slug from --name, the pattern from --pattern and names from --env", async () => {
    const { ctx } = await project();

    const result = await architect(ctx, {
      feature: "marketing website",
      pattern: "ecs-alb",
      name: "Web Front",
      env: "production",
    });

    expect(result.data).toMatchObject({
      design: "web-front",
      pattern: "ecs-alb",
      reason: "forced",
      environment: "prod",
    });
    expect(result.data.resources.find((resource) => resource.key === "alb")?.name).toBe("shop-api-prod-alb");
  });

  it("names resources with the configured naming pattern", async () => {
    const { ctx } = await project({
      resource_naming: { pattern: "{environment}_{project}_{resource}", separator: "_" },
    });

    const result = await architect(ctx, { feature: "REST API for orders" });

    expect(result.data.resources.find((resource) => resource.key === "items")?.name).toBe("test_shop_items");
    expect(result.data.resources.find((resource) => resource.key === "handler-logs")?.name).toBe(
      "/aws/lambda/test_shop_handler",
    );
  });

  it("refuses to overwrite an existing design without --force, and says so", async () => {
    const { ctx, io } = await project();
    const first = await architect(ctx, { feature: "store user uploads" });
    await writeFile(first.data.path, "hand-written design\n");

    const again = await architect(ctx, { feature: "store user uploads" });

    expect(again.status).toBe("exists");
    expect(again.data).toMatchObject({ written: false, path: first.data.path });
    expect(await readFile(first.data.path, "utf8")).toBe("hand-written design\n");
    expect(io.messages).toContainEqual(
      expect.objectContaining({ level: "warn", message: expect.stringContaining("use --force") }),
    );
    expect(again.next?.[0]?.command).toContain("--force");
  });

  it("replaces it with --force", async () => {
    const { ctx } = await project();
    const first = await architect(ctx, { feature: "store user uploads" });
    await writeFile(first.data.path, "hand-written design\n");

    const forced = await architect(ctx, { feature: "store user uploads", force: true });

    expect(forced.status).toBe("overwritten");
    expect(await readFile(first.data.path, "utf8")).toContain("## Resources (machine-readable)");
  });

  it.each([
    [{ feature: "store uploads", pattern: "s3-upload" }, "PATTERN_UNKNOWN"],
    [{ feature: "   " }, "FEATURE_EMPTY"],
    [{ feature: "store uploads", env: "qa" }, "ENV_UNKNOWN"],
    [{ feature: "store uploads", name: "!!!" }, "DESIGN_NAME_INVALID"],
  ])("%j → %s", async (input, code) => {
    const { ctx } = await project();

    await expect(architect(ctx, input)).rejects.toMatchObject({ code });
  });
});
