import { describe, expect, it } from "vitest";
import { borrowedStateWarnings, type StateSetting } from "../../../src/core/config/borrowed-state.js";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { validateConfig } from "../../../src/managers/setup-manager.js";
import { sandboxConfig, testTrust } from "../../helpers/infra-project.js";
import { projectWith, readyMachine, tempDir } from "../../helpers/project.js";

type Env = { name: string; confirm?: boolean; protected?: boolean; settings: StateSetting[] };

function environments(list: readonly Env[]): ResolvedEnvironment[] {
  return list.map(
    (env) =>
      ({
        name: env.name,
        prodLike: ["prod", "live"].some((word) => env.name.split("-").includes(word)),
        protected: env.protected ?? false,
        requireConfirmation: env.confirm ?? false,
        iac: { directory: "/srv/infra", settings: env.settings },
      }) as unknown as ResolvedEnvironment,
  );
}

const settingsOf = (env: ResolvedEnvironment) => env.iac.settings as StateSetting[];
const workspace = (value: string): StateSetting => ({ label: "workspace", value });
const varFile = (value: string): StateSetting => ({ label: "var file", value });
const backendKey = (value: string): StateSetting => ({ label: "backend key", value });

describe("borrowed state settings", () => {
  it.each<[string, Env[], string[]]>([
    [
      "a workspace and var file of a configured environment that requires confirmation",
      [
        { name: "staging", settings: [workspace("prod"), varFile("prod.tfvars")] },
        { name: "prod", confirm: true, settings: [workspace("prod"), varFile("prod.tfvars")] },
      ],
      [
        `"staging" uses workspace "prod" / var file "prod.tfvars", which belongs to "prod" (requires confirmation); it would change prod's state without an approval`,
      ],
    ],
    [
      "a protected environment's name in the backend key",
      [
        { name: "test", settings: [backendKey("api/eu-main/terraform.tfstate")] },
        { name: "eu-main", protected: true, settings: [backendKey("api/eu-main/terraform.tfstate")] },
      ],
      [
        `"test" uses backend key "api/eu-main/terraform.tfstate", which belongs to "eu-main" (requires confirmation); it would change eu-main's state without an approval`,
      ],
    ],
    [
      "a production word when no such environment is configured",
      [{ name: "staging", settings: [workspace("prod"), varFile("prod.tfvars")] }],
      [
        `"staging" uses workspace "prod" / var file "prod.tfvars", named for production ("prod"); it would change a production state without an approval`,
      ],
    ],
    [
      "the environment's own settings",
      [
        { name: "test", settings: [workspace("test"), varFile("test.tfvars")] },
        { name: "prod", confirm: true, settings: [workspace("prod"), varFile("prod.tfvars")] },
      ],
      [],
    ],
    [
      "a name only inside a longer word",
      [
        { name: "staging", settings: [workspace("staging"), varFile("products.tfvars")] },
        { name: "prod", confirm: true, settings: [workspace("prod")] },
      ],
      [],
    ],
    [
      "an environment that requires confirmation itself",
      [{ name: "staging", confirm: true, settings: [workspace("prod")] }],
      [],
    ],
    [
      "a production-like environment without confirmation (it has its own warning)",
      [{ name: "live", settings: [workspace("prod")] }],
      [],
    ],
  ])("warn about %s", (_name, list, messages) => {
    const warnings = borrowedStateWarnings(environments(list), settingsOf);

    expect(warnings.map((warning) => warning.message)).toEqual(messages);
  });

  it("ignore the project's own words, which every environment's settings share", () => {
    const list = environments([{ name: "test", settings: [backendKey("live-chat/terraform.tfstate")] }]);

    const warnings = borrowedStateWarnings(list, settingsOf, ["live-chat", ""]);

    expect(warnings).toEqual([]);
  });

  it("name the environment and what to do", () => {
    const list = environments([{ name: "staging", settings: [workspace("prod")] }]);

    const [warning] = borrowedStateWarnings(list, settingsOf);

    expect(warning).toMatchObject({
      path: "environments.staging",
      suggestion:
        'give "staging" a workspace, var file and backend key of its own, or make it require confirmation (environments.staging.require_confirmation: true)',
    });
  });
});

describe("config validate with the Terraform engine", () => {
  it("warns when the only environment uses production's workspace and var file", async () => {
    const config = sandboxConfig("http://127.0.0.1:5000", {
      environments: {
        staging: {
          require_confirmation: false,
          endpoint: "http://127.0.0.1:5000",
          account_id: "123456789012",
          workspace: "prod",
          var_file: "prod.tfvars",
        },
      },
    });
    const root = await projectWith(config);
    const trust = testTrust(await tempDir("devops-person-"));

    const env = await readyMachine(root, config as Record<string, any>);

    const result = await validateConfig(createContext({ cwd: root, env, io: new MemoryIoHost(), trust }));

    expect(result.status).toBe("valid");
    expect(result.data.warnings.map((warning) => warning.message)).toEqual([
      `"staging" uses workspace "prod" / var file "prod.tfvars", named for production ("prod"); it would change a production state without an approval`,
    ]);
  });

  it("warns about a var file that names a protected environment", async () => {
    const config = sandboxConfig("http://127.0.0.1:5000") as Record<string, any>;
    config.handlers.iac.terraform.backend = {
      type: "s3",
      bucket: "{project}-state",
      key: "{subsystem}/{environment}.tfstate",
    };
    config.handlers.iac.terraform.workspace = false;
    config.environments.test.var_file = "staging.tfvars";
    const root = await projectWith(config);
    const trust = testTrust(await tempDir("devops-person-"));

    const env = await readyMachine(root, config as Record<string, any>);

    const result = await validateConfig(createContext({ cwd: root, env, io: new MemoryIoHost(), trust }));

    expect(result.data.warnings.map((warning) => warning.message)).toEqual([
      `"test" uses var file "staging.tfvars", which belongs to "staging" (requires confirmation); it would change staging's state without an approval`,
    ]);
  });
});
