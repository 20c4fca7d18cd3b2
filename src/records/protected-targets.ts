// The targets (an account and the real place its state lives) that were once used by an environment
// requiring confirmation. Kept twice, in the project (.devops/protected-targets.json) and in the
// person's own state folder, and read as the union of both: a caller that can pass another --config,
// delete a project file or point at another project still meets the copy it cannot reach.
import { dirname, join, relative } from "node:path";
import * as z from "zod";
import { readRecord, updateRecord } from "../core/store.js";

const OPTIONS = { schemaVersion: 1 } as const;
const FILE = "protected-targets.json";

export const ProtectedTarget = z.object({
  /** The AWS account the credentials reached (STS), not the one the config claims. */
  account: z.string().min(1),
  /** Where the state really lives, links followed (IacHandler.stateLocation). */
  location: z.string().min(1),
  /** The environment's name when it was recorded. */
  environment: z.string().min(1),
  /** The config file of the run that recorded it. */
  config: z.string().min(1),
  recorded_at: z.iso.datetime({ offset: true }),
  /** The identities (STS ARNs) the protected environment's credentials reached, outside an emulator. */
  identities: z.array(z.string()).optional(),
  /** The ARNs of the resources deployed to the target. */
  resources: z.array(z.string()).optional(),
});
export type ProtectedTarget = z.infer<typeof ProtectedTarget>;

const ProtectedTargets = z.object({
  schema_version: z.literal(1),
  targets: z.array(ProtectedTarget),
});
type ProtectedTargets = z.infer<typeof ProtectedTargets>;

/** The two copies: the project's first, the person's second. */
export type ProtectedTargetFiles = readonly [project: string, personal: string];

export function protectedTargetFiles(projectStateDir: string, personalStateDir: string): ProtectedTargetFiles {
  return [join(projectStateDir, FILE), join(personalStateDir, FILE)];
}

const keyOf = (target: Pick<ProtectedTarget, "account" | "location">): string =>
  `${target.account}\n${target.location}`;

export function sameTarget(a: Pick<ProtectedTarget, "account" | "location">, b: ProtectedTarget): boolean {
  return keyOf(a) === keyOf(b);
}

function merged(values: readonly (readonly string[] | undefined)[]): string[] {
  return [...new Set(values.flatMap((list) => list ?? []))].sort();
}

/** One entry: the first seen, with the identities and resources of both (nothing is ever dropped). */
function merge(first: ProtectedTarget, second: ProtectedTarget): ProtectedTarget {
  const identities = merged([first.identities, second.identities]);
  const resources = merged([first.resources, second.resources]);
  return {
    ...first,
    ...(identities.length === 0 ? {} : { identities }),
    ...(resources.length === 0 ? {} : { resources }),
  };
}

/** Every entry of `lists`, one per target; the first seen wins (callers pass the person's copy first). */
function union(...lists: readonly (readonly ProtectedTarget[])[]): ProtectedTarget[] {
  const byKey = new Map<string, ProtectedTarget>();
  for (const target of lists.flat()) {
    const seen = byKey.get(keyOf(target));
    byKey.set(keyOf(target), seen === undefined ? target : merge(seen, target));
  }
  return [...byKey.values()];
}

/** Whether `held` already has everything `entry` says (the same target, its identities and resources). */
function covers(held: ProtectedTarget, entry: ProtectedTarget): boolean {
  return (
    sameTarget(held, entry) &&
    (entry.identities ?? []).every((arn) => held.identities?.includes(arn) === true) &&
    (entry.resources ?? []).every((arn) => held.resources?.includes(arn) === true)
  );
}

export interface ProtectedTargetsRead {
  /** The union of both copies. */
  targets: ProtectedTarget[];
  /** Per file, the entries only the other copy holds. */
  missing: ReadonlyMap<string, ProtectedTarget[]>;
}

/** Reads both copies; a corrupt or newer file throws (RECORD_CORRUPT / RECORD_NEWER_VERSION with its path). */
export async function readProtectedTargets(files: ProtectedTargetFiles): Promise<ProtectedTargetsRead> {
  const [project, personal] = await Promise.all(
    files.map(async (path) => (await readRecord(path, ProtectedTargets, OPTIONS))?.targets ?? []),
  );
  const targets = union(personal!, project!);
  const missing = new Map<string, ProtectedTarget[]>();
  // The project's copy takes back only this project's targets; the person's copy takes every one.
  const projectRoot = dirname(dirname(files[0]));
  const ours = (target: ProtectedTarget) => !relative(projectRoot, target.config).startsWith("..");
  files.forEach((path, index) => {
    const held = index === 0 ? project! : personal!;
    const lacking = targets.filter(
      (target) => (index === 1 || ours(target)) && !held.some((own) => covers(own, target)),
    );
    if (lacking.length > 0) missing.set(path, lacking);
  });
  return { targets, missing };
}

async function addTo(path: string, targets: readonly ProtectedTarget[]): Promise<void> {
  await updateRecord(
    path,
    ProtectedTargets,
    OPTIONS,
    (current): ProtectedTargets => ({
      schema_version: 1,
      targets: union(current?.targets ?? [], targets),
    }),
  );
}

/** Writes back to each copy the entries only the other holds, so deleting one copy heals. */
export async function healProtectedTargets(read: ProtectedTargetsRead): Promise<void> {
  await Promise.all([...read.missing].map(([path, targets]) => addTo(path, targets)));
}

/** Records `target` in both copies, together with whatever either copy lacked. */
export async function recordProtectedTarget(
  files: ProtectedTargetFiles,
  read: ProtectedTargetsRead,
  target: ProtectedTarget,
): Promise<void> {
  await Promise.all(files.map((path) => addTo(path, [...(read.missing.get(path) ?? []), target])));
}
