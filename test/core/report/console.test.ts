import { describe, expect, it } from 'vitest'
import { renderConsole } from '../../../core/report/console.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'
import { loadFixture } from './helpers.js'

const BASE = 'b'.repeat(40)

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escape sequences
const ANSI = /\u001b\[/

describe('renderConsole', () => {
  it('renders the regression-report fixture at 80 columns', async () => {
    const text = renderConsole(loadFixture('regression-report'), { width: 80 })
    expect(text).not.toMatch(ANSI)
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80)
    await expect(text).toMatchFileSnapshot('./__snapshots__/regression-report.console.txt')
  })

  it('colours only when asked, and keeps the words either way', () => {
    const report = loadFixture('regression-report')
    const coloured = renderConsole(report, { color: true })
    expect(coloured).toMatch(ANSI)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escape sequences
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderConsole(report, { color: false }))
  })

  it('says what changed first, biggest first, in one table; failed plugins never read as a pass', () => {
    const report = makeReport({
      baseCommit: BASE,
      metrics: [
        makeMetric('bundle/same', 1000, { verdict: 'unchanged', plugin: 'perfgate:bundle', title: 'Same' }),
        makeMetric('bundle/better', 1000, {
          plugin: 'perfgate:bundle',
          title: 'Better',
          verdict: 'improved',
          change: { abs: -10, rel: -0.1 },
        }),
        makeMetric('bundle/fresh', 1000, { title: 'Fresh', verdict: 'new' }),
        makeMetric('bundle/worse', 1000, {
          plugin: 'perfgate:bundle',
          title: 'Worse',
          verdict: 'regressed',
          change: { abs: 10, rel: 0.1 },
        }),
        makeMetric('bundle/worst', 1000, {
          plugin: 'perfgate:bundle',
          title: 'Worst',
          verdict: 'regressed',
          change: { abs: 50, rel: 0.5 },
        }),
        makeMetric('bundle/unsure', 1000, {
          plugin: 'perfgate:bundle',
          title: 'Unsure',
          verdict: 'inconclusive',
          reason: 'measured on another CPU',
        }),
      ],
      plugins: [
        { name: 'perfgate:bundle', status: 'ok', durationMs: 1500 },
        {
          name: 'perfgate:lighthouse',
          status: 'failed',
          durationMs: 30_000,
          error: 'Chrome did not start\nat line 2',
        },
      ],
      summary: {
        verdict: 'fail',
        regressions: 2,
        improvements: 1,
        overBudget: 0,
        errors: 1,
        findings: { error: 0, warning: 0, info: 0 },
      },
    })
    const text = renderConsole(report)
    expect(text.split('\n')[0]).toMatch(
      /^perfgate INCOMPLETE · 1 plugin failed, 2 regressions, 1 improvement/,
    )
    expect(text).toContain('✖ perfgate:lighthouse failed: Chrome did not start at line 2')
    expect(text).toContain('What changed (2 regressed, 1 improved, 1 undecided)')
    const order = ['Worst', 'Worse', 'Better', 'Unsure'].map((t) => text.indexOf(`  ${t} `))
    expect(order.every((pos) => pos > 0)).toBe(true)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(text).toContain('? Unsure: measured on another CPU')
    // Unchanged rows and ids are not listed without --verbose.
    expect(text).not.toContain('Same')
    expect(text).not.toContain('bundle/worse')
    const verbose = renderConsole(report, { verbose: true })
    expect(verbose).toContain('bundle/same')
  })

  it('puts raw, gzip and brotli of one thing on one row, and hides rows of zero', () => {
    const sizes = (prefix: string, title: string, values: [number, number, number], extra = {}) =>
      (['raw', 'gzip', 'brotli'] as const).map((e, i) =>
        makeMetric(`${prefix}/${e}`, 1000, {
          plugin: 'perfgate:bundle',
          title: `${title} (${e === 'raw' ? 'raw' : e === 'gzip' ? 'gzip -9' : 'brotli -11'})`,
          value: values[i],
          verdict: 'new',
          ...(e === 'brotli' ? {} : { role: 'detail' as const }),
          ...extra,
        }),
      )
    const report = makeReport({
      metrics: [
        ...sizes('bundle/initial-js', 'Initial JavaScript', [412_000, 140_000, 131_000]),
        ...sizes('bundle/initial-css', 'Initial CSS', [0, 0, 0]),
      ],
      baseCommit: null,
    })
    const text = renderConsole(report)
    const rows = text.split('\n').filter((l) => l.includes('Initial JavaScript'))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatch(/131 kB br\s+raw 412 kB · gzip 140 kB/)
    expect(text).not.toContain('Initial CSS')
    expect(text).toContain('Measured (1; no baseline yet)')
  })

  it('makes plugin text inert: no escape codes, no workflow commands, one line each', () => {
    const report = makeReport({
      baseCommit: BASE,
      metrics: [
        makeMetric('bench/x', 1000, {
          title: '\u001b[2J::error::pwned\nnext',
          verdict: 'regressed',
          change: { abs: 1, rel: 0.2 },
        }),
      ],
      findings: [
        {
          plugin: 'perfgate:bundle',
          ruleId: 'x/y',
          severity: 'error',
          message: '\n::add-mask::secret \u001b]8;;http://evil\u0007link\u001b]8;;\u0007',
        },
      ],
    })
    const text = renderConsole(report)
    expect(text).not.toMatch(ANSI)
    expect(text).not.toContain('\u001b')
    for (const line of text.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false)
    expect(text).not.toContain('::error::')
  })

  it('fits narrow terminals by shortening titles, and lists only the top rows of huge runs', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      makeMetric(`bench/t${i}/latency-p50`, 1000, {
        plugin: 'perfgate:bundle',
        title: `A rather long benchmark task title number ${i}`,
        unit: 'ms',
        verdict: 'regressed',
        baseline: { value: 10, commit: null },
        change: { abs: 1, rel: 0.1 + i / 1e5 },
      }),
    )
    const text = renderConsole(makeReport({ baseCommit: BASE, metrics: many }), { width: 60 })
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60)
    expect(text).toContain('… 4,988 more in report.md')
    expect(text.split('\n').length).toBeLessThan(40)
  })

  it('shortens a long `subject: figure` title in the subject, so rows of one task say which figure they are', () => {
    const title = (measure: string) => `slugify 500 titles (src/utils/strings/slug.bench.ts): ${measure}`
    const metrics = ['median latency', 'operations per second'].map((measure, i) =>
      makeMetric(`bench/slug/slugify/${i}`, 2, {
        plugin: 'perfgate:bench',
        title: title(measure),
        unit: 'ms',
        verdict: 'regressed',
        baseline: { value: 1, commit: null },
        change: { abs: 1, rel: 1 },
      }),
    )
    const text = renderConsole(makeReport({ baseCommit: BASE, metrics }), { width: 80 })
    const rows = text.split('\n').filter((line) => line.includes('slugify'))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatch(/^ {2}✖ {2}slugify 500 titles [^…]*…: median latency /)
    expect(rows[1]).toMatch(/^ {2}✖ {2}slugify 500 titles [^…]*…: operations per second /)
    for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(80)
  })
})

