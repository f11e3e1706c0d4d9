import { describe, expect, it } from 'vitest'
import { applyBudgets } from '../../../core/compare/budgets.js'
import { summarize } from '../../../core/compare/summary.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

describe('applyBudgets', () => {
  const budgets = [
    { pattern: 'lighthouse/*/lcp', max: 2500, source: 'preset:spa' },
    { pattern: 'lighthouse/home/lcp', max: 1000, source: 'config' },
    { pattern: 'lighthouse/*/score', min: 90, source: 'preset:spa' },
  ]

  it('prefers an exact id over a glob and judges max and min', () => {
    const [home, about, score, other] = applyBudgets(
      [
        makeMetric('lighthouse/home/lcp', 1200),
        makeMetric('lighthouse/about/lcp', 1200),
        makeMetric('lighthouse/home/score', 89, { better: 'higher', unit: 'score' }),
        makeMetric('bundle/total/raw', 1e9),
      ],
      budgets,
    )
    expect(home.budget).toEqual({ max: 1000, status: 'exceeded', source: 'config' })
    expect(about.budget).toEqual({ max: 2500, status: 'ok', source: 'preset:spa' })
    expect(score.budget).toEqual({ min: 90, status: 'exceeded', source: 'preset:spa' })
    expect(other.budget).toBeUndefined()
  })

  it('takes the user’s budgets before the presets’, whatever is more specific', () => {
    const [disk] = applyBudgets(
      [makeMetric('host/disk/used', 91, { unit: 'percent', role: 'context' })],
      [
        { pattern: 'host/disk/used', max: 90, source: 'preset:api' },
        { pattern: 'host/*/used', max: 92, source: 'config' },
      ],
    )
    expect(disk.budget).toEqual({ max: 92, status: 'ok', source: 'config' })
  })
})

describe('summarize', () => {
  const report = makeReport({
    plugins: [{ name: 'perfgate:a', status: 'failed', durationMs: 1, error: 'x' }],
    metrics: [makeMetric('a/b', 1, { verdict: 'regressed' })],
    findings: [{ plugin: 'perfgate:a', ruleId: 'r', severity: 'error', message: 'm' }],
  })

  it('applies failOn', () => {
    expect(summarize(report, 'regression').verdict).toBe('fail')
    expect(summarize(report, 'budget').verdict).toBe('pass')
    expect(summarize(report, 'none').verdict).toBe('pass')
    expect(summarize({ ...report, metrics: [] }, 'any').verdict).toBe('fail')
    expect(summarize({ ...report, metrics: [], plugins: [], findings: [] }, 'any').verdict).toBe('pass')
    expect(summarize(report, 'regression')).toMatchObject({
      regressions: 1,
      errors: 1,
      findings: { error: 1 },
    })
  })
})
