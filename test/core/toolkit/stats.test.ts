import { describe, expect, it } from 'vitest'
import { mean, median, quantile, relativeMarginOfError, tQuantile } from '../../../core/toolkit/index.js'

describe('toolkit stats', () => {
  it('computes medians, quantiles and means', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2)
    expect(quantile([10, 20], 0.25)).toBe(12.5)
    expect(mean([1, 2, 3, 6])).toBe(3)
    expect(() => median([])).toThrow(RangeError)
    expect(() => mean([])).toThrow(RangeError)
  })

  it('gives the relative margin of error of a mean from the t distribution', () => {
    expect(relativeMarginOfError([10])).toBe(0)
    expect(relativeMarginOfError([10, 10, 10])).toBe(0)
    expect(relativeMarginOfError([0, 0])).toBe(0)
    // mean 10, sd √(4/3), n 4: t(0.975, 3) ≈ 3.182 (tables) → t × √(4/3) / 2 / 10 ≈ 18.4 %
    const perT = (100 * (Math.sqrt(4 / 3) / 2)) / 10
    expect(relativeMarginOfError([9, 11, 9, 11])).toBeCloseTo(perT * tQuantile(0.975, 3), 9)
    expect(relativeMarginOfError([9, 11, 9, 11]) / (perT * 3.182)).toBeCloseTo(1, 2)
    // A 99 % interval is wider; many runs approach the normal quantile.
    expect(relativeMarginOfError([9, 11, 9, 11], 0.99)).toBeGreaterThan(relativeMarginOfError([9, 11, 9, 11]))
    const many = Array.from({ length: 200 }, (_, i) => (i % 2 ? 9 : 11))
    const sd = Math.sqrt((200 * 1) / 199)
    expect(relativeMarginOfError(many) / ((100 * 1.972 * sd) / Math.sqrt(200) / 10)).toBeCloseTo(1, 2)
  })
})
