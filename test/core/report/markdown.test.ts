import { describe, expect, it } from 'vitest'
import type { Finding, Metric } from '../../../core/model/types.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'
import { loadFixture } from './helpers.js'

const BASE = 'b'.repeat(40)

/** The text GitHub would parse as Markdown/HTML: code blocks and code spans removed (they render literally). */
function outsideCode(markdown: string): string {
  return markdown
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '')
}

/** Pipes that separate table cells (not escaped with a backslash). */
function cellSeparators(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length
}

function tableRows(markdown: string): string[][] {
  const tables: string[][] = []
  let current: string[] | null = null
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      if (!current) {
        current = []
        tables.push(current)
      }
      current.push(line)
    } else current = null
  }
  return tables
}

const HOSTILE_TITLES = [
  '<img src=x onerror=alert(1)>',
  '**bold** | pipe',
  '@octocat',
  '[x](javascript:alert(1))',
]

describe('renderMarkdown escaping', () => {
  const metrics: Metric[] = HOSTILE_TITLES.map((title, i) =>
    makeMetric(`bundle/hostile-${i}`, 1000, {
      plugin: 'perfgate:bundle',
      title,
      verdict: 'regressed',
      baseline: { value: 900, commit: null },
      change: { abs: 100, rel: 0.111 },
      reason: '<b>why</b> @team/perf',
    }),
  )
  const findings: Finding[] = [
    {
      plugin: 'perfgate:<script>alert(1)</script>',
      ruleId: 'rule|`id`',
      severity: 'error',
      message: 'see <a href="javascript:alert(1)">here</a>, **now**, cc @octocat\n# heading',
      file: 'src/@octocat/a|b`c.ts',
      line: 3,
    },
  ]
  const report = makeReport({
    baseCommit: BASE,
    metrics: metrics,
    findings: findings,
    branch: 'feat/`x`',
    plugins: [
      { name: 'perfgate:bundle', status: 'ok', durationMs: 10 },
      {
        name: 'perfgate:<script>alert(1)</script>',
        status: 'failed',
        durationMs: 10,
        error: 'boom <img src=x onerror=alert(1)> @octocat\n```\n<script>alert(2)</script>\n```',
      },
    ],
  })
  const markdown = renderMarkdown(report, { title: 'perf <b>gate</b>', marker: 'perfgate --> <script>' })
  const parsed = outsideCode(markdown)

  it('lets no HTML through except its own tags', () => {
    const tags = parsed.match(/<[^>]*>/g) ?? []
    const own = /^<(\/?(br|sub|details|summary)|!-- perfgate -&gt; &lt;script&gt; --)>$/
    expect(tags.filter((tag) => !own.test(tag))).toEqual([])
    expect(parsed).not.toMatch(/<img|<script|<a /)
    expect(parsed).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('keeps Markdown markup inert and table columns intact', () => {
    expect(parsed).not.toContain('**bold**')
    expect(parsed).toContain('\\*\\*bold\\*\\* \\| pipe')
    expect(parsed).not.toMatch(/(?<!\\)\[x\]/)
    expect(parsed).not.toMatch(/^# heading/m)
    for (const table of tableRows(markdown)) {
      const columns = cellSeparators(table[0])
      for (const row of table) expect(cellSeparators(row), row).toBe(columns)
    }
  })

  it('pings nobody', () => {
    expect(parsed).not.toMatch(/@[a-z]/i)
    expect(markdown).toContain('@\u200Doctocat')
    expect(markdown).toContain('@\u200Dteam/perf')
  })

  it('quotes rule ids and file names as code, whatever they contain', () => {
    expect(markdown).toContain('`` rule|`id` ``')
    expect(markdown).toContain('``src/@octocat/a|b`c.ts:3``')
    expect(markdown).toContain('`` feat/`x` ``')
  })
})

describe('renderMarkdown layout', () => {
  it('begins with a one-line verdict and puts what changed first, biggest first, in one table', () => {
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
          change: { abs: 90, rel: 0.9 },
        }),
        makeMetric('bundle/fresh', 1000, { title: 'Fresh', verdict: 'new' }),
        makeMetric('bundle/over', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          title: 'Over',
          budget: { max: 500, status: 'exceeded' },
        }),
      ],
    })
    const markdown = renderMarkdown(report)
    expect(markdown.split('\n')[0]).toBe(
      '### ❌ perfgate · Fail: 2 regressions, 1 budget exceeded, 1 improvement',
    )
    const order = ['Worst', 'Worse', 'Better', 'Over'].map((t) => markdown.indexOf(`| ${t} |`))
    expect(order.every((pos) => pos > 0)).toBe(true)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    // Unchanged figures are counted, not listed.
    expect(markdown).not.toContain('| Same |')
    expect(markdown.split('\n').length).toBeLessThan(20)
  })

  it('starts with the marker and links the run', () => {
    const markdown = renderMarkdown(
      makeReport({
        baseCommit: BASE,
        metrics: [makeMetric('a/b', 1000, { verdict: 'unchanged' })],
      }),
      {
        marker: 'perfgate:comment',
        runUrl: 'https://github.com/o/r/actions/runs/1 (x)',
      },
    )
    expect(markdown.startsWith('<!-- perfgate:comment -->\n### ✅ perfgate · Pass: no regressions\n')).toBe(
      true,
    )
    expect(markdown).toContain('[run](https://github.com/o/r/actions/runs/1%20%28x%29)')
    const linked = renderMarkdown(makeReport({ baseCommit: BASE, metrics: [] }), {
      links: [
        { label: 'HTML report', url: 'https://github.com/o/r/actions/runs/1/artifacts/9' },
        { label: 'history]', url: 'javascript:alert(1)' },
      ],
    })
    expect(linked).toContain(' · [HTML report](https://github.com/o/r/actions/runs/1/artifacts/9)')
    expect(linked).not.toContain('history')
    expect(
      renderMarkdown(makeReport({ baseCommit: BASE, metrics: [] }), { runUrl: 'javascript:alert(1)' }),
    ).not.toContain('javascript:')
    const fresh = makeReport({ metrics: [makeMetric('a/b', 1000, { verdict: 'new' })] })
    expect(renderMarkdown(fresh).split('\n')[0]).toBe(
      '### ✅ perfgate · Pass: no baseline yet, nothing to compare',
    )
  })

  it('never reads Pass when a plugin failed', () => {
    const report = makeReport({
      baseCommit: BASE,
      metrics: [makeMetric('a/b', 1000, { verdict: 'unchanged' })],
      plugins: [{ name: 'perfgate:lighthouse', status: 'failed', durationMs: 10, error: 'no Chrome' }],
      summary: {
        verdict: 'pass',
        regressions: 0,
        improvements: 0,
        overBudget: 0,
        errors: 1,
        findings: { error: 0, warning: 0, info: 0 },
      },
    })
    expect(renderMarkdown(report).split('\n')[0]).toBe('### ❌ perfgate · Incomplete: 1 plugin failed')
  })
})

