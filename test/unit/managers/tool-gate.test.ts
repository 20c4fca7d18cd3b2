import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { evaluateToolUse } from "../../../src/managers/tool-gate.js";
import { projectWith, tempDir, userGuideConfig } from "../../helpers/project.js";

// The documented config (test: no confirmation, prod: confirmation) plus a protected staging, with
// two nested projects for --project-dir / --config / cd: `relaxed` (prod without confirmation) and
// `strict` (prod with confirmation).
let project: string;
let relaxed: string;

async function writeConfig(dir: string, config: unknown): Promise<void> {
  await mkdir(join(dir, ".devops"), { recursive: true });
  await writeFile(join(dir, ".devops/devops.json"), JSON.stringify(config));
}

beforeEach(async () => {
  const config = await userGuideConfig();
  config.environments.staging = { protected: true, require_confirmation: false, profile: "my-project-staging-deploy" };
  project = await projectWith(config);
  relaxed = join(project, "relaxed");
  const relaxedConfig = await userGuideConfig();
  relaxedConfig.environments.prod.require_confirmation = false;
  await writeConfig(relaxed, relaxedConfig);
  await writeConfig(join(project, "strict"), await userGuideConfig());
});

function bashInput(command: string, cwd: string) {
  return {
    session_id: "s-1",
    transcript_path: "/tmp/transcript.jsonl",
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "run it" },
  };
}

async function decide(input: unknown, cwd = project) {
  const ctx = createContext({ cwd, env: {}, io: new MemoryIoHost() });
  return evaluateToolUse(ctx, input);
}

const CLI = 'node "/home/u/.claude/plugins/cache/m/devops/0.1.0/dist/cli.js"';

