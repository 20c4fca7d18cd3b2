// A unified line diff (longest common subsequence, three lines of context) for showing what a
// regeneration would change in a file someone edited by hand.

type Op = { kind: " " | "-" | "+"; text: string };

// Beyond this many cells the table would cost too much memory; the diff then replaces the whole file.
const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function operations(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_CELLS)
    return [...a.map((text) => ({ kind: "-" as const, text })), ...b.map((text) => ({ kind: "+" as const, text }))];
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i] ?? "" });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
      ops.push({ kind: "-", text: a[i++] ?? "" });
    } else {
      ops.push({ kind: "+", text: b[j++] ?? "" });
    }
  }
  while (i < a.length) ops.push({ kind: "-", text: a[i++] ?? "" });
  while (j < b.length) ops.push({ kind: "+", text: b[j++] ?? "" });
  return ops;
}

const range = (start: number, count: number) =>
  count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;

/** `--- a/<label>` / `+++ b/<label>` and @@ hunks; empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, label: string): string {
  if (before === after) return "";
  const ops = operations(splitLines(before), splitLines(after));
  const changed = ops.map((op, index) => (op.kind === " " ? -1 : index)).filter((index) => index >= 0);
  const out = [`--- a/${label}`, `+++ b/${label}`];
  let cursor = 0;
  while (cursor < changed.length) {
    const first = changed[cursor] ?? 0;
    let last = first;
    // Changes closer than twice the context share one hunk.
    while (cursor + 1 < changed.length && (changed[cursor + 1] ?? 0) - last <= 2 * CONTEXT)
      last = changed[++cursor] ?? last;
    cursor++;
    const start = Math.max(0, first - CONTEXT);
    const end = Math.min(ops.length, last + CONTEXT + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== "+") oldLine++;
      if (op.kind !== "-") newLine++;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(
      `@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`,
      ...hunk.map((op) => `${op.kind}${op.text}`),
    );
  }
  return `${out.join("\n")}\n`;
}