describe('renderMarkdown length limit', () => {
  function bigReport() {
    const metrics: Metric[] = []
    for (let i = 0; i < 1500; i++) {
      const verdict = i % 10 === 0 ? 'regressed' : i % 10 === 1 ? 'improved' : 'unchanged'
      metrics.push(
        makeMetric(`bench/case-${String(i).padStart(4, '0')}/latency-p50`, 1000, {
          plugin: i % 2 ? 'perfgate:bench' : 'perfgate:bundle',
          title: `Parse variant ${String(i).padStart(4, '0')}`,
          unit: 'ms',
          value: 100 + i,
          baseline: { value: 100, commit: 'b'.repeat(40) },
          change: { abs: i, rel: i / 100, ci: [i / 200, i / 50] },
          verdict,
        }),
      )
    }
    const findings: Finding[] = Array.from({ length: 200 }, (_, i) => ({
      plugin: 'perfgate:bundle',
      ruleId: 'bundle/duplicate-package',
      severity: i % 3 === 0 ? 'error' : 'info',
      message: `package-${i} is bundled twice `.repeat(20),
      file: `dist/chunk-${i}.js`,
    }))
    return makeReport({ baseCommit: BASE, metrics: metrics, findings: findings })
  }

  const shownRows = (markdown: string) =>
    [...markdown.matchAll(/\| (Parse variant \d+) \|/g)].map((m) => m[1])

  it('stays under maxLength, keeps the biggest regressions and says how many rows it cut', () => {
    const report = bigReport()
    const full = renderMarkdown(report, { maxLength: Number.POSITIVE_INFINITY })
    expect(full.length).toBeGreaterThan(65_000)
    expect(full).not.toContain('left out')
    for (const maxLength of [65_000, 20_000, 5_000]) {
      const markdown = renderMarkdown(report, { maxLength })
      expect(markdown.length).toBeLessThanOrEqual(maxLength)
      expect(markdown).toMatch(/\d[\d,]* rows left out to stay under GitHub's length limit/)
      const shown = shownRows(markdown)
      // The biggest regression (variant 1490, +1490 %) is always kept first.
      expect(shown[0]).toBe('Parse variant 1490')
      expect(markdown.startsWith('### ❌ perfgate · Fail: 150 regressions')).toBe(true)
    }
  })

  it('uses 65,000 characters by default and survives a limit too small for anything', () => {
    const report = bigReport()
    expect(renderMarkdown(report).length).toBeLessThanOrEqual(65_000)
    const tiny = renderMarkdown(report, { maxLength: 120 })
    expect(tiny.length).toBeLessThanOrEqual(120)
    expect(tiny).toContain('cut to fit')
  })
})

describe('renderMarkdown snapshot', () => {
  it('renders the regression-report fixture', async () => {
    const markdown = renderMarkdown(loadFixture('regression-report'), {
      marker: 'perfgate',
      runUrl: 'https://github.com/acme/shop/actions/runs/123456789',
    })
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/regression-report.md.snap')
  })
})
