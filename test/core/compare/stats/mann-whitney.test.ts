import { describe, expect, it } from 'vitest'
import { mannWhitney, minimumPValue } from '../../../../core/compare/stats/mann-whitney.js'

// Expected values from SciPy 1.17 `mannwhitneyu(x, y, alternative='two-sided')` (method as noted),
// which matches R's wilcox.test(x, y, correct = TRUE).
describe('mannWhitney', () => {
  it('matches the exact test on R’s documented example (W = 35)', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    const y = [1.15, 0.88, 0.9, 0.74, 1.21]
    const result = mannWhitney(x, y)
    expect(result.u).toBe(35)
    expect(result.exact).toBe(true)
    // R: one-sided "greater" p = 0.1272; two-sided twice that.
    expect(result.p).toBeCloseTo(0.2544122544122544, 12)
    expect(mannWhitney(y, x).u).toBe(15)
    expect(mannWhitney(y, x).p).toBeCloseTo(0.2544122544122544, 12)
  })

  it('agrees with a brute-force enumeration of all rank assignments', () => {
    const x = [3.1, 4.7, 5.2, 6.6]
    const y = [1.2, 2.5, 3.9, 4.1, 7.3]
    const result = mannWhitney(x, y)
    // Enumerate every way of choosing which 4 of the 9 ranks belong to x.
    const uOf = (ranks: number[]) => ranks.reduce((a, b) => a + b, 0) - (4 * 5) / 2
    const all: number[] = []
    const choose = (start: number, picked: number[]) => {
      if (picked.length === 4) return void all.push(uOf(picked))
      for (let r = start; r <= 9; r++) choose(r + 1, [...picked, r])
    }
    choose(1, [])
    expect(all).toHaveLength(126)
    const lower = all.filter((u) => u <= result.u).length / all.length
    const upper = all.filter((u) => u >= result.u).length / all.length
    // Pairs x > y counted by hand: 3.1 beats 2, 4.7, 5.2 and 6.6 beat 4 each.
    expect(result.u).toBe(14)
    expect(result.p).toBeCloseTo(Math.min(1, 2 * Math.min(lower, upper)), 12)
  })

  it('keeps full precision for the exact distribution at 30 vs 25 samples', () => {
    const a = [
      103.516, 108.563, 103.36, 87.782, 109.476, 104.565, 94.772, 105.983, 103.713, 102.985, 100.285, 105.619,
      92.9, 98.384, 95.293, 106.171, 100.398, 97.118, 92.479, 97.461, 100.081, 97.282, 113.815, 110.591,
      76.253, 82.787, 98.267, 95.866, 102.159, 102.197,
    ]
    const b = [
      129.925, 94.063, 101.231, 128.953, 112.15, 112.334, 99.86, 89.154, 106.902, 106.279, 92.985, 98.184,
      104.372, 95.65, 104.099, 106.136, 105.502, 99.937, 111.558, 114.926, 108.555, 96.868, 113.107, 99.986,
      114.788,
    ]
    const result = mannWhitney(a, b)
    expect(result).toMatchObject({ u: 250, exact: true })
    expect(result.p).toBeCloseTo(0.0345834501324777, 10)
  })

  it('uses the normal approximation with tie and continuity corrections when there are ties', () => {
    const result = mannWhitney([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 6, 6, 7])
    expect(result).toMatchObject({ u: 7, exact: false })
    expect(result.p).toBeCloseTo(0.015984685125196244, 6)
    const close = mannWhitney(
      [10.1, 10.3, 10.2, 10.5, 10.4, 10.6, 10.2, 10.8, 10.3, 10.1, 10.9, 10.7],
      [10.0, 10.2, 9.9, 10.1, 10.3, 9.8, 10.0, 10.4, 9.7, 10.2, 10.1, 10.0],
    )
    expect(close.u).toBe(124.5)
    expect(close.p).toBeCloseTo(0.0025166746867934867, 6)
  })

  it('uses the normal approximation beyond 50 samples a side', () => {
    const a = Array.from({ length: 60 }, (_, i) => i + 1)
    const b = Array.from({ length: 55 }, (_, i) => i + 21.5)
    const result = mannWhitney(a, b)
    expect(result).toMatchObject({ u: 780, exact: false })
    expect(result.p / 1.1258207796772894e-6).toBeCloseTo(1, 4)
  })

  it('returns p = 1 when every value is tied or a side is empty', () => {
    expect(mannWhitney([5, 5, 5], [5, 5]).p).toBe(1)
    expect(mannWhitney([], [1, 2]).p).toBe(1)
  })

  it('knows the smallest p a sample size can reach', () => {
    expect(minimumPValue(5, 5)).toBeCloseTo(2 / 252, 12)
    expect(minimumPValue(4, 4)).toBeCloseTo(2 / 70, 12)
    expect(minimumPValue(1, 1)).toBe(1)
    // The exact test on completely separated samples reaches it.
    expect(mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).p).toBeCloseTo(2 / 252, 12)
  })
})
