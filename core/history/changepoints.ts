/**
 * Step changes in a metric's history. Like E-Divisive (MongoDB's CI performance analysis), segments are
 * split top-down where the series' level changes; the split test is a penalised Gaussian mean-change
 * cost (the cost PELT and binary segmentation use) with a robust noise estimate, so a thousand records of
 * a hundred metrics are segmented in milliseconds while the page is written.
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
  /** Smallest noise assumed, relative to the median level, so exact figures (sizes) are not split on every byte. Default 0.002. */
  noiseFloor?: number
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
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

/**
 * The indices where a new segment starts. Divisive, as E-Divisive is: the split of a segment that lowers
 * the Gaussian mean-change cost most is kept when it lowers it by more than the penalty, then both halves
 * are searched again. O(n log n) per series, with prefix sums.
 */
export function segment(values: number[], options: ChangePointOptions = {}): number[] {
  const n = values.length
  const m = Math.max(1, options.minSegment ?? 3)
  if (n < 2 * m) return []
  const sigma = noiseLevel(values, options.noiseFloor)
  const beta = options.penalty ?? 3 * Math.log(n)
  const s1 = new Float64Array(n + 1)
  const s2 = new Float64Array(n + 1)
  const offset = values[0]
  for (let i = 0; i < n; i++) {
    const x = (values[i] - offset) / sigma
    s1[i + 1] = s1[i] + x
    s2[i + 1] = s2[i] + x * x
  }
  // Sum of squared deviations from the mean of values[s..t), in units of the noise variance.
  const cost = (s: number, t: number) => {
    const sum = s1[t] - s1[s]
    return s2[t] - s2[s] - (sum * sum) / (t - s)
  }
  const starts: number[] = []
  const pending: Array<[number, number]> = [[0, n]]
  while (pending.length > 0) {
    const [a, b] = pending.pop()!
    if (b - a < 2 * m) continue
    const whole = cost(a, b)
    let bestGain = 0
    let bestAt = -1
    for (let t = a + m; t <= b - m; t++) {
      const gain = whole - cost(a, t) - cost(t, b)
      if (gain > bestGain) {
        bestGain = gain
        bestAt = t
      }
    }
    if (bestAt < 0 || bestGain <= beta) continue
    starts.push(bestAt)
    pending.push([a, bestAt], [bestAt, b])
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
