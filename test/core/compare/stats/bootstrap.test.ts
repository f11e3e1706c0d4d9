import { describe, expect, it } from 'vitest'
import { bootstrapMedianChange, medianInPlace } from '../../../../core/compare/stats/bootstrap.js'
import { lognormalSamples, median } from '../fixtures.js'

describe('bootstrapMedianChange', () => {
  it('gives the exact change when every sample agrees', () => {
    const ci = bootstrapMedianChange([100, 100, 100, 100], [110, 110, 110], { level: 0.9, seed: 1 })
    expect(ci[0]).toBeCloseTo(0.1, 12)
    expect(ci[1]).toBeCloseTo(0.1, 12)
  })

  it('is reproducible for a seed and covers the observed change', () => {
    const base = lognormalSamples(1, 15, 100, 0.05)
    const current = lognormalSamples(2, 15, 110, 0.05)
    const options = { level: 0.9, seed: 7 }
    const ci = bootstrapMedianChange(base, current, options)
    expect(bootstrapMedianChange(base, current, options)).toEqual(ci)
    const observed = median(current) / median(base) - 1
    expect(ci[0]).toBeLessThan(observed)
    expect(ci[1]).toBeGreaterThan(observed)
    expect(ci[0]).toBeGreaterThan(0)
  })

  it('widens with the level', () => {
    const base = lognormalSamples(3, 10, 100, 0.1)
    const current = lognormalSamples(4, 10, 100, 0.1)
    const narrow = bootstrapMedianChange(base, current, { level: 0.8, seed: 1 })
    const wide = bootstrapMedianChange(base, current, { level: 0.98, seed: 1 })
    expect(wide[0]).toBeLessThan(narrow[0])
    expect(wide[1]).toBeGreaterThan(narrow[1])
  })

  it('falls back to a difference relative to |median| when the baseline is not positive', () => {
    const ci = bootstrapMedianChange([-2, -2, -2], [-1, -1, -1], { level: 0.9, seed: 1 })
    expect(ci).toEqual([0.5, 0.5])
  })

  it('medianInPlace handles odd, even and large arrays', () => {
    expect(medianInPlace(Float64Array.from([3, 1, 2]))).toBe(2)
    expect(medianInPlace(Float64Array.from([4, 1, 3, 2]))).toBe(2.5)
    const big = Array.from({ length: 101 }, (_, i) => (i * 37) % 101)
    expect(medianInPlace(Float64Array.from(big))).toBe(50)
  })
})
