import type { RunReport, Unit } from '../model/types.js'

/**
 * A stored record is checked, not trusted: anyone who can push to the baselines branch can write one, and
 * a schema-valid record with a value of 1e308 or a copied commit would quietly turn a regression into an
 * improvement. perfgate checks every value when it measures, so a record failing these checks was not
 * written by a healthy perfgate run: none of its values is trusted, and the lookup uses the next ancestor.
 */

/** The range each unit's values must lie in, bounds included. */
export const UNIT_RANGES: Record<Unit, { min: number; max: number }> = {
  ms: { min: 0, max: 1e9 }, // under 11.6 days
  bytes: { min: 0, max: Number.MAX_SAFE_INTEGER },
  count: { min: 0, max: Number.MAX_SAFE_INTEGER },
  percent: { min: 0, max: 100 },
  score: { min: 0, max: 100 },
  'ops/s': { min: 0, max: 1e15 },
  'req/s': { min: 0, max: 1e15 },
  'bytes/s': { min: 0, max: 1e15 },
  ratio: { min: 0, max: 1e15 },
  none: { min: -1e15, max: 1e15 },
}

/** Why a value is outside its unit's range, or null when it is fine. */
export function valueProblem(value: number, unit: Unit): string | null {
  if (!Number.isFinite(value)) return `${value} is not a finite number`
  const range = UNIT_RANGES[unit] ?? UNIT_RANGES.none
  if (value < range.min || value > range.max)
    return `${value} is outside the range of unit ${unit} (${range.min} to ${range.max})`
  return null
}

/**
 * Every problem of a decoded record, empty when it can be trusted: the commit its path names must be its
 * `commit` field, metric ids unique, each value and sample finite and in its unit's range.
 */
export function recordProblems(report: RunReport, pathCommit: string | null): string[] {
  const problems: string[] = []
  if (pathCommit !== null && report.commit !== pathCommit)
    problems.push(`its commit field ${JSON.stringify(report.commit)} is not the commit its path names`)
  const seen = new Set<string>()
  const metrics = Array.isArray(report.metrics) ? report.metrics : []
  for (const metric of metrics) {
    if (seen.has(metric.id)) {
      problems.push(`metric "${metric.id}" appears more than once`)
      continue
    }
    seen.add(metric.id)
    const bad =
      valueProblem(metric.value, metric.unit) ??
      (metric.samples ?? []).reduce<string | null>(
        (found, sample, i) =>
          found ?? (valueProblem(sample, metric.unit) === null ? null : `sample ${i}: ${sample}`),
        null,
      )
    if (bad) problems.push(`metric "${metric.id}": ${bad}`)
  }
  return problems
}

/** One warning line for a distrusted record: the record, its first problems, and what happens next. */
export function distrustedRecord(where: string, problems: string[]): string {
  const shown = problems.slice(0, 3).join('; ')
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : ''
  return `ignoring baseline record ${where}: ${shown}${more}; trying the next ancestor`
}
