import { describe, expect, it } from 'vitest'
import { describeBudgetBreach, judge } from '../../../core/compare/judge.js'
import { resolveConfig } from '../../../core/config/resolve.js'
import type { UserConfig } from '../../../core/config/types.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

async function judgeWith(current: Metric[], base: Metric[], user: UserConfig = {}): Promise<RunReport> {
  const config = await resolveConfig(user, { root: process.cwd(), configFile: null })
  const baseline = makeReport({ commit: 'b'.repeat(40), metrics: base })
  return judge(makeReport({ metrics: current }), baseline, {
    budgets: config.budgets,
    failOn: config.failOn,
    compare: config.compare,
  })
}

const byId = (report: RunReport, id: string) => report.metrics.find((m) => m.id === id)!

describe('judge: what gets a verdict', () => {
  it('never calls a context figure regressed or improved; a preset’s budget on it warns, the config’s gates', async () => {
    const { api } = await import('../../../presets/api.js')
    const busy = [makeMetric('host/cpu/busy', 95, { unit: 'percent', role: 'context' })]
    // The api preset's CPU busy ≤ 80 %: a busy CI machine is not the change.
    const preset = await judgeWith(
      busy,
      [makeMetric('host/cpu/busy', 0.5, { unit: 'percent', role: 'context' })],
      {
        presets: [api()],
      },
    )
    const cpu = byId(preset, 'host/cpu/busy')
    expect(cpu.verdict).toBe('none')
    expect(cpu.baseline?.value).toBe(0.5)
    expect(cpu.budget).toMatchObject({ status: 'exceeded', source: 'preset:api' })
    expect(preset.summary).toMatchObject({ regressions: 0, improvements: 0, overBudget: 0, verdict: 'pass' })
    // Written in the config (a service that must be up, a machine figure the team gates on): it fails.
    const config = await judgeWith(busy, [], { budgets: { 'host/cpu/busy': { max: 50 } } })
    expect(byId(config, 'host/cpu/busy').budget).toMatchObject({ status: 'exceeded', source: 'config' })
    expect(config.summary).toMatchObject({ overBudget: 1, verdict: 'fail' })
  })

  it('never compares a change cost with the baseline’s own value', async () => {
    const report = await judgeWith(
      [makeMetric('bundle/cache/invalidated-bytes', 83_000, { role: 'change-cost' })],
      [makeMetric('bundle/cache/invalidated-bytes', 0, { role: 'change-cost' })],
    )
    const cost = byId(report, 'bundle/cache/invalidated-bytes')
    expect(cost.verdict).toBe('none')
    expect(cost.baseline).toBeUndefined()
    expect(report.summary.verdict).toBe('pass')
  })

  it('compares detail rows but counts only measured figures', async () => {
    const report = await judgeWith(
      [
        makeMetric('bundle/initial-js/brotli', 131_000),
        makeMetric('bundle/initial-js/gzip', 140_000, { role: 'detail' }),
        makeMetric('bundle/asset/assets/index.js/brotli', 131_000, { role: 'detail' }),
      ],
      [
        makeMetric('bundle/initial-js/brotli', 58_000),
        makeMetric('bundle/initial-js/gzip', 62_000, { role: 'detail' }),
        makeMetric('bundle/asset/assets/index.js/brotli', 58_000, { role: 'detail' }),
      ],
    )
    expect(report.metrics.map((m) => m.verdict)).toEqual(['regressed', 'regressed', 'regressed'])
    expect(report.summary.regressions).toBe(1)
  })

  it('lets the config change a role by id or glob', async () => {
    const report = await judgeWith(
      [
        makeMetric('host/load/1m', 4.8, { unit: 'none', role: 'context' }),
        makeMetric('bundle/js/brotli', 200_000, { role: 'detail' }),
      ],
      [
        makeMetric('host/load/1m', 1.2, { unit: 'none', role: 'context' }),
        makeMetric('bundle/js/brotli', 100_000, { role: 'detail' }),
      ],
      { compare: { roles: { 'host/load/*': 'measure', 'bundle/js/brotli': 'measure' } } },
    )
    expect(byId(report, 'host/load/1m').verdict).toBe('regressed')
    expect(report.summary.regressions).toBe(2)
  })
})

