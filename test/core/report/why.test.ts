import { describe, expect, it } from 'vitest'
import { judge } from '../../../core/compare/judge.js'
import type { BreakdownPart, Metric, RunReport } from '../../../core/model/types.js'
import { renderConsole } from '../../../core/report/console.js'
import { renderHtml } from '../../../core/report/html/index.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { whyLines } from '../../../core/report/why.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const HOSTILE = '<img src=x onerror=alert(1)>|@octocat #12 \u001b[2J::error::x'

/** Initial JS grew: index-*.js +90 kB and a new chunk, a hostile file name, vendor shrank a little. */
function judged(): RunReport {
  const parts = (entries: Array<[string, number, Partial<BreakdownPart>?]>) =>
    entries.map(([key, value, more]) => ({ key, value, ...more }))
  const head = makeReport({
    metrics: [
      makeMetric('bundle/initial-js/brotli', 335_000, {
        title: 'Initial JavaScript (brotli -11)',
        breakdown: parts([
          ['assets/index-*.js', 190_000, { location: 'src/main.ts' }],
          ['assets/vendor-*.js', 95_000],
          ['assets/chart-*.js', 40_000],
          [HOSTILE, 10_000],
        ]),
      }),
      makeMetric('lighthouse/home/cls', 0.31, {
        title: 'Home · Cumulative Layout Shift',
        unit: 'none',
        breakdown: parts([
          ['main > img', 0.3, { label: '<img src="hero.png">' }],
          ['footer', 0.01],
        ]),
      }),
    ],
  })
  const base = makeReport({
    commit: 'b'.repeat(40),
    metrics: [
      makeMetric('bundle/initial-js/brotli', 200_000, {
        breakdown: parts([
          ['assets/index-*.js', 100_000],
          ['assets/vendor-*.js', 100_000],
        ]),
      }),
      // No breakdown stored for CLS (a record of an earlier perfgate): the head's largest parts.
      makeMetric('lighthouse/home/cls', 0.3, { unit: 'none' }),
    ],
  })
  return judge(head, base, {
    budgets: [{ pattern: 'lighthouse/home/cls', max: 0.1, source: 'config' }],
    failOn: 'regression',
  })
}

const byId = (report: RunReport, id: string) => report.metrics.find((m) => m.id === id) as Metric

describe('why lines', () => {
  it('name at most three parts that made it worse, biggest first, with new parts and locations', () => {
    const js = byId(judged(), 'bundle/initial-js/brotli')
    expect(js.verdict).toBe('regressed')
    expect(whyLines(js)).toEqual([
      { name: 'assets/index-*.js', amount: '+90 kB', location: 'src/main.ts' },
      { name: 'assets/chart-*.js', amount: '+40 kB', note: 'new' },
      { name: HOSTILE, amount: '+10 kB', note: 'new' },
    ])
    expect(whyLines(js, 1)).toHaveLength(1)
  })

  it('a regression made of parts too small to keep says so, not which parts are big (Nuxt: lodash in a 4.5 MB total of images)', () => {
    // 21 images of 100 kB kept unchanged; the growth is a package below the 20 largest parts.
    const images = Array.from({ length: 21 }, (_, i) => ({ key: `img-${i}.png`, value: 100_000 }))
    const withPart = (extra: number) => [
      ...images,
      { key: 'vue', value: 20_000 },
      { key: 'lodash', value: extra },
    ]
    const report = (commit: string, lodash: number) =>
      makeReport({
        commit,
        metrics: [makeMetric('bundle/total/brotli', 2_120_000 + lodash, { breakdown: withPart(lodash) })],
      })
    const judgedTotal = judge(report('a'.repeat(40), 24_500), report('b'.repeat(40), 0), {
      budgets: [],
      failOn: 'regression',
    })
    const total = byId(judgedTotal, 'bundle/total/brotli')
    expect(total.verdict).toBe('regressed')
    expect(total.why?.rest).toEqual({ delta: 24_500, parts: 3 })
    expect(whyLines(total)).toEqual([{ name: '3 smaller parts', amount: '+24.5 kB' }])
    expect(renderHtml(judgedTotal)).toContain(
      'The parts neither side kept (3 smaller parts now) changed by +24.5 kB.',
    )
    // No part moved it, not even the smaller ones: no line, rather than the biggest images.
    const why = total.why as NonNullable<Metric['why']>
    const unmoved = { ...why, rest: undefined, parts: why.parts.filter((p) => p.delta <= 0) }
    expect(unmoved.parts.length).toBeGreaterThan(0)
    expect(whyLines({ ...total, why: unmoved })).toEqual([])
  })

  it('over budget with no base breakdown, name the largest parts as they are', () => {
    const cls = byId(judged(), 'lighthouse/home/cls')
    expect(cls.budget?.status).toBe('exceeded')
    expect(cls.why?.kind).toBe('head')
    // footer (0.01) is under 5 % of the parts: left to report.html.
    expect(whyLines(cls)).toEqual([{ name: '<img src="hero.png">', amount: '0.3' }])
  })
})

describe('renderers', () => {
  it('the terminal shows the lines under the regression, made inert', async () => {
    const text = renderConsole(judged(), { width: 100 })
    expect(text).not.toContain('\u001b')
    const lines = text.split('\n')
    const at = lines.findIndex((l) => l.includes('Initial JavaScript'))
    expect(lines.slice(at + 1, at + 4).every((l) => l.startsWith('     ↳ '))).toBe(true)
    expect(lines[at + 4]).not.toContain('↳')
    expect(lines.some((l) => /^\s*::error::/.test(l))).toBe(false)
    await expect(text).toMatchFileSnapshot('./__snapshots__/why.console.txt')
  })

  it('the comment puts them in the regression’s cell, escaped', async () => {
    const md = renderMarkdown(judged())
    const row = md.split('\n').find((l) => l.includes('Initial JavaScript'))!
    expect(row).toContain('<br><sub>↳ assets/index-\\*.js +90 kB (src/main.ts)</sub>')
    expect(row).not.toContain('<img')
    expect(row).not.toContain('@octocat')
    // A pipe in a part's name would end the table cell.
    expect(row.split(/(?<!\\)\|/).length).toBe(
      md
        .split('\n')
        .find((l) => l.startsWith('| ---') || l.startsWith('| :--'))!
        .split('|').length,
    )
    await expect(md).toMatchFileSnapshot('./__snapshots__/why.md.snap')
  })

  it('report.html has the whole table of every explained metric, escaped', () => {
    const html = renderHtml(judged())
    const section = html.slice(
      html.indexOf('<h2 id="why">'),
      html.indexOf('<h2', html.indexOf('<h2 id="why">') + 1),
    )
    const js = section.slice(section.indexOf('data-id="bundle/initial-js/brotli"'))
    const keys = [...js.matchAll(/class="why-part" data-key="([^"]*)" data-status="(\w+)"/g)].map((m) => [
      m[1],
      m[2],
    ])
    // Every part, the offsetting one (vendor −5 kB) last.
    expect(keys.slice(0, 4)).toEqual([
      ['assets/index-*.js', 'changed'],
      ['assets/chart-*.js', 'new'],
      ['&lt;img src=x onerror=alert(1)&gt;|@octocat #12 \u001b[2J::error::x', 'new'],
      ['assets/vendor-*.js', 'changed'],
    ])
    expect(section).not.toContain('<img')
    expect(section).toContain('The baseline has no breakdown of this figure')
    expect(section).toContain('footer')
  })
})
