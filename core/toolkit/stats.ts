/** Summary statistics for plugin authors; core's tests use the same functions. */
import { tQuantile } from '../compare/stats/distributions.js'

export { normalQuantile, tQuantile } from '../compare/stats/distributions.js'

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** The sample closest to the median: a real run's figure, which a breakdown's parts can add up to. */
export function representativeSample(values: readonly number[]): number {
  const middle = median(values)
  return values.reduce((best, value) => (Math.abs(value - middle) < Math.abs(best - middle) ? value : best))
}

/** The `q` quantile (0…1) by linear interpolation between order statistics (R's type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list')
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is not within 0…1`)
  const sorted = Float64Array.from(values).sort()
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below)
}

/** The arithmetic mean of a non-empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty list')
  let sum = 0
  for (const value of values) sum += value
  return sum / values.length
}

/**
 * Half-width of the two-sided `confidence` interval of the mean (Student t), relative to the mean, in
 * percent: how far the mean of these repetitions may be from the true one. 0 with fewer than 2 values
 * or a zero mean.
 */
export function relativeMarginOfError(values: readonly number[], confidence = 0.95): number {
  const n = values.length
  if (n < 2) return 0
  const average = mean(values)
  if (average === 0) return 0
  let squares = 0
  for (const value of values) squares += (value - average) ** 2
  const variance = squares / (n - 1)
  const t = tQuantile(1 - (1 - confidence) / 2, n - 1)
  return (100 * t * Math.sqrt(variance / n)) / Math.abs(average)
}
