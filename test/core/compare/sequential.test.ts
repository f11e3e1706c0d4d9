import { describe, expect, it } from 'vitest'
import {
  type CompareOptions,
  compareReports,
  DEFAULT_COMPARE,
  DEFAULT_SAMPLING_PLAN,
  designEffect,
  futilityLevel,
  lookSizes,
  NOT_WORSE_STOP,
  needsMoreRounds,
  nominalAlpha,
  spentAlpha,
  spentBeta,
} from '../../../core/compare/index.js'
import { lognormalSamples, metric, report } from './fixtures.js'

const plan = DEFAULT_SAMPLING_PLAN

describe('alpha spending', () => {
  it('looks at 5, 10, 15 and 20 a side by default; the last look is always the maximum', () => {
    expect(lookSizes(plan)).toEqual([5, 10, 15, 20])
    expect(lookSizes({ min: 5, step: 4, max: 15 })).toEqual([5, 9, 13, 15])
    expect(lookSizes({ min: 8, step: 5, max: 8 })).toEqual([8])
    expect(() => lookSizes({ min: 1, step: 5, max: 20 })).toThrow(RangeError)
    expect(() => lookSizes({ min: 10, step: 5, max: 5 })).toThrow(RangeError)
  })

  it('matches the O’Brien–Fleming-type spending function (reference: SciPy norm)', () => {
    // Increments of 2 − 2Φ(z(1 − α/2)/√t) at t = 1/4, 1/2, 3/4, 1 for α = 0.015.
    const expected = [
      1.1459686628523258e-6, 5.807757643185862e-4, 4.392748413608372e-3, 1.0025329853410092e-2,
    ]
    expected.forEach((level, i) => {
      expect(nominalAlpha(0.015, i + 1, plan) / level).toBeCloseTo(1, 4)
    })
  })

  it('spends levels that grow from look to look and sum to alpha', () => {
    for (const alpha of [0.001, 0.015, 0.05])
      for (const p of [plan, { min: 4, step: 3, max: 25 }, { min: 10, step: 10, max: 40 }]) {
        const levels = lookSizes(p).map((_, i) => nominalAlpha(alpha, i + 1, p))
        for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1])
        expect(levels.every((l) => l > 0)).toBe(true)
        expect(levels.reduce((a, b) => a + b, 0)).toBeCloseTo(alpha, 15)
      }
    expect(nominalAlpha(0.015, 1, { min: 10, step: 5, max: 10 })).toBe(0.015)
    expect(spentAlpha(0.015, 0.5)).toBeLessThan(spentAlpha(0.015, 0.75))
    expect(spentAlpha(0.015, 1)).toBe(0.015)
  })

  it('spends the "not worse" stop’s beta over the first half of the plan, mostly at look 2, and it sums to beta', () => {
    expect(NOT_WORSE_STOP).toEqual({ effectFactor: 2.5, beta: 0.08 })
    const levels = lookSizes(plan).map((_, i) => futilityLevel(i + 1, plan))
    ;[0.02, 0.06, 0, 0].forEach((level, i) => {
      expect(levels[i]).toBeCloseTo(level, 15)
    })
    for (const p of [plan, { min: 4, step: 3, max: 25 }, { min: 3, step: 1, max: 12 }]) {
      const spent = lookSizes(p).map((_, i) => futilityLevel(i + 1, p))
      expect(spent.every((l) => l >= 0)).toBe(true)
      expect(spent.reduce((a, b) => a + b, 0)).toBeCloseTo(0.08, 15)
    }
    expect(spentBeta(0.08, 0.25)).toBeCloseTo(0.02, 15)
    expect(spentBeta(0.08, 0.75)).toBe(0.08)
    expect(designEffect(0.04)).toBeCloseTo(0.1, 15)
    expect(() => futilityLevel(5, plan)).toThrow(RangeError)
  })

  it('refuses a look the plan does not have', () => {
    expect(() => nominalAlpha(0.015, 0, plan)).toThrow(/look 0 is not one of the 4 looks/)
    expect(() => nominalAlpha(0.015, 5, plan)).toThrow(RangeError)
  })
})

/** Twenty metrics measured in one job; `slow` of them (the first) slowed by `shift`. */
function run(seed: number, n: number, slow: number, shift: number, cv = 0.05) {
  const ids = Array.from({ length: 20 }, (_, k) => `bench/task-${k}/latency`)
  const base = ids.map((id, k) => metric(id, { samples: lognormalSamples(seed + 2 * k, n, 100, cv) }))
  const head = ids.map((id, k) =>
    metric(id, { samples: lognormalSamples(seed + 2 * k + 1, n, 100 * (k < slow ? 1 + shift : 1), cv) }),
  )
  return { base: report(base, { commit: 'b'.repeat(40) }), head: report(head) }
}

