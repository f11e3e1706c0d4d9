import picomatch from 'picomatch'
import type { ResolvedBudget } from '../config/types.js'
import type { Budget, Metric } from '../model/types.js'

export interface BudgetOptions {
  /**
   * Every exceeded budget fails, whatever the baseline had: a push to the base branch, a run that saves
   * the baseline. Default false: a pull request is judged on what it changed.
   */
  everyBreach?: boolean
}

/**
 * Judges each metric against the most specific budget whose id or glob matches it: the user's budgets
 * (config, perfgate/vite) before the presets' defaults; within each, an exact id beats a glob, and among
 * globs the last one configured wins. Runs after the comparison: a compared metric's baseline value is
 * judged against the same limit (`budget.base`), and a budget the baseline already exceeded is `known`
 * unless this change made the metric worse (DESIGN.md, "Budgets judge the change, too").
 */
export function applyBudgets(
  metrics: Metric[],
  budgets: ResolvedBudget[],
  options: BudgetOptions = {},
): Metric[] {
  const matchers = budgets.map((b) => ({
    budget: b,
    exact: !picomatch.scan(b.pattern).isGlob,
    match: picomatch(b.pattern),
  }))
  return metrics.map((metric) => {
    const candidates = matchers.filter((m) => (m.exact ? m.budget.pattern === metric.id : m.match(metric.id)))
    const own = candidates.filter((m) => !m.budget.source.startsWith('preset:'))
    const pool = own.length > 0 ? own : candidates
    const chosen = pool.find((m) => m.exact) ?? pool.at(-1)
    if (!chosen) {
      const { budget: _, ...rest } = metric
      return rest
    }
    const { max, min, absolute } = chosen.budget
    const exceeded = isOver(metric.value, max, min)
    const budget: Budget = {
      ...(max !== undefined ? { max } : {}),
      ...(min !== undefined ? { min } : {}),
      status: exceeded ? 'exceeded' : 'ok',
      source: chosen.budget.source,
    }
    // A change cost exists only relative to the baseline, and a context figure describes this run's machine
    // (a service must be up now): neither has a base to judge the change by.
    const base =
      metric.role === 'change-cost' || metric.role === 'context' ? undefined : metric.baseline?.value
    if (base !== undefined && Number.isFinite(base)) {
      const baseExceeded = isOver(base, max, min)
      budget.base = { value: base, status: baseExceeded ? 'exceeded' : 'ok' }
      const roundsPast = baseExceeded ? null : baseRoundsPast(metric, max, min)
      if (roundsPast) budget.base.roundsPast = roundsPast
      // A limit the base's own rounds crossed (a quarter of them or more) is inside the noise: a median
      // past it now, with no regression called, is no evidence against the change (a harmless pull request
      // of a real API failed on requests/s 912 against ≥ 1000, its base's rounds spread from 600 to 1300).
      const withinBaseNoise = roundsPast !== null && roundsPast.past * 4 >= roundsPast.of
      const onBase = baseExceeded || withinBaseNoise
      if (exceeded && onBase && !absolute && !options.everyBreach && !madeWorse(metric)) budget.known = true
    }
    return { ...metric, budget }
  })
}

/** How many of the baseline's samples were past the limit, when it has 2 or more and any was. */
function baseRoundsPast(
  metric: Metric,
  max: number | undefined,
  min: number | undefined,
): { past: number; of: number } | null {
  const samples = metric.baseline?.samples
  if (!samples || samples.length < 2) return null
  const past = samples.filter((value) => isOver(value, max, min)).length
  return past > 0 ? { past, of: samples.length } : null
}

function isOver(value: number, max: number | undefined, min: number | undefined): boolean {
  return (max !== undefined && value > max) || (min !== undefined && value < min)
}

/**
 * The change made the metric worse: its verdict is `regressed` (an exact figure moved past its threshold,
 * a sampled one was called by the test). Inconclusive, unchanged and improved figures did not.
 */
function madeWorse(metric: Metric): boolean {
  return metric.verdict === 'regressed'
}

/** An exceeded budget that counts against the change: not one the baseline already had and this left alone. */
export function isNewBreach(metric: Pick<Metric, 'budget'>): boolean {
  return metric.budget?.status === 'exceeded' && metric.budget.known !== true
}
