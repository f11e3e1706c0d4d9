import picomatch from 'picomatch'
import type { ResolvedBudget } from '../config/types.js'
import type { Metric } from '../model/types.js'

/**
 * Judges each metric against the most specific budget whose id or glob matches it: the user's budgets
 * (config, perfgate/vite) before the presets' defaults; within each, an exact id beats a glob, and among
 * globs the last one configured wins.
 */
export function applyBudgets(metrics: Metric[], budgets: ResolvedBudget[]): Metric[] {
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
    const { max, min } = chosen.budget
    const exceeded = (max !== undefined && metric.value > max) || (min !== undefined && metric.value < min)
    return {
      ...metric,
      budget: {
        ...(max !== undefined ? { max } : {}),
        ...(min !== undefined ? { min } : {}),
        status: exceeded ? 'exceeded' : 'ok',
        source: chosen.budget.source,
      },
    }
  })
}
