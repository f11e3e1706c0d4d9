import { describe, expect, it } from 'vitest'
import { renderConsole } from '../../../core/report/console.js'
import { loadFixture, makeReport, metric } from './helpers.js'

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escape sequences
const ANSI = /\u001b\[/

describe('renderConsole', () => {
  it('renders the regression-report fixture', async () => {
    const text = renderConsole(loadFixture('regression-report'))
    expect(text).not.toMatch(ANSI)
    await expect(text).toMatchFileSnapshot('./__snapshots__/regression-report.console.txt')
  })

  it('colours only when asked, and keeps the words either way', () => {
    const report = loadFixture('regression-report')
    const coloured = renderConsole(report, { color: true })
    expect(coloured).toMatch(ANSI)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escape sequences
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderConsole(report, { color: false }))
  })

  it('puts regressions first and says which plugins failed', () => {
    const report = makeReport(
      [
        metric({ id: 'bundle/same' }),
        metric({ id: 'bundle/better', verdict: 'improved', change: { abs: -10, rel: -0.1 } }),
        metric({ id: 'bundle/fresh', verdict: 'new' }),
        metric({ id: 'bundle/worse', verdict: 'regressed', change: { abs: 10, rel: 0.1 } }),
        metric({ id: 'bundle/unsure', verdict: 'inconclusive', reason: 'measured on another CPU' }),
      ],
      [],
      {
        plugins: [
          { name: 'perfgate:bundle', status: 'ok', durationMs: 1500 },
          {
            name: 'perfgate:lighthouse',
            status: 'failed',
            durationMs: 30_000,
            error: 'Chrome did not start\nat line 2',
          },
        ],
      },
    )
    const text = renderConsole(report)
    const order = ['worse', 'better', 'unsure', 'fresh', 'same'].map((id) => text.indexOf(`bundle/${id} `))
    expect(order.every((pos) => pos > 0)).toBe(true)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(text).toContain('bundle/unsure: measured on another CPU')
    expect(text).toContain(
      '✖ perfgate:lighthouse  failed after 30 s\n    Chrome did not start\n    at line 2',
    )
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'FAIL  1 regression · 1 improvement · 1 inconclusive · 1 new · 1 unchanged',
    )
  })

  it('counts many unchanged metrics instead of listing them, unless asked', () => {
    const metrics = [
      metric({ id: 'bundle/worse', verdict: 'regressed' }),
      ...Array.from({ length: 6 }, (_, i) => metric({ id: `bundle/same-${i}` })),
    ]
    const report = makeReport(metrics)
    const short = renderConsole(report)
    expect(short).toContain('6 more metrics unchanged (not listed)')
    expect(short).not.toContain('bundle/same-0')
    const all = renderConsole(report, { showUnchanged: true })
    for (let i = 0; i < 6; i++) expect(all).toContain(`bundle/same-${i}`)
    expect(all).not.toContain('not listed')

    const quiet = renderConsole(makeReport(metrics.slice(1)))
    expect(quiet).toContain('all 6 metrics unchanged (not listed)')
    expect(quiet).toContain('PASS  no regressions · 6 unchanged')
  })

  it('wraps long titles to fit the terminal width, never the ids', () => {
    const report = makeReport([
      metric({
        id: 'lighthouse/checkout/lcp',
        plugin: 'perfgate:lighthouse',
        unit: 'ms',
        title: 'Largest Contentful Paint of the checkout page for a returning visitor on a slow phone',
        value: 2140,
        baseline: { value: 1890, commit: null },
        change: { abs: 250, rel: 0.132, ci: [0.081, 0.187] },
        verdict: 'regressed',
      }),
    ])
    const wide = renderConsole(report)
    expect(wide).toContain(
      'Largest Contentful Paint of the checkout page for a returning visitor on a slow phone',
    )
    const narrow = renderConsole(report, { width: 90 })
    const tableLines = narrow.split('\n').filter((line) => /^[┌│├└]/.test(line))
    expect(tableLines.length).toBeGreaterThan(4)
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(90)
    expect(narrow).toContain('  lighthouse/checkout/lcp')
  })

  it('describes the run in its header line', () => {
    const header = renderConsole(
      makeReport([], [], { baseCommit: null, shard: { index: 2, total: 3 } }),
    ).split('\n')[0]
    expect(header).toBe('perfgate 0.0.0-test · aaaaaaa (main) · no baseline · Test CPU (2 cores) · shard 2/3')
  })
})
