import type { Finding, Metric, PluginResult, RunReport, Severity, Verdict } from '../model/types.js'
import { clip, escapeHtmlComment, escapeMarkdown, markdownCode, markdownCodeBlock } from './escape.js'
import {
  budgetBreach,
  findingCounts,
  formatBudgetLimit,
  formatChange,
  formatLocation,
  formatPluginStatus,
  formatValue,
  groupByPlugin,
  isNotable,
  plural,
  shortSha,
  sortFindings,
  sortMetrics,
  summaryParts,
} from './format.js'

export interface MarkdownOptions {
  /** Longest output in characters; rows are collapsed and cut to fit. Default 65,000 (under GitHub's comment limit). */
  maxLength?: number
  /** Heading text. Default `perfgate`. */
  title?: string
  /** Link to the CI run, shown next to the commit. */
  runUrl?: string
  /** Hidden marker that lets a publisher find its earlier comment: `perfgate` → `<!-- perfgate -->`. */
  marker?: string
}

export const DEFAULT_MAX_LENGTH = 65_000

const VERDICT_LABEL: Record<Verdict, string> = {
  regressed: '🔴 regressed',
  improved: '🟢 improved',
  inconclusive: '🟡 inconclusive',
  new: '🆕 new',
  unchanged: '⚪ unchanged',
}

const SEVERITY_LABEL: Record<Severity, string> = {
  error: '❌ **error**',
  warning: '⚠️ **warning**',
  info: 'ℹ️ info',
}

// User text longer than this is clipped, so that one huge message cannot crowd out every row.
const MAX_MESSAGE = 500
const MAX_ERROR = 2_000

/**
 * Rows and findings, most important first, for cutting: regressions and broken budgets, error findings,
 * improvements, inconclusive, warnings, new metrics, unchanged, info findings.
 */
function priority(item: Metric | Finding): number {
  if ('severity' in item) return { error: 1, warning: 4, info: 7 }[item.severity]
  if (item.verdict === 'regressed' || item.budget?.status === 'exceeded') return 0
  return { improved: 2, inconclusive: 3, new: 5, unchanged: 6, regressed: 0 }[item.verdict]
}

/**
 * report.md and the pull-request comment: a one-line verdict, then a section per plugin with changed rows
 * first and unchanged rows collapsed. All text that comes from plugins or users is escaped.
 */
export function renderMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH
  const items = [...report.metrics, ...report.findings]
  const byPriority = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => priority(a.item) - priority(b.item) || a.index - b.index)
    .map(({ item }) => item)

  const full = render(report, options, null)
  if (full.length <= maxLength) return full

  // Keep the most important rows that fit: the length grows with the number of rows kept.
  let lo = 0
  let hi = byPriority.length - 1
  let best = render(report, options, new Set())
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const text = render(report, options, new Set(byPriority.slice(0, mid + 1)))
    if (text.length <= maxLength) {
      best = text
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  if (best.length <= maxLength) return best
  // Even without rows it is too long (huge error messages, tiny limit): cut the text itself.
  const note = '\n\n_… cut to fit the length limit._\n'
  return `${best.slice(0, Math.max(0, maxLength - note.length))}${note}`.slice(0, maxLength)
}

