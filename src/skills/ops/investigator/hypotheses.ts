// Ranked root-cause hypotheses from an incident's signals. Pure: every hypothesis states one cause,
// carries a confidence (0–1) from the strength of its evidence, and cites the timeline entries behind
// it; the list is ordered by confidence, then by how recent the evidence is.
import type { HistoryEntry } from "../../../records/history.js";
import { countsText } from "./timeline.js";
import type { AnomalyKind } from "./metric-anomalies.js";

export type HypothesisKind =
  | "deployment"
  | "failed-deployment"
  | "config-change"
  | "commit"
  | "alarm"
  | "throttling"
  | "out-of-memory"
  | "timeouts"
  | "permissions"
  | "dependency"
  | "ecs-health"
  | "error-spike";

export interface Hypothesis {
  kind: HypothesisKind;
  statement: string;
  confidence: number;
  /** Timeline entry ids (T1, T2, …). */
  evidence: string[];
  /** ISO-8601 of the newest evidence. */
  lastEvidenceAt: string;
  recommendation: string;
}

type Counts = { create: number; update: number; delete: number; replace: number };

export interface Signals {
  deployments: Array<{
    ref: string;
    at: number;
    id: string;
    kind: HistoryEntry["kind"];
    outcome: string;
    planId?: string;
    counts?: Counts;
    error?: string;
  }>;
  clusters: Array<{
    ref: string;
    firstSeen: number;
    lastSeen: number;
    count: number;
    pattern: string;
    sample: string;
    level: "error" | "warning";
  }>;
  alarms: Array<{ ref: string; at: number; name: string; metric?: string }>;
  ecsEvents: Array<{ ref: string; at: number; resource: string; message: string }>;
  anomalies: Array<{ ref: string; at: number; resource: string; metric: string; kind: AnomalyKind; peak: number }>;
  /** Lambda configuration changes and versions, ECS deployments: changes that may come from outside a recorded deploy. */
  changes: Array<{ ref: string; at: number; resource: string; what: string }>;
  commits: Array<{ ref: string; at: number; sha: string; subject: string; files: string[]; touchesInfra: boolean }>;
}

