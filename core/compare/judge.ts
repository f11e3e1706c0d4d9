import type { FailOn, ResolvedBudget } from '../config/types.js'
import type { Metric, RunReport } from '../model/types.js'
import { formatBudgetLimit, formatValue } from '../report/format.js'
import { applyBudgets } from './budgets.js'
import { compareReports } from './compare-reports.js'
import type { CompareOptions } from './defaults.js'
import { DEFAULT_COMPARE } from './defaults.js'
import { markKnownFindings } from './findings.js'
import { applyRoles } from './roles.js'
import { summarize } from './summary.js'

export interface JudgeOptions {
  budgets: ResolvedBudget[]
  failOn: FailOn
  compare?: CompareOptions
  /** Earlier records of the base branch, for each metric's noise. */
  history?: RunReport[]
}

/**
 * The one judgement of a run, for `run`, `compare` and `perfgate/vite`: compare with the baseline (when
 * there is one), judge budgets, summarise.
 */
export function judge(
  current: Omit<RunReport, 'summary'>,
  baseline: RunReport | null,
  options: JudgeOptions,
): RunReport {
  const roles = options.compare?.roles ?? []
  const compared = compareReports(
    { ...current, metrics: applyRoles(current.metrics, roles), summary: undefined as never },
    baseline,
    options.history ?? [],
    options.compare ?? DEFAULT_COMPARE,
  )
  const { summary: _, ...rest } = compared
  const judged = {
    ...rest,
    metrics: applyBudgets(compared.metrics, options.budgets),
    findings: markKnownFindings(compared.findings, baseline),
  }
  return { ...judged, summary: summarize(judged, options.failOn) }
}

/** `bundle/initial-js/gzip 512 kB (max 500 kB)`: one exceeded budget, in the metric's unit. */
export function describeBudgetBreach(metric: Metric): string {
  if (!metric.budget) return `${metric.id} ${formatValue(metric.unit, metric.value)}`
  return `${metric.id} ${formatValue(metric.unit, metric.value)} (${formatBudgetLimit(metric.unit, metric.budget)})`
}
