// Every record writer of devops, each as "write update number n" and "how many updates the file on
// disk holds", so a test can kill a writer at any moment and check that no acknowledged update was lost.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import {
  markApprovalUsed,
  readApprovalSettings,
  usedApproval,
  writeApprovalSettings,
} from "../../src/records/approvals.js";
import { appendHistory, readHistory } from "../../src/records/history.js";
import { appendIamAudit, readIamAudit } from "../../src/records/iam-audit.js";
import { inFlightPath, markInFlight, readInFlight } from "../../src/records/in-flight.js";
import { readIssueLog, recordOccurrence } from "../../src/records/issue-log.js";
import { readLastFailure, writeLastFailure } from "../../src/records/last-failure.js";
import { listPlanRecords, saveActionPlan } from "../../src/records/plans.js";
import {
  protectedTargetFiles,
  readProtectedTargets,
  recordProtectedTarget,
} from "../../src/records/protected-targets.js";
import { buildRegistry, readRegistry, registryPaths, writeRegistry } from "../../src/records/registry.js";
import { appendRemediationLog, readRemediationLog } from "../../src/records/remediation-log.js";
import { writeReport } from "../../src/records/reports.js";

/** A record several writers increment at once, each under the lock. */
export const COUNTER = z.object({ schema_version: z.literal(1), count: z.number().int() });

export interface RecordWriter {
  /** Writes update number `n` (0, 1, 2, … in order). */
  write(dir: string, n: number): Promise<void>;
  /** How many updates the records hold (for a record that keeps only the latest: the latest n + 1). */
  committed(dir: string): Promise<number>;
}

const NOW = new Date("2026-12-07T10:00:00.000Z");
const at = (n: number) => new Date(NOW.getTime() + n * 1000);
const state = (dir: string) => join(dir, ".devops");
const numberIn = (text: string | undefined) => (text === undefined ? 0 : Number(text.replace(/\D/g, "")) + 1);
const proof = (n: number) => ({ signature: `signature-${n}`, statement: `statement-${n}` });

export const RECORD_WRITERS: Record<string, RecordWriter> = {
  history: {
    write: (dir, n) =>
      appendHistory(registryPaths(state(dir), "dev").history, {
        schema_version: 1,
        id: `d${n}`,
        kind: "deploy",
        environment: "dev",
        at: at(n).toISOString(),
        actor: "tester",
        outcome: "applied",
      }),
    committed: async (dir) => (await readHistory(registryPaths(state(dir), "dev").history)).length,
  },
  registry: {
    write: async (dir, n) => {
      const registry = buildRegistry({
        environment: "dev",
        project: "shop",
        resources: [],
        deploymentId: `d${n}`,
        now: at(n),
        region: "eu-west-1",
        consoleUrl: () => undefined,
      });
      await writeRegistry(registryPaths(state(dir), "dev").registry, registry);
    },
    committed: async (dir) => numberIn((await readRegistry(registryPaths(state(dir), "dev").registry))?.deployment_id),
  },
  plans: {
    write: async (dir, n) => {
      await saveActionPlan(state(dir), at(n), {
        kind: "state_rm",
        environment: "dev",
        account: "123456789012",
        identityArn: "arn:aws:iam::123456789012:user/deployer",
        spec: { n },
      });
    },
    committed: async (dir) => (await listPlanRecords(state(dir), "dev")).length,
  },
  "approvals ledger": {
    write: (dir, n) =>
      markApprovalUsed(state(dir), proof(n), { id: `p${n}`, environment: "prod", kind: "deploy" }, at(n)),
    committed: async (dir) => {
      let n = 0;
      while ((await usedApproval(state(dir), proof(n))) !== undefined) n += 1;
      return n;
    },
  },
  "approval settings": {
    write: async (dir, n) => {
      await writeApprovalSettings(join(state(dir), "approvals.json"), {
        schema_version: 1,
        signing_key: "/home/tester/.ssh/id_ed25519",
        principal: `p${n}`,
      });
    },
    committed: async (dir) => numberIn((await readApprovalSettings(join(state(dir), "approvals.json")))?.principal),
  },
  "protected targets": {
    write: async (dir, n) => {
      const files = protectedTargetFiles(state(dir), join(dir, "person"));
      const target = {
        account: "123456789012",
        location: `local state /srv/t${n}.tfstate`,
        environment: "prod",
        config: join(state(dir), "devops.json"),
        recorded_at: at(n).toISOString(),
      };
      await recordProtectedTarget(files, await readProtectedTargets(files), target);
    },
    committed: async (dir) => {
      const read = await readProtectedTargets(protectedTargetFiles(state(dir), join(dir, "person")));
      return read.targets.length;
    },
  },
  "last failure": {
    write: (dir, n) =>
      writeLastFailure(state(dir), {
        at: at(n).toISOString(),
        environment: "dev",
        operation: "other",
        error: { code: "TEST", message: `failure ${n}` },
        diagnostics: [],
      }),
    committed: async (dir) => numberIn((await readLastFailure(state(dir)))?.error.message),
  },
  "issue log": {
    write: async (dir, n) => {
      await recordOccurrence(
        state(dir),
        { category: "unknown", message: "the same failure again", environment: "dev", operation: "deploy" },
        at(n),
      );
    },
    committed: async (dir) => (await readIssueLog(state(dir), at(0))).issues[0]?.occurrence_count ?? 0,
  },
  "in flight": {
    write: (dir, n) =>
      markInFlight(inFlightPath(state(dir), "dev"), {
        schema_version: 1,
        id: `d${n}`,
        kind: "deploy",
        environment: "dev",
        started_at: at(n).toISOString(),
      }),
    committed: async (dir) => numberIn((await readInFlight(inFlightPath(state(dir), "dev")))?.id),
  },
  "iam audit": {
    write: async (dir, n) => {
      await appendIamAudit(
        state(dir),
        {
          environment: "dev",
          account_id: null,
          target_identity: null,
          granted_by_profile: null,
          policy_arn: null,
          statement_sid: null,
          actions: ["s3:GetObject"],
          resource_scope: ["*"],
          reason: `grant ${n}`,
          source_error: null,
          policy_version_before: null,
          policy_version_after: null,
          policy_hash_before: null,
          policy_hash_after: null,
          pruned_version: null,
          approved_by: null,
          plan_id: null,
          outcome: "granted",
          error: null,
        },
        at(n),
      );
    },
    committed: async (dir) => (await readIamAudit(state(dir)))?.entries.length ?? 0,
  },
  "remediation log": {
    write: (dir, n) =>
      appendRemediationLog(state(dir), {
        id: `r${n}`,
        at: at(n).toISOString(),
        actor: "tester",
        environment: "dev",
        service: "api",
        action: "restart",
        params: {},
        outcome: "applied",
        duration_ms: 1,
      }),
    committed: async (dir) => (await readRemediationLog(state(dir), "dev"))?.entries.length ?? 0,
  },
  reports: {
    write: async (dir, n) => {
      await writeReport({ stateDir: state(dir), category: "audits", environment: "dev", name: `r${n}`, json: { n } });
    },
    committed: async (dir) => {
      const names = await readdir(join(state(dir), "audits", "dev")).catch(() => [] as string[]);
      return names.filter((name) => /^r\d+\.json$/.test(name)).length;
    },
  },
};
