import { describe, expect, it } from 'vitest'
import { CountedWindow, LatencySamples } from '../../../plugins/bench/http.js'

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

describe('CountedWindow', () => {
  it('counts only what arrives from its start: rates over the window, 2xx times only', () => {
    const window = new CountedWindow(1000)
    window.add(500, 200, 100, 90) // warm-up: slow first responses of a cold server, not counted
    window.add(900, 200, 100, 80)
    window.add(1000, 200, 100, 2)
    window.add(1250, 500, 50, 1)
    window.add(1500, 200, 100, 4)
    expect(window.responses).toBe(3)
    expect(window.seconds()).toBe(0.5)
    expect(window.rates()).toEqual({ rps: 6, throughput: 500 })
    expect(window.latencies.summary()).toEqual({ average: 3, p50: 2, p99: 4 })
  })

  it('has no span before its first counted response', () => {
    const window = new CountedWindow(1000)
    window.add(999, 200, 10, 1)
    expect(window.seconds()).toBeNull()
    expect(window.responses).toBe(0)
  })
})
