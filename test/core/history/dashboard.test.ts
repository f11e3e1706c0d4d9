import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBaselineStore } from '../../../core/baseline/index.js'
import { writeHistory } from '../../../core/history/index.js'
import type { RunReport } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { tempDir } from '../../helpers/paths.js'
import { gitConfig, isolateGit, makeWorld, type World, writeRawFile } from '../baseline/fixtures.js'
import { type BrowserHandle, launchBrowser, pngFacts, screenshots } from '../report/html/browser.js'
import { historyReport, noise } from './world.js'

const COMMITS = 30
const STEP_AT = 18
const OTHER_CPU = [4, 25]
const CORRUPT = 7

let world: World
let browser: BrowserHandle
const out = tempDir('perfgate-history-')

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(COMMITS)
  const random = noise(42)
  const reports = world.main.map((sha, i) =>
    historyReport(sha, i, { stepAt: STEP_AT, otherCpu: OTHER_CPU, random }),
  )
  const store = createBaselineStore(gitConfig(world.project), { logger: createMemoryLogger() })
  // Saved through the real store (one push), then one record overwritten with a broken file, as a bug might.
  await store.save(reports.filter((_, i) => i !== CORRUPT))
  const sha = world.main[CORRUPT]
  await writeRawFile(
    world.origin,
    'perfgate-baselines',
    `runs/${sha.slice(0, 2)}/${sha}.json`,
    '{"schemaVersion": 1, "tru',
  )
  browser = await launchBrowser()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await world?.cleanup()
  out.cleanup()
})

const config = (budgets: Array<{ pattern: string; max?: number; min?: number }> = []) => ({
  ...gitConfig(world.project),
  budgets: budgets.map((b) => ({ ...b, source: 'config' })),
})

interface ChartFacts {
  id: string
  x: number
  series: Record<string, number>
  steps: number[]
}

const CHART_FACTS = `window.perfgateCharts.map((c) => ({
  id: c.id, x: c.plot.data[0].length, steps: c.steps,
  series: Object.fromEntries(c.plot.series.slice(1).map((s, i) =>
    [s.label, c.plot.data[i + 1].filter((v) => v !== null && v !== undefined).length])),
}))`

describe('perfgate history dashboard', { timeout: 120_000 }, () => {
  it('charts the base branch’s records, marks the planted step at its commit, other CPUs, budgets and the PR', async () => {
    const dir = join(out.dir, 'full')
    const pr: RunReport = historyReport('f'.repeat(40), COMMITS, {
      stepAt: 0,
      otherCpu: [],
      random: noise(7),
    })
    process.env.GITHUB_REPOSITORY = 'acme/shop'
    const logger = createMemoryLogger()
    const written = await writeHistory(config([{ pattern: 'bundle/initial-js/*', max: 60_000 }]), {
      outDir: dir,
      last: 100,
      current: pr,
      logger,
    }).finally(() => delete process.env.GITHUB_REPOSITORY)

    const usable = COMMITS - 1
    expect(written).toMatchObject({ records: usable, metrics: 2 })
    expect(written.notes).toHaveLength(1)
    expect(written.notes[0]).toContain(world.main[CORRUPT])

    const { page, requests, errors, context } = await browser.open(written.file)
    expect(errors).toEqual([])
    expect(requests).toEqual([`file://${written.file}`])
    expect(await page.textContent('#notes')).toContain(world.main[CORRUPT])

    const charts = (await page.evaluate(CHART_FACTS)) as ChartFacts[]
    expect(charts.map((c) => c.id)).toEqual(['lighthouse/home/lcp', 'bundle/initial-js/brotli'])
    const lcp = charts[0]
    expect(lcp.x).toBe(usable + 1) // every record, then the pull request
    expect(lcp.series).toMatchObject({ value: usable - OTHER_CPU.length, 'other CPU': OTHER_CPU.length })
    expect(lcp.series).toMatchObject({ q1: usable, q3: usable, 'this PR': 1 })
    const size = charts[1]
    expect(size.series).toMatchObject({
      value: usable - OTHER_CPU.length,
      'other CPU': 2,
      'budget max': usable + 1,
    })

    // The step: one change point, between main's commits STEP_AT-1 and STEP_AT (commit CORRUPT is not charted).
    const commits = main(world).filter((_, i) => i !== CORRUPT)
    expect(lcp.steps).toEqual([commits.indexOf(world.main[STEP_AT])])
    expect(size.steps).toEqual([])
    const marked = await page.$$eval('#charts .change-point', (items) =>
      items.map((li) => [
        li.getAttribute('data-metric'),
        li.getAttribute('data-from'),
        li.getAttribute('data-to'),
      ]),
    )
    expect(marked).toEqual([['lighthouse/home/lcp', world.main[STEP_AT - 1], world.main[STEP_AT]]])
    const compare = await page.getAttribute('#charts .change-point a', 'href')
    expect(compare).toBe(
      `https://github.com/acme/shop/compare/${world.main[STEP_AT - 1]}...${world.main[STEP_AT]}`,
    )

    // A point links to its commit: clicking the chart at commit STEP_AT opens it.
    await context.route('https://github.com/**', (route) => route.fulfill({ body: 'commit page' }))
    const [x, y] = (await page.evaluate(`(() => {
      const u = window.perfgateCharts[0].plot
      const r = u.over.getBoundingClientRect()
      return [r.left + u.valToPos(${lcp.steps[0]}, 'x'), r.top + u.valToPos(u.data[1][${lcp.steps[0]}], 'y')]
    })()`)) as [number, number]
    const popup = context.waitForEvent('page')
    await page.mouse.move(x, y)
    await page.mouse.click(x, y)
    expect((await popup).url()).toBe(`https://github.com/acme/shop/commit/${world.main[STEP_AT]}`)
    expect(await page.textContent('#info-0')).toContain(world.main[STEP_AT].slice(0, 7))

    const png = await page.screenshot({ fullPage: true, path: join(screenshots(out.dir), 'history.png') })
    expect(pngFacts(png).bytes).toBeGreaterThan(20_000)
  })

  it('--last N charts the N newest records; --metrics picks ids by glob (detail rows too)', async () => {
    const written = await writeHistory(config(), {
      outDir: join(out.dir, 'last'),
      last: 10,
      metrics: ['bundle/**'],
      logger: createMemoryLogger(),
    })
    expect(written).toMatchObject({ records: 10, metrics: 2 })
    const { page, errors } = await browser.open(written.file)
    expect(errors).toEqual([])
    const charts = (await page.evaluate(CHART_FACTS)) as ChartFacts[]
    expect(charts.map((c) => [c.id, c.x])).toEqual([
      ['bundle/initial-js/brotli', 10],
      ['bundle/asset/app.js/brotli', 10],
    ])
    const html = readFileSync(written.file, 'utf8')
    expect(html).toContain(world.main[COMMITS - 1].slice(0, 7))
    expect(html).not.toContain(world.main[COMMITS - 12])
  })

  it('with no records yet, says so and how to save one', async () => {
    const empty = await makeWorld(2)
    try {
      const written = await writeHistory(
        { ...gitConfig(empty.project), budgets: [] },
        { outDir: join(out.dir, 'empty'), logger: createMemoryLogger() },
      )
      expect(written.records).toBe(0)
      const { page, errors } = await browser.open(written.file)
      expect(errors).toEqual([])
      const text = await page.textContent('#empty')
      expect(text).toContain('No baseline records yet')
      expect(text).toContain('perfgate run --save-baseline')
      expect(text).toContain('perfgate-baselines')
    } finally {
      await empty.cleanup()
    }
  })
})

function main(w: World): string[] {
  return w.main
}