describe('a machine over its budget', () => {
  it('is one warning line in the terminal and the comment, and the run passes', async () => {
    const { judge } = await import('../../../core/compare/judge.js')
    const { renderMarkdown } = await import('../../../core/report/markdown.js')
    const cpu = makeMetric('host/cpu/busy', 100, {
      plugin: 'perfgate:host',
      title: 'CPU busy (1000 ms window)',
      unit: 'percent',
      role: 'context',
    })
    const report = judge(makeReport({ metrics: [cpu] }), makeReport({ commit: BASE, metrics: [cpu] }), {
      budgets: [{ pattern: 'host/cpu/busy', max: 80, source: 'preset:recommended' }],
      failOn: 'regression',
    })
    expect(report.summary.verdict).toBe('pass')
    const warning = 'Machine over budget, not the change (not failing): CPU busy 100 % (budget ≤ 80 %)'
    const text = renderConsole(report, { width: 100 })
    expect(text).toMatch(/^perfgate PASS/)
    expect(text.split('\n').filter((l) => l.includes(warning))).toEqual([`▲ ${warning}`])
    expect(text).not.toContain('Over budget')
    const markdown = renderMarkdown(report)
    expect(markdown.split('\n').filter((l) => l.includes(warning))).toEqual([`⚠️ ${warning}`])
    const { renderHtml } = await import('../../../core/report/html/index.js')
    expect(renderHtml(report)).toContain(
      '<span class="warn">over: the machine, not the change (not failing)</span>',
    )
  })
})

