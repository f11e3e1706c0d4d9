import { describe, expect, it } from 'vitest'
import {
  analyseSampled,
  type CompareOptions,
  compareReports,
  DEFAULT_COMPARE,
  mannWhitney,
  signedRank,
  walshShift,
} from '../../../core/compare/index.js'
import { changeBetween, relativeChange } from '../../../core/compare/judgement.js'
import { roundsMoveTogether } from '../../../core/compare/sampled.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { lognormalSamples, metric, report } from './fixtures.js'

const BASE = 'ba5e000000000000000000000000000000000000'
// The unpaired rank test (Mann–Whitney); rounds analysed in pairs are tested in sampled.test.ts.
const sameJob: CompareOptions = { ...DEFAULT_COMPARE, sameJob: true, pairRounds: false }

function compareOne(
  current: Metric,
  base: Metric,
  options: CompareOptions = DEFAULT_COMPARE,
  history: RunReport[] = [],
) {
  return compareReports(report([current]), report([base], { commit: BASE }), history, options).metrics[0]
}

/** Earlier base-branch runs of one metric whose figures are `values`. */
function history(id: string, values: number[]): RunReport[] {
  return values.map((value, i) =>
    report([metric(id, { value, timing: true })], {
      commit: `${String(i).padStart(2, '0')}${'0'.repeat(38)}`,
    }),
  )
}

describe('samples that do not vary', () => {
  const bytes = (value: number, n = 5) =>
    metric('lighthouse/home/bytes', { unit: 'bytes', samples: Array(n).fill(value) })

  it('are judged as an exact metric, not "too few samples"', () => {
    expect(compareOne(bytes(250_000), bytes(250_000))).toMatchObject({
      verdict: 'unchanged',
      change: { abs: 0, rel: 0 },
    })
    const grown = compareOne(bytes(260_000), bytes(250_000, 3))
    expect(grown.verdict).toBe('regressed')
    expect(grown.change).toEqual({ abs: 10_000, rel: 0.04 })
    expect(grown.reason).toBeUndefined()
    expect(compareOne(bytes(251_000), bytes(250_000)).reason).toBe(
      'change +0.4 % is below the threshold 0.5 %',
    )
  })

  it('ignore the CPU model, as exact metrics do', () => {
    const out = compareReports(
      report([bytes(260_000)], { cpuModel: 'CPU B' }),
      report([bytes(250_000)], { cpuModel: 'CPU A', commit: BASE }),
      [],
      DEFAULT_COMPARE,
    )
    expect(out.metrics[0].verdict).toBe('regressed')
  })

  it('a side that varies is still tested (ties: normal approximation)', () => {
    // A timing on a coarse clock (counts are judged by their medians: counts.test.ts).
    const m = compareOne(
      metric('bench/tick/time', { samples: [12, 12, 13, 12, 12] }),
      metric('bench/tick/time', { samples: [12, 12, 12, 12, 12] }),
      sameJob,
    )
    // U = 15 of 25, σ = 2.5 after the tie correction: z = (2.5 − 0.5)/2.5, p = 2·(1 − Φ(0.8)).
    expect(m.change!.p).toBeCloseTo(0.42371, 4)
    // Four of five differences are 0: the shift is 0, its interval 0…0, inside ±4 %.
    expect(m.change!.ci).toEqual([0, 0])
    expect(m.verdict).toBe('unchanged')
  })
})

