// Paired analysis of same-job A/B rounds: round i's head and base samples ran seconds apart, so their
// difference cancels whatever the machine was doing then (a slow trend, a busy spell).
import { normalCdf, normalQuantile } from './distributions.js'
import { kthByBisection, MATERIALISE_LIMIT, type ShiftInterval, select } from './hodges-lehmann.js'

export interface SignedRankResult {
  /** V: the sum of the ranks of |d| over the positive differences (R's V for `wilcox.test(d)`). */
  v: number
  /** Two-sided p-value. */
  p: number
  /** Whether p comes from the exact null distribution (no ties, no zero, n ≤ SIGNED_RANK_EXACT_LIMIT). */
  exact: boolean
  /** Differences that are not zero (zeros are dropped, as R and SciPy's default do). */
  n: number
}

/** Largest number of pairs for the exact distribution (R uses 50 too); 2^50 counts still fit a double. */
export const SIGNED_RANK_EXACT_LIMIT = 50

/**
 * Two-sided Wilcoxon signed-rank test of the differences `d` against 0. Exact when there are no ties
 * among |d|, no zero and at most 50 differences; otherwise the normal approximation with tie and
 * continuity corrections (as R's `wilcox.test(d, correct = TRUE)`).
 */
export function signedRank(d: readonly number[]): SignedRankResult {
  const nonzero = d.filter((x) => x !== 0)
  const n = nonzero.length
  if (n === 0) return { v: 0, p: 1, exact: false, n }
  const { ranks, tieTerm } = absoluteRanks(nonzero)
  let v = 0
  nonzero.forEach((x, i) => {
    if (x > 0) v += ranks[i]
  })
  const total = (n * (n + 1)) / 2
  if (tieTerm === 0 && n === d.length && n <= SIGNED_RANK_EXACT_LIMIT) {
    const cdf = signedRankNullCdf(n)
    // V is an integer without ties; P(V ≥ v) = P(V ≤ total − v) by symmetry.
    return { v, p: Math.min(1, 2 * Math.min(cdf[v], cdf[total - v])), exact: true, n }
  }
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48)
  if (sigma === 0) return { v, p: 1, exact: false, n }
  const z = (Math.abs(v - total / 2) - 0.5) / sigma
  return { v, p: Math.min(1, 2 * normalCdf(-Math.max(0, z))), exact: false, n }
}

/** The smallest two-sided p any outcome of n non-zero differences can reach: 2/2^n. */
export function minimumSignedRankP(n: number): number {
  return Math.min(1, 2 / 2 ** n)
}

const cdfCache = new Map<number, Float64Array>()

/**
 * P(V ≤ v) under the null for v = 0…n(n+1)/2: each rank's sign is + or − with probability ½, so the
 * count of outcomes with sum v is the number of subsets of {1…n} summing to v (a subset-sum recursion;
 * at most 2^50 outcomes, exact in doubles). Cached per n.
 */
export function signedRankNullCdf(n: number): Float64Array {
  const cached = cdfCache.get(n)
  if (cached) return cached
  const total = (n * (n + 1)) / 2
  const counts = new Float64Array(total + 1)
  counts[0] = 1
  for (let i = 1; i <= n; i++) for (let v = (i * (i + 1)) / 2; v >= i; v--) counts[v] += counts[v - i]
  const outcomes = 2 ** n
  const cdf = new Float64Array(total + 1)
  let cumulative = 0
  for (let v = 0; v <= total; v++) {
    cumulative += counts[v]
    cdf[v] = cumulative / outcomes
  }
  cdfCache.set(n, cdf)
  return cdf
}

/**
 * The Hodges–Lehmann estimate of the centre of the differences — the median of the n(n+1)/2 Walsh
 * averages (d_i + d_j)/2, i ≤ j — with the interval that inverts the two-sided signed-rank test
 * (R's `wilcox.test(d, conf.int = TRUE)`): [W_(k), W_(N+1−k)] with k the largest integer with
 * 2·P(V ≤ k − 1) ≤ 1 − level. Exact without ties or zeros and n ≤ 50, else k from the normal
 * approximation of V with the tie correction. When even k = 1 cannot reach `level` (n ≤ 4 at 90 %),
 * the interval is the full range and `coverage` says how much it covers.
 */
export function walshShift(d: readonly number[], level: number): ShiftInterval {
  const n = d.length
  if (n === 0) throw new RangeError('walshShift needs at least one difference')
  const sorted = Float64Array.from(d).sort()
  const kth = walshOrderStatistics(sorted)
  const total = (n * (n + 1)) / 2
  const estimate = total % 2 === 1 ? kth((total + 1) / 2) : kth(total / 2) / 2 + kth(total / 2 + 1) / 2
  const tail = (1 - level) / 2
  const { tieTerm } = absoluteRanks(d)
  const exact = tieTerm === 0 && !d.includes(0) && n <= SIGNED_RANK_EXACT_LIMIT
  let k: number
  let coverage: number
  if (exact) {
    const cdf = signedRankNullCdf(n)
    k = 1
    // The tolerance keeps 1 − level's rounding from losing an exact tie (as in hodgesLehmannShift).
    while (k < total && cdf[k] <= tail + 1e-12) k++
    coverage = 1 - 2 * cdf[k - 1]
  } else {
    const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48)
    k = Math.max(1, Math.floor(total / 2 - normalQuantile(1 - tail) * sigma + 0.5))
    coverage = sigma > 0 ? 1 - 2 * normalCdf((k - 0.5 - total / 2) / sigma) : 1
  }
  k = Math.min(k, Math.ceil(total / 2))
  return { estimate, ci: [kth(k), kth(total + 1 - k)], coverage, exact }
}

/** The k-th smallest (1-based) Walsh average of a sorted sample. */
function walshOrderStatistics(d: Float64Array): (k: number) => number {
  const n = d.length
  if ((n * (n + 1)) / 2 <= MATERIALISE_LIMIT) {
    const averages = new Float64Array((n * (n + 1)) / 2)
    let at = 0
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) averages[at++] = d[i] / 2 + d[j] / 2
    return (k) => select(averages, k - 1)
  }
  // Walsh averages ≤ t: for each i, the j ≥ i with d_j ≤ 2t − d_i (two pointers, O(n)).
  const countAtMost = (t: number): number => {
    let count = 0
    let j = n - 1
    for (let i = 0; i < n; i++) {
      while (j >= 0 && d[i] / 2 + d[j] / 2 > t) j--
      if (j < i) break
      count += j - i + 1
    }
    return count
  }
  return (k) => kthByBisection(d[0], d[n - 1], countAtMost, k)
}

/** Ranks of |x| (average ranks for ties) and Σ(t³ − t) over tie groups of |x|. */
function absoluteRanks(x: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const order = x.map((value, index) => ({ value: Math.abs(value), index })).sort((a, b) => a.value - b.value)
  const ranks = new Float64Array(x.length)
  let tieTerm = 0
  for (let start = 0; start < order.length; ) {
    let end = start + 1
    while (end < order.length && order[end].value === order[start].value) end++
    const size = end - start
    for (let i = start; i < end; i++) ranks[order[i].index] = (start + 1 + end) / 2
    if (size > 1) tieTerm += size ** 3 - size
    start = end
  }
  return { ranks, tieTerm }
}
