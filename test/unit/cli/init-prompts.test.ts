import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { initProject } from "../../../src/managers/setup-manager.js";
import { tempDir } from "../../helpers/project.js";

const defaults = { provider: "aws", iac: "terraform", sandbox: false, force: false };

it("asks for what the flags did not give on a terminal, re-asking on a bad answer", async () => {
  const cwd = await tempDir();
  const io = new MemoryIoHost({
    interactive: true,
    answers: ["Bad Name", "shop", "", "acme", "eu-central-1", "./tf", "shop-test", "shop-prod", "shop-admin"],
  });

  await initProject(createContext({ cwd, env: {}, io }), defaults);

  const written = JSON.parse(await readFile(join(cwd, ".devops/devops.json"), "utf8"));
  expect(written.project).toEqual({ name: "shop", subsystem: "core", organization: "acme" });
  expect(written.handlers.hosting.aws.region).toBe("eu-central-1");
  expect(written.handlers.iac.terraform.directory).toBe("./tf");
  expect(written.handlers.hosting.aws.profiles).toEqual({
    test: "shop-test",
    prod: "shop-prod",
    discover: "shop-admin",
  });
  expect(io.prompts).toEqual([
    "Project name",
    "Project name",
    "Subsystem",
    "Organization (optional)",
    "AWS region",
    "Terraform directory (the root module)",
    "AWS profile for test",
    "AWS profile for prod",
    "AWS profile allowed to grant IAM permissions (discover)",
  ]);
});

it("asks nothing when not interactive and derives the project name from the folder", async () => {
  const cwd = await tempDir("My_Shop.");
  const io = new MemoryIoHost({ interactive: false });

  await initProject(createContext({ cwd, env: {}, io }), defaults);

  const written = JSON.parse(await readFile(join(cwd, ".devops/devops.json"), "utf8"));
  expect(io.prompts).toEqual([]);
  expect(written.project.name).toMatch(/^my-shop-[a-z0-9-]+$/);
});