const MINUTE = 60_000;
const clamp = (value: number) => Math.round(Math.min(0.95, Math.max(0.05, value)) * 100) / 100;
const iso = (ms: number) => new Date(ms).toISOString();
const firstLine = (text: string, max = 100) => {
  const line = text.split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max)}…` : line;
};

export function minutesText(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 1) return "less than a minute";
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 6) / 10;
  return `${hours} hours`;
}

interface Symptom {
  kind: HypothesisKind;
  label: string;
  pattern: RegExp;
  anomalies: readonly AnomalyKind[];
  recommendation: string;
}

// Order matters only for readability; a cluster may support several symptoms.
const SYMPTOMS: readonly Symptom[] = [
  {
    kind: "throttling",
    label: "throttling",
    pattern:
      /throttl|rate exceeded|too ?many ?requests|ProvisionedThroughputExceeded|RequestLimitExceeded|SlowDown|TooManyRequestsException|\b429\b/i,
    anomalies: ["throttles"],
    recommendation:
      "raise the limit that throttles (reserved concurrency, provisioned capacity, an API quota) in the Terraform configuration, and retry with backoff",
  },
  {
    kind: "out-of-memory",
    label: "out of memory",
    pattern:
      /out ?of ?memory|OutOfMemory|MemoryError|heap out of memory|signal: killed|Container killed due to memory|OOMKilled|exit code:? 137|Runtime\.OutOfMemory/i,
    anomalies: ["memory"],
    recommendation:
      "raise the memory (Lambda memory_size, task memory) in the Terraform configuration, or find what holds memory",
  },
  {
    kind: "timeouts",
    label: "timeouts",
    pattern: /Task timed out|timed out|timeout|ETIMEDOUT|ESOCKETTIMEDOUT|deadline exceeded/i,
    anomalies: [],
    recommendation:
      "find the slow dependency (database, API) before raising the timeout; check its latency with analyze-performance",
  },
  {
    kind: "permissions",
    label: "permission denied",
    pattern: /AccessDenied|not authorized to perform|UnauthorizedOperation|Forbidden|\b403\b/i,
    anomalies: [],
    recommendation:
      "grant the runtime role the missing action in the Terraform configuration (the error names the action and resource)",
  },
  {
    kind: "dependency",
    label: "a dependency is unreachable",
    pattern:
      /ECONNREFUSED|Connection refused|ENOTFOUND|EAI_AGAIN|ECONNRESET|Connection reset|could not connect|Service Unavailable|\b503\b/i,
    anomalies: ["5xx"],
    recommendation: "check the dependency's health and the network path (security groups, DNS, endpoints)",
  },
];

const ECS_HEALTH =
  /unhealthy|failed (?:container )?health checks|unable to place|failed to start|unable to consistently start|CannotPull|Essential container in task exited/i;
const ERROR_ANOMALIES: readonly AnomalyKind[] = ["errors", "5xx", "throttles", "memory"];

interface TroublePoint {
  at: number;
  ref: string;
  label: string;
}

/** Every moment something went wrong, oldest first: error clusters first seen, alarms, error anomalies, failing ECS events. */
function troublePoints(signals: Signals): TroublePoint[] {
  const errors = signals.clusters
    .filter((cluster) => cluster.level === "error")
    .sort((a, b) => a.firstSeen - b.firstSeen);
  return [
    ...errors.map((c, index) => ({
      at: c.firstSeen,
      ref: c.ref,
      label: index === 0 ? "the first error cluster" : "a new error cluster",
    })),
    ...signals.alarms.map((alarm) => ({ at: alarm.at, ref: alarm.ref, label: `alarm ${alarm.name}` })),
    ...signals.anomalies
      .filter((a) => ERROR_ANOMALIES.includes(a.kind))
      .map((a) => ({ at: a.at, ref: a.ref, label: `the ${a.metric} anomaly` })),
    ...signals.ecsEvents
      .filter((e) => ECS_HEALTH.test(e.message))
      .map((e) => ({ at: e.at, ref: e.ref, label: "a failing ECS event" })),
  ].sort((a, b) => a.at - b.at);
}

/** The moment trouble began: the first error cluster, else the first error-like signal. */
function firstTrouble(signals: Signals): TroublePoint | undefined {
  const points = troublePoints(signals);
  return points.find((point) => point.label === "the first error cluster") ?? points[0];
}

function make(
  kind: HypothesisKind,
  statement: string,
  confidence: number,
  evidence: Array<{ ref: string; at: number }>,
  recommendation: string,
): Hypothesis {
  const refs = [...new Set(evidence.map((item) => item.ref))];
  return {
    kind,
    statement,
    confidence: clamp(confidence),
    evidence: refs,
    lastEvidenceAt: iso(Math.max(...evidence.map((item) => item.at))),
    recommendation,
  };
}

function deploymentHypotheses(signals: Signals): Hypothesis[] {
  const found: Hypothesis[] = [];
  const deploys = signals.deployments
    .filter((d) => d.kind === "deploy" && (d.outcome === "applied" || d.outcome === "failed"))
    .sort((a, b) => b.at - a.at);
  const points = troublePoints(signals);
  // The latest deployment that something went wrong after.
  for (const suspect of deploys) {
    const next = points.find((point) => point.at >= suspect.at);
    if (next === undefined) continue;
    const gap = next.at - suspect.at;
    let confidence =
      gap <= 10 * MINUTE
        ? 0.85
        : gap <= 30 * MINUTE
          ? 0.75
          : gap <= 120 * MINUTE
            ? 0.6
            : gap <= 1440 * MINUTE
              ? 0.35
              : 0.2;
    const troubleBefore = points.some((point) => point.at < suspect.at);
    if (troubleBefore) confidence -= 0.25;
    if (suspect.outcome === "failed") confidence += 0.05;
    const facts = [
      suspect.planId === undefined ? undefined : `plan ${suspect.planId}`,
      countsText(suspect.counts),
    ].filter((f) => f !== undefined);
    const after = signals.clusters
      .filter((c) => c.level === "error" && c.firstSeen >= suspect.at)
      .sort((a, b) => a.firstSeen - b.firstSeen)
      .slice(0, 3);
    found.push(
      make(
        "deployment",
        `the ${suspect.outcome === "failed" ? "failed " : ""}deployment at ${iso(suspect.at)}${facts.length === 0 ? "" : ` (${facts.join(", ")})`} preceded ${next.label} by ${minutesText(gap)}${troubleBefore ? ", though trouble had already begun before it" : ""}`,
        confidence,
        [
          { ref: suspect.ref, at: suspect.at },
          { ref: next.ref, at: next.at },
          ...after.map((c) => ({ ref: c.ref, at: c.firstSeen })),
        ],
        "compare what that deployment changed; if the errors started with it, roll back (ops remediate --action rollback) or redeploy the previous configuration",
      ),
    );
    break;
  }
  for (const failed of deploys.filter((d) => d.outcome === "failed")) {
    if (found.some((h) => h.evidence[0] === failed.ref)) continue;
    found.push(
      make(
        "failed-deployment",
        `the deployment at ${iso(failed.at)} failed${failed.error === undefined ? "" : `: ${firstLine(failed.error)}`}; resources may be half-changed`,
        0.5,
        [{ ref: failed.ref, at: failed.at }],
        "check the environment's state (infra check-status) and fix the failure (infra debug --last)",
      ),
    );
  }
  return found;
}

function symptomHypotheses(signals: Signals): Hypothesis[] {
  return SYMPTOMS.flatMap((symptom) => {
    const clusters = signals.clusters.filter((c) => symptom.pattern.test(c.pattern) || symptom.pattern.test(c.sample));
    const events = signals.ecsEvents.filter((e) => symptom.pattern.test(e.message));
    const anomalies = signals.anomalies.filter((a) => symptom.anomalies.includes(a.kind));
    const evidence = [
      ...clusters.map((c) => ({ ref: c.ref, at: c.lastSeen })),
      ...events.map((e) => ({ ref: e.ref, at: e.at })),
      ...anomalies.map((a) => ({ ref: a.ref, at: a.at })),
    ];
    if (evidence.length === 0) return [];
    const occurrences = clusters.reduce((sum, c) => sum + c.count, 0);
    const parts = [
      ...(clusters.length === 0
        ? []
        : [`${occurrences} log event${occurrences === 1 ? "" : "s"} such as "${firstLine(clusters[0]!.sample, 160)}"`]),
      ...(events.length === 0 ? [] : [`ECS: ${firstLine(events[0]!.message, 200)}`]),
      ...anomalies.slice(0, 2).map((a) => `${a.metric} of ${a.resource} peaked at ${a.peak}`),
    ];
    const kinds = [clusters.length > 0, events.length > 0, anomalies.length > 0].filter(Boolean).length;
    const confidence =
      0.45 + 0.1 * Math.min(3, evidence.length - 1) + (occurrences >= 10 ? 0.1 : 0) + (kinds > 1 ? 0.05 : 0);
    return [
      make(
        symptom.kind,
        `${symptom.label}: ${parts.join("; ")}`,
        Math.min(confidence, 0.85),
        evidence,
        symptom.recommendation,
      ),
    ];
  });
}

function alarmHypotheses(signals: Signals): Hypothesis[] {
  return [...signals.alarms]
    .sort((a, b) => b.at - a.at)
    .slice(0, 3)
    .map((alarm) => {
      const near = [
        ...signals.clusters.map((c) => ({ ref: c.ref, at: c.firstSeen })),
        ...signals.anomalies.map((a) => ({ ref: a.ref, at: a.at })),
      ].filter((s) => Math.abs(s.at - alarm.at) <= 15 * MINUTE);
      return make(
        "alarm",
        `alarm ${alarm.name} went to ALARM at ${iso(alarm.at)}${alarm.metric === undefined ? "" : ` (${alarm.metric})`}`,
        0.4 + (near.length > 0 ? 0.1 : 0),
        [{ ref: alarm.ref, at: alarm.at }, ...near.slice(0, 3)],
        `look at the alarm's metric (ops analyze-performance) and the errors around ${iso(alarm.at)}`,
      );
    });
}