describe('every budget that fails the run is listed', () => {
  async function judged(
    metrics: ReturnType<typeof makeMetric>[],
    base: ReturnType<typeof makeMetric>[],
    budgets: Array<{ pattern: string; max: number; source: string }>,
  ) {
    const { judge } = await import('../../../core/compare/judge.js')
    return judge(makeReport({ metrics }), makeReport({ commit: BASE, metrics: base }), {
      budgets,
      failOn: 'regression',
    })
  }

  it('a detail row’s (the api preset’s average latency), even when it changed', async () => {
    const avg = (value: number) =>
      makeMetric('bench/http/home/latency-avg', value, {
        title: 'home: average latency',
        unit: 'ms',
        role: 'detail',
      })
    const report = await judged(
      [avg(1200)],
      [avg(500)],
      [{ pattern: 'bench/http/*/latency-avg', max: 1000, source: 'preset:api' }],
    )
    expect(report.summary.overBudget).toBe(1)
    const text = renderConsole(report, { width: 100 })
    expect(text).toMatch(/Over budget \(1\)\n.*\n\s+✖\s+home: average latency .*budget ≤ 1 s ✖/)
  })

  it('a size group’s member other than the gating one (the spa preset’s gzip budget beside brotli)', async () => {
    const sizes = (gzip: number) => [
      makeMetric('bundle/initial-js/gzip', gzip, { title: 'Initial JS (gzip)', role: 'detail' }),
      makeMetric('bundle/initial-js/brotli', 400_000, { title: 'Initial JS (brotli)' }),
    ]
    // Newly over: a budget the baseline already exceeded would be one line (budget-change.test.ts).
    const report = await judged(sizes(520_000), sizes(480_000), [
      { pattern: 'bundle/initial-js/gzip', max: 500_000, source: 'preset:spa' },
    ])
    expect(report.summary.overBudget).toBe(1)
    expect(renderConsole(report, { width: 100 })).toMatch(
      /Over budget \(1\)\n.*\n\s+✖\s+Initial JS \(gzip\) .*budget ≤ 500 kB ✖/,
    )
  })

  it('the config’s on a machine figure gates and is listed; a report from before budget.source warns', async () => {
    const up = makeMetric('host/service/api/up', 0, {
      title: 'api up',
      unit: 'count',
      better: 'higher',
      role: 'context',
    })
    const report = await judged([up], [up], [{ pattern: 'host/service/api/up', max: -1, source: 'config' }])
    expect(report.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
    expect(renderConsole(report, { width: 100 })).toMatch(/Over budget \(1\)\n.*\n\s+✖\s+api up /)
    const { summarize } = await import('../../../core/compare/summary.js')
    const old = {
      ...report,
      metrics: report.metrics.map((m) => ({ ...m, budget: { max: -1, status: 'exceeded' as const } })),
    }
    expect(summarize(old, 'regression')).toMatchObject({ overBudget: 0, verdict: 'pass' })
  })
})
