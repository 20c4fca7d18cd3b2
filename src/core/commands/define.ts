// The shape of a command declaration: everything the CLI, the router, the production gate and the
// plugin's markdown checks need to know about one command, written once as data.
import * as z from "zod";

export type Manager = "infra" | "ops";

export interface FlagSpec<S extends z.ZodType = z.ZodType> {
  /** Parses the flag's raw value (commander hands over strings and booleans). */
  schema: S;
  /** The value's name in help, as in `--env <environment>`; a flag without one is a switch. */
  value?: string;
  help: string;
  /** Print the schema's default in help, as `(default: "1h")`. */
  showDefault?: true;
  /** May be given more than once; the schema receives every value, in order, as an array. */
  repeatable?: true;
}

export interface PositionalSpec<S extends z.ZodType = z.ZodType> {
  /** The input field the words fill, joined by spaces (or as an array with `list`). */
  key: string;
  /** The schema receives the words as an array, each kept whole (addresses, ids). */
  list?: true;
  /** As commander writes it, e.g. `<request...>`. */
  spec: string;
  help: string;
  schema: S;
}

export interface CommandSpec {
  /** The words after `devops`, e.g. "infra deploy". */
  path: string;
  description: string;
  flags: Readonly<Record<string, FlagSpec>>;
  positional?: PositionalSpec;
  /** Changes an environment: the PreToolUse gate asks before it runs where confirmation is required. */
  mutates: boolean;
  /**
   * How the plain-language router names it, which manager agent serves it, and the flags its command
   * line gets when a request cannot state them (a usual default for an input the command needs).
   */
  route?: { name: string; manager: Manager; defaults?: Readonly<Record<string, string | boolean>> };
  /** Plugin markdown (agents, commands, skills) may tell the model to run it. */
  markdown: boolean;
}

type ShapeOf<D extends CommandSpec> = { -readonly [K in keyof D["flags"]]: D["flags"][K]["schema"] } & (D extends {
  positional: PositionalSpec<infer S> & { key: infer K extends string };
}
  ? { [P in K]: S }
  : unknown);

export type Declared<D extends CommandSpec> = D & { readonly schema: z.ZodObject<ShapeOf<D>> };

/** A declaration with its input schema: the flags' schemas (and the positional words) as one object. */
export function declare<const D extends CommandSpec>(spec: D): Declared<D> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, flag] of Object.entries(spec.flags)) shape[key] = flag.schema;
  if (spec.positional !== undefined) shape[spec.positional.key] = spec.positional.schema;
  return { ...spec, schema: z.object(shape) as z.ZodObject<ShapeOf<D>> };
}

/** `skipTests` → `--skip-tests`: commander maps the flag back to the same key. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** A flag is required when its schema accepts no missing value. */
export function isRequired(flag: FlagSpec): boolean {
  return !flag.schema.safeParse(undefined).success;
}

/** The default the schema fills in for a missing flag, as help prints it. */
export function defaultOf(flag: FlagSpec): string | undefined {
  const parsed = flag.schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}
