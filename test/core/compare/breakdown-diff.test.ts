import { describe, expect, it } from 'vitest'
import { breakdownOf, diffBreakdown, explainMetrics } from '../../../core/compare/breakdown-diff.js'
import { judge } from '../../../core/compare/judge.js'
import type { BreakdownPart, Metric } from '../../../core/model/types.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const part = (key: string, value: number, more: Partial<BreakdownPart> = {}): BreakdownPart => ({
  key,
  value,
  ...more,
})

describe('diffBreakdown', () => {
  it('orders parts by their contribution to a regression, worst first, offsets last, and marks new and gone', () => {
    const base = { parts: [part('/assets/vendor-*.js', 300), part('/', 40), part('/assets/old-*.js', 60)] }
    const head = {
      parts: [
        part('/assets/index-*.js', 790, { location: 'src/main.ts:1' }),
        part('/assets/vendor-*.js', 330),
        part('/', 40),
      ],
    }
    const why = diffBreakdown(head, base, 'lower')
    expect(why.kind).toBe('diff')
    expect(why.partial).toBeUndefined()
    expect(why.parts.map((p) => [p.key, p.delta, p.status])).toEqual([
      ['/assets/index-*.js', 790, 'new'],
      ['/assets/vendor-*.js', 30, 'changed'],
      ['/', 0, 'unchanged'],
      ['/assets/old-*.js', -60, 'gone'],
    ])
    expect(why.parts[0]).toMatchObject({ head: 790, location: 'src/main.ts:1' })
    expect(why.parts[0].base).toBeUndefined()
    expect(why.parts[3]).toMatchObject({ base: 60 })
    expect(why.parts[3].head).toBeUndefined()
  })

  it('puts the shift of unchanged parts’ shares (same basis) on the parts that changed', () => {
    // A package added to a compressed chunk: the file's bytes are shared anew, so react-is's and the
    // runtime's shares move although neither changed (the same rendered length on both sides).
    const base = {
      parts: [part('react-is', 1000, { basis: 6000 }), part('webpack/runtime', 1290, { basis: 3000 })],
    }
    const head = {
      parts: [
        part('react-is', 1353, { basis: 6000 }),
        part('webpack/runtime', 1758, { basis: 3000 }),
        part('dayjs', 1560, { basis: 7000 }),
      ],
    }
    const why = diffBreakdown(head, base, 'lower')
    expect(why.parts.map((p) => [p.key, p.status])).toEqual([
      ['dayjs', 'new'],
      ['react-is', 'unchanged'],
      ['webpack/runtime', 'unchanged'],
    ])
    // The deltas still add up to the figure's change, now all on dayjs.
    expect(why.parts.map((p) => Math.round(p.delta))).toEqual([1353 + 1758 + 1560 - (1000 + 1290), 0, 0])
    expect(why.parts[1]).toMatchObject({ head: 1353, base: 1000 })
  })

  it('shares the shift among several changed parts in proportion to their own change', () => {
    const base = {
      parts: [part('a', 100, { basis: 100 }), part('b', 100, { basis: 100 }), part('c', 100, { basis: 100 })],
    }
    const head = {
      parts: [part('a', 160, { basis: 150 }), part('b', 120, { basis: 110 }), part('c', 120, { basis: 100 })],
    }
    const why = diffBreakdown(head, base, 'lower')
    const delta = Object.fromEntries(why.parts.map((p) => [p.key, p.delta]))
    expect(delta.c).toBe(0)
    expect(delta.a).toBeCloseTo(60 + 20 * 0.75, 9)
    expect(delta.b).toBeCloseTo(20 + 20 * 0.25, 9)
  })

  it('keeps a basis only where every piece of a part has one', () => {
    expect(
      breakdownOf(
        makeMetric('x/y', 2, { breakdown: [part('a', 1, { basis: 2 }), part('a', 1, { basis: 3 })] }),
      )?.parts,
    ).toEqual([part('a', 2, { basis: 5 })])
    expect(
      breakdownOf(makeMetric('x/y', 2, { breakdown: [part('a', 1, { basis: 2 }), part('a', 1)] }))?.parts,
    ).toEqual([part('a', 2)])
  })

  it('orders the other way for a figure where higher is better', () => {
    const why = diffBreakdown(
      { parts: [part('a', 10), part('b', 50)] },
      { parts: [part('a', 30), part('b', 40)] },
      'higher',
    )
    expect(why.parts.map((p) => p.key)).toEqual(['a', 'b'])
  })

  it('keeps the largest changes either way when there are more parts than the cap, and counts the rest', () => {
    const base = { parts: Array.from({ length: 10 }, (_, i) => part(`p${i}`, 100)) }
    const head = { parts: Array.from({ length: 10 }, (_, i) => part(`p${i}`, 100 + (i - 5) * 10)) }
    const why = diffBreakdown(head, base, 'lower', 4)
    // Largest |delta|: p0 (-50), p9 (+40), p1 (-40), p8 (+30)…: kept, then ordered worst first.
    expect(why.parts.map((p) => [p.key, p.delta])).toEqual([
      ['p9', 40],
      ['p8', 30],
      ['p1', -40],
      ['p0', -50],
    ])
    expect(why.omitted).toBe(6)
  })

  it('does not call a part new or gone when the other side dropped its smaller parts', () => {
    const base = { parts: [part('big', 500)], omitted: { parts: 30, value: 120 } }
    const head = { parts: [part('big', 500), part('small', 9)] }
    const why = diffBreakdown(head, base, 'lower')
    expect(why.partial).toBe(true)
    expect(why.parts.find((p) => p.key === 'small')?.status).toBe('changed')
  })

  it('without a base breakdown gives the head’s largest parts as they are', () => {
    const why = diffBreakdown(
      { parts: [part('a', 700), part('b', 20)], omitted: { parts: 5, value: 3 } },
      undefined,
      'lower',
      1,
    )
    expect(why).toEqual({
      kind: 'head',
      parts: [{ key: 'a', head: 700, delta: 700, status: 'new' }],
      omitted: 6,
    })
  })
})

