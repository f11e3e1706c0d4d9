import { normalCdf, normalQuantile } from './distributions.js'
import { EXACT_LIMIT, exactNullCdf, rankSum } from './mann-whitney.js'

export interface ShiftInterval {
  /** Hodges–Lehmann estimate: the median of all n1·n2 differences current_j − base_i. */
  estimate: number
  /** [D_(k), D_(N+1−k)] of the sorted differences D: the shifts the two-sided Mann–Whitney test keeps. */
  ci: [number, number]
  /** Coverage the interval really has (exact case) or is meant to have (normal approximation). */
  coverage: number
  /** Whether k came from the exact null distribution (no ties, both sides ≤ EXACT_LIMIT). */
  exact: boolean
}

/** Above this many pairs (or Walsh averages) they are not materialised; order statistics come from bisection. */
export const MATERIALISE_LIMIT = 1 << 18

/**
 * Hodges–Lehmann shift of `current` against `base` with the distribution-free interval that inverts the
 * two-sided Mann–Whitney test (Lehmann 1963; R's `wilcox.test(conf.int = TRUE)`). Under a pure shift Δ the
 * number of differences below Δ has the Mann–Whitney null distribution, so with k the largest integer
 * with 2·P(U ≤ k − 1) ≤ 1 − level, [D_(k), D_(N+1−k)] covers Δ with probability 1 − 2·P(U ≤ k − 1) ≥ level.
 * Without ties and with both sides ≤ 50 that probability is exact; otherwise k comes from the normal
 * approximation of U with tie and continuity corrections. When even k = 1 cannot reach `level` (e.g. 2 vs 2
 * at 90 %), the interval is the full range of differences and `coverage` says how much it covers.
 * No random draws: the same input always gives the same interval.
 */
export function hodgesLehmannShift(
  base: readonly number[],
  current: readonly number[],
  level: number,
): ShiftInterval {
  const n1 = base.length
  const n2 = current.length
  if (n1 === 0 || n2 === 0) throw new RangeError('hodgesLehmannShift needs at least one value a side')
  const sortedBase = Float64Array.from(base).sort()
  const sortedCurrent = Float64Array.from(current).sort()
  const kth = orderStatistics(sortedBase, sortedCurrent)
  const pairs = n1 * n2
  const estimate = pairs % 2 === 1 ? kth((pairs + 1) / 2) : kth(pairs / 2) / 2 + kth(pairs / 2 + 1) / 2
  const tail = (1 - level) / 2
  const small = n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT
  const tieTerm = small && !hasTies(sortedBase, sortedCurrent) ? 0 : rankSum(current, base).tieTerm
  let k: number
  let coverage: number
  const exact = tieTerm === 0 && small
  if (exact) {
    const cdf = exactNullCdf(n1, n2)
    k = 1
    // The tolerance keeps 1 − level's rounding (0.2/2 = 0.09999999999999998) from losing an exact tie.
    while (k < pairs && cdf[k] <= tail + 1e-12) k++
    coverage = 1 - 2 * cdf[k - 1]
  } else {
    const n = n1 + n2
    const sigma = Math.sqrt((pairs / 12) * (n + 1 - tieTerm / (n * (n - 1))))
    const z = normalQuantile(1 - tail)
    k = Math.max(1, Math.floor(pairs / 2 - z * sigma + 0.5))
    coverage = sigma > 0 ? 1 - 2 * normalCdf((k - 0.5 - pairs / 2) / sigma) : 1
  }
  k = Math.min(k, Math.ceil(pairs / 2))
  return { estimate, ci: [kth(k), kth(pairs + 1 - k)], coverage, exact }
}

/**
 * The k-th smallest (1-based) of the differences c_j − b_i of two sorted samples. Small products sort
 * the differences once; large ones (thousands of samples a side) bisect on the value, counting the
 * differences ≤ t in O(n1 + n2) with two pointers, so memory stays O(n).
 */
function orderStatistics(b: Float64Array, c: Float64Array): (k: number) => number {
  const n1 = b.length
  const n2 = c.length
  if (n1 * n2 <= MATERIALISE_LIMIT) {
    const diffs = new Float64Array(n1 * n2)
    let at = 0
    for (let j = 0; j < n2; j++) for (let i = 0; i < n1; i++) diffs[at++] = c[j] - b[i]
    return (k) => select(diffs, k - 1)
  }
  const countAtMost = (t: number): number => {
    let count = 0
    let i = 0
    for (let j = 0; j < n2; j++) {
      const bound = c[j] - t
      while (i < n1 && b[i] < bound) i++
      count += n1 - i
    }
    return count
  }
  return (k) => kthByBisection(c[0] - b[n1 - 1], c[n2 - 1] - b[0], countAtMost, k)
}

/**
 * The smallest value t in [lo, hi] with countAtMost(t) ≥ k, found by bisecting on the value down to
 * adjacent doubles: the k-th order statistic of a set too large to sort, given how many of it are ≤ t.
 */
export function kthByBisection(
  lo: number,
  hi: number,
  countAtMost: (t: number) => number,
  k: number,
): number {
  if (countAtMost(lo) >= k) return lo
  for (let step = 0; step < 2200; step++) {
    const mid = lo + (hi - lo) / 2
    if (mid <= lo || mid >= hi) break
    if (countAtMost(mid) >= k) hi = mid
    else lo = mid
  }
  return hi
}

/** Whether any value occurs twice in the union of two sorted samples. */
function hasTies(a: Float64Array, b: Float64Array): boolean {
  let i = 0
  let j = 0
  let previous = Number.NaN
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++]
    if (next === previous) return true
    previous = next
  }
  return false
}

/**
 * The value of rank `index` (0-based) of `values`, reordering them in place (Hoare's quickselect with a
 * median-of-three pivot: deterministic, O(n) on average, no full sort). Earlier calls leave the array
 * partitioned, which later calls on the same array only speed up.
 */
export function select(values: Float64Array, index: number): number {
  let lo = 0
  let hi = values.length - 1
  while (hi > lo) {
    const mid = (lo + hi) >> 1
    const a = values[lo]
    const b = values[mid]
    const c = values[hi]
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
    let i = lo
    let j = hi
    while (i <= j) {
      while (values[i] < pivot) i++
      while (values[j] > pivot) j--
      if (i <= j) {
        const t = values[i]
        values[i] = values[j]
        values[j] = t
        i++
        j--
      }
    }
    if (index <= j) hi = j
    else if (index >= i) lo = i
    else return values[index]
  }
  return values[index]
}
