import { mulberry32 } from '../compare/stats/random.js'
import { median } from '../toolkit/stats.js'

/**
 * Step changes in a metric's history, found as E-Divisive (MongoDB's CI performance analysis) finds them:
 * segments are split top-down where the level changes most, and a split is kept only when a permutation
 * test says it is significant. The split statistic is the Gaussian mean-change cost (the one PELT and
 * binary segmentation use, with prefix sums: O(n) per candidate) instead of E-Divisive's O(n²) energy
 * statistic, so a thousand records of a hundred metrics are segmented while the page is written.
 */

export interface ChangePoint {
  /** Index of the first value after the step. */
  index: number
  /** Mean of the segment before and after. */
  before: number
  after: number
  /** after / before − 1 (NaN when before is 0). */
  rel: number
}

export interface ChangePointOptions {
  /** Shortest segment: a step needs this many values on each side. Default 3. */
  minSegment?: number
  /** Penalty per change point, in units of the noise variance. Default 3·ln(n) (stricter than BIC's 2·ln(n)). */
  penalty?: number
  /** Steps smaller than this relative change are not reported. Default 0.01 (1 %). */
  minRelative?: number
  /**
   * Exact figures (sizes, counts) have no noise to test a split against: every step that lasts
   * `minSegment` values and moves by `minRelative` is one, with no permutation test. Default false.
   */
  exact?: boolean
  /** Significance a split must reach in its permutation test. Default 0.005. */
  alpha?: number
  /** Permutations per test. Default 199. */
  permutations?: number
  /** Smallest noise assumed, relative to the median level, so exact figures (sizes) are not split on every byte. Default 0.002. */
  noiseFloor?: number
}

/** Noise level: the MAD of successive differences (robust to the steps themselves), as a standard deviation. */
export function noiseLevel(values: number[], floorRelative = 0.002): number {
  const level = Math.abs(median(values))
  const floor = Math.max(level * floorRelative, 1e-12)
  if (values.length < 3) return floor
  const diffs = values.slice(1).map((v, i) => v - values[i])
  const center = median(diffs)
  const mad = median(diffs.map((d) => Math.abs(d - center)))
  return Math.max((1.4826 * mad) / Math.SQRT2, floor)
}

/** Prefix sums of x and x² of `values[a..b)` scaled by `sigma`, into the given arrays. */
function prefixSums(values: ArrayLike<number>, sigma: number, s1: Float64Array, s2: Float64Array): void {
  const offset = values[0]
  s1[0] = 0
  s2[0] = 0
  for (let i = 0; i < values.length; i++) {
    const x = (values[i] - offset) / sigma
    s1[i + 1] = s1[i] + x
    s2[i + 1] = s2[i] + x * x
  }
}

/** The split of `[0, n)` (each side at least m long) that lowers the squared-deviation cost most. */
function bestSplit(s1: Float64Array, s2: Float64Array, n: number, m: number): { at: number; gain: number } {
  const cost = (s: number, t: number) => {
    const sum = s1[t] - s1[s]
    return s2[t] - s2[s] - (sum * sum) / (t - s)
  }
  const whole = cost(0, n)
  let gain = 0
  let at = -1
  for (let t = m; t <= n - m; t++) {
    const g = whole - cost(0, t) - cost(t, n)
    if (g > gain) {
      gain = g
      at = t
    }
  }
  return { at, gain }
}

/** A seeded generator: the same history always gives the same page. */
const seeded = mulberry32

/**
 * The permutation test E-Divisive uses: how often the best split of the shuffled segment gains as much
 * as the observed one. Distribution-free, so a bad noise estimate or one outlier cannot make a step.
 */
function permutationP(
  segment: number[],
  observed: number,
  sigma: number,
  m: number,
  options: { permutations: number; alpha: number },
): number {
  const n = segment.length
  const random = seeded(n * 7919 + Math.round(observed * 1000))
  const shuffled = Float64Array.from(segment)
  const s1 = new Float64Array(n + 1)
  const s2 = new Float64Array(n + 1)
  let asLarge = 0
  // Stop as soon as the p-value can no longer fall below alpha.
  const limit = Math.floor(options.alpha * (options.permutations + 1))
  for (let k = 0; k < options.permutations; k++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      const swap = shuffled[i]
      shuffled[i] = shuffled[j]
      shuffled[j] = swap
    }
    prefixSums(shuffled, sigma, s1, s2)
    if (bestSplit(s1, s2, n, m).gain >= observed && ++asLarge >= limit) return 1
  }
  return (asLarge + 1) / (options.permutations + 1)
}

