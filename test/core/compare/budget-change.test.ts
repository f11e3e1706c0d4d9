import { describe, expect, it } from 'vitest'
import { type JudgeOptions, judge } from '../../../core/compare/judge.js'
import { resolveConfig } from '../../../core/config/resolve.js'
import type { UserConfig } from '../../../core/config/types.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { parseReport } from '../../../core/model/validate.js'
import { median } from '../../../core/toolkit/stats.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const BASE = 'b'.repeat(40)
const lcp = (samples: number[]) =>
  makeMetric('lighthouse/home/lcp', median(samples), { unit: 'ms', samples, plugin: 'perfgate:lighthouse' })
const js = (value: number) => makeMetric('bundle/initial-js/gzip', value, { plugin: 'perfgate:bundle' })

async function judgeWith(
  current: Metric[],
  base: Metric[] | null,
  user: UserConfig = {},
  extra: Partial<JudgeOptions> = {},
): Promise<RunReport> {
  const { spa } = await import('../../../presets/spa.js')
  const config = await resolveConfig({ presets: [spa()], ...user }, { root: process.cwd(), configFile: null })
  const baseline = base === null ? null : makeReport({ commit: BASE, metrics: base })
  return judge(makeReport({ metrics: current }), baseline, {
    budgets: config.budgets,
    failOn: config.failOn,
    compare: config.compare,
    ...extra,
  })
}

const byId = (report: RunReport, id: string) => report.metrics.find((m) => m.id === id)!

