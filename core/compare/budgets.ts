import picomatch from 'picomatch'
import type { ResolvedBudget } from '../config/types.js'
import type { Metric } from '../model/types.js'

/**
 * Judges each metric against the most specific budget whose id or glob matches it
 * (an exact id beats a glob; among globs, the last one configured wins).
 */
export function applyBudgets(metrics: Metric[], budgets: ResolvedBudget[]): Metric[] {
  const matchers = budgets.map((b) => ({
    budget: b,
    exact: !picomatch.scan(b.pattern).isGlob,
    match: picomatch(b.pattern),
  }))
  return metrics.map((metric) => {
    const candidates = matchers.filter((m) => (m.exact ? m.budget.pattern === metric.id : m.match(metric.id)))
    const chosen = candidates.find((m) => m.exact) ?? candidates.at(-1)
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
