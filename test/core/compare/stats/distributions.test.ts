import { describe, expect, it } from 'vitest'
import {
  chiSquareQuantile,
  normalCdf,
  normalQuantile,
  tQuantile,
} from '../../../../core/compare/stats/distributions.js'
import { mulberry32, seedFromString } from '../../../../core/compare/stats/random.js'

// Reference values from SciPy 1.17 (scipy.stats norm, t, chi2).
describe('distributions', () => {
  it('normal CDF and quantile', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(-4.5) / 3.3976731247300535e-6).toBeCloseTo(1, 5)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8)
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 7)
    expect(normalCdf(normalQuantile(0.9925))).toBeCloseTo(0.9925, 7)
  })

  it('t quantiles within 1 % for df ≥ 4', () => {
    expect(tQuantile(0.99, 9) / 2.821437925025809).toBeCloseTo(1, 2)
    expect(tQuantile(0.9925, 9) / 2.9982034279200973).toBeCloseTo(1, 2)
    expect(Math.abs(tQuantile(0.995, 4) / 4.604094871349992 - 1)).toBeLessThan(0.01)
  })

  it('χ² quantiles within 1 %', () => {
    expect(Math.abs(chiSquareQuantile(0.95, 9) / 16.918977604620448 - 1)).toBeLessThan(0.01)
    expect(Math.abs(chiSquareQuantile(0.95, 4) / 9.487729036781154 - 1)).toBeLessThan(0.01)
  })
})

describe('random', () => {
  it('is reproducible from a seed and uniform enough', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const draws = Array.from({ length: 10000 }, () => a())
    expect(Array.from({ length: 10000 }, () => b())).toEqual(draws)
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length
    expect(mean).toBeCloseTo(0.5, 1)
    expect(mulberry32(43)()).not.toBe(mulberry32(42)())
  })

  it('seeds from a string deterministically', () => {
    expect(seedFromString('bench/a/latency')).toBe(seedFromString('bench/a/latency'))
    expect(seedFromString('bench/a/latency')).not.toBe(seedFromString('bench/b/latency'))
    // FNV-1a of the empty string is its offset basis.
    expect(seedFromString('')).toBe(0x811c9dc5)
  })
})
