import { describe, expect, it } from 'vitest'
import { hodgesLehmannShift } from '../../../../core/compare/stats/hodges-lehmann.js'
import { lognormalSamples } from '../fixtures.js'

// Expected values from an independent enumeration (Python: all pairwise differences, and the null
// distribution of U counted over every split of the ranks with itertools.combinations).
describe('hodgesLehmannShift', () => {
  it('matches R’s wilcox.test(x, y, conf.int = TRUE) example: 0.305, 95 % interval -0.15…0.76', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    const y = [1.15, 0.88, 0.9, 0.74, 1.21]
    const shift = hodgesLehmannShift(y, x, 0.95)
    expect(shift.estimate).toBeCloseTo(0.305, 12)
    expect(shift.ci[0]).toBeCloseTo(-0.15, 12)
    expect(shift.ci[1]).toBeCloseTo(0.76, 12)
    expect(shift.exact).toBe(true)
    // k = 9 of 50 differences: 1 − 2·P(U ≤ 8) = 0.96004, at least the level asked for.
    expect(shift.coverage).toBeCloseTo(0.9600399600399601, 12)
    const narrower = hodgesLehmannShift(y, x, 0.9)
    expect(narrower.ci[0]).toBeCloseTo(-0.08, 12)
    expect(narrower.ci[1]).toBeCloseTo(0.72, 12)
    expect(narrower.coverage).toBeCloseTo(0.9007659007659008, 12)
  })

  it('hand-computed 3 vs 3: differences -15 -5 -5 5 5 15 15 25 35, median 5', () => {
    // P(U ≤ 0) = 1/20, P(U ≤ 1) = 2/20: at 80 % k = 2 (coverage 0.8), at 90 % k = 1 (coverage 0.9).
    const at80 = hodgesLehmannShift([10, 20, 30], [15, 25, 45], 0.8)
    expect(at80).toEqual({ estimate: 5, ci: [-5, 25], coverage: 0.8, exact: true })
    const at90 = hodgesLehmannShift([10, 20, 30], [15, 25, 45], 0.9)
    expect(at90.ci).toEqual([-15, 35])
    expect(at90.coverage).toBeCloseTo(0.9, 12)
  })

  it('says when even the widest interval cannot reach the level (2 vs 2)', () => {
    // Only 6 orderings: P(U ≤ 0) = 1/6, so [min, max] of the differences covers 2/3.
    const shift = hodgesLehmannShift([1, 2], [3, 4], 0.9)
    expect(shift.ci).toEqual([1, 3])
    expect(shift.coverage).toBeCloseTo(2 / 3, 12)
  })

  it('covers a true shift with exactly the coverage it reports (every split of 4 + 5 ranks)', () => {
    // Under no shift every assignment of the ranks 1..9 to the two sides is equally likely; the interval
    // covers 0 in exactly `coverage` of them.
    for (const level of [0.8, 0.9, 0.95]) {
      let covered = 0
      let total = 0
      let coverage = Number.NaN
      const choose = (start: number, picked: number[]) => {
        if (picked.length === 4) {
          const current = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((r) => !picked.includes(r))
          const shift = hodgesLehmannShift(picked, current, level)
          coverage = shift.coverage
          total++
          if (shift.ci[0] < 0 && shift.ci[1] > 0) covered++
          return
        }
        for (let r = start; r <= 9; r++) choose(r + 1, [...picked, r])
      }
      choose(1, [])
      expect(total).toBe(126)
      expect(covered / total).toBeCloseTo(coverage, 12)
      expect(coverage).toBeGreaterThanOrEqual(level)
    }
  })

  it('estimates a log shift: a 6.4 % slowdown, 90 % interval +3.7…+9.3 %', () => {
    const base = [101.2, 98.7, 103.5, 99.1, 100.4, 102.2].map(Math.log)
    const current = [108.9, 104.1, 111.0, 106.3, 103.2, 109.7, 107.5].map(Math.log)
    const shift = hodgesLehmannShift(base, current, 0.9)
    expect(Math.expm1(shift.estimate)).toBeCloseTo(0.06390406400112528, 12)
    expect(Math.expm1(shift.ci[0])).toBeCloseTo(0.036852589641434, 12)
    expect(Math.expm1(shift.ci[1])).toBeCloseTo(0.09262948207171312, 12)
    expect(shift.coverage).toBeCloseTo(0.9265734265734266, 12)
  })

  it('finds the same order statistics by bisection when there are too many pairs to sort', () => {
    const base = lognormalSamples(1, 600, 100, 0.1)
    const current = lognormalSamples(2, 601, 103, 0.1)
    const shift = hodgesLehmannShift(base, current, 0.9)
    const diffs = Float64Array.from(current.flatMap((c) => base.map((b) => c - b))).sort()
    const pairs = diffs.length
    expect(pairs).toBeGreaterThan(1 << 18)
    expect(shift.exact).toBe(false)
    expect(pairs % 2).toBe(0)
    expect(shift.estimate).toBeCloseTo((diffs[pairs / 2 - 1] + diffs[pairs / 2]) / 2, 9)
    // The interval's ends are differences that actually occur, at symmetric ranks.
    const rank = (v: number) => diffs.findIndex((d) => Math.abs(d - v) < 1e-9)
    const lower = rank(shift.ci[0])
    const upper = rank(shift.ci[1])
    expect(lower).toBeGreaterThan(0)
    expect(upper).toBe(pairs - 1 - lower)
  })

  it('uses the tie-corrected normal approximation with ties, and is 0…0 when every value is equal', () => {
    const tied = hodgesLehmannShift([1, 2, 2, 3, 3, 3, 4, 4], [2, 3, 3, 4, 4, 4, 5, 5], 0.9)
    expect(tied.exact).toBe(false)
    expect(tied.estimate).toBe(1)
    expect(tied.ci[0]).toBeLessThanOrEqual(1)
    expect(tied.ci[1]).toBeGreaterThanOrEqual(1)
    expect(hodgesLehmannShift([7, 7, 7], [7, 7, 7, 7], 0.9)).toMatchObject({ estimate: 0, ci: [0, 0] })
  })
})
