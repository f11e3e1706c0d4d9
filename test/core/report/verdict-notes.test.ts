import { describe, expect, it } from 'vitest'
import { judge } from '../../../core/compare/judge.js'
import { resolveConfig } from '../../../core/config/resolve.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { renderConsole } from '../../../core/report/console.js'
import { formatChange } from '../../../core/report/format.js'
import { renderHtml } from '../../../core/report/html/index.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { median } from '../../../core/toolkit/stats.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const BASE = 'b'.repeat(40)
const page = (name: string, samples: number[], unit: Metric['unit'] = 'ms') =>
  makeMetric(`lighthouse/home/${name}`, median(samples), {
    title: `/ · ${name.toUpperCase()}`,
    unit,
    samples,
    plugin: 'perfgate:lighthouse',
  })

/** A harmless pull request of an app whose main misses the spa preset's LCP and TBT budgets, stored mode. */
async function harmlessOverBudget(): Promise<RunReport> {
  const { spa } = await import('../../../presets/spa.js')
  const config = await resolveConfig({ presets: [spa()] }, { root: process.cwd(), configFile: null })
  const head = [
    page('lcp', [5200, 5350, 5500]),
    page('fcp', [1900, 2000, 2050]),
    page('tbt', [900, 925, 990]),
    page('si', [2100, 2200, 2300]),
    page('requests', [31, 31, 31], 'count'),
  ]
  const base = [
    page('lcp', [5250, 5300, 5400]),
    page('fcp', [1950, 2000, 2010]),
    page('tbt', [880, 950, 1000]),
    page('si', [2150, 2200, 2250]),
    page('requests', [31, 31, 31], 'count'),
  ]
  return judge(
    makeReport({ metrics: head, plugins: [{ name: 'perfgate:lighthouse', status: 'ok', durationMs: 1 }] }),
    makeReport({ commit: BASE, metrics: base }),
    { budgets: config.budgets, failOn: config.failOn, compare: config.compare },
  )
}

describe('a stored run that cannot judge timings, on an app already over budget', () => {
  it('passes, and says both things once in the terminal', async () => {
    const report = await harmlessOverBudget()
    expect(report.summary).toMatchObject({ verdict: 'pass', overBudget: 0, regressions: 0 })
    const text = renderConsole(report, { width: 1000 })
    expect(text).toContain(
      "? Timings not judged: a stored baseline from another job cannot decide all 4 timing figures (3 samples a side); run A/B (--ab, the Action's default on pull requests) to judge them (--verbose lists them).",
    )
    expect(text).toContain(
      '▲ Already over budget on the base branch, not shown worse (not failing): lighthouse/home/lcp 5.35 s (≤ 2.5 s) · lighthouse/home/tbt 925 ms (≤ 200 ms)',
    )
    // No row per inconclusive metric, no "Over budget" table.
    expect(text).not.toMatch(/What changed|Over budget \(/)
    expect(text.match(/Timings not judged/g)).toHaveLength(1)
    // --verbose still lists every row.
    expect(renderConsole(report, { verbose: true, width: 1000 })).toMatch(/\/ · LCP .*inconclusive/)
  })

  it('the comment and job summary: one line each, the rows folded', async () => {
    const markdown = renderMarkdown(await harmlessOverBudget())
    expect(markdown).toContain(
      '🟡 Timings not judged: a stored baseline from another job cannot decide all 4',
    )
    expect(markdown).toContain('<details><summary>4 undecided timing figures</summary>')
    const folded = markdown.slice(markdown.indexOf('<details>'), markdown.indexOf('</details>'))
    expect(folded).toContain('| 🟡 | / · LCP')
    expect(folded).toContain('≤ 2.5 s ⚠️ over, as on the base')
    expect(markdown).toContain(
      '⚠️ Already over budget on the base branch, not shown worse (not failing): lighthouse/home/lcp 5.35 s (≤ 2.5 s) · lighthouse/home/tbt 925 ms (≤ 200 ms)',
    )
    expect(markdown).not.toContain('Over budget**')
  })

  it('report.html says both above the changes table and marks the budgets as the base’s', async () => {
    const html = renderHtml(await harmlessOverBudget())
    expect(html).toContain('Timings not judged: a stored baseline from another job cannot decide all 4')
    expect(html).toContain('Already over budget on the base branch, not shown worse (not failing)')
    expect(html).toContain('over, as on the base branch (5.3 s); not shown worse, not failing')
  })

  it('an A/B run or one with timings decided lists its rows as before', async () => {
    const report = await harmlessOverBudget()
    const ab = {
      ...report,
      metrics: report.metrics.map((m) =>
        m.baseline ? { ...m, baseline: { ...m.baseline, source: 'same-job' as const } } : m,
      ),
    }
    const text = renderConsole(ab, { width: 1000 })
    expect(text).not.toContain('Timings not judged')
    expect(text).toContain('What changed (4 undecided)')
  })
})

describe('a newly broken budget', () => {
  it('is listed as over budget and fails', async () => {
    const { spa } = await import('../../../presets/spa.js')
    const config = await resolveConfig({ presets: [spa()] }, { root: process.cwd(), configFile: null })
    const js = (value: number) =>
      makeMetric('bundle/initial-js/gzip', value, { title: 'Initial JS (gzip)', plugin: 'perfgate:bundle' })
    const report = judge(
      makeReport({ metrics: [js(520_000)] }),
      makeReport({ commit: BASE, metrics: [js(480_000)] }),
      {
        budgets: config.budgets,
        failOn: config.failOn,
      },
    )
    expect(report.summary).toMatchObject({ verdict: 'fail', overBudget: 1 })
    expect(renderConsole(report, { width: 100 })).not.toContain('Already over budget')
    expect(renderMarkdown(report)).toContain('≤ 500 kB ❌ over')
  })
})

describe('a change from zero', () => {
  it('shows the amount, never a percentage', () => {
    const tbt = makeMetric('lighthouse/home/tbt', 47, {
      unit: 'ms',
      samples: [45, 47, 51],
      baseline: { value: 0, samples: [0, 0, 0], commit: BASE },
      change: { abs: 47, rel: 1, ci: [110, 127.5] },
      verdict: 'regressed',
    })
    expect(formatChange(tbt)).toBe('+47 ms')
    const errors = makeMetric('bench/http/list/error-rate', 10, {
      unit: 'percent',
      baseline: { value: 0, commit: BASE },
      change: { abs: 10, rel: 1 },
      verdict: 'regressed',
    })
    expect(formatChange(errors)).toBe('+10 pp')
    const report = makeReport({ commit: 'c'.repeat(40), baseCommit: BASE, metrics: [tbt] })
    expect(renderConsole(report, { width: 100 })).toMatch(/0 ms\s+47 ms\s+\+47 ms\n/)
    expect(renderMarkdown(report)).toContain('| 0 ms | 47 ms | +47 ms |')
    const html = renderHtml(report)
    expect(html).toContain('<td class="num">+47 ms</td>')
    expect(html).not.toContain('class="interval"')
  })
})