describe("the production gate: direct calls", () => {
  it.each([
    [
      "devops infra deploy --env prod",
      'devops infra deploy targets "prod", which requires a human approval: review the plan summary before allowing this command',
    ],
    ["devops infra deploy --env=production", 'targets "prod"'],
    ["devops infra deploy --env PROD", 'targets "prod"'],
    ["devops infra deploy --env live", 'targets "prod"'],
    [`${CLI} infra deploy --env prod --json`, 'targets "prod"'],
    ["node /plugins/devops/dist/cli.js --json infra deploy --env=prod", 'targets "prod"'],
    ["/home/u/.claude/plugins/cache/m/devops/0.1.0/bin/devops infra deploy --env prod", 'targets "prod"'],
    ["./bin/devops infra deploy --env prod", 'targets "prod"'],
    ["npx devops infra deploy --env prod", 'targets "prod"'],
    ["npx -y devops@latest infra deploy --env prod", 'targets "prod"'],
    [
      "devops infra teardown --env prod",
      'devops infra teardown targets "prod", which requires a human approval: review what it destroys',
    ],
    ["devops ops remediate --env prod --service api --action restart", 'devops ops remediate targets "prod"'],
    ["devops ops remediate --env=live --service api --action scale --count 2", 'devops ops remediate targets "prod"'],
    [
      "devops infra permissions grant --env production --action s3:PutObject",
      'devops infra permissions grant targets "prod"',
    ],
    [
      "devops approval sign --env prod --plan 20261207T100000Z-abcdef",
      'devops approval sign targets "prod", which requires a human approval: only you sign an approval; run it in your own terminal instead',
    ],
    ["devops approval setup --name alice", "devops approval setup changes who may approve protected changes"],
    [
      'devops infra state rm --env prod "aws_s3_bucket.b[0]"',
      'devops infra state rm targets "prod", which requires a human approval: review which resources it makes Terraform forget',
    ],
    ["devops infra state mv --env prod aws_s3_bucket.a aws_s3_bucket.b", 'devops infra state mv targets "prod"'],
    ["devops infra import --env production aws_s3_bucket.a my-bucket", 'devops infra import targets "prod"'],
    ["devops infra unlock --env prod --lock-id 3b2a0d4e", 'devops infra unlock targets "prod"'],
    ["devops infra state rm --env staging aws_s3_bucket.a", 'targets "staging", which is protected'],
    ["devops infra deploy --env staging", 'targets "staging", which is protected and requires a human approval'],
    ["devops infra teardown --env staging", 'targets "staging", which is protected'],
    ["devops infra deploy", "devops infra deploy names no --env"],
    ["devops infra deploy --env", "ends with --env and no value"],
    ["devops infra deploy --env qa", 'unknown environment "qa"'],
    ["devops infra deploy --env test --env prod", 'targets "prod"'],
    ["devops infra deploy --env test && devops infra deploy --env prod", 'targets "prod"'],
    ["devops infra preview-changes --env test && devops infra deploy --env prod | tee deploy.log", 'targets "prod"'],
    ["nohup devops infra deploy --env prod > deploy.log 2>&1 &", 'targets "prod"'],
    ["devops --json --project-dir strict infra deploy --env prod", 'targets "prod"'],
    ["devops --project-dir=strict infra deploy --env prod", 'targets "prod"'],
    ["devops --config strict/.devops/devops.json infra deploy --env prod", 'targets "prod"'],
    ["devops infra deploy --env prod --project-dir relaxed --project-dir strict", 'targets "prod"'],
    ['node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js" infra deploy --env prod', 'targets "prod"'],
    [
      "devops --project-dir relaxed infra deploy --env prod",
      'passes --config or --project-dir, and "prod", "staging" in this project require a human approval',
    ],
    [
      "devops --config relaxed/.devops/devops.json infra deploy --env prod",
      "protection does not depend on which config",
    ],
    ["make deploy", "make deploy runs the project's own scripts"],
    ["npx vitest run", "npx vitest runs the project's own scripts or a package's code"],
    ["PATH=/opt/node/bin:$PATH npm test", "npm runs with PATH set, which can load or run other code"],
  ])("asks for %j", async (command, reason) => {
    const result = await decide(bashInput(command, project));

    expect(result.decision).toBe("ask");
    expect(result.decision === "ask" ? result.reason : "").toContain(reason);
  });

  it.each([
    "devops infra deploy --env test",
    "devops infra deploy --env dev",
    `${CLI} infra deploy --env testing --json`,
    "devops infra preview-changes --env prod",
    "devops infra state list --env prod",
    "devops infra state show --env prod aws_s3_bucket.a",
    "devops infra validate-config --env prod",
    "devops infra show-resources --env prod --refresh",
    "devops infra check-status --env prod",
    "devops infra debug --operation deploy --env prod",
    "devops infra permissions list --env prod",
    "devops ops check-health --env prod",
    "devops ops query-logs --env prod --filter ERROR",
    "devops config show --env prod",
    "devops config validate",
    'devops route "deploy my infrastructure to production"',
    "devops hook pre-tool-use < input.json",
    "devops --help",
    "devops infra --help",
    "cd relaxed && devops infra preview-changes --env prod",
    "devops infra deploy --env test --json 2>&1 | tail -5",
    "devops infra deploy --env test && devops ops check-health --env prod",
    "bash -c 'devops infra deploy --env test'",
    "echo devops infra deploy --env prod",
    'echo "deploy docs"',
    "npm test",
    'git commit -m "devops: gate infra deploy on prod"',
    "git commit -m \"$(cat <<'EOF'\nfeat(devops): gate infra deploy on prod\n\nIt's fail-closed.\nEOF\n)\"",
    'grep -rn "infra deploy --env prod" docs/ | head -20',
    "cat <<'EOF'\ndevops infra deploy --env prod\nEOF",
    "ls -la && cat .devops/deployments/prod/DEPLOYED.md",
    "devops infra deploy --env test --plan p-123 --confirm abc123",
    "devops infra deploy --env=test --json | jq .status",
    "devops ops remediate --env test --service api --action restart",
    'node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js" infra deploy --env test',
  ])("stays out of the way for %j", async (command) => {
    const result = await decide(bashInput(command, project));

    expect(result).toMatchObject({ decision: "none" });
  });

  it("reports each CLI call it read", async () => {
    const result = await decide(
      bashInput("devops infra preview-changes --env prod && devops infra deploy --env prod", project),
    );

    expect(result.invocations).toEqual([
      {
        program: "devops",
        command: "infra preview-changes",
        mutating: false,
        environments: ["prod"],
        decision: "none",
        reasons: [],
      },
      {
        program: "devops",
        command: "infra deploy",
        mutating: true,
        environments: ["prod"],
        decision: "ask",
        reasons: [
          'devops infra deploy targets "prod", which requires a human approval: review the plan summary before allowing this command',
        ],
      },
    ]);
  });
});

