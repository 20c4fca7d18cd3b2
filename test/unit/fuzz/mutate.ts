// Seeded mutations of config texts and command lines for the fuzz suites: the same seed gives the same
// cases on every machine, so a failure names a case that can be replayed by its number.

/** A small, fast 32-bit generator (mulberry32): deterministic and good enough to pick cases. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

export const UNICODE_SAMPLES = [
  "é",
  "prod\u200b",
  "прод",
  "生产",
  "🚀",
  "\u202eedoc",
  "a\u0301",
  "\u0000",
  "\ud800",
  "\ufeff",
  "\n",
  "../../etc/passwd",
  "{project}",
  "{nope}",
  "$(id)",
  "`id`",
  "%s%n",
  " ",
  "",
] as const;

/** One spelling slip: a character dropped, doubled, swapped with its neighbour, or changed case. */
export function typo(random: Random, word: string): string {
  if (word.length < 2) return `${word}x`;
  const at = random.int(word.length - 1);
  switch (random.int(4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word[at] + word.slice(at);
    case 2:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    default:
      return word.toUpperCase();
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** Every object or array in the document with the keys in it, outermost first. */
function containers(value: Json, found: Container[] = []): Container[] {
  if (value === null || typeof value !== "object") return found;
  found.push(value);
  for (const child of Object.values(value)) containers(child, found);
  return found;
}

/**
 * Deep nesting is written into the text, not built as a value: a tree 5,000 deep would overflow the
 * stack of JSON.stringify here before it reached the CLI. The tree holds a marker until then.
 */
const NESTING = /"@@nest:(\d+):([ao])@@"/g;

function nestingMarker(random: Random): string {
  return `@@nest:${random.pick([3, 20, 63, 64, 65, 200, 5000])}:${random.pick(["a", "o"])}@@`;
}

function expandNesting(text: string): string {
  return text.replace(NESTING, (_marker, depth: string, kind: string) => {
    const [open, close] = kind === "a" ? ["[", "]"] : ['{"a": ', "}"];
    return `${open.repeat(Number(depth))}1${close.repeat(Number(depth))}`;
  });
}

function scalarOfAnotherType(random: Random, current: Json): Json {
  const choices: Json[] = [
    0,
    -1,
    1e308,
    1.5,
    "",
    "text",
    true,
    false,
    null,
    [],
    {},
    ["test", 1],
    { test: 1 },
    String(current),
  ];
  return random.pick(choices.filter((choice) => typeof choice !== typeof current || choice === null));
}

/** Changes one place of the document in place: a type swap, a deletion, nesting, a huge or odd string, a key. */
function mutateTree(random: Random, document: Json): void {
  const places = containers(document);
  const target = random.pick(places);
  const keys = Object.keys(target);
  const key = keys.length === 0 ? undefined : random.pick(keys);
  const set = (value: Json) => {
    if (Array.isArray(target)) target[key === undefined ? 0 : Number(key)] = value;
    else target[key ?? "added"] = value;
  };
  const current = key === undefined ? null : ((target as Record<string, Json>)[key] ?? null);
  switch (random.int(8)) {
    case 0:
      set(scalarOfAnotherType(random, current));
      return;
    case 1:
      if (key === undefined) return;
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
      return;
    case 2:
      set(nestingMarker(random));
      return;
    case 3:
      set(random.pick(["a", "é", "🚀", "{project}-"]).repeat(random.pick([1000, 20_000, 200_000])));
      return;
    case 4:
      set(`${typeof current === "string" ? current : "x"}${random.pick(UNICODE_SAMPLES)}`);
      return;
    case 5: {
      if (key === undefined || Array.isArray(target)) return;
      const value = target[key]!;
      delete target[key];
      target[random.chance(0.5) ? typo(random, key) : `${key}${random.pick(UNICODE_SAMPLES)}`] = value;
      return;
    }
    case 6:
      if (!Array.isArray(target)) target[random.pick(["extra", "__proto__", "constructor", "", "🚀"])] = 1;
      return;
    default: {
      const other = random.pick(places);
      const otherKeys = Object.keys(other);
      // A copy, so a value moved into itself does not make the document circular.
      if (otherKeys.length > 0) set(structuredClone((other as Record<string, Json>)[random.pick(otherKeys)] ?? null));
    }
  }
}

/** A key written twice in one object: the text a JSON reader that keeps the last value would accept. */
function duplicateKey(random: Random, text: string): string {
  const keys = [...text.matchAll(/"([^"\\]*)": /g)];
  if (keys.length === 0) return text;
  const match = random.pick(keys);
  const value = random.pick(["true", "false", "null", '"prod"', "1", "{}"]);
  return `${text.slice(0, match.index)}"${match[1]}": ${value}, ${text.slice(match.index)}`;
}

/** Changes the text itself: a repeated key, byte-order marks, truncation, stray characters, line endings. */
function mutateText(random: Random, text: string): string {
  switch (random.int(7)) {
    case 0:
      return duplicateKey(random, text);
    case 1:
      return `\ufeff${text}`;
    case 2:
      return random.chance(0.5) ? `\ufeff\ufeff${text}` : `${text.slice(0, 1)}\ufeff${text.slice(1)}`;
    case 3:
      return text.slice(0, random.int(text.length));
    case 4: {
      const at = random.int(text.length);
      return (
        text.slice(0, at) +
        random.pick([",", "}", "]", '"', ":", "\\", "//", "/*", "'", "\u0000", "NaN"]) +
        text.slice(at)
      );
    }
    case 5:
      return text.replace(/\n/g, "\r\n");
    default:
      return text.replace(/("[^"]*")(\s*)([}\]])/, "$1,$2$3");
  }
}

/** A mutated config text: one to three changes, each to the tree or to the text. */
export function mutateConfig(random: Random, base: unknown): string {
  const document = structuredClone(base) as Json;
  const changes = 1 + random.int(3);
  let text: string | undefined;
  for (let i = 0; i < changes; i += 1) {
    if (text === undefined && random.chance(0.6)) {
      mutateTree(random, document);
      continue;
    }
    text = mutateText(random, text ?? expandNesting(JSON.stringify(document, null, random.pick([0, 2]))));
  }
  return text ?? expandNesting(JSON.stringify(document, null, 2));
}
