// The second half of the demo: traffic, a bad release (with a status check and the debugger while it
// takes traffic), the incident (health, performance, logs, investigation, rollback, audit), production
// behind its approval gate, and the teardown.
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { showGate, planCounts } from "./gate.mjs";
import { shipRelease } from "./release.mjs";
import { discoverService, writeErrorBurst, writeHealthyTraffic } from "./traffic.mjs";

const BAD_TAG = "2.4.0";
const ACCESS_DENIED =
  "Error: creating ECS Service (demo-shop-core-test-app): operation error ECS: CreateService, https response error StatusCode: 400, " +
  "RequestID: 7d1f0c2a-5b9e-4c61-9a3e-2f6b8d4e1a90, AccessDeniedException: User: arn:aws:iam::123456789012:user/ci-deployer is not authorized " +
  "to perform: ecs:CreateService on resource: arn:aws:ecs:us-east-1:123456789012:service/demo-shop-core-test-cluster/demo-shop-core-test-app " +
  "because no identity-based policy allows the ecs:CreateService action";

const MINUTE = 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const OPS_STEPS = [
  {
    title: "Simulate an hour of healthy traffic (metrics and logs, as the service would write them)",
    async run(s, state) {
      state.svc = await discoverService(state.projectDir, "test", state.clients);
      const svc = state.svc;
      const healthy = await writeHealthyTraffic(svc, state.clients, { now: Date.now() });
      s.found(
        `ECS ${svc.cluster}/${svc.service}: CPUUtilization ~25 %, MemoryUtilization ~40 %, ${healthy.minutes} one-minute points`,
      );
      s.found(`ALB ${svc.loadBalancer}: ${healthy.requests} requests, 0 5xx, ~110 ms`);
      s.found(`${healthy.logEvents} INFO lines in ${svc.logGroup} (stream ${healthy.stream}), image ${svc.image}`);
      s.emulator(
        "ECS deployments in moto are static: no task really starts, so the demo writes the telemetry a running task would send",
      );
    },
  },
  {
    title: "Ship a bad release: a new image in the test variables, deployed (a new task definition revision)",
    async run(s, state) {
      const dir = resolve(state.projectDir, state.terraformDir);
      const release = await shipRelease(dir, "test", BAD_TAG);
      s.say(
        `edit ${relative(state.projectDir, release.file)}: ${release.variable} ${release.from || "(default)"} → ${release.to}`,
      );
      const deploy = await s.devops(["infra", "deploy", "--env", "test"], { label: "terraform apply" });
      if (deploy.status !== "applied") s.fail("NOT_APPLIED", `deploy ended with status "${deploy.status}"`);
      state.badDeployAt = Date.now();
      const changed = (deploy.data.summary?.changes ?? []).map(
        (c) => `${c.action ?? c.actions?.join("/") ?? "change"} ${c.address}`,
      );
      s.found(`applied plan ${deploy.data.planId}: ${planCounts(deploy.data.summary)}`);
      if (changed.length > 0) s.found(changed.slice(0, 4).join("; "));
    },
  },
  {
    title: "Check the deployment's status: drift, pending changes, state lock",
    async run(s) {
      const status = await s.devops(["infra", "check-status", "--env", "test"], { expect: [0, 4] });
      const d = status.data;
      s.found(
        `${d.state} (exit ${status.exitCode}): ${d.resources} resources in state; last deployment ${d.lastDeployment?.id} (${d.lastDeployment?.outcome})`,
      );
      const summary = d.summary;
      if (summary !== undefined)
        s.found(`a fresh plan: ${planCounts(summary)} pending, ${summary.drift.length} drifted`);
    },
  },
  {
    title: "Debugger: diagnose a deployment error",
    async run(s) {
      const debug = await s.devops(["infra", "debug", "--error", ACCESS_DENIED, "--env", "test"]);
      const d = debug.data;
      s.found(
        `category ${d.category} (${d.confidence} confidence, rule ${d.rule}): ${d.code}, ${d.principal ?? "?"} lacks ${d.action ?? "?"}`,
      );
      const best = d.solutions?.[0];
      if (best !== undefined) s.found(`best fix (${best.source}, ${best.confidence} confidence): ${best.description}`);
      if (d.recommendation !== undefined)
        s.found(
          `recommendation: ${d.recommendation.action}${d.recommendation.command ? `: ${d.recommendation.command}` : ""}`,
        );
      if (d.category === undefined) s.fail("NO_CATEGORY", "infra debug returned no category for an AccessDenied error");
    },
  },
  {
    title: "Simulate the bad release failing: an error burst after its deployment",
    async run(s, state) {
      // The burst starts on the first minute boundary after the deployment: metrics are read in
      // one-minute buckets aligned to the minute, so earlier errors would share a bucket with the
      // minutes before the deployment (and read as trouble that preceded it).
      const start = Math.ceil(state.badDeployAt / MINUTE) * MINUTE + 1_000;
      const wait = start + 3_000 - Date.now();
      if (wait > 0) {
        s.say(
          `the new release takes traffic; waiting ${Math.ceil(wait / 1000)} s so that its errors begin in the first full minute after the deployment`,
        );
        await sleep(wait);
      }
      const burst = await writeErrorBurst(state.svc, state.clients, { from: start, to: Date.now() - 200 });
      s.found(`ALB: ${burst.errors5xx} of ${burst.requests} requests answered 5xx, ~1.8 s; ECS CPU 96 %`);
      s.found(
        `${burst.errorLines} ERROR lines in stream ${burst.stream}, all "TypeError: Cannot read properties of undefined (reading 'currency')"`,
      );
      if (burst.alarmed.length > 0) s.found(`alarms set to ALARM: ${burst.alarmed.join(", ")}`);
      s.emulator(
        "moto does not evaluate alarms or log metric filters: the demo sets the alarms these numbers cross to ALARM and writes the ERROR count itself, as CloudWatch would",
      );
    },
  },
  {
    title: "Check health (exit 4 when anything is UNHEALTHY)",
    async run(s) {
      const health = await s.devops(["ops", "check-health", "--env", "test"], { expect: [0, 4] });
      const overall = health.data.overall;
      s.found(`overall ${overall} (exit ${health.exitCode})`);
      const items = health.data.results ?? [];
      for (const item of items.filter((r) => r.status === "UNHEALTHY" || r.status === "DEGRADED").slice(0, 3)) {
        s.found(`${item.status} ${item.type} ${item.resource}: ${(item.reasons ?? []).slice(0, 2).join("; ")}`);
      }
      if (overall !== "UNHEALTHY" && overall !== "DEGRADED")
        s.fail(
          "HEALTH_NOT_DEGRADED",
          `check-health reported ${overall} after the error burst, expected DEGRADED or UNHEALTHY`,
        );
    },
  },
  {
    title: "Analyse the load balancer's performance: statistics, trend, anomalies",
    async run(s, state) {
      const alb = state.svc.loadBalancer.split("/")[1];
      const perf = await s.devops([
        "ops",
        "analyze-performance",
        "--env",
        "test",
        "--service",
        alb,
        "--timeframe",
        "1h",
      ]);
      const metrics = perf.data.resources?.[0]?.metrics ?? [];
      const latency = metrics.find((m) => m.key === "latencyMs");
      if (latency !== undefined) {
        const st = latency.stats ?? {};
        const figure = (v) => (typeof v === "number" ? `${Math.round(v)} ms` : "n/a");
        s.found(
          `latency: average ${figure(st.average)}, maximum ${figure(st.maximum)}, p95 ${figure(st.p95)}; trend ${latency.trend?.direction ?? latency.trend ?? "?"}`,
        );
      }
      for (const m of metrics.filter((x) => (x.anomalies ?? []).length > 0).slice(0, 2))
        s.found(
          `${m.metric}: ${m.anomalies.length} anomalous period(s), peak ${m.anomalies[0].value ?? m.anomalies[0].peak}`,
        );
      for (const r of (perf.data.recommendations ?? []).slice(0, 2))
        s.found(`recommendation: ${r.message ?? r.text ?? JSON.stringify(r)}`);
      if (perf.data.percentiles?.available === false)
        s.emulator("moto has no percentile statistics: p95/p99 are reported unavailable and averages stand in");
    },
  },
  {
    title: "Query the ERROR logs",
    async run(s) {
      const logs = await s.devops(["ops", "query-logs", "--env", "test", "--filter", "ERROR", "--timeframe", "1h"]);
      const events = logs.data.events ?? [];
      s.found(
        `${logs.data.returned} events from ${(logs.data.logGroups ?? []).map((g) => g.logGroup ?? g.name).join(", ")}: ${logs.data.counts?.error ?? 0} errors, ${logs.data.counts?.warning ?? 0} warnings`,
      );
      const last = events.at(-1);
      if (last !== undefined) s.found(`latest: ${String(last.message).slice(0, 150)}`);
      if ((logs.data.counts?.error ?? 0) === 0)
        s.fail("NO_ERRORS_FOUND", "query-logs found no ERROR events after the burst");
    },
  },
  {
    title: "Investigate: timeline and ranked root-cause hypotheses",
    async run(s, state) {
      const inv = await s.devops(["ops", "investigate", "--env", "test"], { expect: [0, 4] });
      const incident = inv.data.incident ?? {};
      const hypotheses = incident.hypotheses ?? [];
      for (const [i, h] of hypotheses.slice(0, 3).entries())
        s.found(`${i + 1}. [${h.kind}, ${h.confidence}] ${h.statement}`);
      const deployment = hypotheses.findIndex((h) => h.kind === "deployment");
      if (deployment < 0)
        s.fail(
          "DEPLOYMENT_NOT_SUSPECTED",
          `the investigation did not name the bad deployment (hypotheses: ${hypotheses.map((h) => h.kind).join(", ") || "none"})`,
        );
      s.found(`the bad deployment is hypothesis ${deployment + 1}: ${hypotheses[deployment].recommendation}`);
      s.found(`report: ${inv.data.report?.markdown ?? inv.data.report?.json}`);
      const unavailable = (incident.sources?.unavailable ?? []).map((x) => x.source);
      if (unavailable.length > 0)
        s.emulator(
          `sources listed as unavailable, not guessed: ${unavailable.join(", ")} (moto has no alarm history; the project is no git repository)`,
        );
      state.topHypothesis = hypotheses[0]?.kind;
    },
  },
  {
    title: "Remediate: roll the service back to the previous task definition",
    async run(s, state) {
      const service = state.serviceName ?? state.svc.service;
      // A rollback is a confirm-class action by default: a person signs it. This project lets it run
      // without asking where the environment needs no confirmation (test); prod would still ask.
      const config = join(state.projectDir, ".devops", "devops.json");
      const settings = JSON.parse(readFileSync(config, "utf8"));
      settings.remediation = {
        auto: ["lambda.restart", "ecs.rollback"],
        confirm: ["lambda.scale", "lambda.rollback", "ecs.restart", "ecs.scale"],
      };
      writeFileSync(config, `${JSON.stringify(settings, null, 2)}\n`);
      s.say(
        'devops.json: "ecs.rollback" moves from remediation.confirm to remediation.auto (automatic where no confirmation is required)',
      );
      const done = await s.devops(["ops", "remediate", "--env", "test", "--service", service, "--action", "rollback"]);
      if (done.status !== "applied") s.fail("NOT_APPLIED", `the rollback ended with status "${done.status}"`);
      s.found(done.data.description);
      s.found(`verification: ${done.data.verification?.status} (${done.data.verification?.detail})`);
    },
  },
  {
    title: "Audit cost, security and compliance (exit 4 when a check fails)",
    async run(s) {
      const audit = await s.devops(["ops", "audit", "--env", "test"], { expect: [0, 4] });
      const checks = audit.data.checks ?? [];
      const count = (status) => checks.filter((c) => c.status === status).length;
      s.found(
        `${checks.length} checks: ${count("pass")} pass, ${count("warn")} warn, ${count("fail")} fail (exit ${audit.exitCode})`,
      );
      for (const check of checks.filter((c) => c.status === "fail").slice(0, 2))
        s.found(`fail ${check.area}: ${check.title ?? check.id} → ${check.recommendation ?? ""}`);
      s.found(`report: ${audit.data.report?.markdown ?? audit.data.report?.json}`);
    },
  },
  {
    title: "Deploy to prod: the approval gate",
    async run(s) {
      const first = await s.devops(["infra", "deploy", "--env", "prod"], { expect: [3] });
      await showGate(s, first, { what: "the prod deployment" });
    },
  },
  {
    title: "Tear down test",
    async run(s) {
      const down = await s.devops(["infra", "teardown", "--env", "test"], { label: "terraform destroy" });
      if (down.status !== "destroyed") s.fail("NOT_DESTROYED", `teardown ended with status "${down.status}"`);
      s.found(
        `destroyed: ${planCounts(down.data.summary)}, ${down.data.verification?.resources} resources left; state backup ${down.data.backup}`,
      );
    },
  },
];