const PERMUTE_BELOW = 300
const PERMUTE_SIDE = 30
const CLIP = 4

/**
 * Each value clipped to within CLIP noise levels of the median of its neighbourhood (two on each side):
 * a lone outlier then weighs like a few σ, while a step, which moves the neighbourhood's median with it,
 * is kept whole.
 */
export function clipOutliers(values: number[], sigma: number): number[] {
  const window: number[] = []
  return values.map((v, i) => {
    window.length = 0
    for (let j = Math.max(0, i - 2); j < Math.min(values.length, i + 3); j++) window.push(values[j])
    // Insertion sort: at most five values, and this runs for every value of every series.
    for (let j = 1; j < window.length; j++)
      for (let k = j; k > 0 && window[k - 1] > window[k]; k--) {
        const swap = window[k]
        window[k] = window[k - 1]
        window[k - 1] = swap
      }
    const mid = window.length >> 1
    const center = window.length % 2 ? window[mid] : (window[mid - 1] + window[mid]) / 2
    return Math.min(center + CLIP * sigma, Math.max(center - CLIP * sigma, v))
  })
}

/**
 * The indices where a new segment starts. Divisive, as E-Divisive is: the split of a segment that lowers
 * the Gaussian mean-change cost most is kept when it lowers it by more than the penalty and its
 * permutation test is significant; then both halves are searched again.
 */
export function segment(values: number[], options: ChangePointOptions = {}): number[] {
  const n = values.length
  const m = Math.max(1, options.minSegment ?? 3)
  if (n < 2 * m) return []
  const sigma = noiseLevel(values, options.noiseFloor)
  const beta = options.penalty ?? 3 * Math.log(n)
  const clipped = clipOutliers(values, sigma)
  const test = { permutations: options.permutations ?? 199, alpha: options.alpha ?? 0.005 }
  const s1 = new Float64Array(n + 1)
  const s2 = new Float64Array(n + 1)
  const starts: number[] = []
  const pending: Array<[number, number]> = [[0, n]]
  while (pending.length > 0) {
    const [a, b] = pending.pop()!
    if (b - a < 2 * m) continue
    const part = clipped.slice(a, b)
    prefixSums(part, sigma, s1, s2)
    const { at, gain } = bestSplit(s1, s2, b - a, m)
    if (at < 0 || gain <= beta) continue
    // Long sides on both ends estimate their levels well and the penalty holds there; the permutation
    // test is for short segments and short sides, where a noise estimate or an outlier can mislead.
    const needsTest = !options.exact && (b - a < PERMUTE_BELOW || Math.min(at, b - a - at) < PERMUTE_SIDE)
    if (needsTest && permutationP(part, gain, sigma, m, test) > test.alpha) continue
    starts.push(a + at)
    pending.push([a, a + at], [a + at, b])
  }
  return starts.sort((x, y) => x - y)
}

/** The step changes of a series: PELT's segments, each boundary with the means on both sides. */
export function changePoints(values: number[], options: ChangePointOptions = {}): ChangePoint[] {
  const starts = segment(values, options)
  const bounds = [0, ...starts, values.length]
  const mean = (a: number, b: number) => {
    let sum = 0
    for (let i = a; i < b; i++) sum += values[i]
    return sum / (b - a)
  }
  const minRelative = options.minRelative ?? 0.01
  const out: ChangePoint[] = []
  for (let k = 1; k < bounds.length - 1; k++) {
    const before = mean(bounds[k - 1], bounds[k])
    const after = mean(bounds[k], bounds[k + 1])
    const rel = before === 0 ? Number.NaN : after / before - 1
    if (Number.isFinite(rel) && Math.abs(rel) < minRelative) continue
    out.push({ index: bounds[k], before, after, rel })
  }
  return out
}
