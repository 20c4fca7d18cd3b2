// Numbers as people read them in messages and rendered reports: whole numbers and anything from 100 up
// rounded, smaller fractions to at most two decimals without trailing zeros.
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 || Number.isInteger(value)
    ? String(Math.round(value))
    : value.toFixed(2).replace(/\.?0+$/, "");
}

const AGES: readonly (readonly [number, string])[] = [
  [24 * 60 * 60_000, "day"],
  [60 * 60_000, "hour"],
  [60_000, "minute"],
];

/** How long before `now` a moment was, in the largest whole unit: "20 minutes ago", "just now". */
export function timeAgo(then: Date, now: Date): string {
  const elapsed = now.getTime() - then.getTime();
  if (elapsed < 0) return "in the future (check the clock)";
  for (const [size, unit] of AGES) {
    const count = Math.floor(elapsed / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
  }
  return "just now";
}

/** An ISO moment with its age: "2026-12-07T14:39:00.000Z (20 minutes ago)". */
export function whenWithAge(at: string, now: Date): string {
  return `${at} (${timeAgo(new Date(at), now)})`;
}