function ecsHealthHypotheses(signals: Signals): Hypothesis[] {
  const events = signals.ecsEvents.filter((e) => ECS_HEALTH.test(e.message));
  if (events.length === 0) return [];
  const latest = [...events].sort((a, b) => b.at - a.at)[0]!;
  return [
    make(
      "ecs-health",
      `ECS service ${latest.resource} cannot keep its tasks healthy: ${firstLine(latest.message, 160)}`,
      0.5 + 0.05 * Math.min(5, events.length - 1),
      events.map((e) => ({ ref: e.ref, at: e.at })),
      "check the stopped tasks' reasons, the health check path and the container's start-up",
    ),
  ];
}

function changeHypotheses(signals: Signals, trouble: TroublePoint | undefined): Hypothesis[] {
  if (trouble === undefined) return [];
  const deploys = signals.deployments.filter((d) => d.kind === "deploy");
  // A deploy publishes versions and starts ECS deployments itself; only changes outside one, made
  // before the trouble began, are suspects.
  const suspects = signals.changes.filter(
    (change) =>
      change.at <= trouble.at &&
      !deploys.some((d) => change.at >= d.at - 2 * MINUTE && change.at <= d.at + 15 * MINUTE),
  );
  return suspects.map((change) => {
    const gap = trouble.at - change.at;
    return make(
      "config-change",
      `${change.what} at ${iso(change.at)}, outside a recorded deployment, preceded ${trouble.label} by ${minutesText(gap)}`,
      gap <= 30 * MINUTE ? 0.55 : 0.35,
      [
        { ref: change.ref, at: change.at },
        { ref: trouble.ref, at: trouble.at },
      ],
      "find who changed it (CloudTrail) and bring the change into the Terraform configuration, or revert it",
    );
  });
}

