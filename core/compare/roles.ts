import picomatch from 'picomatch'
import type { Metric, MetricRole, RunReport } from '../model/types.js'
import { relativeChange } from './judgement.js'

/** A metric's role after the config's `compare.roles` (the last matching glob, or an exact id, wins). */
export function applyRoles(
  metrics: Metric[],
  roles: ReadonlyArray<{ pattern: string; role: MetricRole }>,
): Metric[] {
  if (roles.length === 0) return metrics
  const matchers = roles.map((r) => ({
    ...r,
    exact: !picomatch.scan(r.pattern).isGlob,
    match: picomatch(r.pattern),
  }))
  return metrics.map((metric) => {
    const candidates = matchers.filter((m) => (m.exact ? m.pattern === metric.id : m.match(metric.id)))
    const chosen = candidates.find((m) => m.exact) ?? candidates.at(-1)
    if (!chosen) return metric
    const { role: _, ...rest } = metric
    return chosen.role === 'measure' ? rest : { ...rest, role: chosen.role }
  })
}

/**
 * Context and change-cost figures get no verdict from the baseline (`none`): context describes the
 * machine, not the change, and is shown beside its baseline value; a change cost exists only relative to
 * the baseline, so the baseline's own value of it is never compared. Null for every other role.
 */
export function judgeByRole(
  metric: Metric,
  base: Metric | undefined,
  baseline: RunReport | null,
): Metric | null {
  if (metric.role === 'change-cost') return { ...metric, verdict: 'none' }
  if (metric.role !== 'context') return null
  if (!base || !baseline) return { ...metric, verdict: 'none' }
  return {
    ...metric,
    baseline: { value: base.value, commit: baseline.commit },
    change: { abs: metric.value - base.value, rel: relativeChange(metric.value, base.value) },
    verdict: 'none',
  }
}

/** Only the project's own figures count as regressions or improvements; detail is shown, not counted. */
export function counts(metric: Metric): boolean {
  return metric.role === undefined || metric.role === 'measure'
}
