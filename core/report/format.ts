import prettyBytes from 'pretty-bytes'
import prettyMs from 'pretty-ms'
import type { Budget, Metric, PluginStatus, Severity, Summary, Unit, Verdict } from '../model/types.js'

// Fixed locale: reports are compared as text (snapshots, PR comments) and must not depend on the machine.
const LOCALE = 'en-US'

// One formatter per number of fraction digits: toLocaleString builds a new one on every call, which
// was most of the time of rendering 100,000 metrics.
const formatters = new Map<number, Intl.NumberFormat>()
function localeNumber(value: number, maximumFractionDigits = 0): string {
  let format = formatters.get(maximumFractionDigits)
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { maximumFractionDigits })
    formatters.set(maximumFractionDigits, format)
  }
  return format.format(value)
}

/** A number rounded to `digits` significant digits, without trailing zeros: 12.345 → "12.3", 850 → "850". */
function significant(value: number, digits = 3): string {
  if (value === 0) return '0'
  const rounded = Number(value.toPrecision(digits))
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)))
  const fraction = Math.max(0, digits - 1 - magnitude)
  return localeNumber(rounded, fraction)
}

/** Thousands-separated when large, 3 significant digits when small: 12,345 · 850 · 0.42. */
function plainNumber(value: number): string {
  if (Math.abs(value) >= 1000) return localeNumber(Math.round(value))
  return significant(value)
}

/** A duration: `0.42 ms`, `850 ms`, `1.24 s`, `1m 13s`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms)
  const sign = ms < 0 ? '-' : ''
  if (abs < 1) return `${sign}${significant(abs, 2)} ms`
  // Round first so that 999.6 ms becomes "1 s", not "1,000 ms".
  const roundedMs = Number(abs.toPrecision(3))
  if (roundedMs < 1000) return `${sign}${significant(roundedMs)} ms`
  if (roundedMs < 60_000) return `${sign}${significant(roundedMs / 1000)} s`
  return `${sign}${prettyMs(Math.round(abs / 1000) * 1000, { unitCount: 2 })}`
}

/** A figure in its unit, the way a person would write it: `12.3 kB`, `1.24 s`, `92`, `1,234 req/s`. */
export function formatValue(unit: Unit, value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  switch (unit) {
    case 'bytes':
      // 1000-based kB, as size-limit and bundlers report.
      // pretty-bytes scales to under 1,000 and rounds to 3 digits: plain digits read as en-US already.
      return prettyBytes(value)
    case 'bytes/s':
      return `${prettyBytes(value)}/s`
    case 'ms':
      return formatDuration(value)
    case 'percent':
      return `${significant(value)} %`
    case 'score':
      return Number.isInteger(value) ? String(value) : value.toFixed(1)
    case 'count':
      return Number.isInteger(value) ? localeNumber(value) : plainNumber(value)
    case 'ops/s':
    case 'req/s':
      return `${plainNumber(value)} ${unit}`
    case 'ratio':
      return significant(value)
    default:
      return plainNumber(value)
  }
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text
}

/** A relative change (0.123 → "+12.3 %"); small changes keep two decimals so they do not read as zero. */
export function formatPercent(rel: number): string {
  if (!Number.isFinite(rel)) return 'n/a'
  const pct = rel * 100
  const abs = Math.abs(pct)
  const decimals = abs >= 100 ? 0 : abs >= 1 || abs === 0 ? 1 : 2
  return signed(`${pct.toFixed(decimals)} %`, pct)
}

/** One end of an interval, always to one decimal so that the ends line up: `-0.7`, `+20.2`. */
function intervalEnd(rel: number): string {
  const pct = Number((rel * 100).toFixed(1))
  return pct === 0 ? '0.0' : signed(pct.toFixed(1), pct)
}

/** An absolute change in the metric's unit: `+4.1 kB`, `-120 ms`, `+2.5 pp` (percentage points). */
export function formatDelta(unit: Unit, abs: number): string {
  if (!Number.isFinite(abs)) return 'n/a'
  if (unit === 'percent') return signed(`${significant(abs)} pp`, abs)
  if (unit === 'score') return signed(Number.isInteger(abs) ? String(abs) : abs.toFixed(1), abs)
  return signed(formatValue(unit, abs), abs)
}

/**
 * The change against the baseline. Sampled metrics show the interval of the relative change,
 * `+12.3 % (+4.1…+20.2 %)`; exact metrics show the absolute difference, `+6.4 % (+11 kB)`; a change from
 * zero shows only the difference, `+47 ms`.
 */
export function formatChange(
  metric: Pick<Metric, 'unit' | 'change'> & { baseline?: { value: number } },
): string {
  const change = metric.change
  if (!change) return ''
  // From zero there is no percentage (0 → 47 ms is not "+100 %"): the amount alone says it.
  if (!Number.isFinite(change.rel) || (metric.baseline?.value === 0 && change.abs !== 0))
    return formatDelta(metric.unit, change.abs)
  const rel = formatPercent(change.rel)
  if (change.ci) {
    const [lo, hi] = change.ci
    return `${rel} (${intervalEnd(lo)}…${intervalEnd(hi)} %)`
  }
  if (change.abs === 0) return rel
  return `${rel} (${formatDelta(metric.unit, change.abs)})`
}

