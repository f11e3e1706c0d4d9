/**
 * History dashboard benchmark: 1,000 records × 100 metrics (a third sampled, ten samples each; a few
 * planted steps; some runs on another CPU).
 *
 *   npx jiti test/bench/history.bench.ts [records] [metrics]
 *
 * Measures, in one run: building the series with change-point detection, rendering the page, the page's
 * size beside the records' own JSON (what a data.js dashboard ships), Chromium's time from navigation to
 * every chart drawn; and, end to end, reading the records through the real git store (a bare origin
 * over file://) and writing the page. Target: render under 2 s.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { createBaselineStore } from '../../core/baseline/index.js'
import type { HistoryRecord } from '../../core/history/index.js'
import { buildSeries, changePoints, renderHistory, writeHistory } from '../../core/history/index.js'
import type { Metric, RunReport } from '../../core/model/types.js'
import { createMemoryLogger } from '../../core/report/logger.js'
import { makeReport, TEST_HOST } from '../helpers/reports.js'

const RECORDS = Number(process.argv[2]) || 1000
const METRICS = Number(process.argv[3]) || 100
const run = promisify(execFile)
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
}
const git = async (cwd: string, args: string[]) =>
  (await run('git', args, { cwd, env: ENV, maxBuffer: 256 * 1024 * 1024 })).stdout.trim()

function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5
  }
}

const OTHER = { ...TEST_HOST, cpuModel: 'Other CPU', cores: 8 }
const rnd = random(1)

function metrics(i: number): Metric[] {
  const out: Metric[] = []
  for (let m = 0; m < METRICS; m++) {
    const sampled = m % 3 === 0
    // Every tenth metric steps up by 15 % at record 600.
    const level = (1000 + m * 37) * (m % 10 === 0 && i >= Math.floor(RECORDS * 0.6) ? 1.15 : 1)
    const samples = sampled ? Array.from({ length: 10 }, () => level * (1 + rnd() * 0.04)) : undefined
    out.push({
      id: `bench/metric-${m}/${sampled ? 'latency' : 'size'}`,
      plugin: 'perfgate:bench',
      title: `Metric ${m}`,
      unit: sampled ? 'ms' : 'bytes',
      better: 'lower',
      value: samples ? [...samples].sort((a, b) => a - b)[5] : Math.round(level),
      ...(samples ? { samples, timing: true } : { timing: false }),
      verdict: 'unchanged',
    })
  }
  return out
}

function report(commit: string, i: number): RunReport {
  return makeReport({
    createdAt: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
    commit,
    host: i % 50 === 7 ? OTHER : { ...TEST_HOST },
    plugins: [{ name: 'perfgate:bench', status: 'ok', durationMs: 1 }],
    metrics: metrics(i),
  })
}

const ms = (t: number) => `${t.toFixed(0)} ms`
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`

async function inChromium(file: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    const started = performance.now()
    await page.goto(`file://${file}`)
    await page.waitForSelector('html[data-charts-ready]', { state: 'attached', timeout: 60_000 })
    const wall = performance.now() - started
    const inPage = (await page.evaluate('performance.now()')) as number
    const firstPaint = (await page.evaluate(
      "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1",
    )) as number
    const charts = (await page.evaluate('window.perfgateCharts.length')) as number
    return { wall, inPage, firstPaint, charts, errors }
  } finally {
    await browser.close()
  }
}

/** Change-point accuracy: steps flagged in pure noise, and a +15 % step (2.6 σ) found within one record. */
function accuracy() {
  console.log('change points: false steps in noise / planted step found (15 %, 2.6 σ, at 60 %)')
  for (const n of [12, 30, 100, 1000]) {
    const trials = n >= 1000 ? 100 : 500
    let alarms = 0
    let found = 0
    for (let seed = 1; seed <= trials; seed++) {
      const noise = random(seed * 31 + n)
      alarms += changePoints(Array.from({ length: n }, () => 100 + noise() * 20)).length > 0 ? 1 : 0
      const at = Math.round(n * 0.6)
      const stepped = Array.from({ length: n }, (_, i) => (i < at ? 100 : 115) + noise() * 20)
      found += changePoints(stepped).some((s) => Math.abs(s.index - at) <= 1) ? 1 : 0
    }
    console.log(
      `  ${String(n).padStart(4)} records: ${((alarms / trials) * 100).toFixed(1)} % of noise series flagged, step found in ${((found / trials) * 100).toFixed(0)} %`,
    )
  }
}

