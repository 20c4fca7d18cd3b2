// Slash commands in the real Claude Code: what the person types expands into the plugin's markdown
// (a command forked to its agent, or a skill), the scripted model follows the invocation that markdown
// shows, and the devops CLI's JSON document comes back to the conversation as the tool result.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useClaudeSandbox } from "../../helpers/claude-sandbox.js";
import { cliCall, conversationText } from "../../helpers/messages-api.js";

const sandbox = useClaudeSandbox({ moto: true });

const REPO = join(import.meta.dirname, "..", "..", "..");
const RUN_TIMEOUT_MS = 120_000;

/** The first line of a markdown file's body (after the frontmatter): proof that the body was expanded. */
function firstBodyLine(path: string): string {
  const body = readFileSync(join(REPO, path), "utf8").replace(/^---\n[\s\S]*?\n---\n/, "");
  return (
    body
      .split("\n")
      .find((line) => line.trim() !== "" && !line.includes("$"))
      ?.trim() ?? ""
  );
}

/** The `tools:` an agent's frontmatter lists, sorted. */
function agentTools(path: string): string[] {
  const line = /^tools:(.*)$/m.exec(readFileSync(join(REPO, path), "utf8"))?.[1] ?? "";
  return line
    .split(",")
    .map((tool) => tool.trim())
    .filter((tool) => tool !== "")
    .sort();
}

describe("a slash command's CLI call returns JSON to the conversation", () => {
  it.each([
    [
      "/devops:infra-manage preview-changes --env test",
      "commands/infra-manage.md",
      "infra preview-changes",
      "infra-manager",
    ],
    ["/devops:config show --env test", "skills/config/SKILL.md", "config show", undefined],
  ])(
    "%s expands and its CLI call answers with the JSON document",
    async (prompt, markdown, subcommand, agent) => {
      const { api, run, project: makeProject } = sandbox();
      const project = await makeProject();

      const claude = await run([cliCall(subcommand, "--env test --json"), { text: "Here is the result." }], {
        prompt,
        cwd: project,
      });

      // The request the CLI call answered held the expanded markdown, its arguments substituted.
      const asked = api.requests.find((request) => request.answered !== undefined && "tools" in request.answered);
      const read = asked?.body === undefined ? "" : conversationText(asked.body);
      expect(read).toContain(firstBodyLine(markdown));
      expect(read).toContain(prompt.split(" ").slice(1).join(" "));
      // A command forked to an agent (`context: fork`) runs with that agent's tools.
      if (agent !== undefined)
        expect(asked?.body?.tools?.map((tool) => tool.name).sort()).toEqual(agentTools(`agents/${agent}.md`));
      const [call] = api.toolResults();
      expect(call, JSON.stringify(api.toolResults())).toMatchObject({ tool: "Bash", isError: false });
      expect(JSON.parse(call?.text ?? "")).toMatchObject({ ok: true, command: subcommand, environment: "test" });
      expect(claude.result).toMatchObject({ is_error: false, permission_denials: [] });
      // Claude Code asked the stand-in for nothing but conversation turns.
      expect(api.requests.map((request) => `${request.method} ${request.url.split("?")[0]}`)).toEqual(
        api.requests.map(() => "POST /v1/messages"),
      );
    },
    RUN_TIMEOUT_MS,
  );
});
