import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Result as LighthouseResult } from 'lighthouse'
import { beforeAll, describe, expect, it } from 'vitest'
import type { MetricInput } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { run } from '../../../core/run/run.js'
import { breakdownsOf } from '../../../plugins/lighthouse/breakdowns.js'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { requireChrome } from './chrome-helpers.js'

const SITE = fixture('lighthouse-breakdown-site')
const context = useTestContexts(SITE)
beforeAll(() => {
  requireChrome()
})

const sum = (metric: MetricInput | undefined) => (metric?.breakdown ?? []).reduce((s, p) => s + p.value, 0)

describe('Lighthouse breakdowns from real Chromium', () => {
  it('says what TBT, LCP, CLS and the transfer size of a page are made of, from its representative run', async () => {
    const { ctx } = context()
    const output = await lighthousePlugin({ staticDistDir: '.', urls: ['/'], runs: 2 }).collect(ctx)
    const byId = new Map(output.metrics?.map((m) => [m.id, m]))
    const closest = (id: string) => {
      const m = byId.get(id)!
      const samples = m.samples ?? []
      const mid = [...samples].sort((a, b) => a - b)[Math.floor((samples.length - 1) / 2)]
      return samples.reduce((best, s) => (Math.abs(s - mid) < Math.abs(best - mid) ? s : best), samples[0])
    }

    // TBT: the hashed module's start-up loop, keyed without its hash or the server's port, first. Its
    // parts use the metric's simulated task timings, so they add up to about the run's TBT.
    const tbt = byId.get('lighthouse/home/tbt')!
    expect(tbt.breakdown?.[0]).toMatchObject({ key: '/assets/app-*.js' })
    expect(tbt.breakdown?.[0].value).toBeGreaterThan(500)
    const tbtRun = tbt.samples!.find((s) => Math.abs(sum(tbt) - s) <= Math.max(50, s * 0.1))
    expect(tbtRun, `parts ${sum(tbt)} vs samples ${tbt.samples}`).toBeDefined()

    // LCP: four phases that add up to one run's LCP, each naming the element.
    const lcp = byId.get('lighthouse/home/lcp')!
    expect(lcp.breakdown?.map((p) => p.key)).toEqual(['ttfb', 'load-delay', 'load-time', 'render-delay'])
    expect(lcp.samples!.some((s) => Math.abs(s - sum(lcp)) < 1)).toBe(true)
    for (const part of lcp.breakdown ?? []) expect(part.label).toMatch(/ · \S/)

    // CLS: the late banner moved the content below it.
    const cls = byId.get('lighthouse/home/cls')!
    expect(closest('lighthouse/home/cls')).toBeGreaterThan(0)
    expect(cls.breakdown?.length).toBeGreaterThan(0)
    expect(cls.breakdown?.[0].key).toMatch(/body|p\.lead|img\.hero|h1/)
    expect(cls.breakdown?.[0].value).toBeGreaterThan(0)

    // Bytes: one part per resource, adding up to the transfer size.
    const bytes = byId.get('lighthouse/home/bytes')!
    const keys = bytes.breakdown?.map((p) => p.key)
    expect(keys).toEqual(expect.arrayContaining(['/', '/assets/app-*.js', '/hero.svg']))
    expect(bytes.samples).toContain(sum(bytes))
    // Metrics with no breakdown carry none.
    for (const name of ['score', 'fcp', 'si', 'requests'])
      expect(byId.get(`lighthouse/home/${name}`)?.breakdown, name).toBeUndefined()

    // The written report is the Lighthouse result the parts were read from: its audits ran (no
    // trace-engine error on this Chrome), and reading it again gives parts of the same keys.
    const lhr = JSON.parse(readFileSync(join(ctx.outDir, 'home.report.json'), 'utf8')) as LighthouseResult
    for (const id of ['largest-contentful-paint-element', 'layout-shifts', 'long-tasks'])
      expect(lhr.audits[id]?.errorMessage, id).toBeUndefined()
    expect(Object.keys(breakdownsOf(lhr)).sort()).toEqual(['bytes', 'cls', 'lcp', 'tbt'])

    // Savings: one part per failing audit of the written run, the audits its findings name, adding up to it.
    const savings = byId.get('lighthouse/home/savings')!
    expect(savings.role).toBe('detail')
    const audits = savings.breakdown?.map((p) => p.key) ?? []
    const named = new Set(output.findings?.map((f) => f.ruleId.replace('lighthouse/', '')))
    for (const id of audits) expect(named.has(id), id).toBe(true)
    expect(savings.value).toBeCloseTo(sum(savings), 6)
    expect(savings.samples).toBeUndefined()
  }, 150_000)
})

