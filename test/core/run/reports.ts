import type { Metric, RunReport } from '../../../core/model/types.js'

/** A minimal valid report for unit tests of runner pieces. */
export function makeReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.0.0-test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    commit: 'a'.repeat(40),
    branch: 'main',
    baseCommit: null,
    host: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryBytes: 1e9,
      os: 'linux',
      arch: 'x64',
      node: 'v20',
      ci: { provider: null, runner: null },
      cpuQuota: null,
    },
    plugins: [],
    metrics: [],
    findings: [],
    artifacts: [],
    summary: {
      verdict: 'pass',
      regressions: 0,
      improvements: 0,
      overBudget: 0,
      errors: 0,
      findings: { error: 0, warning: 0, info: 0 },
    },
    ...overrides,
  }
}

export function makeMetric(id: string, value: number, overrides: Partial<Metric> = {}): Metric {
  return {
    id,
    plugin: `perfgate:${id.split('/')[0]}`,
    title: id,
    unit: 'bytes',
    better: 'lower',
    value,
    verdict: 'new',
    ...overrides,
  }
}
