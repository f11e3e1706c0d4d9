import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Metric } from '../../../../core/model/types.js'
import { renderHtml } from '../../../../core/report/html/index.js'
import { tempDir } from '../../../helpers/paths.js'
import { makeMetric, makeReport } from '../../../helpers/reports.js'
import { loadFixture } from '../helpers.js'

const BASE = 'b'.repeat(40)

import { type BrowserHandle, launchBrowser, pngFacts, screenshots } from './browser.js'

let browser: BrowserHandle
const temp = tempDir('perfgate-html-')
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser.close()
  temp.cleanup()
})

function write(name: string, html: string): string {
  const file = join(temp.dir, name)
  writeFileSync(file, html)
  return file
}

interface ChartFacts {
  kind: string
  id: string
  series: number[]
  x: number
}

/** What each uPlot chart on the page holds: points per series (nulls left out). */
const CHART_FACTS = `window.perfgateCharts.map((c) => ({
  kind: c.kind, id: c.id, x: c.plot.data[0].length,
  series: c.plot.data.slice(1).map((s) => s.filter((v) => v !== null && v !== undefined).length),
}))`

describe('report.html in Chromium', { timeout: 60_000 }, () => {
  it('loads with no console error and no request but its own file, regressions first, one chart per sampled metric', async () => {
    const report = loadFixture('regression-report')
    const file = write('regression.html', renderHtml(report))
    const { page, requests, errors } = await browser.open(file)
    expect(errors).toEqual([])
    expect(requests).toEqual([`file://${file}`])

    expect(await page.textContent('#verdict')).toBe('Fail')
    const verdicts = await page.$$eval('tr.metric-row', (rows) =>
      rows.map((r) => r.getAttribute('data-verdict')),
    )
    const firstOther = verdicts.findIndex((v) => v !== 'regressed')
    expect(verdicts.slice(0, firstOther).length).toBe(report.summary.regressions)
    expect(verdicts.slice(firstOther)).not.toContain('regressed')
    // The interval of a sampled change is shown beside it.
    const lcp = report.metrics.find((m) => m.id === 'lighthouse/home/lcp')!
    expect(lcp.change?.ci).toBeDefined()
    expect(await page.textContent('tr[data-id="lighthouse/home/lcp"]')).toMatch(/\+8\.1…\+18\.7 %/)
    expect(await page.$$('tr[data-id="lighthouse/home/lcp"] .interval .ci')).toHaveLength(1)

    const charts = (await page.evaluate(CHART_FACTS)) as ChartFacts[]
    const sampled = report.metrics.filter((m) => (m.samples?.length ?? 0) >= 2)
    const strips = charts.filter((c) => c.kind === 'samples')
    expect(strips.map((c) => c.id).sort()).toEqual(sampled.map((m) => m.id).sort())
    for (const m of sampled) {
      const chart = strips.find((c) => c.id === m.id)!
      expect(chart.series).toEqual([m.baseline?.samples?.length ?? 0, m.samples!.length])
      expect(chart.x).toBe((m.baseline?.samples?.length ?? 0) + m.samples!.length)
    }

    // Findings keep their file:line; the Lighthouse report and the treemap are linked.
    const where = await page.$$eval('tr.finding td:last-child', (cells) => cells.map((c) => c.textContent))
    expect(where).toContain('deploy/nginx.conf:22:3')
    const links = await page.$$eval('a.artifact', (as) => as.map((a) => a.getAttribute('href')))
    expect(links).toContain('lighthouse/home.html')
    expect(links).toContain('bundle/treemap.html')

    const png = await page.screenshot({ fullPage: true, path: join(screenshots(temp.dir), 'regression.png') })
    const facts = pngFacts(png)
    expect(facts.width).toBe(1280)
    expect(facts.height).toBeGreaterThan(900)
    expect(facts.bytes).toBeGreaterThan(20_000)
  })

  it('shows the bundle by file type base beside head, and what changed per file', async () => {
    const sizes = (kind: string, head: number, base: number): Metric =>
      makeMetric(`bundle/${kind}/brotli`, 1000, {
        verdict: 'unchanged',
        plugin: 'perfgate:bundle',
        value: head,
        baseline: { value: base, commit: 'b'.repeat(40) },
      })
    const report = makeReport({
      baseCommit: BASE,
      metrics: [
        sizes('js', 120_000, 100_000),
        sizes('css', 20_000, 20_000),
        sizes('images', 50_000, 60_000),
        makeMetric('bundle/asset/assets/app.js/brotli', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          value: 90_000,
          baseline: { value: 70_000, commit: null },
        }),
        makeMetric('bundle/asset/assets/vendor.js/brotli', 1000, {
          verdict: 'unchanged',
          plugin: 'perfgate:bundle',
          value: 30_000,
          baseline: { value: 30_000, commit: null },
        }),
        makeMetric('bundle/asset/assets/new-chunk.js/brotli', 1000, { value: 4_000, verdict: 'new' }),
      ],
    })
    const { page, errors } = await browser.open(write('bundle.html', renderHtml(report)))
    expect(errors).toEqual([])
    const charts = (await page.evaluate(CHART_FACTS)) as ChartFacts[]
    const composition = charts.find((c) => c.id === 'chart-composition')!
    expect(composition).toMatchObject({ kind: 'bars', x: 3, series: [3, 3] })
    const files = await page.$$eval('tr.file-change td:first-child', (cells) =>
      cells.map((c) => c.textContent),
    )
    expect(files).toEqual(['assets/app.js', 'assets/new-chunk.js'])
  })

  it('renders untrusted plugin text as text: no element, no script, no link to javascript:', async () => {
    const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    const report = makeReport({
      baseCommit: BASE,
      metrics: [
        makeMetric('evil/</script><script>window.pwned=3</script>', 1000, {
          title: evil,
          unit: 'ms',
          samples: [1, 2, 3],
          baseline: { value: 2, samples: [2, 2, 3], commit: null },
          verdict: 'regressed',
          reason: evil,
          why: {
            kind: 'diff',
            parts: [
              {
                key: evil,
                label: evil,
                location: '"><b>f</b>',
                head: 3,
                base: 1,
                delta: 2,
                status: 'changed',
              },
            ],
            baseStacks: [{ frames: [evil], value: 1 }],
          },
          stacks: [{ frames: ['main', evil], value: 3 }],
        }),
      ],
      findings: [
        {
          plugin: 'evil',
          ruleId: 'evil/rule',
          severity: 'error',
          message: evil,
          file: '"><b>f</b>',
          line: 1,
          docs: 'javascript:window.pwned=4',
        },
      ],
      artifacts: [{ plugin: 'evil', kind: 'html-report', path: 'javascript:alert(1)' }],
    })
    const { page, errors, requests } = await browser.open(write('evil.html', renderHtml(report)))
    expect(errors).toEqual([])
    expect(requests).toHaveLength(1)
    expect(await page.evaluate('window.pwned')).toBeUndefined()
    expect(await page.$$('img, b, body script:not([type])')).toHaveLength(2) // uPlot and the page's script
    expect(await page.$$('a[href^="javascript:"]')).toHaveLength(0)
    expect(await page.textContent('tr.metric-row')).toContain(evil)
    // The breakdown's table (Why) holds the part's key, label and location as text.
    expect(await page.textContent('tr.why-part')).toContain(evil)
    expect(await page.textContent('tr.why-part')).toContain('"><b>f</b>')
    expect(await page.getAttribute('tr.why-part', 'data-key')).toBe(evil)
    // The flame graph holds its frames' names as text too (cut to the frame's width).
    expect(await page.textContent('figure.flame svg')).toContain('<img src=x')
  })

  it('draws a differential flame graph of a profiled regression: widths by time now, red where it grew', async () => {
    const report = makeReport({
      baseCommit: BASE,
      metrics: [
        makeMetric('bench/rows/parse/latency-p50', 9, {
          title: 'parse: median latency',
          unit: 'ms',
          samples: [9],
          baseline: { value: 2.7, samples: [2.7], commit: null },
          verdict: 'regressed',
          breakdown: [{ key: 'render src/a.js', value: 8.8 }],
          stacks: [
            { frames: ['main src/a.js', 'render src/a.js'], value: 8.8 },
            { frames: ['main src/a.js'], value: 0.2 },
          ],
          why: {
            kind: 'diff',
            parts: [{ key: 'render src/a.js', head: 8.8, base: 2, delta: 6.8, status: 'changed' }],
            baseStacks: [
              { frames: ['main src/a.js', 'render src/a.js'], value: 2 },
              { frames: ['main src/a.js'], value: 0.2 },
              { frames: ['main src/a.js', 'old src/a.js'], value: 0.5 },
            ],
          },
        }),
      ],
    })
    const { page, errors } = await browser.open(write('flame.html', renderHtml(report)))
    expect(errors).toEqual([])
    const frames = (await page.$$eval('figure.flame svg g', (groups) =>
      groups.map((g) => ({
        title: g.querySelector('title')?.textContent ?? '',
        fill: g.querySelector('rect')?.getAttribute('fill') ?? '',
        width: Number(g.querySelector('rect')?.getAttribute('width')),
        y: Number(g.querySelector('rect')?.getAttribute('y')),
      })),
    )) as Array<{ title: string; fill: string; width: number; y: number }>
    // all, main, render: the frame gone since the base (old) has no width now and is not drawn.
    expect(frames.map((f) => f.title.split('\n')[0])).toEqual(['all', 'main src/a.js', 'render src/a.js'])
    const render = frames[2]
    expect(render.width).toBeCloseTo((8.8 / 9) * 1200, 0)
    expect(render.y).toBeGreaterThan(frames[1].y)
    expect(render.title).toContain('baseline 2 ms')
    // Red (hue 0) at the largest change; the root's colour is not drawn from a change of its own.
    expect(render.fill).toMatch(/^hsl\(0 75% 55%\)$/)
    expect(await page.textContent('figure.flame figcaption')).toContain('Red: it took longer')
  })
})
