import { describe, expect, it } from 'vitest'
import { mergeReports } from '../../../core/run/merge.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

describe('mergeReports', () => {
  const shard = (
    index: number,
    metrics: ReturnType<typeof makeMetric>[],
    status: 'ok' | 'failed' | 'skipped' = 'ok',
  ) =>
    makeReport({
      shard: { index, total: 2 },
      plugins: [
        {
          name: 'perfgate:pages',
          status,
          durationMs: 100,
          ...(status === 'failed' ? { error: 'boom' } : {}),
        },
      ],
      metrics,
    })

  it('joins shards of one commit and recomputes the summary', () => {
    const merged = mergeReports([
      shard(1, [makeMetric('pages/a', 1, { verdict: 'regressed' })]),
      shard(2, [makeMetric('pages/b', 2, { budget: { max: 1, status: 'exceeded' } })]),
    ])
    expect(merged.shard).toBeUndefined()
    expect(merged.metrics.map((m) => m.id)).toEqual(['pages/a', 'pages/b'])
    expect(merged.plugins).toEqual([{ name: 'perfgate:pages', status: 'ok', durationMs: 200 }])
    expect(merged.summary).toMatchObject({ verdict: 'fail', regressions: 1, overBudget: 1 })
  })

  it('marks a plugin failed when any shard’s part failed', () => {
    const merged = mergeReports([shard(1, [], 'skipped'), shard(2, [], 'failed')])
    expect(merged.plugins[0]).toMatchObject({ status: 'failed', error: 'boom' })
    expect(merged.summary.errors).toBe(1)
  })

  it('refuses reports of different commits, naming them', () => {
    const other = makeReport({ commit: 'b'.repeat(40) })
    expect(() => mergeReports([makeReport(), other], 'regression', ['one.json', 'two.json'])).toThrow(
      /different commits: one\.json is a{40}, two\.json is b{40}/,
    )
  })

  it('refuses a duplicate shard', () => {
    expect(() => mergeReports([shard(1, []), shard(1, [])], 'regression', ['x.json', 'y.json'])).toThrow(
      /Duplicate shard 1\/2: x\.json and y\.json/,
    )
  })
})
