// `devops approval setup|status|sign`: the person's side of every protected change. Setup enrols the
// key that signs their approvals; sign shows a saved plan's statement and signs it in their terminal;
// status says who may approve on this machine and how well that list is protected.
import { mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { userInfo } from "node:os";
import type { InputOf } from "../core/commands/index.js";
import type { Context } from "../core/context.js";
import { UserError } from "../core/errors.js";
import type { CommandResult } from "../core/result.js";
import { writeAtomic } from "../core/store.js";
import { readApprovalSettings, writeApprovalSettings } from "../records/approvals.js";
import { readPlanRecord } from "../records/plans.js";
import { addApprover, approverLine, readApprovers, writableBy, type Approver } from "../skills/approval/approvers.js";
import { approversFile, pendingApproval, signedApproval, signHere } from "../skills/approval/proof.js";
import { generateKey, keyFacts, signStatement, verifySignature, type Signer } from "../skills/approval/ssh.js";
import { openProject } from "../skills/project.js";

export type { Handoff } from "../skills/approval/types.js";

type Writable = Awaited<ReturnType<typeof writableBy>>;

export interface SetupData {
  approvers: string;
  principal: string;
  key: string;
  type: string;
  fingerprint: string;
  protection: "passphrase" | "security key";
  created: boolean;
  added: boolean;
  writable: Writable;
}

export interface StatusData {
  approvers: string | null;
  listed: Approver[];
  writable: Writable | null;
  key: string | null;
  principal: string | null;
}

export interface SignData {
  plan: string;
  environment: string;
  kind: string;
  statement: string;
  signer: Signer;
  expiresAt: string;
}

function uid(): number {
  return process.getuid?.() ?? -1;
}

/** A key that signs without a passphrase or touch is one any process of the person's could use. */
function unprotectedKey(key: string): UserError {
  return new UserError(
    "APPROVAL_KEY_UNPROTECTED",
    `${key} opens without a passphrase and is not a security key, so any program running as you could sign approvals with it`,
    {
      suggestion: `give it a passphrase (ssh-keygen -p -f ${key}), use a security key (ssh-keygen -t ed25519-sk), or run devops approval setup without --key to create one`,
    },
  );
}

/** A new approver is added only by someone already listed: their signature over the addition. */
async function proveListedApprover(ctx: Context, approvers: string, adding: string): Promise<void> {
  const settings = await readApprovalSettings(ctx.trust.settingsFile);
  if (settings === undefined) {
    throw new UserError(
      "APPROVAL_KEY_MISSING",
      `${approvers} already lists approvers and this machine has no approval key of theirs to sign the addition`,
      {
        suggestion: `an approver adds the line to ${approvers} themselves, or runs devops approval setup --key <new key> on their own setup`,
      },
    );
  }
  const statement = `devops approver addition v1\nadd: ${adding}\nto: ${approvers}\n`;
  const signature = await signStatement(ctx, settings.signing_key, statement);
  const file = join(dirname(ctx.trust.settingsFile), ".approver-addition.sig");
  await writeAtomic(file, signature, 0o600);
  try {
    await verifySignature(ctx, approvers, file, statement);
  } finally {
    await rm(file, { force: true });
  }
}

export async function setupApproval(ctx: Context, input: InputOf<"approval setup">): Promise<CommandResult<SetupData>> {
  if (!ctx.io.interactive) {
    throw new UserError(
      "APPROVAL_NEEDS_TERMINAL",
      "devops approval setup asks you for a passphrase or a touch, so it runs only in your own terminal",
      {
        suggestion: "open a terminal and run devops approval setup there",
      },
    );
  }
  const principal = input.name ?? userInfo().username;
  const created = input.key === undefined;
  const key =
    input.key === undefined ? join(dirname(ctx.trust.settingsFile), "approval_ed25519") : resolve(ctx.cwd, input.key);
  if (created && (await keyFacts(ctx, key).catch(() => undefined)) === undefined) {
    await mkdir(dirname(key), { recursive: true, mode: 0o700 });
    await generateKey(ctx, key, `devops approval ${principal}`);
  }
  const facts = await keyFacts(ctx, key);
  if (!facts.hardware && !facts.encrypted) {
    if (created) await Promise.all([rm(key, { force: true }), rm(`${key}.pub`, { force: true })]);
    throw unprotectedKey(key);
  }
  const approvers = (await approversFile(ctx)) ?? ctx.trust.approvers.at(-1) ?? "";
  const listed = await readApprovers(approvers);
  const added = !listed.some((approver) => approver.fingerprint === facts.fingerprint);
  if (added) {
    if (listed.length > 0) await proveListedApprover(ctx, approvers, `${principal} ${facts.fingerprint}`);
    await addApprover(approvers, approverLine(principal, facts.publicKey)).catch((error: NodeJS.ErrnoException) => {
      throw new UserError("RECORD_NOT_WRITABLE", `${approvers} cannot be written (${error.code ?? error.message})`, {
        suggestion: `add this line to it as its owner (e.g. with sudo): ${approverLine(principal, facts.publicKey).trim()}`,
      });
    });
  }
  await writeApprovalSettings(ctx.trust.settingsFile, { schema_version: 1, signing_key: key, principal });
  return {
    status: "ready",
    data: {
      approvers,
      principal,
      key,
      type: facts.type,
      fingerprint: facts.fingerprint,
      protection: facts.hardware ? "security key" : "passphrase",
      created,
      added,
      writable: await writableBy(approvers, uid()),
    },
    next: [{ command: "devops approval status", why: "see who may approve and how well that list is protected" }],
  };
}

export async function approvalStatus(ctx: Context): Promise<CommandResult<StatusData>> {
  const approvers = await approversFile(ctx);
  const settings = await readApprovalSettings(ctx.trust.settingsFile);
  const data: StatusData = {
    approvers: approvers ?? null,
    listed: approvers === undefined ? [] : await readApprovers(approvers),
    writable: approvers === undefined ? null : await writableBy(approvers, uid()),
    key: settings?.signing_key ?? null,
    principal: settings?.principal ?? null,
  };
  const next =
    approvers === undefined || settings === undefined
      ? [{ command: "devops approval setup", why: "set up the key that signs your approvals (in your own terminal)" }]
      : [];
  return { status: approvers === undefined ? "not_set_up" : "ready", data, next };
}

export async function signApproval(ctx: Context, input: InputOf<"approval sign">): Promise<CommandResult<SignData>> {
  const project = await openProject(ctx);
  const environment = project.environment(input.env).name;
  const record = await readPlanRecord(project.paths.stateDir, environment, input.plan);
  const again = "run the command that made the plan again for a new plan";
  if (record === undefined) {
    throw new UserError("PLAN_NOT_FOUND", `no saved plan "${input.plan}" for environment "${environment}"`, {
      suggestion: again,
    });
  }
  if (record.consumed_at !== undefined) {
    throw new UserError("PLAN_ALREADY_USED", `plan ${record.id} was already used at ${record.consumed_at}`, {
      suggestion: again,
    });
  }
  const pending = pendingApproval(project, record);
  if (pending === undefined) {
    throw new UserError("PLAN_NOT_FOUND", `no approval was asked for plan ${record.id}: nothing to sign`, {
      suggestion: again,
    });
  }
  if (Date.parse(pending.expiresAt) <= project.clock.now().getTime()) {
    throw new UserError("CONFIRMATION_EXPIRED", `the approval of plan ${record.id} expired at ${pending.expiresAt}`, {
      suggestion: again,
    });
  }
  project.io.notify({ level: "info", message: `You are approving:\n${pending.statement}` });
  await signHere(project, pending);
  const signed = await signedApproval(project, pending, again);
  if (signed === undefined) throw new Error(`the signature of plan ${record.id} was not written`);
  const command = record.approval?.command;
  return {
    status: "signed",
    environment,
    data: {
      plan: record.id,
      environment,
      kind: record.kind,
      statement: pending.statement,
      signer: signed.signer,
      expiresAt: pending.expiresAt,
    },
    next: command === undefined ? [] : [{ command, why: `apply the plan you approved (before ${pending.expiresAt})` }],
  };
}
