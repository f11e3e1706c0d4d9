import { describe, expect, it } from 'vitest'
import { compareReports, DEFAULT_COMPARE } from '../../../core/compare/index.js'
import { lognormalSamples, metric, report } from './fixtures.js'

// Base and head measured in one job (A/B); stored baselines are covered in sampled.test.ts.
const sameJob = { ...DEFAULT_COMPARE, sameJob: true }

// A small, seeded version of test/bench/verdicts.bench.ts: the rule's error rates on simulated noise.
function verdicts(trials: number, cv: number, n: number, shift: number, seed: number) {
  const counts = { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, none: 0 }
  for (let t = 0; t < trials; t++) {
    const id = 'bench/sim/latency'
    const base = metric(id, { samples: lognormalSamples(seed + 2 * t, n, 100, cv) })
    const current = metric(id, { samples: lognormalSamples(seed + 2 * t + 1, n, 100 * (1 + shift), cv) })
    counts[compareReports(report([current]), report([base]), [], sameJob).metrics[0].verdict]++
  }
  return counts
}

describe('verdict error rates (seeded simulation)', () => {
  it('1000 no-change comparisons at CV 10 %, 10 samples a side: false regressions and improvements each under alpha (1.5 %)', () => {
    // Rounds are paired when they happen to move together (PAIR_ROUNDS 'correlated'): still under alpha.
    const counts = verdicts(1000, 0.1, 10, 0, 1000)
    expect(counts.regressed).toBeLessThanOrEqual(15)
    expect(counts.improved).toBeLessThanOrEqual(15)
  })

  it('catches a 20 % slowdown at CV 5 % with 10 samples a side', () => {
    const counts = verdicts(100, 0.05, 10, 0.2, 5000)
    expect(counts.regressed).toBeGreaterThanOrEqual(95)
  })
})
