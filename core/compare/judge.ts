import type { FailOn, ResolvedBudget } from '../config/types.js'
import type { Finding, Metric, RunReport } from '../model/types.js'
import { formatBudgetLimit, formatValue } from '../report/format.js'
import { explainMetrics } from './breakdown-diff.js'
import { applyBudgets } from './budgets.js'
import { compareReports } from './compare-reports.js'
import type { CompareOptions, SamplingPlan } from './defaults.js'
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
  /** The base measured in this job (A/B): the baseline of its timing metrics instead of the stored one. */
  sameJob?: SameJobBase
  /**
   * Every exceeded budget fails, whatever the baseline had: the run is on the base branch itself (a push)
   * or saves the baseline. Default false: a budget the baseline already exceeded fails only when this
   * change made the metric worse.
   */
  everyBreach?: boolean
}

/** What an A/B run measured on the base side. */
export interface SameJobBase {
  /** The base's timing metrics (joined samples); each one replaces the stored baseline of its id. */
  metrics: Metric[]
  /** The base's commit, when known. */
  commit: string | null
  /** This judgement is look `look` of `plan` (sequential sampling); omitted: a single fixed-size look. */
  sequential?: { look: number; plan: SamplingPlan }
  /** The base side's findings in this job: a head warning or note among them is not news (`known`). */
  findings?: Finding[]
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
  const withRoles = { ...current, metrics: applyRoles(current.metrics, roles), summary: undefined as never }
  const compared = options.sameJob
    ? compareWithSameJob(withRoles, baseline, options.sameJob, options)
    : compareReports(withRoles, baseline, options.history ?? [], options.compare ?? DEFAULT_COMPARE)
  const { summary: _, ...rest } = compared
  const budgeted = applyBudgets(compared.metrics, options.budgets, { everyBreach: options.everyBreach })
  // Each regressed or over-budget metric's breakdown is diffed with the one of the base it was compared with.
  const stored = new Map((baseline?.metrics ?? []).map((m) => [m.id, m]))
  const sameJob = new Map((options.sameJob?.metrics ?? []).map((m) => [m.id, m]))
  const judged = {
    ...rest,
    metrics: explainMetrics(budgeted, (m) =>
      m.baseline?.source === 'same-job' ? sameJob.get(m.id) : stored.get(m.id),
    ),
    findings: markKnownFindings(compared.findings, baseline, options.sameJob?.findings),
  }
  return { ...judged, summary: summarize(judged, options.failOn) }
}

/**
 * An A/B run: the timing metrics measured on both sides in this job are compared with the base's samples
 * (same host, so no CPU-model check; same job, so no history widening; one Benjamini–Hochberg family at the
 * look's nominal level); every other metric (sizes, plugins not sampled) with the stored baseline, as its
 * own family at alpha. Each compared metric's baseline says where it came from (`source`).
 */
function compareWithSameJob(
  current: RunReport,
  stored: RunReport | null,
  base: SameJobBase,
  options: JudgeOptions,
): RunReport {
  const compare = options.compare ?? DEFAULT_COMPARE
  const abIds = new Set(base.metrics.map((m) => m.id))
  const inAb = (m: Metric) => abIds.has(m.id)
  const storedPart = compareReports(
    { ...current, metrics: current.metrics.filter((m) => !inAb(m)) },
    stored,
    options.history ?? [],
    compare,
  )
  const abBaseline: RunReport = {
    ...current,
    commit: base.commit,
    metrics: base.metrics,
    findings: [],
    artifacts: [],
  }
  const abPart = compareSameJob({ ...current, metrics: current.metrics.filter(inAb) }, abBaseline, {
    ...compare,
    ...(base.sequential ? { sequential: base.sequential } : {}),
  })
  const byId = new Map<string, Metric>()
  for (const m of storedPart.metrics) byId.set(m.id, withSource(m, 'stored'))
  for (const m of abPart.metrics) byId.set(m.id, withSource(m, 'same-job'))
  return {
    ...storedPart,
    baseCommit: stored?.commit ?? base.commit,
    metrics: current.metrics.map((m) => byId.get(m.id) as Metric),
  }
}

/** Compares metrics with a base measured in this job: the statistics of one look of an A/B run. */
export function compareSameJob(current: RunReport, base: RunReport, compare: CompareOptions): RunReport {
  return compareReports(current, { ...base, host: current.host }, [], { ...compare, sameJob: true })
}

function withSource(metric: Metric, source: 'same-job' | 'stored'): Metric {
  return metric.baseline ? { ...metric, baseline: { ...metric.baseline, source } } : metric
}

/** `bundle/initial-js/gzip 512 kB (≤ 500 kB)`: one exceeded budget, in the metric’s unit. */
export function describeBudgetBreach(metric: Metric): string {
  if (!metric.budget) return `${metric.id} ${formatValue(metric.unit, metric.value)}`
  const past = metric.budget.base?.status === 'ok' ? metric.budget.base.roundsPast : undefined
  // Within the limit by its median, the base crossed it in some rounds: say so, it is why this is not failing.
  const base = past ? `; the base past it in ${past.past} of ${past.of} rounds` : ''
  return `${metric.id} ${formatValue(metric.unit, metric.value)} (${formatBudgetLimit(metric.unit, metric.budget)}${base})`
}
