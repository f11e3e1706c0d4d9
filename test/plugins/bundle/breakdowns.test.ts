import { appendFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeRecord } from '../../../core/baseline/records.js'
import { judge } from '../../../core/compare/judge.js'
import type { Metric, PluginOutput, RunReport } from '../../../core/model/types.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { whyLines } from '../../../core/report/why.js'
import { toReportEntries } from '../../../core/run/metrics.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import perfgate from '../../../plugins/bundle/vite.js'
import { makeReport } from '../../helpers/reports.js'
import { captureLogger, copyFixture, createTestContext } from './helpers.js'

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

/** A real Vite 8 build of the fixture app (with perfgate/vite's module data), after `change`. */
async function buildApp(change?: (dir: string) => void): Promise<string> {
  const copy = copyFixture('bundle-vite-app')
  cleanups.push(copy.cleanup)
  change?.(copy.dir)
  const vite = await import('vite')
  const { logger } = captureLogger()
  await vite.build({
    root: copy.dir,
    configFile: false,
    customLogger: logger,
    logLevel: 'silent',
    build: { outDir: 'dist', emptyOutDir: true },
    plugins: [perfgate({ cache: false, table: false })],
  })
  return copy.dir
}

async function collect(app: string, options: Record<string, unknown> = {}): Promise<PluginOutput> {
  const { ctx, cleanup } = createTestContext(app)
  cleanups.push(cleanup)
  const raw = await bundlePlugin({ dir: 'dist', cache: false, ...options }).collect(ctx)
  return validatePluginOutput('perfgate:bundle', raw)
}

function asReport(output: PluginOutput, commit: string): RunReport {
  const { metrics } = toReportEntries('perfgate:bundle', output, { pluginOutDir: '/o/bundle', outDir: '/o' })
  return makeReport({ commit, metrics })
}

const metric = (output: PluginOutput, id: string) => output.metrics?.find((m) => m.id === id)

let base: string
let head: string
beforeAll(async () => {
  base = await buildApp()
  // The planted cause: two npm packages pulled into the initial JavaScript by the entry.
  head = await buildApp((dir) =>
    appendFileSync(
      `${dir}/src/main.js`,
      "\nimport _ from 'lodash'\nimport uPlot from 'uplot'\nglobalThis.extras = [_.VERSION, uPlot.name]\n",
    ),
  )
}, 120_000)

describe('bundle breakdowns from a real Vite build', () => {
  it('share the initial JavaScript among npm packages and the app’s own modules, adding up to it', async () => {
    const output = await collect(base)
    const js = metric(output, 'bundle/initial-js/brotli')!
    const keys = js.breakdown?.map((p) => p.key) ?? []
    expect(keys).toContain('dayjs')
    expect(keys).toContain('src/main.js')
    expect(keys).toContain('src/shared.js')
    // dayjs is imported by the entry module: its location.
    expect(js.breakdown?.find((p) => p.key === 'dayjs')?.location).toBe('src/main.js')
    const sum = (js.breakdown ?? []).reduce((s, p) => s + p.value, 0)
    expect(Math.abs(sum - (js.value ?? 0))).toBeLessThanOrEqual(keys.length)
    // Each compression has its own, in its own bytes.
    const raw = metric(output, 'bundle/initial-js/raw')!
    expect((raw.breakdown ?? []).reduce((s, p) => s + p.value, 0)).toBeGreaterThan(sum)
    // The total: other files by path, hash masked; the lazy chunk by its modules.
    const total = metric(output, 'bundle/total/brotli')!
    const totalKeys = total.breakdown?.map((p) => p.key) ?? []
    expect(totalKeys).toContain('index.html')
    expect(totalKeys.some((k) => /^assets\/logo-\*\.png$/.test(k))).toBe(true)
    expect(totalKeys.some((k) => /^assets\/index-\*\.css$/.test(k))).toBe(true)
    expect(totalKeys).toContain('src/lazy.js')
    expect(metric(output, 'bundle/initial-css/brotli')?.breakdown?.[0].key).toMatch(/^assets\/index-\*\.css$/)
    // Detail rows carry none: the record stays small.
    expect(metric(output, 'bundle/js/brotli')?.breakdown).toBeUndefined()
  })

  it('add a few kilobytes to the baseline record of the app', async () => {
    const report = asReport(await collect(base), 'b'.repeat(40))
    const bare = {
      ...report,
      metrics: report.metrics.map(({ breakdown: _b, breakdownOmitted: _o, ...m }) => m),
    }
    const growth = serializeRecord(report).length - serializeRecord(bare).length
    // 9 headline sizes (3 groups × 3 compressions) of at most 20 parts each.
    expect(growth).toBeGreaterThan(0)
    expect(growth).toBeLessThan(12_000)
  })

  it('without module data, key each file by its path with the hash masked', async () => {
    const output = await collect(base, { viteData: false })
    const js = metric(output, 'bundle/initial-js/brotli')!
    expect(js.breakdown).toEqual([{ key: expect.stringMatching(/^assets\/index-\*\.js$/), value: js.value }])
  })

  it('name the planted packages first under the regression, new, with their sizes and the import', async () => {
    const before = asReport(await collect(base), 'b'.repeat(40))
    const after = asReport(await collect(head), 'a'.repeat(40))
    const judged = judge(after, before, { budgets: [], failOn: 'regression' })
    const js = judged.metrics.find((m) => m.id === 'bundle/initial-js/brotli') as Metric
    expect(js.verdict).toBe('regressed')
    const lines = whyLines(js)
    expect(
      lines
        .slice(0, 2)
        .map((l) => l.name)
        .sort(),
    ).toEqual(['lodash', 'uplot'])
    for (const line of lines.slice(0, 2)) {
      expect(line).toMatchObject({ note: 'new', location: 'src/main.js' })
      expect(line.amount).toMatch(/^\+\d+(\.\d+)? kB$/)
    }
    // Their shares add up to most of the change.
    const added = js
      .why!.parts.filter((p) => p.key === 'lodash' || p.key === 'uplot')
      .reduce((s, p) => s + p.delta, 0)
    expect(added / (js.change?.abs ?? 1)).toBeGreaterThan(0.9)
  })
})
