// The person who approves protected changes, played by a test: their own SSH key with a passphrase
// only they know, listed in their approvers file (their trust paths), and their signature of a plan's
// approval statement. The passphrase sits in an askpass script in a folder of its own, standing in for
// the person's head: no test playing a caller ever reads it.
import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TrustPaths } from "../../src/core/context.js";
import { tempDir } from "./project.js";

const run = promisify(execFile);

export interface Person {
  name: string;
  /** The private key (encrypted with the passphrase). */
  key: string;
  /** What ssh-keygen needs to ask the person (the askpass answering with their passphrase). */
  env: Record<string, string>;
  trust: TrustPaths;
}

/** A key of the person's, created with a passphrase. */
export async function personalKey(name = "person", passphrase = `${name}-secret-passphrase`) {
  const dir = await tempDir(`devops-${name}-`);
  const key = join(dir, "id_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key]);
  const askpass = join(dir, "askpass");
  await writeFile(askpass, `#!/bin/sh\necho '${passphrase}'\n`);
  await chmod(askpass, 0o700);
  return {
    key,
    env: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: "force", DISPLAY: ":0", PATH: process.env.PATH ?? "" },
  };
}

/** What a program answering the passphrase prompt can type: anything but the person's passphrase. */
export async function guessingAskpass(guess = "yes"): Promise<Record<string, string>> {
  const dir = await tempDir("devops-guess-");
  const askpass = join(dir, "askpass");
  await writeFile(askpass, `#!/bin/sh\necho '${guess}'\n`);
  await chmod(askpass, 0o700);
  return { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: "force", DISPLAY: ":0", PATH: process.env.PATH ?? "" };
}

/** Enrols the person as an approver in `trust` (as `devops approval setup` would) and returns them. */
export async function enrolPerson(trust: TrustPaths, name = "person"): Promise<Person> {
  const { key, env } = await personalKey(name);
  const publicKey = (await readFile(`${key}.pub`, "utf8")).trim().split(/\s+/);
  const approvers = trust.approvers[0] ?? "";
  await mkdir(join(approvers, ".."), { recursive: true });
  await writeFile(approvers, `${name} namespaces="devops-approval" ${publicKey[0]} ${publicKey[1]}\n`, { flag: "a" });
  await mkdir(join(trust.settingsFile, ".."), { recursive: true });
  await writeFile(trust.settingsFile, JSON.stringify({ schema_version: 1, signing_key: key, principal: name }));
  return { name, key, env, trust };
}

/** The person signs the approval statement of a saved plan, as they would with ssh-keygen in their terminal. */
export async function signAsPerson(person: Pick<Person, "key" | "env">, statementFile: string): Promise<void> {
  await rm(`${statementFile}.sig`, { force: true });
  await run("ssh-keygen", ["-Y", "sign", "-n", "devops-approval", "-f", person.key, statementFile], {
    env: person.env,
  });
}
