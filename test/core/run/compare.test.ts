import { describe, expect, it } from 'vitest'
import { compare } from '../../../core/index.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const BASE = 'b'.repeat(40)

describe('compare() from perfgate', () => {
  it('judges a report against a baseline report with the config’s thresholds and budgets', async () => {
    const current = makeReport({ metrics: [makeMetric('bundle/initial-js/brotli', 120_000)] })
    const baseline = makeReport({ commit: BASE, metrics: [makeMetric('bundle/initial-js/brotli', 100_000)] })
    const judged = await compare(current, baseline)
    expect(judged.report.metrics[0]).toMatchObject({ verdict: 'regressed', baseline: { value: 100_000 } })
    expect(judged.report.baseCommit).toBe(BASE)
    expect(judged.exitCode).toBe(1)
    const lenient = await compare(current, baseline, {
      config: { compare: { thresholds: { 'bundle/**': { rel: 0.25 } } }, failOn: 'budget' },
    })
    expect(lenient.report.metrics[0]?.verdict).toBe('unchanged')
    expect(lenient.exitCode).toBe(0)
  })

  it('judges budgets without a baseline, and rejects an invalid config naming the option', async () => {
    const current = makeReport({ metrics: [makeMetric('bundle/initial-js/brotli', 120_000)] })
    const first = await compare(current, null, {
      config: { budgets: { 'bundle/initial-js/brotli': { max: 100_000 } } },
    })
    expect(first.report.metrics[0]).toMatchObject({ verdict: 'new', budget: { status: 'exceeded' } })
    expect(first.exitCode).toBe(1)
    await expect(compare(current, null, { config: { failOn: 'sometimes' as never } })).rejects.toThrow(
      /failOn/,
    )
  })

  it('redacts the config’s redact values, and names an argument that is not a report', async () => {
    const secret = 'hunter2-compare-secret'
    const current = makeReport({
      metrics: [makeMetric('bundle/initial-js/brotli', 100, { title: `size for ${secret}` })],
    })
    const judged = await compare(current, null, { config: { redact: [secret] } })
    expect(JSON.stringify(judged.report)).not.toContain(secret)
    await expect(compare({ schemaVersion: 1 } as never, null)).rejects.toThrow(
      /compare\(\): current is not a perfgate report: /,
    )
    await expect(compare(current, { nope: true } as never)).rejects.toThrow(
      /baseline is not a perfgate report/,
    )
  })

  it('compare.history: 0 uses no history, as the run does', async () => {
    const id = 'bench/parse/latency'
    const timing = (value: number, commit = 'a'.repeat(40)) =>
      makeReport({ commit, metrics: [makeMetric(id, value, { unit: 'ms', timing: true })] })
    const history = [1000, 1010, 990, 1005, 995, 1002].map((v, i) => timing(v, String(i).padStart(40, '0')))
    const withNoise = await compare(timing(1100), timing(1000, BASE), { history })
    expect(withNoise.report.metrics[0]?.reason).toMatch(/over 6 earlier runs/)
    const none = await compare(timing(1100), timing(1000, BASE), {
      history,
      config: { compare: { history: 0 } },
    })
    expect(none.report.metrics[0]?.reason).toMatch(/fewer than 5 earlier runs/)
  })
})
