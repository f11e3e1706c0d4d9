import { describe, expect, it } from 'vitest'
import {
  formatChange,
  formatDelta,
  formatDuration,
  formatValue,
  sortMetrics,
} from '../../../core/report/format.js'
import { makeMetric } from '../../helpers/reports.js'

describe('formatValue', () => {
  it('formats bytes 1000-based, as size-limit does', () => {
    expect(formatValue('bytes', 0)).toBe('0 B')
    expect(formatValue('bytes', 999)).toBe('999 B')
    expect(formatValue('bytes', 12_345)).toBe('12.3 kB')
    expect(formatValue('bytes', 182_340)).toBe('182 kB')
    expect(formatValue('bytes', 1_234_567)).toBe('1.23 MB')
    expect(formatValue('bytes/s', 1_234_567)).toBe('1.23 MB/s')
  })

  it('formats milliseconds, switching to seconds and minutes', () => {
    expect(formatValue('ms', 0.42)).toBe('0.42 ms')
    expect(formatValue('ms', 12.345)).toBe('12.3 ms')
    expect(formatValue('ms', 850)).toBe('850 ms')
    expect(formatValue('ms', 999.4)).toBe('999 ms')
    expect(formatValue('ms', 999.6)).toBe('1 s')
    expect(formatValue('ms', 1240)).toBe('1.24 s')
    expect(formatValue('ms', 12_345)).toBe('12.3 s')
    expect(formatValue('ms', 59_960)).toBe('1m')
    expect(formatValue('ms', 72_500)).toBe('1m 13s')
    expect(formatDuration(-120)).toBe('-120 ms')
  })

  it('formats percent, score, count, rates, ratio and bare numbers', () => {
    expect(formatValue('percent', 12.345)).toBe('12.3 %')
    expect(formatValue('percent', 100)).toBe('100 %')
    expect(formatValue('score', 92)).toBe('92')
    expect(formatValue('score', 87.5)).toBe('87.5')
    expect(formatValue('count', 1234)).toBe('1,234')
    expect(formatValue('count', 23)).toBe('23')
    expect(formatValue('req/s', 12_345.6)).toBe('12,346 req/s')
    expect(formatValue('ops/s', 850.25)).toBe('850 ops/s')
    expect(formatValue('ratio', 0.8234)).toBe('0.823')
    expect(formatValue('none', 0.021)).toBe('0.021')
    expect(formatValue('none', Number.NaN)).toBe('n/a')
  })
})

describe('formatChange', () => {
  it('shows the interval of sampled metrics', () => {
    const m = makeMetric('x', 1000, {
      verdict: 'unchanged',
      plugin: 'perfgate:bundle',
      unit: 'ms',
      change: { abs: 250, rel: 0.1232, ci: [0.041, 0.2024] },
    })
    expect(formatChange(m)).toBe('+12.3 % (+4.1…+20.2 %)')
    const down = makeMetric('x', 1000, {
      verdict: 'unchanged',
      plugin: 'perfgate:bundle',
      unit: 'ms',
      change: { abs: -58, rel: -0.2417, ci: [-0.3103, -0.0068] },
    })
    expect(formatChange(down)).toBe('-24.2 % (-31.0…-0.7 %)')
  })

  it('shows the absolute difference of exact metrics', () => {
    expect(
      formatChange(
        makeMetric('x', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          change: { abs: 11_120, rel: 0.0649 },
        }),
      ),
    ).toBe('+6.5 % (+11.1 kB)')
    expect(
      formatChange(
        makeMetric('x', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          unit: 'percent',
          change: { abs: -2.5, rel: -0.05 },
        }),
      ),
    ).toBe('-5.0 % (-2.5 pp)')
    expect(
      formatChange(
        makeMetric('x', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          change: { abs: 0, rel: 0 },
        }),
      ),
    ).toBe('0.0 %')
    expect(
      formatChange(
        makeMetric('x', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          change: { abs: 3, rel: 0.0004 },
        }),
      ),
    ).toBe('+0.04 % (+3 B)')
    expect(formatChange(makeMetric('x', 1000, { verdict: 'unchanged' }))).toBe('')
  })

  it('falls back to the absolute change when the relative one is undefined', () => {
    expect(
      formatChange(
        makeMetric('x', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          unit: 'count',
          change: { abs: 4, rel: Number.POSITIVE_INFINITY },
        }),
      ),
    ).toBe('+4')
    expect(formatDelta('score', -3)).toBe('-3')
  })
})

describe('sortMetrics', () => {
  it('puts regressions first (largest first), then broken budgets, improvements, inconclusive, new, unchanged', () => {
    const sorted = sortMetrics([
      makeMetric('unchanged', 1000, { verdict: 'unchanged' }),
      makeMetric('new', 1000, { verdict: 'new' }),
      makeMetric('improved', 1000, {
        plugin: 'perfgate:bundle',
        verdict: 'improved',
        change: { abs: -1, rel: -0.1 },
      }),
      makeMetric('small-regression', 1000, {
        plugin: 'perfgate:bundle',
        verdict: 'regressed',
        change: { abs: 1, rel: 0.05 },
      }),
      makeMetric('inconclusive', 1000, { verdict: 'inconclusive' }),
      makeMetric('over-budget', 1000, {
        verdict: 'unchanged',
        plugin: 'perfgate:bundle',
        budget: { max: 10, status: 'exceeded' },
      }),
      makeMetric('big-regression', 1000, {
        plugin: 'perfgate:bundle',
        verdict: 'regressed',
        change: { abs: 9, rel: 0.4 },
      }),
    ])
    expect(sorted.map((m) => m.id)).toEqual([
      'big-regression',
      'small-regression',
      'over-budget',
      'improved',
      'inconclusive',
      'new',
      'unchanged',
    ])
  })
})
