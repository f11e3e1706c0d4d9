import { summarize } from '../../core/compare/summary.js'
import type { HostFingerprint, Metric, PluginOutput, RunReport } from '../../core/model/types.js'
import { toReportEntries } from '../../core/run/metrics.js'

/** A plausible host for reports built in tests; spread it to change one field. */
export const TEST_HOST: HostFingerprint = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryBytes: 1e9,
  os: 'linux',
  arch: 'x64',
  node: 'v20',
  ci: { provider: null, runner: null },
  cpuQuota: null,
}

/**
 * A valid report: no plugins, metrics or findings unless given; its summary is counted from what is
 * given (as `failOn: 'regression'` would) unless a summary is given too. Pass what differs.
 */
export function makeReport(overrides: Partial<RunReport> = {}): RunReport {
  const report: Omit<RunReport, 'summary'> = {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.0.0-test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    commit: 'a'.repeat(40),
    branch: 'main',
    baseCommit: null,
    // A copy, so a test that mutates or freezes one report's host leaves the others alone.
    host: { ...TEST_HOST, ci: { ...TEST_HOST.ci } },
    plugins: [],
    metrics: [],
    findings: [],
    artifacts: [],
    ...overrides,
  }
  return { ...report, summary: overrides.summary ?? summarize(report, 'regression') }
}

/** A plugin's output as the runner would put it in a report (`commit` null unless given). */
export function pluginReport(plugin: string, output: PluginOutput, commit: string | null = null): RunReport {
  const { metrics, findings } = toReportEntries(`perfgate:${plugin}`, output, {
    pluginOutDir: `/o/${plugin}`,
    outDir: '/o',
  })
  return makeReport({ commit, metrics, findings })
}

/** A size metric of the plugin named by the id's first segment, verdict `new` unless given. */
export function makeMetric(id: string, value = 1000, overrides: Partial<Metric> = {}): Metric {
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
