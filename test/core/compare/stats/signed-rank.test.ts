import { describe, expect, it } from 'vitest'
import {
  minimumSignedRankP,
  signedRank,
  signedRankNullCdf,
  walshShift,
} from '../../../../core/compare/stats/signed-rank.js'

/** P(V ≤ v) by enumerating all 2^n sign patterns of ranks 1…n. */
function bruteCdf(n: number): number[] {
  const total = (n * (n + 1)) / 2
  const counts = new Array<number>(total + 1).fill(0)
  for (let mask = 0; mask < 2 ** n; mask++) {
    let v = 0
    for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) v += r
    counts[v]++
  }
  let cumulative = 0
  return counts.map((c) => {
    cumulative += c
    return cumulative / 2 ** n
  })
}

describe('signed-rank null distribution', () => {
  it('matches a brute-force enumeration of every sign pattern', () => {
    for (const n of [1, 2, 5, 8, 12]) {
      const expected = bruteCdf(n)
      const cdf = Array.from(signedRankNullCdf(n))
      expect(cdf.length).toBe(expected.length)
      cdf.forEach((p, v) => {
        expect(p).toBeCloseTo(expected[v], 14)
      })
    }
  })

  it('matches the published critical values (two-sided 5 %: n = 10 → 8, n = 20 → 52)', () => {
    // Largest v with P(V ≤ v) ≤ 0.025 (tables of Wilcoxon's T).
    const critical = (n: number) => {
      const cdf = signedRankNullCdf(n)
      let v = -1
      while (cdf[v + 1] <= 0.025) v++
      return v
    }
    expect(critical(10)).toBe(8)
    expect(critical(20)).toBe(52)
    expect(critical(6)).toBe(0)
    expect(critical(5)).toBe(-1)
  })

  it('names the smallest p of n pairs: 2/2^n', () => {
    expect(minimumSignedRankP(5)).toBe(0.0625)
    expect(minimumSignedRankP(10)).toBeCloseTo(0.001953125, 15)
    expect(minimumSignedRankP(0)).toBe(1)
    expect(signedRank([1, 2, 3, 4, 5]).p).toBe(0.0625)
  })
})

describe('signedRank', () => {
  it('gives the exact p without ties (reference: SciPy wilcoxon, method exact)', () => {
    const d = [0.83, -0.5, 0.62, 1.48, 0.68, 0.88, 0.55, 2.06, 0.3]
    const result = signedRank(d)
    expect(result.exact).toBe(true)
    expect(result.v).toBe(43) // 45 − the rank (2) of |−0.5|
    expect(result.p).toBeCloseTo(0.01171875, 12)
    // Symmetric: flipping every sign gives the same p.
    expect(signedRank(d.map((x) => -x)).p).toBeCloseTo(result.p, 14)
  })

  it('uses the normal approximation with tie and continuity corrections (reference: SciPy, approx)', () => {
    const ties = signedRank([0.5, -1.5, 2.5, 2.5, 3, -0.5, 4, 1])
    expect(ties.exact).toBe(false)
    expect(ties.p).toBeCloseTo(0.09209091592891183, 7)
    // A zero is dropped (zero_method 'wilcox') and forces the approximation, as in R.
    const zero = signedRank([0.2, -0.1, 0.3, 0, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9])
    expect(zero).toMatchObject({ exact: false, n: 9 })
    expect(zero.p).toBeCloseTo(0.07556056752594133, 7)
    expect(signedRank([0, 0, 0]).p).toBe(1)
  })
})

describe('walshShift', () => {
  it('is the median of the Walsh averages with the test-inverted interval (brute force)', () => {
    const d = [0.31, -0.12, 0.05, 0.44, 0.27, -0.03, 0.18, 0.39, 0.09, 0.22, 0.15, -0.2]
    const averages: number[] = []
    for (let i = 0; i < d.length; i++) for (let j = i; j < d.length; j++) averages.push((d[i] + d[j]) / 2)
    averages.sort((a, b) => a - b)
    const total = averages.length // 78
    const median = (averages[total / 2 - 1] + averages[total / 2]) / 2
    const shift = walshShift(d, 0.9)
    expect(shift.estimate).toBeCloseTo(median, 14)
    // k: the largest with 2·P(V ≤ k − 1) ≤ 0.1 (n = 12: P(V ≤ 17) = 0.0461, P(V ≤ 18) = 0.0549 → k = 18).
    const cdf = bruteCdf(12)
    expect(cdf[17]).toBeLessThanOrEqual(0.05)
    expect(cdf[18]).toBeGreaterThan(0.05)
    expect(shift.ci[0]).toBeCloseTo(averages[17], 14)
    expect(shift.ci[1]).toBeCloseTo(averages[total - 18], 14)
    expect(shift.coverage).toBeCloseTo(1 - 2 * cdf[17], 12)
    expect(shift.exact).toBe(true)
  })

  it('covers the true centre at least at its level (simulated, exact case)', () => {
    let seed = 7
    const uniform = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    let covered = 0
    const trials = 400
    for (let t = 0; t < trials; t++) {
      const d = Array.from({ length: 10 }, () => 0.3 + (uniform() - 0.5) * (1 + uniform()))
      const { ci } = walshShift(d, 0.9)
      if (ci[0] <= 0.3 && 0.3 <= ci[1]) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.86)
  })

  it('is the full range when the level is out of reach, and bisects large samples', () => {
    expect(walshShift([1, 2, 3], 0.9).ci).toEqual([1, 3])
    const many = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.25)
    const shift = walshShift(many, 0.9)
    expect(shift.exact).toBe(false)
    expect(shift.estimate).toBeCloseTo(0.2495, 3)
    expect(shift.ci[0]).toBeLessThan(shift.estimate)
    expect(shift.ci[1]).toBeGreaterThan(shift.estimate)
    expect(shift.ci[1] - shift.ci[0]).toBeLessThan(0.05)
  })
})