describe("the production gate: where the config comes from", () => {
  it("asks when no config can be found", async () => {
    const empty = await tempDir();

    const result = await decide(bashInput("devops infra deploy --env test", empty), empty);

    expect(result).toMatchObject({ decision: "ask", reason: expect.stringContaining("no .devops/devops.json") });
  });

  it.each([
    ["broken JSON", "{ not json", "is not valid JSON"],
    [
      "a schema error",
      JSON.stringify({ version: "1.0", environments: { prod: { require_confirmation: "yes" } } }),
      "cannot tell whether",
    ],
  ])("asks when the config has %s", async (_what, text, reason) => {
    const broken = await projectWith(text);

    const result = await decide(bashInput("devops infra deploy --env test", broken), broken);

    expect(result).toMatchObject({ decision: "ask", reason: expect.stringContaining(reason) });
  });

  it("reads the config of the directory a --project-dir names, relative to the hook's cwd", async () => {
    const unprotected = await tempDir();
    const relaxedRun = await decide(bashInput(`devops --project-dir ${relaxed} infra deploy --env prod`, unprotected));
    const strictRun = await decide(
      bashInput(`devops --project-dir ${project}/strict infra deploy --env prod`, unprotected),
    );

    expect(relaxedRun.decision).toBe("none");
    expect(strictRun.decision).toBe("ask");
  });

  it("asks for any --config or --project-dir from inside a project with protected environments", async () => {
    const result = await decide(bashInput("devops --project-dir . infra deploy --env prod", relaxed), relaxed);
    const fromProtected = await decide(bashInput(`devops --project-dir ${relaxed} infra deploy --env prod`, project));

    expect(result.decision).toBe("none");
    expect(fromProtected).toMatchObject({
      decision: "ask",
      reason: expect.stringContaining("protection does not depend on which config file is passed"),
    });
  });

  it.each([
    ["a cd into a stricter project", "cd ../strict && devops infra deploy --env prod", "ask"],
    [
      "a cd that may not happen (the original directory is checked too)",
      "cd .. && devops infra deploy --env prod",
      "ask",
    ],
    ["env -C", "env -C ../strict devops infra deploy --env prod", "ask"],
    ["sudo -D", "sudo -D ../strict devops infra deploy --env prod", "ask"],
    ["a cd to a directory only the shell knows", "cd $WORK && devops infra deploy --env test", "ask"],
    ["no cd at all", "devops infra deploy --env prod", "none"],
  ])("follows %s", async (_what, command, expected) => {
    const result = await decide(bashInput(command, relaxed), relaxed);

    expect(result.decision).toBe(expected);
  });

  it("uses the context's directory when the hook input has no cwd", async () => {
    const { cwd: _cwd, ...input } = bashInput("devops infra deploy --env prod", project);

    expect((await decide(input, relaxed)).decision).toBe("none");
    expect((await decide(input, project)).decision).toBe("ask");
  });
});

