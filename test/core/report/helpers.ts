import { readFileSync } from 'node:fs'
import type { Finding, Metric, RunReport } from '../../../core/model/types.js'
import { parseReport } from '../../../core/model/validate.js'
import { makeReport as baseReport, TEST_HOST } from '../../helpers/reports.js'

/** A fixture report, checked against the report.json schema, with its version-dependent parts normalised. */
export function loadFixture(name: string): RunReport {
  const path = new URL(`./fixtures/${name}/report.json`, import.meta.url)
  const parsed = parseReport(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.ok) throw new Error(`fixture ${name} is not a valid report: ${parsed.reason}`)
  return { ...parsed.report, tool: { ...parsed.report.tool, version: '0.0.0-test' } }
}

export function metric(fields: Partial<Metric> & Pick<Metric, 'id'>): Metric {
  return {
    plugin: 'perfgate:bundle',
    title: fields.id,
    unit: 'bytes',
    better: 'lower',
    value: 1000,
    verdict: 'unchanged',
    ...fields,
  }
}

/** A small report around the given metrics and findings; the summary is counted from them. */
export function makeReport(
  metrics: Metric[],
  findings: Finding[] = [],
  extra: Partial<RunReport> = {},
): RunReport {
  const plugins = [...new Set([...metrics, ...findings].map((item) => item.plugin))].map((name) => ({
    name,
    status: 'ok' as const,
    durationMs: 1200,
  }))
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length
  const regressions = metrics.filter((m) => m.verdict === 'regressed').length
  const overBudget = metrics.filter((m) => m.budget?.status === 'exceeded').length
  return baseReport({
    createdAt: '2025-01-01T00:00:00.000Z',
    baseCommit: 'b'.repeat(40),
    host: { ...TEST_HOST, memoryBytes: 4e9, os: 'Linux' },
    plugins,
    metrics,
    findings,
    summary: {
      verdict: regressions || overBudget ? 'fail' : 'pass',
      regressions,
      improvements: metrics.filter((m) => m.verdict === 'improved').length,
      overBudget,
      errors: 0,
      findings: { error: count('error'), warning: count('warning'), info: count('info') },
    },
    ...extra,
  })
}