/** The budget's limit: `≤ 500 kB` or `≥ 90`. */
export function formatBudgetLimit(unit: Unit, budget: Budget): string {
  const parts: string[] = []
  if (budget.min !== undefined) parts.push(`≥ ${formatValue(unit, budget.min)}`)
  if (budget.max !== undefined) parts.push(`≤ ${formatValue(unit, budget.max)}`)
  return parts.join(', ')
}

/** Which side of the budget an exceeded value fell on. */
export function budgetBreach(value: number, budget: Budget): 'over' | 'under' {
  return budget.max !== undefined && value > budget.max ? 'over' : 'under'
}

/** Display order: the news people must act on first. */
export const VERDICT_ORDER: readonly Verdict[] = ['regressed', 'improved', 'inconclusive', 'new', 'unchanged']

/** Whether a metric needs attention: it changed, is new, or broke its budget. */
export function isNotable(metric: Metric): boolean {
  return metric.verdict !== 'unchanged' || metric.budget?.status === 'exceeded'
}

function rank(metric: Metric): number {
  if (metric.verdict === 'regressed') return 0
  // A broken budget outranks good news even when the value did not move (not one the base broke too).
  if (metric.budget?.status === 'exceeded' && !metric.budget.known) return 1
  return 1 + VERDICT_ORDER.indexOf(metric.verdict)
}

/** Regressions first (largest first), then exceeded budgets, improvements, inconclusive, new, unchanged. */
export function sortMetrics(metrics: readonly Metric[]): Metric[] {
  return metrics
    .map((metric, index) => ({ metric, index }))
    .sort((a, b) => {
      const byRank = rank(a.metric) - rank(b.metric)
      if (byRank !== 0) return byRank
      const sized = a.metric.verdict === 'regressed' || a.metric.verdict === 'improved'
      if (sized) {
        const bySize = Math.abs(b.metric.change?.rel ?? 0) - Math.abs(a.metric.change?.rel ?? 0)
        if (bySize !== 0 && Number.isFinite(bySize)) return bySize
      }
      return a.index - b.index
    })
    .map(({ metric }) => metric)
}

/** Groups by plugin in the order of `report.plugins`; plugins that only appear in the items come last. */
export function groupByPlugin<T extends { plugin: string }>(
  pluginNames: readonly string[],
  items: readonly T[],
) {
  const groups = new Map<string, T[]>(pluginNames.map((name) => [name, []]))
  for (const item of items) {
    const group = groups.get(item.plugin)
    if (group) group.push(item)
    else groups.set(item.plugin, [item])
  }
  return groups
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info']

export function sortFindings<T extends { severity: Severity }>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
}

export function plural(count: number, singular: string, many = `${singular}s`): string {
  return `${localeNumber(count)} ${count === 1 ? singular : many}`
}

/** `file:line:column`, or '' when the finding has no file. */
export function formatLocation(finding: { file?: string; line?: number; column?: number }): string {
  if (!finding.file) return ''
  let out = finding.file
  if (finding.line !== undefined) out += `:${finding.line}`
  if (finding.line !== undefined && finding.column !== undefined) out += `:${finding.column}`
  return out
}

/** The short form of a commit id. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{40,64}$/i.test(sha) ? sha.slice(0, 7) : sha
}

/** The parts of the summary verdict, e.g. ["2 regressions", "1 budget exceeded"]; zero counts left out. */
export function summaryParts(summary: Summary): string[] {
  const parts: string[] = []
  if (summary.regressions) parts.push(plural(summary.regressions, 'regression'))
  if (summary.improvements) parts.push(plural(summary.improvements, 'improvement'))
  if (summary.overBudget) parts.push(plural(summary.overBudget, 'budget exceeded', 'budgets exceeded'))
  if (summary.errors) parts.push(plural(summary.errors, 'plugin error'))
  return parts
}

/** "1 error, 2 warnings", or '' when there are none. */
export function findingCounts(counts: Summary['findings']): string {
  const parts: string[] = []
  if (counts.error) parts.push(plural(counts.error, 'error'))
  if (counts.warning) parts.push(plural(counts.warning, 'warning'))
  if (counts.info) parts.push(`${localeNumber(counts.info)} info`)
  return parts.join(', ')
}

/** `ok · 2.3 s`, `failed after 30 s`, `skipped`. */
export function formatPluginStatus(status: PluginStatus, durationMs: number): string {
  if (status === 'skipped') return 'skipped'
  if (status === 'failed') return `failed after ${formatDuration(durationMs)}`
  return `ok · ${formatDuration(durationMs)}`
}
