/** Median of numbers (average of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  if (n === 0) return Number.NaN
  const mid = n >> 1
  return n % 2 === 1 ? sorted[mid] : sorted[mid - 1] / 2 + sorted[mid] / 2
}