const sameJob: CompareOptions = { ...DEFAULT_COMPARE, sameJob: true }
const unpaired: CompareOptions = { ...sameJob, pairRounds: false }
const judgeAt = (seed: number, look: number, slow: number, shift: number, cv = 0.05) => {
  const n = lookSizes(plan)[look - 1]
  const { base, head } = run(seed, n, slow, shift, cv)
  return compareReports(head, base, [], { ...sameJob, sequential: { look, plan } })
}

describe('needsMoreRounds', () => {
  it('asks for 5 more rounds while a metric is undecided with an estimate of at least the minimum effect', () => {
    const judged = judgeAt(11, 1, 1, 0.12)
    expect(judged.metrics[0].verdict).toBe('inconclusive')
    const next = needsMoreRounds(judged.metrics, 1, plan, DEFAULT_COMPARE)
    expect(next.more).toBe(true)
    expect(next.rounds).toBe(5)
    expect(next.metrics).toContain('bench/task-0/latency')
    expect(next.reason).toMatch(/: 5 more rounds a side \(look 1 of 4, 5 rounds a side\)$/)
  })

  it('asks no rounds for an undecided detail or context row: it can never fail the gate', () => {
    const judged = judgeAt(11, 1, 1, 0.12)
    const open = judged.metrics[0]
    expect(open.verdict).toBe('inconclusive')
    expect(needsMoreRounds([open], 1, plan, DEFAULT_COMPARE).more).toBe(true)
    for (const role of ['detail', 'context'] as const) {
      const next = needsMoreRounds([{ ...open, role }], 1, plan, DEFAULT_COMPARE)
      expect(next).toMatchObject({ more: false, metrics: [] })
    }
  })

  it('stops at the last look of the plan and names what is still undecided', () => {
    const base = Array.from({ length: 20 }, (_, i) => 100 + i)
    const undecided = {
      ...metric('bench/slow/latency', { samples: base.map((v) => v * 1.12) }),
      baseline: { value: 109.5, samples: base, commit: null },
      verdict: 'inconclusive' as const,
    }
    expect(needsMoreRounds([undecided], 3, plan, DEFAULT_COMPARE).more).toBe(true)
    expect(needsMoreRounds([undecided], 4, plan, DEFAULT_COMPARE)).toEqual({
      more: false,
      rounds: 0,
      metrics: ['bench/slow/latency'],
      reason:
        "1 timing metric still undecided at the plan's maximum of 20 rounds a side (bench/slow/latency +12 %)",
      notWorse: [],
    })
  })

  it('stops when every undecided metric rules out a slowdown of 2.5× the minimum effect (improvements count as not worse)', () => {
    const base = [100, 101, 102, 103, 104, 105]
    const judged = [
      {
        ...metric('bench/faster/latency', { samples: base.map((v) => v * 0.9) }),
        verdict: 'inconclusive' as const,
      },
      {
        ...metric('bench/same/latency', { samples: base.map((v) => v * 1.01) }),
        verdict: 'inconclusive' as const,
      },
      {
        ...metric('bench/done/latency', { samples: base.map((v) => v * 1.3) }),
        verdict: 'regressed' as const,
      },
      {
        ...metric('bench/ops/throughput', { better: 'higher', samples: base.map((v) => v * 1.2) }),
        verdict: 'inconclusive' as const,
      },
    ].map((m) => ({ ...m, baseline: { value: 102.5, samples: base, commit: null } }))
    const next = needsMoreRounds(judged, 1, plan, DEFAULT_COMPARE)
    expect(next).toEqual({
      more: false,
      rounds: 0,
      metrics: [],
      reason:
        'no timing metric could still become a regression (look 1 of 4, 5 rounds a side); 3 inconclusive ones ruled out a slowdown of 2.5× the minimum effect (+10 %) or more',
      notWorse: ['bench/faster/latency', 'bench/same/latency', 'bench/ops/throughput'],
    })
    // A metric 12 % slower asks for rounds, unless a threshold glob raises its minimum effect (to 25 %).
    const slower = { ...judged[1], id: 'bench/slower/latency', samples: base.map((v) => v * 1.12) }
    expect(needsMoreRounds([slower], 1, plan, DEFAULT_COMPARE).metrics).toEqual(['bench/slower/latency'])
    const lenient = { ...DEFAULT_COMPARE, thresholds: [{ pattern: 'bench/slower/*', rel: 0.1, abs: 0 }] }
    expect(needsMoreRounds([slower], 1, plan, lenient).more).toBe(false)
    // The reason gives each metric's own design effect (a preset's 20 % for TBT is +50 %, not +10 %).
    expect(needsMoreRounds([judged[1], slower], 1, plan, lenient).reason).toContain(
      '2 inconclusive ones ruled out a slowdown of 2.5× the minimum effect (+10 % to +25 %) or more',
    )
  })

  it('does not let a large slowdown go while the samples are too few to call it', () => {
    const base = [100, 104, 98, 101, 103]
    const slow = {
      ...metric('bench/slow/latency', { samples: [131, 128, 133, 129, 135] }),
      baseline: { value: 101, samples: base, commit: null },
      verdict: 'inconclusive' as const,
    }
    const next = needsMoreRounds([slow], 1, plan, DEFAULT_COMPARE)
    expect(next).toMatchObject({ more: true, rounds: 5, metrics: ['bench/slow/latency'], notWorse: [] })
  })

  it('tests each look at its nominal level: a p that passes a fixed design waits for a later look', () => {
    const base = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]
    const current = [104.5, 105.5, 106.5, 107.5, 108.5, 109.5, 110.5, 111.5, 112.5, 113.5]
    const judge = (sequential?: CompareOptions['sequential']) =>
      compareReports(
        report([metric('bench/a/latency', { samples: current })]),
        report([metric('bench/a/latency', { samples: base })], { commit: 'b'.repeat(40) }),
        [],
        { ...unpaired, ...(sequential ? { sequential } : {}) },
      ).metrics[0]
    const fixed = judge()
    expect(fixed.verdict).toBe('regressed')
    expect(fixed.change!.p).toBeGreaterThan(nominalAlpha(0.015, 2, plan))
    expect(fixed.change!.p).toBeLessThan(nominalAlpha(0.015, 4, plan))
    const early = judge({ look: 2, plan })
    expect(early.verdict).toBe('inconclusive')
    expect(early.reason).toMatch(/is not below 0\.00058 \(look 2 of 4 at alpha 0\.015\)$/)
    expect(judge({ look: 4, plan }).verdict).toBe('regressed')
  })

  it('a clearly harmless run stops at look 1 or 2, its timings unchanged or not worse', () => {
    for (const seed of [100, 200, 300, 400, 500]) {
      let look = 1
      for (; ; look++) {
        const judged = judgeAt(seed, look, 0, 0, 0.02)
        const next = needsMoreRounds(judged.metrics, look, plan, DEFAULT_COMPARE)
        if (next.more) continue
        expect(judged.metrics.some((m) => m.verdict === 'regressed')).toBe(false)
        const unchanged = judged.metrics.filter((m) => m.verdict === 'unchanged')
        expect(unchanged.length).toBeGreaterThanOrEqual(14)
        // Whatever is not `unchanged` was let go by the "not worse" stop, and says so in the reason.
        const rest = judged.metrics.filter((m) => m.verdict !== 'unchanged').map((m) => m.id)
        expect(next.notWorse).toEqual(rest)
        break
      }
      expect(look).toBeLessThanOrEqual(2)
    }
  })

  it('run as the runner will: a lone +10 % among 20 metrics is caught by sampling on; no change stops early', () => {
    const sequential = (seed: number, shift: number) => {
      for (let look = 1; ; look++) {
        const judged = judgeAt(seed, look, 1, shift)
        const next = needsMoreRounds(judged.metrics, look, plan, DEFAULT_COMPARE)
        if (!next.more) return { judged, n: lookSizes(plan)[look - 1] }
      }
    }
    let caught = 0
    let falseAlarms = 0
    let samples = 0
    for (let seed = 0; seed < 40; seed++) {
      const slowed = sequential(1000 + 100 * seed, 0.1)
      if (slowed.judged.metrics[0].verdict === 'regressed') caught++
      const quiet = sequential(9000 + 100 * seed, 0)
      falseAlarms += quiet.judged.metrics.filter((m) => m.verdict === 'regressed').length
      samples += quiet.n
    }
    expect(caught).toBeGreaterThanOrEqual(34)
    expect(falseAlarms).toBeLessThanOrEqual(4)
    expect(samples / 40).toBeLessThan(20)
  })
})