describe('judge: sizes', () => {
  it('keeps a 10-byte change of a small file under the size floor (a renamed hash inside HTML)', async () => {
    const report = await judgeWith(
      [makeMetric('bundle/html/brotli', 184), makeMetric('bundle/initial-js/brotli', 58_400)],
      [makeMetric('bundle/html/brotli', 174), makeMetric('bundle/initial-js/brotli', 58_000)],
    )
    expect(byId(report, 'bundle/html/brotli').verdict).toBe('unchanged')
    expect(byId(report, 'bundle/html/brotli').reason).toMatch(/below the absolute threshold 100/)
    // 400 B is above the floor but 0.69 % is above 0.5 % too: a real change.
    expect(byId(report, 'bundle/initial-js/brotli').verdict).toBe('regressed')
  })

  it('applies the floor only to bytes, and a glob threshold with abs replaces it', async () => {
    const report = await judgeWith(
      [makeMetric('bundle/chunks/count', 12, { unit: 'count' }), makeMetric('bundle/html/brotli', 184)],
      [makeMetric('bundle/chunks/count', 11, { unit: 'count' }), makeMetric('bundle/html/brotli', 174)],
      { compare: { thresholds: { 'bundle/html/*': { rel: 0.01, abs: 0 } } } },
    )
    expect(byId(report, 'bundle/chunks/count').verdict).toBe('regressed')
    expect(byId(report, 'bundle/html/brotli').verdict).toBe('regressed')
  })

  it('describes a budget breach in the metric’s unit', async () => {
    const report = await judgeWith([makeMetric('bundle/initial-js/gzip', 512_000)], [], {
      budgets: { 'bundle/initial-js/gzip': { max: 500_000 } },
    })
    expect(describeBudgetBreach(byId(report, 'bundle/initial-js/gzip'))).toBe(
      'bundle/initial-js/gzip 512 kB (≤ 500 kB)',
    )
  })
})

describe('judge: findings', () => {
  it('marks findings the baseline had too (hashes in file names aside) as known', () => {
    const finding = (file: string, message: string) => ({
      plugin: 'perfgate:bundle',
      ruleId: 'bundle/large-initial-dependency',
      severity: 'info' as const,
      message,
      file,
    })
    const baseline = makeReport({ findings: [finding('assets/index-D_6Ay_gG.js', 'react-dom adds 536 kB')] })
    const current = makeReport({
      findings: [
        finding('assets/index-BcnnhhJu.js', 'react-dom adds 540 kB'),
        { ...finding('assets/index-BcnnhhJu.js', 'lodash adds 72 kB'), ruleId: 'bundle/duplicate-package' },
      ],
    })
    const judged = judge(current, baseline, { budgets: [], failOn: 'regression' })
    expect(judged.findings.map((f) => f.known ?? false)).toEqual([true, false])
    expect(judge(current, null, { budgets: [], failOn: 'regression' }).findings.some((f) => f.known)).toBe(
      false,
    )
  })

  it('marks findings the A/B base also reported in this job as known, from its warnings and notes only', () => {
    const finding = (ruleId: string, severity: 'error' | 'warning' | 'info', message: string) => ({
      plugin: 'perfgate:lighthouse',
      ruleId,
      severity,
      message,
    })
    // Main-thread work near Lighthouse's 2 s threshold: the stored run on main passed the audit, the head's
    // first run failed it, and so did the base's in this job: not news of this change.
    const flicker = finding(
      'lighthouse/mainthread-work-breakdown',
      'warning',
      '/: Minimize main-thread work (2.1 s)',
    )
    const newAudit = finding(
      'lighthouse/unsized-images',
      'warning',
      '/: Image elements lack width and height',
    )
    const broken = finding('lighthouse/page-failed', 'error', '/about answered HTTP 500')
    const current = makeReport({ findings: [flicker, newAudit, broken] })
    const stored = makeReport({ commit: 'b'.repeat(40), findings: [] })
    const sameJob = {
      metrics: [],
      commit: 'b'.repeat(40),
      findings: [{ ...flicker, message: '/: Minimize main-thread work (2.0 s)' }, { ...broken }],
    }
    const judged = judge(current, stored, { budgets: [], failOn: 'regression', sameJob })
    expect(judged.findings.map((f) => [f.ruleId, f.known ?? false])).toEqual([
      ['lighthouse/mainthread-work-breakdown', true],
      ['lighthouse/unsized-images', false],
      // An error is judged against the stored baseline only, whatever the base side reported.
      ['lighthouse/page-failed', false],
    ])
    // Without a stored baseline (the first pull request), the same-job base alone decides.
    const first = judge(current, null, { budgets: [], failOn: 'regression', sameJob })
    expect(first.findings.map((f) => f.known ?? false)).toEqual([true, false, false])
  })

  it('keeps two unhashed files with a dash apart (one content-hash rule, the toolkit’s)', () => {
    const finding = (file: string) => ({
      plugin: 'perfgate:bundle',
      ruleId: 'bundle/unminified-js',
      severity: 'warning' as const,
      message: `${file} is not minified`,
      file,
    })
    // The old pattern here took `-component` and `-settings` (8+ word characters) for hashes: both files
    // became `assets/my.js`, so a new finding on my-settings.js was collapsed as the base's my-component.js.
    const baseline = makeReport({
      findings: [finding('assets/my-component.js'), finding('static/js/main.3f2a1b9c.js')],
    })
    const current = makeReport({
      findings: [
        finding('assets/my-settings.js'),
        finding('assets/my-component.js'),
        finding('static/js/main.9e8d7c6b.js'),
        finding('assets/date-settings.js'),
      ],
    })
    const judged = judge(current, baseline, { budgets: [], failOn: 'regression' })
    expect(judged.findings.map((f) => [f.file, f.known ?? false])).toEqual([
      ['assets/my-settings.js', false],
      ['assets/my-component.js', true],
      ['static/js/main.9e8d7c6b.js', true],
      ['assets/date-settings.js', false],
    ])
  })
})