describe('stored baselines and same-job baselines', () => {
  const id = 'bench/parse/latency'
  // Tight samples: +8 % is unmistakable within one job.
  const head = metric(id, { samples: lognormalSamples(2, 20, 108, 0.01) })
  const base = metric(id, { samples: lognormalSamples(1, 20, 100, 0.01) })
  // The base branch's figures wander by ~5 % from job to job.
  const spread = history(id, [100, 106, 95, 103, 97, 108, 93, 101])

  it('same job: no widening, the within-run test decides', () => {
    const m = compareOne(head, base, sameJob, spread)
    expect(m.verdict).toBe('regressed')
    expect(m.reason).toBeUndefined()
    expect(m.change!.ci![0]).toBeGreaterThan(0.06)
  })

  it('stored: widened by the run-to-run spread, so drift alone cannot make a regression; the reason says A/B would decide', () => {
    const m = compareOne(head, base, DEFAULT_COMPARE, spread)
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toMatch(
      /^interval -\d+(\.\d)? %…\+\d+ % spans the minimum effect \(±4\.0 %\) \(stored baseline from another job: widened by the base branch's run-to-run spread ±5\.\d % over 8 runs; --ab would decide\)$/,
    )
    const same = compareOne(head, base, sameJob, spread)
    expect(m.change!.ci![0]).toBeLessThan(same.change!.ci![0])
    expect(m.change!.ci![1]).toBeGreaterThan(same.change!.ci![1])
    // A change far beyond the spread is still a regression.
    const much = compareOne(
      metric(id, { samples: lognormalSamples(2, 20, 140, 0.01) }),
      base,
      DEFAULT_COMPARE,
      spread,
    )
    expect(much.verdict).toBe('regressed')
  })

  it('stored without enough history: only a 2× change is called, and the reason says why', () => {
    const m = compareOne(head, base, DEFAULT_COMPARE, spread.slice(0, 4))
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toBe(
      'stored baseline from another job and under 5 base-branch runs to allow for drift: only a change of 2× or more is called; --ab would decide',
    )
    const doubled = compareOne(
      metric(id, { samples: lognormalSamples(2, 20, 210, 0.01) }),
      base,
      DEFAULT_COMPARE,
    )
    expect(doubled.verdict).toBe('regressed')
    expect(doubled.reason).toBe(m.reason)
    const halved = compareOne(
      metric(id, { samples: lognormalSamples(2, 20, 45, 0.01) }),
      base,
      DEFAULT_COMPARE,
    )
    expect(halved.verdict).toBe('improved')
    // Nor is anything shown to be unchanged: the job's drift could hide a change.
    const same = metric(id, { samples: lognormalSamples(3, 20, 100, 0.01) })
    expect(compareOne(same, base, sameJob).verdict).toBe('unchanged')
    expect(compareOne(same, base, DEFAULT_COMPARE)).toMatchObject({
      verdict: 'inconclusive',
      reason: m.reason,
    })
  })

  it('sameJob can be given per metric (plugins that ran both sides)', () => {
    const other = 'lighthouse/home/lcp'
    const opts: CompareOptions = { ...DEFAULT_COMPARE, sameJob: (metricId) => metricId === id }
    const out = compareReports(
      report([head, { ...head, id: other }]),
      report([base, { ...base, id: other }], { commit: BASE }),
      [...spread.map((r) => ({ ...r, metrics: [...r.metrics, { ...r.metrics[0], id: other }] }))],
      opts,
    )
    expect(out.metrics.map((m) => m.verdict)).toEqual(['regressed', 'inconclusive'])
  })
})

describe('arithmetic at the edges', () => {
  it('keeps change.abs and change.rel finite near ±1.8e308, with a reason when clamped', () => {
    const big = (value: number) => metric('custom/huge', { unit: 'count', value })
    const m = compareOne(big(1.7e308), big(-1.7e308))
    expect(m.change).toEqual({ abs: Number.MAX_VALUE, rel: 2 })
    expect(m.reason).toMatch(
      /beyond the largest number a report can hold; change.abs and change.rel are clamped/,
    )
    expect(JSON.parse(JSON.stringify(m.change))).toEqual(m.change)
    expect(changeBetween(-1.7e308, 1.7e308)).toMatchObject({ abs: -Number.MAX_VALUE, rel: -2 })
    expect(changeBetween(5, 3)).toEqual({ abs: 2, rel: 2 / 3 })
    expect(relativeChange(1e308, 1e-10)).toBe(Number.MAX_VALUE)
    expect(relativeChange(1.7e308, -1.7e308)).toBe(2)
  })

  it('compares samples near the largest double without overflowing', () => {
    const near = (scale: number, seed: number) => lognormalSamples(seed, 10, 1.6e308 * scale, 0.01)
    const m = compareOne(
      metric('custom/huge', { samples: near(1, 1) }),
      metric('custom/huge', { samples: near(0.8, 2) }),
      sameJob,
    )
    expect(m.verdict).toBe('regressed')
    expect(Number.isFinite(m.change!.abs)).toBe(true)
    expect(m.change!.ci!.every(Number.isFinite)).toBe(true)
    expect(m.change!.ci![0]).toBeGreaterThan(0.2)
    // Negative values near the limit take the linear path, scaled first.
    const negative = compareOne(
      metric('custom/offset', { samples: [-1.7e308, -1.6e308, -1.65e308, -1.62e308, -1.68e308, -1.61e308] }),
      metric('custom/offset', { samples: [1.7e308, 1.6e308, 1.65e308, 1.62e308, 1.68e308, 1.61e308] }),
      sameJob,
    )
    expect(negative.change!.ci!.every(Number.isFinite)).toBe(true)
    expect(negative.verdict).toBe('improved')
  })

  it('compares samples with zeros (Total Blocking Time) on the linear scale', () => {
    const m = compareOne(
      metric('lighthouse/home/tbt', { samples: [310, 290, 330, 305, 295, 320, 300, 315] }),
      metric('lighthouse/home/tbt', { samples: [0, 0, 12, 0, 0, 8, 0, 0] }),
      sameJob,
    )
    expect(m.verdict).toBe('regressed')
    expect(m.change!.ci![0]).toBeGreaterThan(1)
  })
})

describe('"not worse": the interval clear of the minimum effect on the worse side', () => {
  const id = 'bench/parse/latency'
  it('is `unchanged` with a reason when only the better side spans the minimum effect', () => {
    // Head 3 % faster at CV 5 %, 10 a side: the interval reaches below −4 % but stays under +4 %.
    const base = lognormalSamples(30, 10, 100, 0.05)
    const head = lognormalSamples(31, 10, 97, 0.05)
    const m = compareOne(metric(id, { samples: head }), metric(id, { samples: base }), sameJob)
    expect(m.change!.ci![0]).toBeLessThan(-0.04)
    expect(m.change!.ci![1]).toBeLessThan(0.04)
    expect(m.verdict).toBe('unchanged')
    expect(m.reason).toBe(
      'not worse: interval -4.2 %…+2.0 % stays below the minimum effect in the worse direction (+4.0 %)',
    )
    // Higher is better: the worse side is the lower end.
    const ops = compareOne(
      metric('bench/parse/ops', { better: 'higher', samples: head.map((v) => 1e4 / v) }),
      metric('bench/parse/ops', { better: 'higher', samples: base.map((v) => 1e4 / v) }),
      sameJob,
    )
    expect(ops.verdict).toBe('unchanged')
    expect(ops.reason).toMatch(/^not worse: .* \(-4\.0 %\)$/)
  })

  it('covers an improvement the test cannot show, but not a worse side that spans the minimum effect', () => {
    const improved = compareOne(
      metric(id, { samples: lognormalSamples(21, 10, 97, 0.05) }),
      metric(id, { samples: lognormalSamples(20, 10, 100, 0.05) }),
      sameJob,
    )
    expect(improved.change!.ci![1]).toBeLessThan(0)
    expect(improved.change!.p).toBeGreaterThan(0.015)
    expect(improved.verdict).toBe('unchanged')
    const spans = compareOne(
      metric(id, { samples: lognormalSamples(21, 10, 103, 0.05) }),
      metric(id, { samples: lognormalSamples(20, 10, 100, 0.05) }),
      sameJob,
    )
    expect(spans.verdict).toBe('inconclusive')
    expect(spans.reason).toBe('interval -2.5 %…+5.7 % spans the minimum effect (±4.0 %)')
  })
})

describe('paired rounds (same job, as many samples a side)', () => {
  const id = 'bench/parse/latency'
  const paired: CompareOptions = { ...DEFAULT_COMPARE, sameJob: true, pairRounds: true }
  // Twelve rounds; a busy spell slows rounds 4–7 by 40 % on both sides; the head is 6 % slower throughout.
  const spell = (i: number) => (i >= 4 && i < 8 ? 1.4 : 1)
  const noise = lognormalSamples(31, 24, 1, 0.01)
  const base = Array.from({ length: 12 }, (_, i) => 100 * spell(i) * noise[i])
  const head = Array.from({ length: 12 }, (_, i) => 106 * spell(i) * noise[12 + i])

  it('uses the signed-rank test and the Walsh-average interval of the per-round log-ratios', () => {
    const d = head.map((h, i) => Math.log(h) - Math.log(base[i]))
    const m = compareOne(metric(id, { samples: head }), metric(id, { samples: base }), paired)
    expect(m.change!.p).toBeCloseTo(signedRank(d).p, 14)
    const shift = walshShift(d, 0.9)
    expect(m.change!.ci![0]).toBeCloseTo(Math.expm1(shift.ci[0]), 14)
    expect(m.change!.ci![1]).toBeCloseTo(Math.expm1(shift.ci[1]), 14)
    expect(m.verdict).toBe('regressed')
    // Two samples a side (the busy spell in both): the spell swamps the unpaired interval.
    const unpaired = compareOne(metric(id, { samples: head }), metric(id, { samples: base }), {
      ...paired,
      pairRounds: false,
    })
    expect(unpaired.verdict).toBe('inconclusive')
  })

  it('pairs by default only when the rounds move together, and never a stored baseline or unequal sides', () => {
    expect(roundsMoveTogether(base, head)).toBe(true)
    const calm = lognormalSamples(41, 24, 100, 0.03)
    expect(roundsMoveTogether(calm.slice(0, 12), calm.slice(12))).toBe(false)
    const byDefault = compareOne(metric(id, { samples: head }), metric(id, { samples: base }), {
      ...DEFAULT_COMPARE,
      sameJob: true,
    })
    expect(byDefault.verdict).toBe('regressed')
    expect(analyseSampled(base, head, { paired: 'correlated' }).paired).toBe(true)
    expect(analyseSampled(calm.slice(0, 12), calm.slice(12), { paired: 'correlated' }).paired).toBe(false)
    expect(analyseSampled(base, head.slice(1), { paired: true }).paired).toBe(false)
    // A stored baseline (another job) is never paired, whatever the option says.
    const stored = compareOne(metric(id, { samples: head }), metric(id, { samples: base }), {
      ...DEFAULT_COMPARE,
      pairRounds: true,
    })
    expect(stored.change!.p).toBeCloseTo(mannWhitney(head, base).p, 14)
  })

  it('names the pairs needed when too few: 2/2^n must pass the bar', () => {
    const m = compareOne(
      metric(id, { samples: head.slice(0, 6) }),
      metric(id, { samples: base.slice(0, 6) }),
      paired,
    )
    expect(m.verdict).toBe('inconclusive')
    // 2/2^6 = 0.031 ≥ 0.015; 2/2^8 = 0.0078 is the first below it.
    expect(m.reason).toBe('too few samples (6 vs 6) to show a change at alpha 0.015; take at least 8 a side')
  })
})
