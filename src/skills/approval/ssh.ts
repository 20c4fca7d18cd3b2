// The person's signature, made and checked by OpenSSH's ssh-keygen (-Y sign / find-principals /
// verify). The private key never passes through devops: ssh-keygen asks the person for its passphrase
// (or the security key for a touch) on their own terminal, and reads nothing devops could answer.
import type { Context } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import { run, SubprocessError } from "../../core/subprocess.js";
import { APPROVAL_NAMESPACE } from "./statement.js";

const TIMEOUT_MS = 5 * 60_000;

/** What ssh-keygen needs from the environment: a path, and the person's agent or askpass if they use one. */
function sshEnv(ctx: Context): Record<string, string | undefined> {
  const keep = [
    "PATH",
    "HOME",
    "USER",
    "SSH_AUTH_SOCK",
    "SSH_ASKPASS",
    "SSH_ASKPASS_REQUIRE",
    "DISPLAY",
    "SSH_SK_PROVIDER",
  ];
  return Object.fromEntries(keep.map((name) => [name, ctx.env[name]]));
}

async function sshKeygen(ctx: Context, args: string[], input?: string) {
  try {
    return await run("ssh-keygen", args, {
      cwd: ctx.cwd,
      env: sshEnv(ctx),
      timeoutMs: TIMEOUT_MS,
      okExitCodes: [0, 1, 255],
      ...(input === undefined ? {} : { input }),
    });
  } catch (error) {
    if (error instanceof SubprocessError && error.kind === "spawn-failed") {
      throw new UserError("APPROVAL_TOOL_MISSING", "ssh-keygen was not found: approvals are signed with OpenSSH", {
        suggestion: "install the OpenSSH client (Debian/Ubuntu: apt install openssh-client; macOS has it)",
      });
    }
    throw error;
  }
}

export interface Signer {
  principal: string;
  /** The key's fingerprint as ssh-keygen prints it (SHA256:…). */
  key: string;
}

/**
 * The approver who signed `statement`: the signature must come from a key listed in `approvers` for
 * the approval namespace and match the statement exactly. Throws APPROVAL_SIGNATURE_INVALID otherwise.
 */
export async function verifySignature(
  ctx: Context,
  approvers: string,
  signatureFile: string,
  statement: string,
): Promise<Signer> {
  const found = await sshKeygen(ctx, ["-Y", "find-principals", "-s", signatureFile, "-f", approvers]);
  const principals = found.exitCode === 0 ? found.stdout.split("\n").filter((line) => line.trim() !== "") : [];
  if (principals.length === 0) {
    throw new UserError(
      "APPROVAL_SIGNATURE_INVALID",
      `the approval signature ${signatureFile} was not made with any approver's key listed in ${approvers}`,
      { suggestion: "a person listed as an approver signs the plan: devops approval sign --env ENV --plan ID" },
    );
  }
  for (const principal of principals) {
    const checked = await sshKeygen(
      ctx,
      ["-Y", "verify", "-f", approvers, "-I", principal, "-n", APPROVAL_NAMESPACE, "-s", signatureFile],
      statement,
    );
    const good = /^Good "[^"]*" signature for .* with \S+ key (\S+)/.exec(checked.stdout);
    if (checked.exitCode === 0 && good !== null) return { principal, key: good[1] ?? "" };
  }
  throw new UserError(
    "APPROVAL_SIGNATURE_INVALID",
    `the approval signature ${signatureFile} does not match this plan's approval statement: it was made for another plan, or the plan record was changed after it was signed`,
    { suggestion: "ask for a new plan and have a person sign that one" },
  );
}

/**
 * Signs `statement` with the person's key. ssh-keygen asks them for the key's passphrase (or a touch)
 * on their terminal; throws APPROVAL_SIGNING_FAILED when no signature came out of it.
 */
export async function signStatement(ctx: Context, key: string, statement: string): Promise<string> {
  const signed = await sshKeygen(ctx, ["-Y", "sign", "-n", APPROVAL_NAMESPACE, "-f", key], statement);
  if (signed.exitCode !== 0 || !signed.stdout.includes("BEGIN SSH SIGNATURE")) {
    const why = signed.stderr.split("\n").find((line) => line.trim() !== "" && !line.startsWith("Signing")) ?? "";
    throw new UserError(
      "APPROVAL_SIGNING_FAILED",
      `the approval was not signed with ${key}${why ? `: ${why.trim()}` : ""}`,
      {
        suggestion:
          "run the command yourself in your terminal, where ssh-keygen can ask for your key's passphrase or touch",
      },
    );
  }
  return `${signed.stdout.trim()}\n`;
}

export interface KeyFacts {
  /** The public key line (type, base64, comment). */
  publicKey: string;
  type: string;
  fingerprint: string;
  /** A security key (sk-…): every signature needs the device, and by default a touch. */
  hardware: boolean;
  /** A private key file that opens only with a passphrase. */
  encrypted: boolean;
}

/** What a signing key is and whether signing with it needs a secret the person holds. */
export async function keyFacts(ctx: Context, key: string): Promise<KeyFacts> {
  const publicPath = key.endsWith(".pub") ? key : `${key}.pub`;
  const listed = await sshKeygen(ctx, ["-l", "-f", publicPath]);
  if (listed.exitCode !== 0) {
    throw new UserError("APPROVAL_KEY_MISSING", `no SSH public key at ${publicPath}`, {
      suggestion: "give the private key whose .pub file sits next to it, or create one: ssh-keygen -t ed25519",
    });
  }
  const { readFile } = await import("node:fs/promises");
  const publicKey = (await readFile(publicPath, "utf8")).trim().split("\n")[0] ?? "";
  const type = publicKey.split(/\s+/)[0] ?? "";
  const hardware = type.startsWith("sk-");
  const opened = key.endsWith(".pub") ? undefined : await sshKeygen(ctx, ["-y", "-P", "", "-f", key]);
  return {
    publicKey,
    type,
    fingerprint: listed.stdout.split(/\s+/)[1] ?? "",
    hardware,
    encrypted: opened !== undefined && opened.exitCode !== 0,
  };
}

/**
 * Creates a new ed25519 key for approvals. ssh-keygen asks the person for its passphrase on their
 * terminal; the key is refused afterwards if they left it empty.
 */
export async function generateKey(ctx: Context, path: string, comment: string): Promise<void> {
  const made = await sshKeygen(ctx, ["-q", "-t", "ed25519", "-f", path, "-C", comment]);
  if (made.exitCode !== 0) {
    throw new UserError("APPROVAL_SIGNING_FAILED", `ssh-keygen could not create ${path}: ${made.stderr.trim()}`, {
      suggestion: "run devops approval setup in your own terminal, or give an existing key with --key",
    });
  }
}