/** Renders with only the `kept` rows and findings (all when null), noting how many were left out. */
function render(report: RunReport, options: MarkdownOptions, kept: Set<Metric | Finding> | null): string {
  const out: string[] = []
  if (options.marker) {
    const marker = options.marker.startsWith('<!--')
      ? options.marker
      : `<!-- ${escapeHtmlComment(options.marker)} -->`
    out.push(marker)
  }
  out.push(renderVerdictLine(report, options.title ?? 'perfgate'), '', renderContext(report, options), '')

  const metricsByPlugin = groupByPlugin(
    report.plugins.map((p) => p.name),
    report.metrics,
  )
  const findingsByPlugin = groupByPlugin([...metricsByPlugin.keys()], report.findings)
  let cut = 0
  for (const [name, allFindings] of findingsByPlugin) {
    const allMetrics = metricsByPlugin.get(name) ?? []
    const metrics = kept ? allMetrics.filter((m) => kept.has(m)) : allMetrics
    const findings = kept ? allFindings.filter((f) => kept.has(f)) : allFindings
    const cutHere = allMetrics.length - metrics.length + allFindings.length - findings.length
    cut += cutHere
    const plugin = report.plugins.find((p) => p.name === name)
    const unchangedTotal = allMetrics.filter((m) => !isNotable(m)).length
    out.push(...renderPlugin(name, plugin, metrics, findings, { cut: cutHere, unchangedTotal }))
  }
  if (cut > 0) {
    const where = options.runUrl
      ? ` in the [full report](${safeUrl(options.runUrl)})`
      : ' in report.md of the run'
    out.push(
      `> [!NOTE]\n> ${plural(cut, 'row')} left out to stay under the length limit; see them${where}.`,
      '',
    )
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}

function renderVerdictLine(report: RunReport, title: string): string {
  const { summary } = report
  const parts = summaryParts(summary)
  const icon = summary.verdict === 'fail' ? '❌' : '✅'
  const word = summary.verdict === 'fail' ? 'Fail' : 'Pass'
  if (parts.length === 0) parts.push(quietVerdict(report))
  return `### ${icon} ${escapeMarkdown(title)} · ${word}: ${parts.join(', ')}`
}

/** The verdict when nothing changed: says whether there was anything to compare. */
function quietVerdict(report: RunReport): string {
  const fresh = report.metrics.filter((m) => m.verdict === 'new').length
  if (report.metrics.length === 0) return 'nothing measured'
  if (fresh === report.metrics.length) return `${plural(fresh, 'new metric')}, nothing to compare yet`
  return fresh ? `no changes, ${plural(fresh, 'new metric')}` : 'no changes'
}

function renderContext(report: RunReport, options: MarkdownOptions): string {
  const parts: string[] = []
  if (report.commit) {
    const branch = report.branch ? ` (${markdownCode(report.branch)})` : ''
    parts.push(`Commit ${markdownCode(shortSha(report.commit))}${branch}`)
  }
  parts.push(
    report.baseCommit ? `compared with baseline ${markdownCode(shortSha(report.baseCommit))}` : 'no baseline',
  )
  const host = report.host
  if (host) parts.push(`${escapeMarkdown(host.cpuModel)}, ${plural(host.cores, 'core')}`)
  if (report.shard) parts.push(`shard ${report.shard.index}/${report.shard.total}`)
  const findings = findingCounts(report.summary.findings)
  if (findings) parts.push(`findings: ${findings}`)
  if (options.runUrl) parts.push(`[run](${safeUrl(options.runUrl)})`)
  return `<sub>${parts.join(' · ')}</sub>`
}

function renderPlugin(
  name: string,
  plugin: PluginResult | undefined,
  metrics: Metric[],
  findings: Finding[],
  { cut, unchangedTotal }: { cut: number; unchangedTotal: number },
): string[] {
  const icon = plugin?.status === 'failed' ? '❌ ' : plugin?.status === 'skipped' ? '⏭️ ' : ''
  const status = plugin ? ` <sub>${formatPluginStatus(plugin.status, plugin.durationMs)}</sub>` : ''
  const out = [`#### ${icon}${escapeMarkdown(name)}${status}`, '']
  if (plugin?.status === 'failed') {
    out.push(markdownCodeBlock(clip(plugin.error ?? 'no error message', MAX_ERROR)), '')
  }

  const sorted = sortMetrics(metrics)
  const notable = sorted.filter(isNotable)
  const unchanged = sorted.filter((m) => !isNotable(m))
  if (notable.length > 0) out.push(...renderTable(notable), '')
  if (unchanged.length > 0) {
    const shown = unchanged.length < unchangedTotal ? `${unchanged.length} of ` : ''
    const summary =
      notable.length === 0 && !shown
        ? `${plural(unchanged.length, 'metric')}, all unchanged`
        : `${shown}${plural(unchangedTotal, 'unchanged metric')}`
    out.push(`<details><summary>${summary}</summary>`, '', ...renderTable(unchanged), '', '</details>', '')
  }
  if (findings.length > 0) out.push(...renderFindings(findings), '')
  if (cut > 0) out.push(`_${plural(cut, 'more row')} cut to fit._`, '')
  return out
}

function renderTable(metrics: Metric[]): string[] {
  const withBaseline = metrics.some((m) => m.baseline || m.change)
  const withBudget = metrics.some((m) => m.budget)
  const head = ['Metric', 'Value']
  const align = [':---', '---:']
  if (withBaseline) {
    head.push('Baseline', 'Change')
    align.push('---:', '---:')
  }
  if (withBudget) {
    head.push('Budget')
    align.push(':---')
  }
  head.push('Verdict')
  align.push(':---')

  const rows = metrics.map((metric) => {
    const cells = [
      `${escapeMarkdown(clip(metric.title, MAX_MESSAGE))}<br><sub>${markdownCode(clip(metric.id, MAX_MESSAGE), { table: true })}</sub>`,
      bold(metric, formatValue(metric.unit, metric.value)),
    ]
    if (withBaseline) {
      cells.push(
        metric.baseline ? formatValue(metric.unit, metric.baseline.value) : '–',
        formatChange(metric) || '–',
      )
    }
    if (withBudget) cells.push(renderBudget(metric))
    const reason = metric.reason ? `<br><sub>${escapeMarkdown(clip(metric.reason, MAX_MESSAGE))}</sub>` : ''
    cells.push(`${VERDICT_LABEL[metric.verdict]}${reason}`)
    return `| ${cells.join(' | ')} |`
  })
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows]
}

/** Values that made the verdict fail stand out. */
function bold(metric: Metric, text: string): string {
  return metric.verdict === 'regressed' || metric.budget?.status === 'exceeded' ? `**${text}**` : text
}

function renderBudget(metric: Metric): string {
  if (!metric.budget) return ''
  const limit = formatBudgetLimit(metric.unit, metric.budget)
  if (metric.budget.status === 'ok') return `${limit} ✅`
  return `${limit} ❌ ${budgetBreach(metric.value, metric.budget)}`
}

function renderFindings(findings: Finding[]): string[] {
  const sorted = sortFindings(findings)
  const counts = { error: 0, warning: 0, info: 0 }
  for (const f of sorted) counts[f.severity]++
  const out = [`**Findings** (${findingCounts(counts)})`, '']
  for (const f of sorted) {
    const location = formatLocation(f)
    const where = location ? ` — ${markdownCode(clip(location, MAX_MESSAGE))}` : ''
    const message = escapeMarkdown(clip(f.message, MAX_MESSAGE))
    out.push(
      `- ${SEVERITY_LABEL[f.severity]} ${markdownCode(clip(f.ruleId, MAX_MESSAGE))} ${message}${where}`,
    )
  }
  return out
}

/** Only http(s) links, with characters that could end the Markdown link percent-encoded. */
function safeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '#'
  return url.replace(
    /[\s()<>[\]`|"'\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )
}
