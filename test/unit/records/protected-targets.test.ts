import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  healProtectedTargets,
  protectedTargetFiles,
  readProtectedTargets,
  recordProtectedTarget,
  type ProtectedTarget,
} from "../../../src/records/protected-targets.js";
import { tempDir } from "../../helpers/project.js";

const PROD: ProtectedTarget = {
  account: "123456789012",
  location: "local state /srv/shop/infra/terraform.tfstate.d/prod/terraform.tfstate",
  environment: "prod",
  config: "/srv/shop/.devops/devops.json",
  recorded_at: "2026-12-01T09:00:00.000Z",
};
const LIVE: ProtectedTarget = {
  ...PROD,
  location: "s3 state shop-state/api/terraform.tfstate, workspace live",
  environment: "live",
};

async function files() {
  const dir = await tempDir("devops-targets-");
  return protectedTargetFiles(join(dir, "project", ".devops"), join(dir, "person", "state"));
}

/** `target` as recorded by the project whose copy is `paths[0]` (its config inside that project). */
function ofProject(paths: readonly string[], target: ProtectedTarget): ProtectedTarget {
  return { ...target, config: join(dirname(paths[0] ?? ""), "devops.json") };
}

async function write(path: string, targets: ProtectedTarget[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ schema_version: 1, targets }));
}

async function targetsIn(path: string): Promise<ProtectedTarget[]> {
  return (JSON.parse(await readFile(path, "utf8")) as { targets: ProtectedTarget[] }).targets;
}

describe("protected targets", () => {
  it("are kept in the project and in the person's state folder", async () => {
    const dir = await tempDir();

    const paths = protectedTargetFiles(join(dir, "p", ".devops"), join(dir, "home", "state"));

    expect(paths).toEqual([
      join(dir, "p", ".devops", "protected-targets.json"),
      join(dir, "home", "state", "protected-targets.json"),
    ]);
  });

  it("read as nothing when neither copy exists", async () => {
    const read = await readProtectedTargets(await files());

    expect(read.targets).toEqual([]);
    expect(read.missing.size).toBe(0);
  });

  it("read as the union of both copies, one entry per account and location", async () => {
    const paths = await files();
    await write(paths[0], [PROD, LIVE]);
    await write(paths[1], [{ ...PROD, environment: "renamed", recorded_at: "2026-12-02T09:00:00.000Z" }]);

    const read = await readProtectedTargets(paths);

    expect(read.targets).toEqual([{ ...PROD, environment: "renamed", recorded_at: "2026-12-02T09:00:00.000Z" }, LIVE]);
    expect([...read.missing]).toEqual([[paths[1], [LIVE]]]);
  });

  it.each([
    ["the project's copy", 0],
    ["the person's copy", 1],
  ] as const)("heal when %s was deleted", async (_name, deleted) => {
    const paths = await files();
    const prod = ofProject(paths, PROD);
    await recordProtectedTarget(paths, await readProtectedTargets(paths), prod);
    await rm(paths[deleted]);

    await healProtectedTargets(await readProtectedTargets(paths));

    expect(await targetsIn(paths[0])).toEqual([prod]);
    expect(await targetsIn(paths[1])).toEqual([prod]);
  });

  it("give the project's copy back only its own targets; the person's copy keeps every project's", async () => {
    const paths = await files();
    const ours = ofProject(paths, PROD);
    await write(paths[1], [ours, LIVE]);

    await healProtectedTargets(await readProtectedTargets(paths));

    expect(await targetsIn(paths[0])).toEqual([ours]);
    expect(await targetsIn(paths[1])).toEqual([ours, LIVE]);
  });

  it("record a new target in both copies, with what either lacked", async () => {
    const paths = await files();
    const live = ofProject(paths, LIVE);
    const prod = ofProject(paths, PROD);
    await write(paths[1], [live]);

    await recordProtectedTarget(paths, await readProtectedTargets(paths), prod);

    expect(await targetsIn(paths[0])).toEqual([live, prod]);
    expect(await targetsIn(paths[1])).toEqual([live, prod]);
  });

  it.each([
    ["not JSON", "{ targets: ["],
    [
      "an entry without its location",
      JSON.stringify({ schema_version: 1, targets: [{ ...PROD, location: undefined }] }),
    ],
    ["no targets list", JSON.stringify({ schema_version: 1 })],
  ])("refuse a corrupt copy (%s) with its path, never reading it as empty", async (_name, text) => {
    const paths = await files();
    await write(paths[0], [PROD]);
    await mkdir(dirname(paths[1]), { recursive: true });
    await writeFile(paths[1], text);

    const read = readProtectedTargets(paths);

    await expect(read).rejects.toMatchObject({ code: "RECORD_CORRUPT", details: { path: paths[1] } });
    expect(await readFile(paths[1], "utf8")).toBe(text);
  });

  it("refuse a copy written by a newer devops", async () => {
    const paths = await files();
    await mkdir(dirname(paths[0]), { recursive: true });
    await writeFile(paths[0], JSON.stringify({ schema_version: 2, targets: [] }));

    await expect(readProtectedTargets(paths)).rejects.toMatchObject({ code: "RECORD_NEWER_VERSION" });
  });
});
