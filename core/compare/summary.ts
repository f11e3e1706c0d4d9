import type { FailOn } from '../config/types.js'
import type { Metric, RunReport, Summary } from '../model/types.js'
import { isNewBreach } from './budgets.js'
import { counts } from './roles.js'

/**
 * `regression` (default): regressions and exceeded budgets fail the run (not a budget the baseline already
 * exceeded and this change did not make worse: `budget.known`). `budget`: only budgets.
 * `any`: also plugin errors and error-level findings. `none`: never fails (exit 0 unless the tool fails).
 */
export function summarize(report: Omit<RunReport, 'summary'>, failOn: FailOn): Summary {
  const regressions = report.metrics.filter((m) => m.verdict === 'regressed' && counts(m)).length
  const improvements = report.metrics.filter((m) => m.verdict === 'improved' && counts(m)).length
  const overBudget = report.metrics.filter(
    (m) => isNewBreach(m) && !isMachineWarning(m) && !isPresetChangeCostGuide(m),
  ).length
  const errors = report.plugins.filter((p) => p.status === 'failed').length
  const findings = { error: 0, warning: 0, info: 0 }
  for (const f of report.findings) findings[f.severity]++
  const fails: Record<FailOn, boolean> = {
    regression: regressions > 0 || overBudget > 0,
    budget: overBudget > 0,
    any: regressions > 0 || overBudget > 0 || errors > 0 || findings.error > 0,
    none: false,
  }
  return { verdict: fails[failOn] ? 'fail' : 'pass', regressions, improvements, overBudget, errors, findings }
}

/**
 * A preset's default budget on the machine (CPU busy ≤ 80 % on a busy CI runner) is not the change: shown
 * as a warning, never failing. One the user wrote (the config's, perfgate/vite's) on a context figure (a
 * service up) gates. Reports from before `source` existed count as presets'.
 */
export function isMachineWarning(metric: Pick<Metric, 'role' | 'budget'>): boolean {
  if (metric.role !== 'context' || metric.budget?.status !== 'exceeded') return false
  const source = metric.budget.source
  return source === undefined || source.startsWith('preset:')
}

/** The summary of a run with nothing judged yet: passing, every count zero. */
export function emptySummary(): Summary {
  return {
    verdict: 'pass',
    regressions: 0,
    improvements: 0,
    overBudget: 0,
    errors: 0,
    findings: { error: 0, warning: 0, info: 0 },
  }
}

export const EXIT = { pass: 0, fail: 1, usage: 2, error: 3, interrupted: 130 } as const

/** 3 when a plugin failed (the measurement is incomplete), else 1 on a failing verdict, else 0. */
export function exitCodeFor(summary: Summary): number {
  if (summary.errors > 0) return EXIT.error
  return summary.verdict === 'fail' ? EXIT.fail : EXIT.pass
}

/**
 * A preset's default budget on a change cost (the spa preset's `service-worker/update-cost` ≤ 500 kB) is a
 * guide, shown as a warning and never failing: every code change re-downloads the chunk it is in, so in an
 * app whose main chunk is over the limit it would fail every pull request, however harmless, and the
 * preset cannot know whether that chunk's size is the team's choice. The config's own budget on it gates.
 */
export function isPresetChangeCostGuide(metric: Pick<Metric, 'role' | 'budget'>): boolean {
  if (metric.role !== 'change-cost' || metric.budget?.status !== 'exceeded') return false
  const source = metric.budget.source
  return source === undefined || source.startsWith('preset:')
}
