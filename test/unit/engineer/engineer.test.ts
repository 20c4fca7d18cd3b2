import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { exitCodeOf } from "../../../src/core/result.js";
import { architect, engineer } from "../../../src/managers/infra-design.js";
import { sha256 } from "../../../src/skills/infra/engineer/files.js";
import { unifiedDiff } from "../../../src/skills/infra/engineer/diff.js";
import { storedZip } from "../../../src/skills/infra/engineer/zip.js";
import { sandboxConfig } from "../../helpers/infra-project.js";
import { projectWith } from "../../helpers/project.js";

async function designed(pattern = "lambda-api", extra: Record<string, unknown> = {}) {
  const root = await projectWith(sandboxConfig("http://127.0.0.1:5000", extra));
  const ctx = createContext({ cwd: root, env: {}, io: new MemoryIoHost() });
  const design = await architect(ctx, { feature: "REST API for orders", pattern, name: "orders" });
  const infra = (...parts: string[]) => join(root, "infra", ...parts);
  return { root, ctx, designPath: design.data.path, infra };
}

describe("devops infra engineer", () => {
  it("generates the module in the configured directory and records what it wrote", async () => {
    const { root, ctx, infra } = await designed();

    const result = await engineer(ctx, { design: "orders.md" });

    expect(result.status).toBe("generated");
    expect(exitCodeOf(result)).toBe(0);
    expect(result.data.files.map((file) => `${file.path}:${file.action}`)).toEqual([
      "infra/main.tf:create",
      "infra/variables.tf:create",
      "infra/outputs.tf:create",
      "infra/versions.tf:create",
      "infra/test.tfvars:create",
      "infra/staging.tfvars:create",
      "infra/prod.tfvars:create",
      "infra/build/handler.zip:create",
    ]);
    expect(result.data.directories).toEqual([join(root, "infra")]);
    const manifest = JSON.parse(await readFile(join(root, ".devops", "designs", "orders.generated.json"), "utf8"));
    expect(manifest).toMatchObject({ schema_version: 1, design: "orders" });
    expect(manifest.files["infra/main.tf"]).toBe(sha256(await readFile(infra("main.tf"))));
    expect(manifest.files["infra/build/handler.zip"]).toBe(sha256(await readFile(infra("build", "handler.zip"))));
    expect(result.next?.[0]?.command).toBe("devops infra validate-config --env test");
  });

  it("finds the design by slug, file name or path", async () => {
    const { ctx, designPath } = await designed();

    for (const design of ["orders", "orders.md", designPath, ".devops/designs/orders.md"]) {
      expect((await engineer(ctx, { design })).data.design).toBe("orders");
    }
  });

  it("a second run with nothing changed writes nothing", async () => {
    const { ctx } = await designed();
    await engineer(ctx, { design: "orders" });

    const again = await engineer(ctx, { design: "orders" });

    expect(again.status).toBe("unchanged");
    expect(new Set(again.data.files.map((file) => file.action))).toEqual(new Set(["unchanged"]));
  });

  it("regenerates files it wrote itself when the design changes", async () => {
    const { ctx, designPath, infra } = await designed();
    await engineer(ctx, { design: "orders" });
    await writeFile(
      designPath,
      (await readFile(designPath, "utf8")).replace('"lambda_timeout_seconds": 10', '"lambda_timeout_seconds": 20'),
    );

    const result = await engineer(ctx, { design: "orders" });

    expect(result.status).toBe("generated");
    expect(result.data.files.find((file) => file.path === "infra/variables.tf")?.action).toBe("update");
    expect(await readFile(infra("variables.tf"), "utf8")).toMatch(/default += 20/);
  });

  it("never overwrites a hand-edited file: needs_force (exit 4) with a diff, and nothing is written", async () => {
    const { ctx, designPath, infra } = await designed();
    await engineer(ctx, { design: "orders" });
    const edited = (await readFile(infra("main.tf"), "utf8")).replace('"python3.12"', '"python3.13"');
    await writeFile(infra("main.tf"), edited);
    await writeFile(
      designPath,
      (await readFile(designPath, "utf8")).replace('"lambda_timeout_seconds": 10', '"lambda_timeout_seconds": 20'),
    );
    const variablesBefore = await readFile(infra("variables.tf"), "utf8");

    const result = await engineer(ctx, { design: "orders" });

    expect(result.status).toBe("needs_force");
    expect(exitCodeOf(result)).toBe(4);
    expect(result.data.conflicts).toBe(1);
    const conflict = result.data.files.find((file) => file.path === "infra/main.tf");
    expect(conflict).toMatchObject({ action: "conflict", reason: "edited" });
    expect(conflict?.diff).toContain("--- a/infra/main.tf\n+++ b/infra/main.tf\n@@ ");
    expect(conflict?.diff).toMatch(/\n- {2}runtime += "python3\.13"\n\+ {2}runtime += "python3\.12"\n/);
    expect(await readFile(infra("main.tf"), "utf8")).toBe(edited);
    expect(await readFile(infra("variables.tf"), "utf8")).toBe(variablesBefore);
    expect(result.next?.[0]?.command).toBe("devops infra engineer --design orders.md --force");
  });

  it("treats an existing file it did not generate as a conflict too", async () => {
    const { ctx, infra } = await designed();
    await mkdir(infra(), { recursive: true });
    await writeFile(infra("main.tf"), 'resource "terraform_data" "mine" {}\n');

    const result = await engineer(ctx, { design: "orders" });

    expect(result.status).toBe("needs_force");
    expect(result.data.files.find((file) => file.path === "infra/main.tf")).toMatchObject({
      action: "conflict",
      reason: "not_generated",
    });
  });

  it("--force overwrites the hand edits and records the new hashes", async () => {
    const { ctx, infra } = await designed();
    await engineer(ctx, { design: "orders" });
    await writeFile(infra("main.tf"), "# mine\n");

    const result = await engineer(ctx, { design: "orders", force: true });

    expect(result.status).toBe("generated");
    expect(result.data.files.find((file) => file.path === "infra/main.tf")).toMatchObject({
      action: "overwrite",
      reason: "edited",
    });
    expect(await readFile(infra("main.tf"), "utf8")).toContain('resource "aws_lambda_function" "handler"');
    expect((await engineer(ctx, { design: "orders" })).status).toBe("unchanged");
  });

  it("removes a file it generated before and no longer generates, when untouched", async () => {
    const root = await projectWith(sandboxConfig("http://127.0.0.1:5000", {}));
    const s3 = sandboxConfig("http://127.0.0.1:5000") as { handlers: { iac: { terraform: Record<string, unknown> } } };
    s3.handlers.iac.terraform.backend = { type: "s3", bucket: "state", key: "uploads.tfstate" };
    await writeFile(join(root, ".devops", "devops.json"), JSON.stringify(s3));
    const ctx = createContext({ cwd: root, env: {}, io: new MemoryIoHost() });
    await architect(ctx, { feature: "store uploads", name: "uploads" });
    const first = await engineer(ctx, { design: "uploads" });
    await writeFile(join(root, ".devops", "devops.json"), JSON.stringify(sandboxConfig("http://127.0.0.1:5000")));

    const second = await engineer(ctx, { design: "uploads" });

    expect(first.data.files.find((file) => file.path === "infra/backend.tf")?.action).toBe("create");
    expect(second.data.files.find((file) => file.path === "infra/backend.tf")?.action).toBe("remove");
    await expect(readFile(join(root, "infra", "backend.tf"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a broken JSON block is DESIGN_INVALID naming the problem", async () => {
    const { ctx, designPath } = await designed();
    await writeFile(
      designPath,
      (await readFile(designPath, "utf8")).replace('"schema_version": 1,', '"schema_version": 1'),
    );

    await expect(engineer(ctx, { design: "orders" })).rejects.toMatchObject({
      code: "DESIGN_INVALID",
      message: expect.stringMatching(/^\.devops\/designs\/orders\.md: the JSON block .* is not valid JSON/),
    });
  });

  it("an unknown design is DESIGN_NOT_FOUND with a did-you-mean", async () => {
    const { ctx } = await designed();

    await expect(engineer(ctx, { design: "order" })).rejects.toMatchObject({
      code: "DESIGN_NOT_FOUND",
      suggestion: 'did you mean "orders.md"?',
    });
  });

  it("with --env writes only that environment's var file and keeps the others' records", async () => {
    const { root, ctx, infra } = await designed();
    await engineer(ctx, { design: "orders" });
    await writeFile(infra("prod.tfvars"), "# tuned by hand\n");

    const result = await engineer(ctx, { design: "orders", env: "test" });

    expect(result.status).toBe("unchanged");
    expect(result.environment).toBe("test");
    expect(result.data.files.map((file) => file.path)).not.toContain("infra/prod.tfvars");
    expect(await readFile(infra("prod.tfvars"), "utf8")).toBe("# tuned by hand\n");
    const manifest = JSON.parse(await readFile(join(root, ".devops", "designs", "orders.generated.json"), "utf8"));
    expect(Object.keys(manifest.files)).toContain("infra/prod.tfvars");
    expect(
      (await engineer(ctx, { design: "orders" })).data.files.find((file) => file.path === "infra/prod.tfvars"),
    ).toMatchObject({ action: "conflict", reason: "edited" });
  });

  it("an unknown --env is ENV_UNKNOWN", async () => {
    const { ctx } = await designed();

    await expect(engineer(ctx, { design: "orders", env: "qa" })).rejects.toMatchObject({ code: "ENV_UNKNOWN" });
  });
});

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "f")).toBe("");
  });

  it("shows changed lines with three lines of context and hunk ranges", () => {
    const before = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"].join("\n");
    const after = ["1", "2", "3", "4", "five", "6", "7", "8", "9", "10", "11", "12", "13"].join("\n");

    expect(unifiedDiff(before, after, "x.tf")).toBe(
      [
        "--- a/x.tf",
        "+++ b/x.tf",
        "@@ -2,7 +2,7 @@",
        " 2",
        " 3",
        " 4",
        "-5",
        "+five",
        " 6",
        " 7",
        " 8",
        "@@ -10,3 +10,4 @@",
        " 10",
        " 11",
        " 12",
        "+13",
        "",
      ].join("\n"),
    );
  });

  it("diffs an empty file against new content", () => {
    expect(unifiedDiff("", "a\n", "n")).toBe("--- a/n\n+++ b/n\n@@ -0,0 +1 @@\n+a\n");
  });
});

describe("storedZip", () => {
  it("is byte-for-byte reproducible and holds the file uncompressed with its CRC-32", () => {
    const content = "def handler(event, context):\n    return 1\n";

    const zip = storedZip([{ name: "index.py", content }]);

    expect(storedZip([{ name: "index.py", content }]).equals(zip)).toBe(true);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt32LE(14)).toBe(crc32(Buffer.from(content)));
    expect(zip.subarray(30, 38).toString()).toBe("index.py");
    expect(zip.subarray(38, 38 + content.length).toString()).toBe(content);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(1);
    expect(zip.readUInt32LE(zip.readUInt32LE(end + 16))).toBe(0x02014b50);
  });
});
