// What the plugin's markdown pre-approves, as the real Claude Code applies it: with any of the plugin's
// skills or commands active (typed by the person as a slash command), a `node -e` program is not run
// without asking, while the devops CLI itself is. The project has no devops configuration, so the
// production gate has nothing to protect and only the pre-approvals decide.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useClaudeSandbox } from "../../helpers/claude-sandbox.js";
import { bashCall, invocationBefore } from "../../helpers/messages-api.js";

const sandbox = useClaudeSandbox({ moto: false });

const REPO = join(import.meta.dirname, "..", "..", "..");
const RUN_TIMEOUT_MS = 60_000;

/** Every skill and command the plugin ships, by the name a person types after `/devops:`. */
const ENTRIES = [
  ...readdirSync(join(REPO, "skills"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(REPO, "skills", entry.name, "SKILL.md")))
    .map((entry) => entry.name),
  ...readdirSync(join(REPO, "commands"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => name.replace(/\.md$/, "")),
].sort();

describe("`node -e` is not pre-approved by any skill or command", () => {
  it("finds the plugin's skills and commands", () => {
    expect(ENTRIES.length).toBeGreaterThan(10);
  });

  it.each(ENTRIES)(
    "with /devops:%s active, node -e is not run, the devops CLI is",
    async (name) => {
      const { api, run, plainFolder } = sandbox();
      const project = await plainFolder();
      const marker = join(project, "node-e-ran.txt");
      const nodeE = `node -e "require('fs').writeFileSync('node-e-ran.txt', 'ran')"`;

      const claude = await run(
        [bashCall(nodeE), (request) => bashCall(`${invocationBefore(request)} --version`), { text: "Done." }],
        { prompt: `/devops:${name}`, cwd: project },
      );

      const results = api.toolResults().filter((result) => result.tool === "Bash");
      expect(
        results.map((result) => result.input.command),
        JSON.stringify(api.toolResults()),
      ).toHaveLength(2);
      const [node, cli] = results;
      expect(existsSync(marker)).toBe(false);
      // Refused for want of a pre-approval (the gate has nothing to protect here, so it did not ask).
      expect(node).toMatchObject({ isError: true, text: "This command requires approval" });
      expect(claude.result.permission_denials.map((denial) => denial.tool_input.command)).toEqual([nodeE]);
      // The control: the same skill does pre-approve its own CLI.
      expect(cli?.isError, cli?.text).toBe(false);
      expect(cli?.text).toMatch(/^\d+\.\d+\.\d+/);
    },
    RUN_TIMEOUT_MS,
  );
});
