// What counts as proof that a human approved a saved plan, behind one interface: every flow issues
// and checks approvals only through an ApprovalProof, so changing the kind of proof changes this file.
// Today's proof is a short code, an HMAC over the plan's bound facts with the project's approval key.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ProjectContext } from "../../core/context.js";
import {
  approvalKey,
  approvalToken,
  listPlanRecords,
  markApprovalIssued,
  tokensEqual,
  type StoredPlanRecord,
} from "../../records/plans.js";

export interface IssuedProof {
  /** What the approving human presents back (the code). */
  code: string;
  expiresAt: string;
}

export interface PresentedProof {
  /** The plan the presented proof was issued for. */
  record: StoredPlanRecord;
  /** When the proof itself stops being valid. */
  expiresAt: string;
}

export interface ApprovalProof {
  /** Binds an approval to the saved plan and returns what the approving human will present. */
  issue(project: ProjectContext, record: StoredPlanRecord): Promise<IssuedProof>;
  /** The plan the presented proof approves, or undefined when it approves none of this project's plans. */
  find(project: ProjectContext, presented: string): Promise<PresentedProof | undefined>;
}

/** The approval code: HMAC(project key; kind, plan id, plan hash, environment, account, issue time). */
export const codeProof: ApprovalProof = {
  async issue(project, record) {
    const issued = await markApprovalIssued(project.paths.stateDir, record, project.clock.now());
    const code = approvalToken(await approvalKey(project.paths.stateDir), issued);
    return { code, expiresAt: issued.approval?.expires_at ?? "" };
  },

  async find(project, presented) {
    const key = await approvalKey(project.paths.stateDir);
    const environments = await readdir(join(project.paths.stateDir, "plans"), { withFileTypes: true }).catch(() => []);
    for (const entry of environments.filter((e) => e.isDirectory())) {
      for (const record of await listPlanRecords(project.paths.stateDir, entry.name)) {
        if (record.approval !== undefined && tokensEqual(approvalToken(key, record), presented)) {
          return { record, expiresAt: record.approval.expires_at };
        }
      }
    }
    return undefined;
  },
};
