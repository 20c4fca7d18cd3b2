// The approvers file: who may approve protected changes on this machine, in OpenSSH's allowed-signers
// format (one `name namespaces="devops-approval" key` line each). It is found only through the
// person's trust paths — a system-wide /etc/devops/approvers first (owned by root, so no process of
// theirs can change it), then their own ~/.config/devops/approvers — never through a config or a flag.
import { createHash } from "node:crypto";
import { appendFile, chmod, mkdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { APPROVAL_NAMESPACE } from "./statement.js";

export interface Approver {
  principal: string;
  type: string;
  fingerprint: string;
}

/** The SHA256 fingerprint of a public key blob, as ssh-keygen prints it. */
function fingerprintOf(base64: string): string {
  const digest = createHash("sha256").update(Buffer.from(base64, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** The approvers listed in a file for the approval namespace. */
export function parseApprovers(text: string): Approver[] {
  const approvers: Approver[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const words = line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
    const [principal, second, ...rest] = words;
    if (principal === undefined || second === undefined) continue;
    const hasOptions = !/^(ssh-|sk-|ecdsa-)/.test(second);
    const [type, blob] = hasOptions ? rest : [second, ...rest];
    if (type === undefined || blob === undefined) continue;
    const namespaces = hasOptions ? /namespaces="([^"]*)"/.exec(second)?.[1] : undefined;
    if (namespaces !== undefined && !namespaces.split(",").includes(APPROVAL_NAMESPACE)) continue;
    approvers.push({ principal, type, fingerprint: fingerprintOf(blob) });
  }
  return approvers;
}

export async function readApprovers(path: string): Promise<Approver[]> {
  return parseApprovers(await readFile(path, "utf8").catch(() => ""));
}

export function approverLine(principal: string, publicKey: string): string {
  const [type, blob] = publicKey.split(/\s+/);
  return `${principal} namespaces="${APPROVAL_NAMESPACE}" ${type} ${blob}\n`;
}

export async function addApprover(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await appendFile(path, line, { mode: 0o644 });
  await chmod(path, 0o644);
}

/**
 * Who could change the approvers file besides root: the file's or a parent folder's owner when that is
 * the person running devops, or anyone when a folder or the file is group/world-writable. A file only
 * root can change is the strongest setting; one the person can change protects against mistakes and
 * a tool's own text, not against a process running as them.
 */
export async function writableBy(path: string, uid: number): Promise<"root only" | "you" | "others"> {
  let current = path;
  let result: "root only" | "you" | "others" = "root only";
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info !== undefined) {
      const sticky = (info.mode & 0o1000) !== 0;
      if ((info.mode & 0o002) !== 0 && !(sticky && current !== path)) return "others";
      if (info.uid === uid && uid !== 0) result = "you";
    }
    const parent = dirname(current);
    if (parent === current) return uid === 0 ? "you" : result;
    current = parent;
  }
}
