import { describe, expect, it } from 'vitest'
import { changePoints, noiseLevel } from '../../../core/history/changepoints.js'
import { noise } from './world.js'

const series = (length: number, level: (i: number) => number, spread: number, seed = 1) => {
  const random = noise(seed)
  return Array.from({ length }, (_, i) => level(i) + random() * spread)
}

describe('changePoints', () => {
  it('finds a planted step at its index, with the levels on both sides', () => {
    const values = series(60, (i) => (i < 37 ? 100 : 115), 6)
    const steps = changePoints(values)
    expect(steps.map((s) => s.index)).toEqual([37])
    expect(steps[0].before).toBeCloseTo(100, 0)
    expect(steps[0].after).toBeCloseTo(115, 0)
    expect(steps[0].rel).toBeCloseTo(0.15, 1)
  })

  it('finds several steps, up and down', () => {
    const values = series(90, (i) => (i < 30 ? 100 : i < 60 ? 130 : 90), 5, 3)
    expect(changePoints(values).map((s) => s.index)).toEqual([30, 60])
  })

  it('raises at most one false step in 200 noisy series without one (0.5 %; measured 0.1–0.3 %)', () => {
    let alarms = 0
    for (let seed = 1; seed <= 200; seed++) alarms += changePoints(series(100, () => 100, 20, seed)).length
    expect(alarms).toBeLessThanOrEqual(1)
    let short = 0
    for (let seed = 1; seed <= 200; seed++) short += changePoints(series(12, () => 100, 20, seed)).length
    expect(short).toBeLessThanOrEqual(2)
  })

  it('is not fooled by outliers: none alone is a step, and a real step beside one is found where it is', () => {
    const values = series(40, () => 100, 2, 5)
    values[20] = 400
    values[3] = 10
    expect(changePoints(values)).toEqual([])
    const stepped = values.map((v, i) => (i >= 28 ? v + 10 : v))
    expect(changePoints(stepped).map((s) => s.index)).toEqual([28])
  })

  it('treats exact figures (sizes) as noiseless down to a floor: a 3 % step counts, one byte does not', () => {
    const sizes = Array.from({ length: 30 }, (_, i) => (i < 12 ? 50_000 : i < 20 ? 51_500 : 51_501))
    expect(changePoints(sizes).map((s) => s.index)).toEqual([12])
    expect(noiseLevel(sizes)).toBeCloseTo(0.002 * 51_500, 0)
  })

  it('exact figures need no permutation test: eight records with one size step are enough', () => {
    const sizes = [1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000]
    expect(changePoints(sizes, { exact: true }).map((s) => s.index)).toEqual([4])
    // A timing that short cannot be told from a lucky shuffle (p ≥ 1/35 for 4 + 4 values).
    expect(changePoints(sizes)).toEqual([])
  })

  it('returns nothing for series too short to hold two segments', () => {
    expect(changePoints([1, 2, 3, 100, 100])).toEqual([])
    expect(changePoints([])).toEqual([])
  })
})
