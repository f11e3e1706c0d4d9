import { mulberry32 } from '../../../core/compare/stats/random.js'

export interface BootstrapOptions {
  /** Resamples; the default 1000 keeps a comparison near 1 ms with 20 samples a side. */
  iterations?: number
  /** Coverage of the interval, e.g. 0.98. */
  level: number
  seed: number
}

export const DEFAULT_BOOTSTRAP_ITERATIONS = 1000

/**
 * Percentile bootstrap interval of the relative change of medians, median(current)/median(base) − 1,
 * resampling each side independently with a seeded PRNG so that the same input gives the same interval.
 * When the baseline median of a resample is not positive the ratio is meaningless; the difference
 * of medians relative to |median(base)| is used instead.
 */
export function bootstrapMedianChange(
  base: readonly number[],
  current: readonly number[],
  options: BootstrapOptions,
): [number, number] {
  const iterations = options.iterations ?? DEFAULT_BOOTSTRAP_ITERATIONS
  const random = mulberry32(options.seed)
  const baseSorted = Float64Array.from(base).sort()
  const currentSorted = Float64Array.from(current).sort()
  const baseCounts = new Int32Array(base.length)
  const currentCounts = new Int32Array(current.length)
  const reference = Math.abs(medianInPlace(Float64Array.from(base))) || 1
  const changes = new Float64Array(iterations)
  for (let i = 0; i < iterations; i++) {
    const baseMedian = resampleMedian(baseSorted, baseCounts, random)
    const currentMedian = resampleMedian(currentSorted, currentCounts, random)
    changes[i] = baseMedian > 0 ? currentMedian / baseMedian - 1 : (currentMedian - baseMedian) / reference
  }
  changes.sort()
  const tail = (1 - options.level) / 2
  return [quantileSorted(changes, tail), quantileSorted(changes, 1 - tail)]
}

/**
 * Median of one resample (with replacement) of a sorted sample. Drawing indices and counting them
 * finds the middle order statistics without sorting values: O(n) per resample.
 */
function resampleMedian(sorted: Float64Array, counts: Int32Array, random: () => number): number {
  const n = sorted.length
  counts.fill(0)
  for (let i = 0; i < n; i++) counts[(random() * n) | 0]++
  const lowRank = (n - 1) >> 1
  const highRank = n >> 1
  let cumulative = 0
  let low = -1
  for (let j = 0; j < n; j++) {
    cumulative += counts[j]
    if (low < 0 && cumulative > lowRank) low = j
    if (cumulative > highRank) return (sorted[low] + sorted[j]) / 2
  }
  return sorted[n - 1]
}

/** Median of a typed array, sorting it in place (insertion sort: samples are small). */
export function medianInPlace(values: Float64Array): number {
  const n = values.length
  if (n > 64) values.sort()
  else {
    for (let i = 1; i < n; i++) {
      const v = values[i]
      let j = i - 1
      while (j >= 0 && values[j] > v) {
        values[j + 1] = values[j]
        j--
      }
      values[j + 1] = v
    }
  }
  const mid = n >> 1
  return n % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
}

/** Linear interpolation between order statistics (R's type 7). */
function quantileSorted(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p
  const lower = Math.floor(position)
  const upper = Math.min(sorted.length - 1, lower + 1)
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower)
}
