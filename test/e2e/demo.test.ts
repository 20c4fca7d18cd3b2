// End to end: `node scripts/demo.mjs` runs the whole lifecycle on its own moto server with the committed
// bundle, as CI would (no terminal, no stdin), and leaves nothing running behind it.
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { resolve } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

const DEMO = resolve("scripts/demo.mjs");
const TEN_MINUTES = 600_000;

// The lifecycle the demo walks through, in order.
const STEPS = [
  "Start the AWS emulator and a throwaway project",
  "Create a sandbox project whose environments target the emulator",
  "Validate the configuration",
  "Director: turn a request in plain words into a command",
  "Architect: design the feature",
  "Engineer: generate the Terraform from the design",
  "Validate the Terraform: diagnostics, AWS name rules, naming pattern, required tags",
  "Preview the changes (the plan the next two steps test and apply)",
  "Pre-deployment tests of that plan: security rules, cost estimate, verdict",
  "Deploy that plan to test (real Terraform, real AWS provider, into the emulator)",
  "Show the deployed resources",
  "Simulate an hour of healthy traffic (metrics and logs, as the service would write them)",
  "Ship a bad release: a new image in the test variables, deployed (a new task definition revision)",
  "Check the deployment's status: drift, pending changes, state lock",
  "Debugger: diagnose a deployment error",
  "Simulate the bad release failing: an error burst after its deployment",
  "Check health (exit 4 when anything is UNHEALTHY)",
  "Analyse the load balancer's performance: statistics, trend, anomalies",
  "Query the ERROR logs",
  "Investigate: timeline and ranked root-cause hypotheses",
  "Remediate: roll the service back to the previous task definition",
  "Audit cost, security and compliance (exit 4 when a check fails)",
  "Deploy to prod: the approval gate",
  "Tear down test",
];

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

describe("npm run demo (scripts/demo.mjs)", () => {
  let run: { exitCode: number | undefined; stdout: string; stderr: string };

  beforeAll(async () => {
    const result = await execa(process.execPath, [DEMO, "--cli", "dist/cli.js"], {
      env: { ...process.env, CI: "true" },
      stdin: "ignore",
      reject: false,
      timeout: TEN_MINUTES,
    });
    run = { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }, TEN_MINUTES + 30_000);

  it("walks through the whole lifecycle and exits 0", () => {
    expect(run.exitCode, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(run.stdout).toContain("✓ demo complete");
  });

  it("prints every step, numbered, in order", () => {
    const positions = STEPS.map((title, i) => run.stdout.indexOf(`[${i + 1}/${STEPS.length}] ${title}\n`));

    expect(
      positions.filter((at) => at < 0),
      `missing steps in:\n${run.stdout}`,
    ).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("shows each command it runs, with --json, and plain text without a terminal", () => {
    expect(run.stdout).toMatch(
      /\$ devops route "design a containerised web service behind a load balancer with alarms" --json/,
    );
    expect(run.stdout).toMatch(
      /\$ devops infra architect --feature "a containerised web service behind a load balancer with alarms" --json/,
    );
    expect(run.stdout).toMatch(/\$ devops ops investigate --env test --json/);
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it("stops production at the approval gate: only a person's signature can open it", () => {
    const prod = run.stdout.slice(run.stdout.indexOf("Deploy to prod: the approval gate"));

    expect(prod).toMatch(
      /\$ devops infra deploy --env prod --json\n\s+exit 3 needs_confirmation: nothing has been changed/,
    );
    expect(prod).toMatch(/plan \S+: \+\d+ ~\d+ -\d+ -\/\+\d+/);
    expect(prod).toMatch(/a person approves in their own terminal: .*devops approval sign --env prod --plan \S+/);
    expect(prod).toMatch(
      /\$ devops infra deploy --env prod --plan \S+ --json\n\s+exit 3 needs_confirmation: still nothing changed/,
    );
    expect(prod).not.toMatch(/--confirm/);
  });

  it("names the bad deployment in the investigation", () => {
    expect(run.stdout).toMatch(/the bad deployment is hypothesis \d+/);
  });

  it("leaves no emulator running and removes its project", async () => {
    const started = /moto_server pid (\d+) on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stdout);
    const project = /project (\/\S+devops-demo-\S+)/.exec(run.stdout);

    expect(started, run.stdout.slice(0, 2000)).not.toBeNull();
    expect(project, run.stdout.slice(0, 2000)).not.toBeNull();
    const [, pid = "", port = ""] = started!;
    expect(processExists(Number(pid))).toBe(false);
    expect(await portAnswers(Number(port))).toBe(false);
    expect(existsSync(project![1] ?? "")).toBe(false);
  });
});
