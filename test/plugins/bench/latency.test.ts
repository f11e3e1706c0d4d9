import { describe, expect, it } from 'vitest'
import { LatencySamples } from '../../../plugins/bench/http.js'

describe('LatencySamples', () => {
  it('gives the mean and nearest-rank percentiles of fractional response times, growing past its first array', () => {
    const samples = new LatencySamples()
    // 1.5, 2.5, …, 2000.5 ms in a scrambled order: more than the first 1024 slots.
    const values = Array.from({ length: 2000 }, (_, i) => i + 1.5)
    for (let i = 0; i < values.length; i++) samples.add(values[(i * 7919) % values.length])
    samples.add(Number.NaN)
    expect(samples.summary()).toEqual({ average: 1001, p50: 1000.5, p99: 1980.5 })
  })

  it('has no summary without a response', () => {
    expect(new LatencySamples().summary()).toBeNull()
  })
})
