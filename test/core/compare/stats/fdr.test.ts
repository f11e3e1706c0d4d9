import { describe, expect, it } from 'vitest'
import { benjaminiHochberg } from '../../../../core/compare/stats/fdr.js'

describe('benjaminiHochberg', () => {
  it('matches a hand-computed example and keeps the input order', () => {
    // Sorted: 0.005, 0.01, 0.03, 0.04, 0.2, 0.5 (m = 6); p·m/rank: 0.03, 0.03, 0.06, 0.06, 0.24, 0.5;
    // then the running minimum from the top leaves them as they are. (SciPy's false_discovery_control agrees.)
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2, 0.5])
    const expected = [0.03, 0.06, 0.06, 0.03, 0.24, 0.5]
    for (const [i, p] of adjusted.entries()) expect(p).toBeCloseTo(expected[i], 12)
  })

  it('takes the running minimum from the largest p down, and caps at 1', () => {
    // p·m/rank: 0.04·3/1 = 0.12, 0.045·3/2 = 0.0675, 0.05·3/3 = 0.05 → minimum from the top: 0.05 each.
    for (const p of benjaminiHochberg([0.05, 0.04, 0.045])) expect(p).toBeCloseTo(0.05, 12)
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9])
    expect(benjaminiHochberg([1, 1, 1])).toEqual([1, 1, 1])
  })

  it('leaves a single p-value alone and handles none', () => {
    expect(benjaminiHochberg([0.012])).toEqual([0.012])
    expect(benjaminiHochberg([])).toEqual([])
  })
})
