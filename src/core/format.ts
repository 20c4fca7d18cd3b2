// Numbers as people read them in messages and rendered reports: whole numbers and anything from 100 up
// rounded, smaller fractions to at most two decimals without trailing zeros.
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 || Number.isInteger(value)
    ? String(Math.round(value))
    : value.toFixed(2).replace(/\.?0+$/, "");
}