async function main() {
  accuracy()
  const dir = await mkdtemp(join(tmpdir(), 'perfgate-history-bench-'))
  try {
    const shas = Array.from({ length: RECORDS }, (_, i) => i.toString(16).padStart(40, 'a'))
    const reports = shas.map((sha, i) => report(sha, i))
    const records: HistoryRecord[] = reports.map((r) => ({
      commit: r.commit!,
      createdAt: r.createdAt,
      host: r.host,
      metrics: r.metrics,
    }))
    const links = { commit: (s: string) => `https://github.com/o/r/commit/${s}`, compare: () => null }

    let t = performance.now()
    const data = buildSeries(records, { links, info: new Map() })
    const seriesMs = performance.now() - t
    t = performance.now()
    const html = renderHistory({ data, base: 'origin/main', store: 'bench', notes: [] })
    const renderMs = performance.now() - t
    const file = join(dir, 'index.html')
    await writeFile(file, html)
    const bytes = Buffer.byteLength(html)
    const gzip = gzipSync(html).length
    const rawJson = reports.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0)
    const steps = data.metrics.reduce((n, s) => n + s.steps.length, 0)
    const planted = data.metrics.filter((_, m) => m % 10 === 0).length
    const stepAt = Math.floor(RECORDS * 0.6)
    const rightPlace = data.metrics.filter(
      (s, m) => m % 10 === 0 && s.steps.some((st) => st.index === stepAt),
    ).length

    console.log(`${RECORDS} records × ${METRICS} metrics`)
    console.log(
      `  series + change points  ${ms(seriesMs)}   (${steps} steps; ${rightPlace}/${planted} planted found at record ${stepAt}; ${steps - rightPlace} elsewhere)`,
    )
    console.log(`  HTML render             ${ms(renderMs)}`)
    console.log(
      `  Node total              ${ms(seriesMs + renderMs)}   ${((seriesMs + renderMs) / 2000).toFixed(2)}× the 2 s budget`,
    )
    console.log(
      `  page size               ${kib(bytes)} (${kib(gzip)} gzipped); records' own JSON ${kib(rawJson)}: page/records ${(bytes / rawJson).toFixed(3)}×`,
    )
    const browser = await inChromium(file)
    console.log(
      `  Chromium to all ${browser.charts} charts drawn  ${ms(browser.wall)} wall, ${ms(browser.inPage)} since navigation; first paint ${ms(browser.firstPaint)}${browser.errors.length ? ` ERRORS ${browser.errors.join('; ')}` : ''}`,
    )

    // End to end through the real store: one save of every record, then `perfgate history`'s read and write.
    const origin = join(dir, 'origin.git')
    const project = join(dir, 'project')
    await git(dir, ['init', '-q', '--bare', '-b', 'main', origin])
    await git(origin, ['config', 'uploadpack.allowFilter', 'true'])
    await git(dir, ['init', '-q', '-b', 'main', project])
    const stream = shas
      .map(
        (_, i) =>
          `commit refs/heads/main\nmark :${i + 1}\ncommitter bench <b@e> ${1_700_000_000 + i * 60} +0000\ndata 6\nc ${String(i).padStart(3, '0')}\n${i ? `from :${i}\n` : ''}`,
      )
      .join('')
    await new Promise<void>((resolve, reject) => {
      const child = execFile('git', ['fast-import', '--quiet'], { cwd: project, env: ENV }, (e) =>
        e ? reject(e) : resolve(),
      )
      child.stdin?.end(stream)
    })
    const real = (await git(project, ['rev-list', '--reverse', 'main'])).split('\n')
    await git(project, ['remote', 'add', 'origin', `file://${origin}`])
    await git(project, ['push', '-q', 'origin', 'main'])
    await git(project, ['fetch', '-q', 'origin'])
    const config = {
      root: project,
      budgets: [],
      baseline: {
        store: 'git' as const,
        branch: 'perfgate-baselines',
        remote: 'origin',
        dir: '',
        base: null,
      },
    }
    t = performance.now()
    await createBaselineStore(config, { logger: createMemoryLogger() }).save(
      real.map((sha, i) => report(sha, i)),
    )
    const saveMs = performance.now() - t
    t = performance.now()
    const written = await writeHistory(config, {
      outDir: join(dir, 'e2e'),
      last: RECORDS,
      logger: createMemoryLogger(),
    })
    const e2eMs = performance.now() - t
    console.log(`  (setup: one save of ${RECORDS} records ${ms(saveMs)})`)
    console.log(
      `  end to end: read ${written.records} records from the git store + write the page  ${ms(e2eMs)} (${kib(written.bytes)})`,
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
