// What the plugin's markdown pre-approves, as the real Claude Code applies it: with any of the plugin's
// skills or commands active (typed by the person as a slash command), a `node -e` program is not run
// without asking, while the devops CLI itself is. The project has no devops configuration, so the
// production gate has nothing to protect and only the pre-approvals decide.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useClaudeSandbox } from "../../helpers/claude-sandbox.js";
import { bashCall } from "../../helpers/messages-api.js";

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

/** The help of the first devops command the entry pre-approves: run to show the CLI itself is allowed. */
function ownHelp(name: string): string {
  const skill = join(REPO, "skills", name, "SKILL.md");
  const text = readFileSync(existsSync(skill) ? skill : join(REPO, "commands", `${name}.md`), "utf8");
  const rule = /^allowed-tools:.*?Bash\(devops ?([^*)]*?) ?\*\)/m.exec(text);
  if (rule === null) throw new Error(`/devops:${name} pre-approves no devops command`);
  return ["devops", rule[1], "--help"].filter((word) => word !== "" && word !== undefined).join(" ");
}

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

      const claude = await run([bashCall(nodeE), bashCall(ownHelp(name)), { text: "Done." }], {
        prompt: `/devops:${name}`,
        cwd: project,
      });

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
      // The control: the same entry does pre-approve its own devops command.
      expect(cli?.isError, cli?.text).toBe(false);
      expect(cli?.text).toMatch(/^Usage: devops/);
    },
    RUN_TIMEOUT_MS,
  );
});
