import { normalCdf } from './distributions.js'

export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting ½ (R's W for `wilcox.test(x, y)`). */
  u: number
  /** Two-sided p-value. */
  p: number
  /** Whether p comes from the exact null distribution (no ties, both samples ≤ EXACT_LIMIT). */
  exact: boolean
}

/** Largest sample size per side for the exact distribution (R uses 50 too). */
export const EXACT_LIMIT = 50

/**
 * Two-sided Mann–Whitney U (Wilcoxon rank-sum) test of x against y.
 * Exact when there are no ties and both samples are small; otherwise the normal approximation
 * with tie and continuity corrections (as R's `wilcox.test(correct = TRUE)` and SciPy do).
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length
  const n2 = y.length
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1, exact: false }
  const { rankSumX, tieTerm } = rankSum(x, y)
  const u = rankSumX - (n1 * (n1 + 1)) / 2
  if (tieTerm === 0 && n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) {
    const cdf = exactNullCdf(n1, n2)
    // U is an integer without ties. P(U ≤ u) and P(U ≥ u) = P(U ≤ n1·n2 − u) by symmetry.
    const lower = cdf[u]
    const upper = cdf[n1 * n2 - u]
    return { u, p: Math.min(1, 2 * Math.min(lower, upper)), exact: true }
  }
  const n = n1 + n2
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))))
  if (sigma === 0) return { u, p: 1, exact: false }
  const centred = u - (n1 * n2) / 2
  const z = (Math.abs(centred) - 0.5) / sigma
  return { u, p: Math.min(1, 2 * normalCdf(-Math.max(0, z))), exact: false }
}

/** The smallest two-sided p any outcome can reach with these sample sizes (no ties): 2 / C(n1+n2, n1). */
export function minimumPValue(n1: number, n2: number): number {
  let combinations = 1
  for (let i = 1; i <= Math.min(n1, n2); i++) combinations = (combinations * (Math.max(n1, n2) + i)) / i
  return Math.min(1, 2 / combinations)
}

/** Rank sum of x among x ∪ y (average ranks for ties) and Σ(t³ − t) over tie groups (0 without ties). */
export function rankSum(x: readonly number[], y: readonly number[]): { rankSumX: number; tieTerm: number } {
  const all = [...x.map((value) => ({ value, fromX: true })), ...y.map((value) => ({ value, fromX: false }))]
  all.sort((a, b) => a.value - b.value)
  let rankSumX = 0
  let tieTerm = 0
  for (let start = 0; start < all.length; ) {
    let end = start + 1
    while (end < all.length && all[end].value === all[start].value) end++
    const size = end - start
    const averageRank = (start + 1 + end) / 2
    for (let i = start; i < end; i++) if (all[i].fromX) rankSumX += averageRank
    if (size > 1) tieTerm += size ** 3 - size
    start = end
  }
  return { rankSumX, tieTerm }
}

const cdfCache = new Map<string, Float64Array>()

/**
 * P(U ≤ k) under the null for k = 0…n1·n2 (no ties). The counts are the coefficients of the Gaussian
 * binomial [n1+n2 choose n1]_q = ∏ (1 − q^(n2+i)) / (1 − q^i), built with exact BigInt arithmetic
 * (Harding 1984). Cached per size pair; symmetric in n1 and n2.
 */
export function exactNullCdf(n1: number, n2: number): Float64Array {
  const small = Math.min(n1, n2)
  const large = Math.max(n1, n2)
  const key = `${small},${large}`
  const cached = cdfCache.get(key)
  if (cached) return cached
  const size = small * large
  const counts = new Array<bigint>(size + 1).fill(0n)
  counts[0] = 1n
  for (let i = 1; i <= small; i++) {
    const step = large + i
    for (let k = size; k >= step; k--) counts[k] -= counts[k - step]
    for (let k = i; k <= size; k++) counts[k] += counts[k - i]
  }
  const total = counts.reduce((sum, c) => sum + c, 0n)
  const cdf = new Float64Array(size + 1)
  let cumulative = 0n
  for (let k = 0; k <= size; k++) {
    cumulative += counts[k]
    cdf[k] = ratio(cumulative, total)
  }
  cdfCache.set(key, cdf)
  return cdf
}

/** a / b for BigInts beyond 2^53 without losing the leading digits. */
function ratio(a: bigint, b: bigint): number {
  const shift = BigInt(Math.max(0, b.toString(2).length - 60))
  return Number(a >> shift) / Number(b >> shift)
}
