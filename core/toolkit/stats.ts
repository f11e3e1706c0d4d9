/** Summary statistics for plugin authors; core's tests use the same functions. */
export { normalQuantile, tQuantile } from '../compare/stats/distributions.js'

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** The `q` quantile (0…1) by linear interpolation between order statistics (R's type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list')
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is not within 0…1`)
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below)
}
