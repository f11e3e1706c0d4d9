import { describe, expect, it } from 'vitest'
import { estimateNoise } from '../../../core/compare/index.js'
import { lognormalSamples, metric, report } from './fixtures.js'

const id = 'bench/parse/latency'
const run = (fields: Parameters<typeof metric>[1], cpuModel?: string) =>
  report([metric(id, fields)], { cpuModel })

describe('estimateNoise', () => {
  it('needs at least five earlier runs of the metric', () => {
    const four = [100, 101, 99, 100].map((value) => run({ value, timing: true }))
    expect(estimateNoise(id, four)).toBeUndefined()
    expect(estimateNoise('bench/other/latency', [...four, ...four])).toBeUndefined()
  })

  it('is the standard deviation of ln(value) across runs, and counts CPU models', () => {
    const values = [100, 110, 95, 105, 90]
    const noise = estimateNoise(
      id,
      values.map((value, i) => run({ value, timing: true }, i % 2 ? 'CPU A' : 'CPU B')),
    )!
    const logs = values.map(Math.log)
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length
    const sd = Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (logs.length - 1))
    expect(noise).toEqual({ runs: 5, sigma: expect.closeTo(sd, 12), cpuModels: 2 })
  })

  it('takes the whole spread of run figures, drift between jobs included', () => {
    // Tight samples (CV 2 %) but medians that wander by ±10 %: σ is the wander, not the samples' noise.
    const centers = [100, 112, 91, 104, 95, 109, 88, 101]
    const runs = centers.map((c, i) => run({ samples: lognormalSamples(300 + i, 10, c, 0.02) }))
    const noise = estimateNoise(id, runs)!
    expect(noise.runs).toBe(8)
    expect(noise.sigma).toBeGreaterThan(0.06)
    expect(noise.sigma).toBeLessThan(0.12)
  })

  it('ignores non-positive values, which have no logarithm', () => {
    const runs = [0, 100, 101, 99, 100, 102].map((value) => run({ value, timing: true }))
    expect(estimateNoise(id, runs)!.runs).toBe(5)
  })
})
