// The `devops …` command lines the CLI suggests (next steps, error suggestions, the router's answer):
// built from the declarations, so only a declared command with its declared flags can be named, and
// every value is quoted for a POSIX shell.
import { InternalError } from "../errors.js";
import type { FlagSpec } from "./define.js";
import { type CommandId, type DeclarationOf, declarationOf, flagName } from "./index.js";

/** A value a person or a later step fills in (`<id>`, `{environment}`), printed as written. */
export class Placeholder {
  constructor(readonly text: string) {}
}

export function placeholder(text: string): Placeholder {
  return new Placeholder(text);
}

type FlagValue<F> = F extends { repeatable: true }
  ? readonly string[]
  : F extends { value: string }
    ? string | number | Placeholder
    : boolean;
type PositionalValues<D> = D extends { positional: { key: infer K extends string } }
  ? { [P in K]?: string | Placeholder | readonly string[] }
  : unknown;

export type FlagValues<I extends CommandId> = {
  [K in keyof DeclarationOf<I>["flags"]]?: FlagValue<DeclarationOf<I>["flags"][K]> | undefined;
} & PositionalValues<DeclarationOf<I>>;

/** Bare when only safe characters, else double quotes when nothing in it expands, else single quotes. */
export function shellQuote(value: string | number): string {
  const text = String(value);
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  if (!/[$`\\"!\n\r\t]/.test(text)) return `"${text}"`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function rendered(value: string | number | Placeholder): string {
  return value instanceof Placeholder ? value.text : shellQuote(value);
}

/**
 * `commandLine("ops check-health", { env: "prod", service: "api" })` →
 * `devops ops check-health --env prod --service api`. Flags come out in the order given; a switch is
 * written when true; undefined values are left out.
 */
export function commandLine<I extends CommandId>(id: I, values: FlagValues<I> = {} as FlagValues<I>): string {
  const declaration = declarationOf(id);
  const flags: Readonly<Record<string, FlagSpec>> = declaration.flags;
  const positionalKey = "positional" in declaration ? declaration.positional.key : undefined;
  const words = [`devops ${id}`];
  let positional: string | undefined;
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    if (value === undefined || value === false) continue;
    if (key === positionalKey) {
      positional = Array.isArray(value)
        ? value.map((word: string) => shellQuote(word)).join(" ")
        : rendered(value as string | Placeholder);
      continue;
    }
    const flag = flags[key];
    if (flag === undefined) throw new InternalError(`devops ${id} declares no flag ${flagName(key)}`);
    if (flag.repeatable === true && Array.isArray(value)) {
      for (const item of value as string[]) words.push(`${flagName(key)} ${shellQuote(item)}`);
    } else if (flag.value === undefined) {
      if (value !== true) throw new InternalError(`${flagName(key)} of devops ${id} is a switch`);
      words.push(flagName(key));
    } else words.push(`${flagName(key)} ${rendered(value as string | number | Placeholder)}`);
  }
  if (positional !== undefined) words.push(positional);
  return words.join(" ");
}