function commitHypotheses(signals: Signals, trouble: TroublePoint | undefined): Hypothesis[] {
  if (trouble === undefined) return [];
  const commit = signals.commits.filter((c) => c.at <= trouble.at).sort((a, b) => b.at - a.at)[0];
  if (commit === undefined) return [];
  const files = commit.files.slice(0, 3).join(", ") + (commit.files.length > 3 ? ", …" : "");
  return [
    make(
      "commit",
      `a commit touched ${files === "" ? "the project" : files} (${commit.sha.slice(0, 7)} "${firstLine(commit.subject, 80)}") ${minutesText(trouble.at - commit.at)} before ${trouble.label}`,
      commit.touchesInfra ? 0.35 : 0.25,
      [
        { ref: commit.ref, at: commit.at },
        { ref: trouble.ref, at: trouble.at },
      ],
      "review the commit's changes; if it was deployed, compare it with the deployment's plan",
    ),
  ];
}

/** Every hypothesis the signals support, strongest and most recent first. */
export function rankHypotheses(signals: Signals, maxHypotheses = 10): Hypothesis[] {
  const trouble = firstTrouble(signals);
  const hypotheses = [
    ...deploymentHypotheses(signals),
    ...changeHypotheses(signals, trouble),
    ...commitHypotheses(signals, trouble),
    ...symptomHypotheses(signals),
    ...ecsHealthHypotheses(signals),
    ...alarmHypotheses(signals),
  ];
  const topError = signals.clusters.filter((c) => c.level === "error").sort((a, b) => b.count - a.count)[0];
  const explained = hypotheses.some((h) => h.kind !== "alarm");
  if (topError !== undefined && !explained) {
    hypotheses.push(
      make(
        "error-spike",
        `new errors began at ${iso(topError.firstSeen)}: ${topError.count}× "${firstLine(topError.pattern)}"`,
        0.3,
        [{ ref: topError.ref, at: topError.lastSeen }],
        "read the sample error with ops query-logs and fix the code path it names",
      ),
    );
  }
  return hypotheses
    .sort(
      (a, b) =>
        b.confidence - a.confidence || b.lastEvidenceAt.localeCompare(a.lastEvidenceAt) || a.kind.localeCompare(b.kind),
    )
    .slice(0, maxHypotheses);
}