// Each of these tries to get a prod (or unknowable) change past the gate; every one must ask.
const BYPASS_ATTEMPTS: readonly string[] = [
  'cd x && node "/abs/dist/cli.js" infra deploy --env prod',
  'bash -c "devops infra deploy --env prod"',
  "sh -c 'cd /tmp; devops infra deploy --env prod'",
  "bash -lc 'devops infra deploy --env prod'",
  'eval "devops infra deploy --env prod"',
  "FOO=1 devops --json infra deploy --env prod",
  "env AWS_PROFILE=x nohup time sudo -u root devops infra deploy --env prod &",
  "time -p devops infra deploy --env prod",
  "command devops infra deploy --env prod",
  "exec devops infra deploy --env prod",
  "timeout 600 devops infra deploy --env prod",
  "watch -n 5 devops infra deploy --env prod",
  "\\devops infra deploy --env prod",
  "devops infra de''ploy --env pr\"od\"",
  "if true; then devops infra deploy --env prod; fi",
  "f() { devops infra deploy --env prod; }; f",
  "( devops infra deploy --env prod )",
  "echo $(devops infra deploy --env prod)",
  "echo `devops infra deploy --env prod`",
  "cat <(devops infra deploy --env prod)",
  "$(echo devops) infra deploy --env prod",
  "`which devops` infra deploy --env prod",
  "$CLI infra deploy --env prod",
  "CLI=devops; $CLI infra deploy --env test",
  "D=devops && ${D} infra teardown --env test",
  "devops infra $(echo deploy) --env prod",
  "devops infra $ACTION --env prod",
  "devops $(echo ZGVwbG95 | base64 -d) --env prod",
  "devops infra dep* --env prod",
  "devops infra deploy --env $TARGET",
  'devops infra deploy --env "$(cat env.txt)"',
  "devops infra deploy --env test $EXTRA",
  "for e in test prod; do devops infra deploy --env $e; done",
  "echo prod | xargs devops infra deploy --env",
  "xargs -a envs.txt devops infra deploy --env test",
  "echo infra deploy | xargs devops",
  "devops --unknown-flag value infra deploy --env test",
  "bash <<'EOF'\ndevops infra deploy --env prod\nEOF",
  "python3 - <<'EOF'\nimport os\nos.system('devops infra deploy --env test')\nEOF",
  "cat > /tmp/d.sh <<'EOF'\ndevops infra deploy --env test\nEOF\nbash /tmp/d.sh",
  "echo 'devops infra deploy --env test' > d.sh && sh d.sh",
  "printf '%s\\n' 'devops infra deploy --env test' | bash",
  "echo ZGV2b3BzIGluZnJhIGRlcGxveSAtLWVudiBwcm9k | base64 -d | sh",
  "python3 -c \"import os; os.system('devops infra deploy --env test')\"",
  "node -e \"require('child_process').execSync('node dist/cli.js infra deploy --env prod')\"",
  "alias d=devops; d infra deploy --env test",
  "cp dist/cli.js /tmp/x.js && node /tmp/x.js infra deploy --env test",
  'ssh deploy-host "./run infra deploy --env test"',
  "export RUN='devops infra deploy --env prod'",
  "devops infra deploy --env test 'unterminated",
  'git -c alias.x="!devops infra deploy --env prod" x',
  "PATH=/tmp/fake:$PATH devops infra deploy --env test",
  "export PATH=/tmp/fake:$PATH; devops infra deploy --env test",
  "devops() { ./x; }; devops infra deploy --env test",
  "alias node=/tmp/x; node dist/cli.js infra deploy --env test",
];

describe("the production gate: bypass attempts", () => {
  let gated = 0;

  afterAll(() => {
    console.log(`tool-gate: ${BYPASS_ATTEMPTS.length} bypass attempts made, ${gated} gated (all must be)`);
  });

  it.each(BYPASS_ATTEMPTS)("asks for %j", async (command) => {
    const result = await decide(bashInput(command, project));

    expect(result.decision, JSON.stringify(result.invocations)).toBe("ask");
    expect(result.decision === "ask" ? result.reason.length : 0).toBeGreaterThan(0);
    gated += 1;
  });
});

describe("the production gate: the hook input", () => {
  it("ignores tools other than Bash", async () => {
    const input = {
      ...bashInput("", project),
      tool_name: "Write",
      tool_input: { file_path: "/x/d.sh", content: "devops infra deploy --env prod" },
    };

    expect(await decide(input)).toEqual({ decision: "none", invocations: [] });
  });

  it.each([
    ["text that is not JSON", "{ not json"],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["no tool_name", JSON.stringify({ cwd: "/x", tool_input: { command: "devops infra deploy --env prod" } })],
    ["no tool_input", JSON.stringify({ tool_name: "Bash", cwd: "/x" })],
    ["a command that is not text", JSON.stringify({ tool_name: "Bash", tool_input: { command: 42 } })],
  ])("asks for %s", async (_what, text) => {
    const result = await decide(text);

    expect(result).toMatchObject({ decision: "ask", reason: expect.stringMatching(/hook input/) });
  });

  it("accepts the raw stdin text as well as parsed JSON", async () => {
    const result = await decide(JSON.stringify(bashInput("devops infra deploy --env prod", project)));

    expect(result.decision).toBe("ask");
  });

  it("never says allow", async () => {
    const results = await Promise.all(
      ["devops infra deploy --env test", "ls", "devops infra deploy --env prod"].map((command) =>
        decide(bashInput(command, project)),
      ),
    );

    expect(results.map((result) => result.decision)).toEqual(["none", "none", "ask"]);
  });
});
