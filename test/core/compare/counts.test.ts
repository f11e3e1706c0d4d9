import { describe, expect, it } from 'vitest'
import { isCountOrRate, isTimingFigure } from '../../../core/compare/counts.js'
import { type CompareOptions, compareReports, DEFAULT_COMPARE } from '../../../core/compare/index.js'
import type { Metric } from '../../../core/model/types.js'
import { metric, report } from './fixtures.js'

const BASE = 'ba5e000000000000000000000000000000000000'
const sameJob: CompareOptions = { ...DEFAULT_COMPARE, sameJob: true }

function compareOne(current: Metric, base: Metric, options: CompareOptions = DEFAULT_COMPARE) {
  // A stored baseline may well come from another CPU model; an A/B base is timed on this machine.
  const cpuModel = options.sameJob ? undefined : 'Other CPU @ 2.0GHz'
  return compareReports(
    report([current]),
    report([base], { commit: BASE, ...(cpuModel ? { cpuModel } : {}) }),
    [],
    options,
  ).metrics[0]
}

const errorRate = (samples: number[]) => metric('bench/http/list/error-rate', { unit: 'percent', samples })

describe('counts and rates against a stored baseline', () => {
  it('0 → 10 % errors over 3 rounds is a regression; a stable 0 % is unchanged', () => {
    const worse = compareOne(errorRate([9.8, 10.4, 10.1]), errorRate([0, 0, 0]))
    expect(worse.verdict).toBe('regressed')
    expect(worse.change!.abs).toBeCloseTo(10.1)
    expect(compareOne(errorRate([0, 0, 0]), errorRate([0, 0, 0])).verdict).toBe('unchanged')
    // One stray error in one round moves no median.
    expect(compareOne(errorRate([0, 0.4, 0]), errorRate([0, 0, 0])).verdict).toBe('unchanged')
  })

  it('errors that go away are an improvement', () => {
    expect(compareOne(errorRate([0, 0, 0]), errorRate([5.2, 4.9, 5.5])).verdict).toBe('improved')
  })

  it('a noisy rate whose sides overlap is not called, and says why', () => {
    const m = compareOne(errorRate([0.2, 0.1, 0.5]), errorRate([0.1, 0.3, 0]))
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toBe(
      'the samples overlap (0 %–0.3 % before, 0.1 %–0.5 % now): too noisy to call from these samples',
    )
  })

  it('request counts and transfer bytes are judged by their medians with the exact thresholds', () => {
    const requests = (samples: number[]) =>
      metric('lighthouse/home/requests', { unit: 'count', samples, timing: true })
    expect(compareOne(requests([52, 52, 53]), requests([40, 41, 40])).verdict).toBe('regressed')
    expect(compareOne(requests([40, 41, 40]), requests([40, 40, 41])).verdict).toBe('unchanged')
    const bytes = (samples: number[]) =>
      metric('lighthouse/home/bytes', { unit: 'bytes', samples, timing: true })
    // +18 kB of 512 kB, every sample apart: a regression whatever machine measured the baseline.
    expect(compareOne(bytes([530_000, 530_050, 530_000]), bytes([512_000, 512_100, 512_000])).verdict).toBe(
      'regressed',
    )
    // +60 B is under the size floor.
    expect(compareOne(bytes([512_060, 512_060, 512_070]), bytes([512_000, 512_000, 512_010])).verdict).toBe(
      'unchanged',
    )
  })

  it('in an A/B run, overlapping samples go to the rank test', () => {
    const m = compareOne(
      errorRate([0.5, 0.6, 0.4, 0.7, 0.5, 0.6, 0.5, 0.6]),
      errorRate([0.1, 0.2, 0.45, 0.1, 0.2, 0.1, 0.15, 0.2]),
      sameJob,
    )
    expect(m.change!.p).toBeLessThan(0.01)
    expect(m.verdict).toBe('regressed')
  })
})

describe('what is a count or a rate', () => {
  it('decides from the unit alone (the runner marks every sampled figure `timing`)', () => {
    expect(isCountOrRate({ unit: 'percent' })).toBe(true)
    expect(isCountOrRate({ unit: 'count' })).toBe(true)
    expect(isCountOrRate({ unit: 'bytes' })).toBe(true)
    const sampledBytes: Pick<Metric, 'unit' | 'timing'> = { unit: 'bytes', timing: true }
    expect(isCountOrRate(sampledBytes)).toBe(true)
    expect(isCountOrRate({ unit: 'req/s' })).toBe(false)
    expect(isCountOrRate({ unit: 'ms' })).toBe(false)
    expect(isTimingFigure({ unit: 'ms', samples: [1, 2] })).toBe(true)
    expect(isTimingFigure({ unit: 'req/s', samples: [1, 2] })).toBe(true)
    expect(isTimingFigure({ unit: 'percent', samples: [1, 2], timing: true })).toBe(false)
    expect(isTimingFigure({ unit: 'ms' })).toBe(false)
  })
})