describe('budgets judge the change', () => {
  it('a budget the baseline already exceeded, left alone by the change, is shown and does not fail', async () => {
    // main misses the spa preset's LCP ≤ 2.5 s; a harmless pull request moves it within the noise.
    const report = await judgeWith([lcp([5200, 5350, 5500])], [lcp([5250, 5300, 5400])])
    const m = byId(report, 'lighthouse/home/lcp')
    expect(m.verdict).toBe('inconclusive')
    expect(m.budget).toEqual({
      max: 2500,
      status: 'exceeded',
      source: 'preset:spa',
      base: { value: 5300, status: 'exceeded' },
      known: true,
    })
    expect(report.summary).toMatchObject({ overBudget: 0, verdict: 'pass' })
  })

  it('a sampled limit the base’s own rounds crossed is noise: past it now, with no regression called, it does not fail', async () => {
    // Within 2.5 s by its median, main's LCP crossed it in 2 of 6 rounds; the change's median is past it.
    const report = await judgeWith(
      [lcp([2450, 2520, 2560, 2540, 2480, 2600])],
      [lcp([2400, 2550, 2450, 2480, 2600, 2420])],
    )
    const m = byId(report, 'lighthouse/home/lcp')
    expect(m.verdict).not.toBe('regressed')
    expect(m.budget).toMatchObject({
      status: 'exceeded',
      base: { status: 'ok', roundsPast: { past: 2, of: 6 } },
      known: true,
    })
    expect(report.summary).toMatchObject({ overBudget: 0, verdict: 'pass' })
    const { knownOverBudgetText } = await import('../../../core/report/review.js')
    expect(knownOverBudgetText([m])).toContain('(≤ 2.5 s; the base past it in 2 of 6 rounds)')
    // One base round of six past the limit is not a quarter: the median's breach counts.
    const rare = await judgeWith(
      [lcp([2450, 2520, 2560, 2540, 2480, 2600])],
      [lcp([2400, 2450, 2450, 2480, 2600, 2420])],
    )
    expect(byId(rare, 'lighthouse/home/lcp').budget?.known).toBeUndefined()
    expect(rare.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
    // A push judges every breach.
    const push = await judgeWith(
      [lcp([2450, 2520, 2560, 2540, 2480, 2600])],
      [lcp([2400, 2550, 2450, 2480, 2600, 2420])],
      {},
      { everyBreach: true },
    )
    expect(push.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
  })

  it('fails when the change makes an over-budget figure worse, or breaks a budget the baseline kept', async () => {
    // 600 → 700 kB initial JS, over 500 kB before and after: a regression of an exact figure.
    const worse = await judgeWith([js(700_000)], [js(600_000)])
    expect(byId(worse, 'bundle/initial-js/gzip').verdict).toBe('regressed')
    expect(byId(worse, 'bundle/initial-js/gzip').budget).toMatchObject({
      status: 'exceeded',
      base: { value: 600_000, status: 'exceeded' },
    })
    expect(byId(worse, 'bundle/initial-js/gzip').budget?.known).toBeUndefined()
    expect(worse.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
    // 600 kB → 600.05 kB: under the size floor, unchanged, already over: not this change's doing.
    const same = await judgeWith([js(600_050)], [js(600_000)])
    expect(byId(same, 'bundle/initial-js/gzip').budget?.known).toBe(true)
    expect(same.summary.verdict).toBe('pass')
    // 490 → 510 kB: newly over.
    const broken = await judgeWith([js(510_000)], [js(490_000)])
    expect(byId(broken, 'bundle/initial-js/gzip').budget).toMatchObject({
      status: 'exceeded',
      base: { value: 490_000, status: 'ok' },
    })
    expect(broken.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
  })

  it('with no baseline, on the base branch or saving the baseline, every breach counts', async () => {
    const first = await judgeWith([js(600_050)], null)
    expect(byId(first, 'bundle/initial-js/gzip').budget).toEqual({
      max: 500_000,
      status: 'exceeded',
      source: 'preset:spa',
    })
    expect(first.summary.verdict).toBe('fail')
    const push = await judgeWith([js(600_050)], [js(600_000)], {}, { everyBreach: true })
    expect(byId(push, 'bundle/initial-js/gzip').budget).toMatchObject({
      status: 'exceeded',
      base: { value: 600_000, status: 'exceeded' },
    })
    expect(byId(push, 'bundle/initial-js/gzip').budget?.known).toBeUndefined()
    expect(push.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
  })

  it('budgetMode "absolute" and `absolute: true` make the config’s budgets fail whenever exceeded, never the presets’', async () => {
    const current = [js(600_050), lcp([5200, 5350, 5500])]
    const base = [js(600_000), lcp([5250, 5300, 5400])]
    const strict = await judgeWith(current, base, {
      budgetMode: 'absolute',
      budgets: { 'bundle/initial-js/gzip': { max: 550_000 } },
    })
    expect(byId(strict, 'bundle/initial-js/gzip').budget?.known).toBeUndefined()
    // The preset's LCP budget still judges the change.
    expect(byId(strict, 'lighthouse/home/lcp').budget?.known).toBe(true)
    expect(strict.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
    const one = await judgeWith(current, base, {
      budgets: {
        'bundle/initial-js/gzip': { max: 550_000, absolute: true },
        'lighthouse/*/lcp': { max: 3000 },
      },
    })
    expect(byId(one, 'bundle/initial-js/gzip').budget?.known).toBeUndefined()
    expect(byId(one, 'lighthouse/home/lcp').budget).toMatchObject({
      max: 3000,
      source: 'config',
      known: true,
    })
    expect(one.summary.overBudget).toBe(1)
  })

  it('in an A/B run, the base timed in this job is the base of a timing budget', async () => {
    // The stored record kept LCP under the limit; the base measured beside the change misses it too.
    const report = await judgeWith(
      [lcp([5200, 5350, 5500, 5300, 5400])],
      [lcp([2000, 2100, 2200])],
      {},
      {
        sameJob: { metrics: [lcp([5250, 5300, 5400, 5350, 5450])], commit: BASE },
      },
    )
    const m = byId(report, 'lighthouse/home/lcp')
    expect(m.baseline?.source).toBe('same-job')
    expect(m.budget).toMatchObject({ base: { value: 5350, status: 'exceeded' }, known: true })
    expect(report.summary.verdict).toBe('pass')
  })

  it('report.json keeps the base and known fields through validation (schemaVersion 1)', async () => {
    const report = await judgeWith([lcp([5200, 5350, 5500])], [lcp([5250, 5300, 5400])])
    const parsed = parseReport(JSON.parse(JSON.stringify(report)))
    expect(parsed.ok && byId(parsed.report, 'lighthouse/home/lcp').budget).toMatchObject({
      base: { value: 5300, status: 'exceeded' },
      known: true,
    })
  })
})

describe('a preset budget on a change cost is a guide', () => {
  // Every code change re-downloads the chunk it is in: the spa preset's update cost ≤ 500 kB would fail
  // every pull request of an app whose main chunk is 1 MB.
  const updateCost = (value: number) =>
    makeMetric('service-worker/update-cost', value, {
      plugin: 'perfgate:service-worker',
      role: 'change-cost',
    })

  it('is shown once as a warning and does not fail; the config’s own budget on it gates', async () => {
    const { renderMarkdown } = await import('../../../core/report/markdown.js')
    const guided = await judgeWith([updateCost(1_080_921)], [])
    expect(byId(guided, 'service-worker/update-cost').budget).toMatchObject({
      status: 'exceeded',
      source: 'preset:spa',
    })
    expect(guided.summary).toMatchObject({ verdict: 'pass', overBudget: 0 })
    const md = renderMarkdown(guided)
    expect(md).toContain(
      "Over a preset's guide budget (not failing; set it in your config's budgets to gate): service-worker/update-cost",
    )
    expect(md).not.toMatch(/budgets? exceeded/i)

    const gated = await judgeWith([updateCost(1_080_921)], [], {
      budgets: { 'service-worker/update-cost': { max: 500_000 } },
    })
    expect(gated.summary).toMatchObject({ verdict: 'fail', overBudget: 1 })
    expect(renderMarkdown(gated)).not.toContain('guide budget')
  })
})