/** A page whose hashed module entry (`hash`) blocks the main thread `ms` at start-up. */
function site(dir: string, hash: string, ms: number): string {
  mkdirSync(join(dir, 'dist/assets'), { recursive: true })
  writeFileSync(
    join(dir, 'dist/index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Home</title><script type="module" src="/assets/app-${hash}.js"></script></head><body><h1>Home</h1><p>Same content on both sides.</p></body></html>\n`,
  )
  writeFileSync(
    join(dir, 'dist/assets', `app-${hash}.js`),
    `const end = performance.now() + ${ms}; while (performance.now() < end) {}\ndocument.querySelector('h1').textContent = 'Home (started)'\n`,
  )
  return dir
}

describe('perfgate run --ab-dir with Lighthouse breakdowns', () => {
  it('names the script whose start-up grew under the over-budget TBT, matched across content hashes', async () => {
    const tmp = tempDir('perfgate-why-lh-')
    try {
      // The planted cause: the head's entry blocks 500 ms at start-up, the base's 100 ms; new hashes each.
      const head = site(join(tmp.dir, 'head'), 'B3x9aK2f', 500)
      const base = site(join(tmp.dir, 'base'), 'Cq3M1xYz', 100)
      const result = await run({
        cwd: head,
        config: {
          plugins: [lighthousePlugin({ staticDistDir: 'dist', urls: ['/'], chromePath: requireChrome() })],
          budgets: { 'lighthouse/home/tbt': { max: 600 }, 'lighthouse/home/savings': { max: 200 } },
          ab: { plan: { min: 2, step: 1, max: 2 } },
        },
        ab: { dir: base },
        logger: createMemoryLogger(),
        progress: false,
        write: false,
      })
      const tbt = result.report.metrics.find((m) => m.id === 'lighthouse/home/tbt')!
      expect(tbt.baseline?.source).toBe('same-job')
      expect(tbt.budget?.status).toBe('exceeded')
      expect(tbt.why?.kind).toBe('diff')
      const first = tbt.why!.parts[0]
      expect(first).toMatchObject({ key: '/assets/app-*.js', status: 'changed' })
      expect(first.head).toBeGreaterThan(first.base ?? 0)
      // Most of the change is that script's.
      expect(first.delta / (tbt.value - (tbt.baseline?.value ?? 0))).toBeGreaterThan(0.8)
      const row = renderMarkdown(result.report)
        .split('\n')
        .find((l) => l.includes('Total Blocking Time'))!
      expect(row).toMatch(/<br><sub>↳ \/assets\/app-\\\*\.js \+[\d.,]+ (ms|s)<\/sub>/)
      // The audit-by-audit diff: the failing audits' savings, head against base, the grown one first.
      const savings = result.report.metrics.find((m) => m.id === 'lighthouse/home/savings')!
      expect(savings.budget?.status, JSON.stringify(savings.breakdown)).toBe('exceeded')
      const audit = savings.why?.parts.find((p) => p.key === 'bootup-time')
      expect(audit?.delta, JSON.stringify(savings.why)).toBeGreaterThan(0)
      expect(audit?.label).toBe('Reduce JavaScript execution time')
      expect(savings.why?.parts[0].delta).toBeGreaterThan(0)
    } finally {
      tmp.cleanup()
    }
  }, 240_000)
})