/** Ten samples a little either side of `value`. */
const around = (value: number) => Array.from({ length: 10 }, (_, i) => value + (i - 5) / 10)

describe('explainMetrics and judge', () => {
  const tbt = (value: number, breakdown: BreakdownPart[], more: Partial<Metric> = {}) =>
    makeMetric('lighthouse/home/tbt', value, { unit: 'ms', breakdown, ...more })

  it('explains regressed and over-budget metrics only, and drops a stale why', () => {
    const base = tbt(30, [part('/', 30)])
    const stale = { kind: 'head' as const, parts: [] }
    const metrics = explainMetrics(
      [
        tbt(850, [part('/', 30), part('/app.js', 820)], { verdict: 'regressed' }),
        { ...tbt(850, [part('/', 850)], { verdict: 'unchanged', why: stale }), id: 'x/unchanged' },
        {
          ...tbt(850, [part('/', 850)], { verdict: 'unchanged', budget: { max: 200, status: 'exceeded' } }),
          id: 'x/over',
        },
        { ...tbt(850, [], { verdict: 'regressed' }), id: 'x/empty' },
        { ...makeMetric('x/none', 9, { verdict: 'regressed' }) },
      ],
      (m) => (m.id === 'lighthouse/home/tbt' ? base : undefined),
    )
    expect(metrics[0].why?.parts[0]).toMatchObject({ key: '/app.js', delta: 820, status: 'new' })
    expect(metrics[1].why).toBeUndefined()
    expect(metrics[2].why?.kind).toBe('head')
    // Measured and empty: the why says so (no parts), rather than nothing.
    expect(metrics[3].why).toEqual({ kind: 'head', parts: [] })
    expect(metrics[4]).not.toHaveProperty('why')
  })

  it('diffs against the stored baseline’s breakdown, or in A/B against the base measured in this job', () => {
    const head = makeReport({
      metrics: [
        tbt(900, [part('/app.js', 880), part('/', 20)], { samples: around(900) }),
        makeMetric('bundle/initial-js/brotli', 200_000, { breakdown: [part('assets/index-*.js', 200_000)] }),
      ],
    })
    const stored = makeReport({
      commit: 'b'.repeat(40),
      metrics: [
        tbt(10, [part('/old.js', 10)], { samples: around(10) }),
        makeMetric('bundle/initial-js/brotli', 100_000, { breakdown: [part('assets/index-*.js', 100_000)] }),
      ],
    })
    const sameJob = [tbt(40, [part('/app.js', 20), part('/', 20)], { samples: around(40) })]
    const report = judge(head, stored, {
      budgets: [],
      failOn: 'regression',
      sameJob: { metrics: sameJob, commit: 'c'.repeat(40) },
    })
    const byId = new Map(report.metrics.map((m) => [m.id, m]))
    const t = byId.get('lighthouse/home/tbt')!
    expect(t.verdict).toBe('regressed')
    expect(t.baseline?.source).toBe('same-job')
    // Against the same-job base (app.js 20 → 880), not the stored one (old.js).
    expect(t.why?.parts.map((p) => [p.key, p.delta])).toEqual([
      ['/app.js', 860],
      ['/', 0],
    ])
    const js = byId.get('bundle/initial-js/brotli')!
    expect(js.verdict).toBe('regressed')
    expect(js.why?.parts).toEqual([
      { key: 'assets/index-*.js', head: 200_000, base: 100_000, delta: 100_000, status: 'changed' },
    ])
  })

  it('a stored record with more parts than the cap is capped before the diff', () => {
    const many = Array.from({ length: 50 }, (_, i) => part(`k${i}`, i + 1))
    const base = makeMetric('m', 1275, { breakdown: many })
    expect(breakdownOf(base)?.parts).toHaveLength(20)
    expect(breakdownOf(base)?.omitted).toEqual({ parts: 30, value: (30 * 31) / 2 })
    const why = diffBreakdown({ parts: [part('k0', 60)] }, breakdownOf(base), 'lower')
    // k0 is among the base's omitted parts: not new, only not kept there.
    expect(why.partial).toBe(true)
    expect(why.parts.find((p) => p.key === 'k0')?.status).toBe('changed')
  })
})
