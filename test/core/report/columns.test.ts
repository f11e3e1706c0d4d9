import { describe, expect, it } from 'vitest'
import { CI_WIDTH, outputWidth } from '../../../core/report/columns.js'
import { renderConsole } from '../../../core/report/console.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

describe('outputWidth', () => {
  it('takes the terminal’s width, else COLUMNS, else a CI log’s, else 100', () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, { COLUMNS: '80', CI: 'true' })).toBe(132)
    expect(outputWidth({ isTTY: false }, { COLUMNS: '80', CI: 'true' })).toBe(80)
    expect(outputWidth({}, { CI: 'true' })).toBe(CI_WIDTH)
    expect(outputWidth({}, { GITHUB_ACTIONS: 'true' })).toBe(CI_WIDTH)
    expect(outputWidth({}, { CI: 'false' })).toBe(100)
    expect(outputWidth({}, { COLUMNS: 'wide' })).toBe(100)
    expect(outputWidth({ isTTY: true, columns: 0 }, {})).toBe(100)
  })
})

describe('a CI log', () => {
  it('cuts no figure, reason or route', () => {
    const route = '/api/v1/organisations/:organisation/projects/:project/builds/:build/artifacts?include=all'
    const reason =
      'stored baseline from another job and under 5 base-branch runs to allow for drift: only a change of 2× or more is called; --ab would decide'
    const report = makeReport({
      commit: 'c'.repeat(40),
      baseCommit: 'b'.repeat(40),
      metrics: [
        makeMetric('bench/http/artifacts/latency-p50', 1234.5, {
          title: `artifacts (GET ${route}): median latency`,
          unit: 'ms',
          baseline: { value: 1000, commit: 'b'.repeat(40) },
          change: { abs: 234.5, rel: 0.2345 },
          verdict: 'inconclusive',
          reason,
        }),
        makeMetric('bundle/asset/assets/vendor-with-a-very-long-chunk-name-a1b2c3d4.js/brotli', 1_234_567, {
          title: 'assets/vendor-with-a-very-long-chunk-name-a1b2c3d4.js (brotli)',
          baseline: { value: 1_000_000, commit: 'b'.repeat(40) },
          change: { abs: 234_567, rel: 0.234567 },
          verdict: 'regressed',
        }),
      ],
    })
    const text = renderConsole(report, { width: outputWidth({}, { CI: 'true' }) })
    expect(text).not.toContain('…')
    expect(text).toContain(route)
    expect(text).toContain(reason)
    expect(text).toContain('1.23 MB')
    // A 100-column terminal still cuts.
    expect(renderConsole(report, { width: 100 })).toContain('…')
  })
})
