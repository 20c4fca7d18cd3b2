// `infra debug --last` after any failed command, on the real engine and emulator: it names the command
// and when it failed, summarises the engine's Error: block, stops calling a failure current once the
// same command has succeeded in the same environment, and in a sandbox blames the emulator's gaps.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DescribeInstanceEventWindowsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/skills/infra/debugger/debugger.js";
import { fromSdkError } from "../../src/skills/infra/debugger/intake.js";
import { runCli } from "../helpers/cli.js";
import { infraProject, sandboxConfig, terraformDataModule, type InfraProject } from "../helpers/infra-project.js";
import { useMoto } from "../helpers/moto.js";
import { tempDir } from "../helpers/project.js";

const moto = useMoto();

const UNCLOSED_BLOCK = 'resource "terraform_data" "broken" {\n  input = "x"\n';

function cli(project: InfraProject, ...argv: string[]) {
  return runCli([...argv, "--json"], { cwd: project.root, env: project.env, trust: project.trust });
}

describe("infra debug --last after a failed read-only command", () => {
  it.each([["validate-config"], ["preview-changes"]])(
    "shows a failed %s with its command line and time, and not once it succeeds again",
    async (command) => {
      const project = await infraProject(sandboxConfig(moto().endpoint), { "main.tf": UNCLOSED_BLOCK });

      const failed = await cli(project, "infra", command, "--env", "test");
      const debugged = await cli(project, "infra", "debug", "--last");

      expect(failed.exitCode).toBe(1);
      expect(failed.json().error.message).toMatch(/Unclosed configuration block/);
      expect(debugged.exitCode).toBe(0);
      expect(debugged.json().data).toMatchObject({
        environment: "test",
        failed_run: {
          command: `infra ${command}`,
          command_line: `devops infra ${command} --env test --json`,
          environment: "test",
          age: "just now",
        },
      });
      expect(debugged.json().data.message).toMatch(/Unclosed configuration block/);

      await project.writeModule({ "main.tf": terraformDataModule(1) });
      const fixed = await cli(project, "infra", command, "--env", "test");
      const after = await cli(project, "infra", "debug", "--last");

      expect(fixed.exitCode).toBe(0);
      expect(after.exitCode).toBe(2);
      expect(after.json().error.code).toBe("DEBUG_FAILURE_SUPERSEDED");
      expect(after.json().error.message).toMatch(
        new RegExp(
          `the last failure, of devops infra ${command} --env test --json in "test" at .+ \\(just now\\), was followed by a success at`,
        ),
      );
    },
    240_000,
  );

  it("shows a failed check-status (emulator unreachable), per environment, until check-status succeeds", async () => {
    const project = await infraProject(sandboxConfig("http://127.0.0.1:9"));
    const configPath = join(project.root, ".devops", "devops.json");

    const failed = await cli(project, "infra", "check-status", "--env", "test");
    const debugged = await cli(project, "infra", "debug", "--last", "--env", "test");
    const otherEnv = await cli(project, "infra", "debug", "--last", "--env", "prod");

    expect(failed.exitCode).toBe(1);
    expect(debugged.exitCode).toBe(0);
    expect(debugged.json().data.failed_run).toMatchObject({ command: "infra check-status", environment: "test" });
    expect(otherEnv.json().error.code).toBe("DEBUG_NO_LAST_FAILURE");

    await writeFile(configPath, JSON.stringify(sandboxConfig(moto().endpoint), null, 2));
    const fixed = await cli(project, "infra", "check-status", "--env", "test");
    const after = await cli(project, "infra", "debug", "--last", "--env", "test");

    // It ran and reports changes not yet deployed (exit 4): the failure to reach the emulator is over.
    expect(fixed.exitCode).toBe(4);
    expect(after.json().error.code).toBe("DEBUG_FAILURE_SUPERSEDED");
  }, 240_000);
});

describe("infra debug --last after other commands", () => {
  it.each([[["infra", "show-resources", "--env", "test", "--refresh"]], [["ops", "audit", "--env", "test"]]])(
    "shows a failed %j (emulator unreachable)",
    async (argv) => {
      const project = await infraProject(sandboxConfig("http://127.0.0.1:9"));

      const failed = await cli(project, ...argv);
      const debugged = await cli(project, "infra", "debug", "--last");

      expect(failed.exitCode).toBe(1);
      expect(debugged.json().data.failed_run).toMatchObject({
        command: argv.slice(0, 2).join(" "),
        command_line: `devops ${argv.join(" ")} --json`,
        environment: "test",
      });
    },
    120_000,
  );
});

describe("sandbox diagnoses on the emulator's real errors", () => {
  it("calls a missing AWS-managed policy the emulator's gap, not a missing resource", async () => {
    const project = await infraProject(sandboxConfig(moto().endpoint), {
      "main.tf": [
        'resource "aws_iam_role" "reader" {',
        '  name               = "shop-api-test-reader"',
        "  assume_role_policy = jsonencode({",
        '    Version   = "2012-10-17"',
        '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]',
        "  })",
        "}",
        'resource "aws_iam_role_policy_attachment" "read_only" {',
        "  role       = aws_iam_role.reader.name",
        '  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"',
        "}",
        "",
      ].join("\n"),
    });

    const deploy = await cli(project, "infra", "deploy", "--env", "test", "--skip-tests");
    const debugged = await cli(project, "infra", "debug", "--last");

    expect(deploy.exitCode).toBe(1);
    expect(deploy.json().error.message).toMatch(/arn:aws:iam::aws:policy\/ReadOnlyAccess does not exist/);
    const data = debugged.json().data;
    expect(data.known_errors[0].id).toBe("emulator-aws-managed-policy");
    expect(data.solutions[0].description).toMatch(/^This is the emulator, not your code/);
    expect(data.failed_run).toMatchObject({ command: "infra deploy", environment: "test" });
  }, 300_000);

  it("calls an operation moto does not implement the emulator's gap", async () => {
    const client = new EC2Client({
      endpoint: moto().endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    const error = await client.send(new DescribeInstanceEventWindowsCommand({})).catch((caught: unknown) => caught);
    const input = fromSdkError(error);
    const request = (sandbox: boolean) => ({
      inputs: [input],
      environment: { name: "test", requireConfirmation: false, prodLike: false, sandbox },
      operation: "deploy" as const,
      projectNames: [],
      record: false,
    });

    const inSandbox = await diagnose(await tempDir(), request(true), new Date());
    const onAws = await diagnose(await tempDir(), request(false), new Date());

    expect(input.httpStatus).toBe(500);
    expect(inSandbox.known_errors[0]?.id).toBe("emulator-not-implemented");
    expect(inSandbox.solutions[0]?.description).toMatch(/^This is the emulator, not your code/);
    expect(onAws.known_errors.map((known) => known.id)).not.toContain("emulator-not-implemented");
  }, 60_000);
});
