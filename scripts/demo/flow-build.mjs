// The first half of the demo: a sandbox project, the director, the architect's design, the engineer's
// Terraform, validation, pre-deployment tests, the preview and the deployment to test.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { planCounts } from "./gate.mjs";
import { requestCertificate, setEnvironmentVariable } from "./release.mjs";

export const REQUEST = "design a containerised web service behind a load balancer with alarms";

const fileHas = async (path, text) => (await readFile(path, "utf8").catch(() => "")).includes(text);

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const BUILD_STEPS = [
  {
    title: "Create a sandbox project whose environments target the emulator",
    async run(s, state) {
      const init = await s.devops(["init", "--sandbox", "--project", "demo-shop", "--endpoint", state.endpoint]);
      const envs = Object.entries(init.data.config?.environments ?? {});
      s.found(`wrote ${init.data.path}`);
      for (const [name, env] of envs)
        s.found(
          `${name}: ${env.endpoint}, account ${env.account_id}, confirmation ${env.require_confirmation ? "required" : "not required"}`,
        );
    },
  },
  {
    title: "Validate the configuration",
    async run(s) {
      const validate = await s.devops(["config", "validate"]);
      if (validate.data.valid !== true)
        s.fail("CONFIG_INVALID", "config validate did not report the sandbox configuration valid");
      s.found(`valid: ${validate.data.environments.map((e) => `${e.name} → ${e.target}`).join("; ")}`);
    },
  },
  {
    title: "Director: turn a request in plain words into a command",
    async run(s, state) {
      const route = await s.devops(["route", REQUEST], { label: "devops route" });
      const d = route.data;
      if (!d.routed) s.fail("NOT_ROUTED", `the director did not route "${REQUEST}" (status ${route.status})`);
      s.found(
        `→ ${d.manager} ${d.command}, confidence ${d.confidence}${d.envDefaulted ? ` (environment defaulted to ${d.args.env})` : ""}`,
      );
      s.found(`command: ${d.cli}`);
      if (d.manager !== "infra" || d.command !== "architect")
        s.fail("ROUTED_ELSEWHERE", `the director sent the request to ${d.manager} ${d.command}, not infra architect`);
      // The architect gets the feature exactly as the director read it.
      state.feature = d.args.feature;
    },
  },
  {
    title: "Architect: design the feature",
    async run(s, state) {
      const args = [
        "infra",
        "architect",
        "--feature",
        state.feature,
        ...(state.pattern === undefined ? [] : ["--pattern", state.pattern]),
      ];
      const { data } = await s.devops(args);
      state.design = data.path;
      s.found(`pattern ${data.pattern} (${data.reason}): ${data.patternTitle}`);
      const runnerUp = data.alternatives?.find((alt) => (alt.id ?? alt.pattern) !== data.pattern);
      if (runnerUp !== undefined) s.found(`runner-up: ${runnerUp.id ?? runnerUp.pattern} (score ${runnerUp.score})`);
      s.found(
        `${plural(data.resources.length, "resource")}: ${[...new Set(data.resources.map((r) => r.type))].slice(0, 7).join(", ")}, …`,
      );
      s.found(`rough cost: ~$${data.roughMonthlyCostUsd} a month`);
      s.found(`design document: ${data.path}`);
    },
  },
  {
    title: "Engineer: generate the Terraform from the design",
    async run(s, state) {
      const { data } = await s.devops(["infra", "engineer", "--design", state.design]);
      if (data.conflicts > 0)
        s.fail("ENGINEER_CONFLICTS", `infra engineer found ${data.conflicts} hand-edited files and wrote nothing`);
      state.terraformDir = data.directories[0];
      s.found(`${plural(data.files.length, "file")} in ${data.directories.join(", ")}:`);
      s.found(data.files.map((f) => `${f.path.split("/").pop()} (${f.action})`).join(", "));
      for (const problem of (data.nameProblems ?? []).slice(0, 2)) s.found(`name problem: ${problem}`);
      // An internet-facing load balancer serves HTTPS (plain HTTP only redirects): the pre-deployment
      // gate fails plain HTTP as critical, so the demo gives the generated code a certificate to use.
      if (await fileHas(join(state.terraformDir, "variables.tf"), 'variable "certificate_arn"')) {
        const arn = await requestCertificate(state.endpoint, "us-east-1", "demo-shop.example.com");
        for (const env of ["test", "prod"])
          await setEnvironmentVariable(state.terraformDir, env, "certificate_arn", arn);
        s.found(
          `HTTPS: certificate ${arn.split("/").pop()} from the emulator's ACM, set as certificate_arn in test.tfvars and prod.tfvars`,
        );
      }
    },
  },
  {
    title: "Validate the Terraform: diagnostics, AWS name rules, naming pattern, required tags",
    async run(s) {
      const validate = await s.devops(["infra", "validate-config", "--env", "test"]);
      const findings = validate.data.findings ?? [];
      const bySeverity = (sev) => findings.filter((f) => f.severity === sev).length;
      s.found(
        `${validate.status}: ${plural(bySeverity("error"), "error")}, ${plural(bySeverity("warning"), "warning")}`,
      );
      for (const finding of findings.filter((f) => f.severity === "warning").slice(0, 2))
        s.found(`warning: ${finding.message ?? finding.summary}`);
    },
  },
  {
    title: "Preview the changes (the plan the next two steps test and apply)",
    async run(s, state) {
      const preview = await s.devops(["infra", "preview-changes", "--env", "test"]);
      const summary = preview.data.summary;
      state.testPlan = preview.data.planId;
      s.found(`plan ${state.testPlan}: ${planCounts(summary)}, saved for deploy --plan`);
      const types = [...new Set((summary?.changes ?? []).map((c) => c.type))];
      if (types.length > 0) s.found(`creates ${types.slice(0, 8).join(", ")}${types.length > 8 ? ", …" : ""}`);
    },
  },
  {
    title: "Pre-deployment tests of that plan: security rules, cost estimate, verdict",
    async run(s, state) {
      const tested = await s.devops([
        "infra",
        "test-changes",
        "--env",
        "test",
        "--phase",
        "pre-deployment",
        "--plan",
        state.testPlan,
      ]);
      const d = tested.data;
      s.found(
        `verdict ${d.overall_status ?? d.status}: ${d.tests_passed} of ${d.tests_run} tests passed, ${d.critical_issues} critical`,
      );
      const counts = {};
      for (const f of d.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
      s.found(
        `security: ${plural(d.findings.length, "finding")}${
          d.findings.length === 0
            ? ""
            : ` (${Object.entries(counts)
                .map(([k, v]) => `${v} ${k}`)
                .join(", ")})`
        }`,
      );
      for (const f of d.findings.slice(0, 2)) s.found(`  ${f.severity} ${f.rule} on ${f.address}: ${f.title}`);
      if (d.cost_estimate !== undefined) {
        const top = d.cost_estimate.top_drivers
          .slice(0, 2)
          .map((x) => `${x.type} $${x.cost.toFixed(2)}`)
          .join(", ");
        s.found(
          `cost estimate: $${d.cost_estimate.monthly_total.toFixed(2)} a month (threshold $${d.cost_estimate.threshold}); biggest: ${top}`,
        );
      }
      s.found(`report: ${d.report_path}`);
    },
  },
  {
    title: "Deploy that plan to test (real Terraform, real AWS provider, into the emulator)",
    async run(s, state) {
      // One plan, previewed, tested and applied: no second plan of the same code (half a minute each).
      const deploy = await s.devops(["infra", "deploy", "--env", "test", "--plan", state.testPlan], {
        label: "terraform apply",
      });
      if (deploy.status !== "applied") s.fail("NOT_APPLIED", `deploy ended with status "${deploy.status}"`);
      s.found(
        `applied plan ${deploy.data.planId}: ${planCounts(deploy.data.summary)} in ${(deploy.data.durationMs / 1000).toFixed(1)} s`,
      );
      s.found(`steps: ${deploy.data.steps.map((step) => `${step.name} ${step.status}`).join(", ")}`);
      s.found(`verified: ${deploy.data.verification?.verified}, ${deploy.data.registry?.resources} resources recorded`);
    },
  },
  {
    title: "Show the deployed resources",
    async run(s, state) {
      const shown = await s.devops(["infra", "show-resources", "--env", "test"]);
      const resources = shown.data.registry?.resources ?? shown.data.resources ?? [];
      const service = resources.find((r) => r.type === "aws_ecs_service");
      state.serviceName = service?.name;
      s.found(`${plural(resources.length, "resource")} recorded`);
      for (const type of ["aws_lb", "aws_ecs_cluster", "aws_ecs_service", "aws_cloudwatch_log_group"]) {
        const r = resources.find((x) => x.type === type);
        if (r !== undefined) s.found(`${type} ${r.name}: ${r.arn ?? r.aws_id}`);
      }
      s.found(`DEPLOYED.md: ${shown.data.deployedMd}`);
    },
  },
];
