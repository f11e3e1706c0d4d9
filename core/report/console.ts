import Table from 'cli-table3'
import pc from 'picocolors'
import type { Finding, Metric, PluginResult, RunReport, Severity, Verdict } from '../model/types.js'
import {
  budgetBreach,
  findingCounts,
  formatBudgetLimit,
  formatChange,
  formatLocation,
  formatPluginStatus,
  formatValue,
  groupByPlugin,
  plural,
  shortSha,
  sortFindings,
  sortMetrics,
  summaryParts,
} from './format.js'

export interface ConsoleOptions {
  /** ANSI colours; default false (the caller decides, e.g. from `isInteractive()`). */
  color?: boolean
  /** Terminal columns; long metric titles wrap to fit. Default: no limit. */
  width?: number
  /** List unchanged metrics even when there are many of them. Default false. */
  showUnchanged?: boolean
}

type Colors = ReturnType<typeof pc.createColors>

/** Up to this many unchanged metrics per plugin are listed; more are only counted unless `showUnchanged`. */
const UNCHANGED_SHOWN = 3

// Plain Unicode box lines: they survive CI logs and read well without colour.
const CHARS = {
  top: '─',
  'top-mid': '┬',
  'top-left': '┌',
  'top-right': '┐',
  bottom: '─',
  'bottom-mid': '┴',
  'bottom-left': '└',
  'bottom-right': '┘',
  left: '│',
  'left-mid': '├',
  mid: '─',
  'mid-mid': '┼',
  right: '│',
  'right-mid': '┤',
  middle: '│',
}

const VERDICT_LABEL: Record<Verdict, string> = {
  regressed: '✖ regressed',
  improved: '✔ improved',
  inconclusive: '? inconclusive',
  new: '+ new',
  unchanged: '= unchanged',
}

const SEVERITY_LABEL: Record<Severity, string> = { error: '✖ error', warning: '▲ warning', info: 'ℹ info' }

/** The human view of a run for the terminal and CI logs: readable without colour, verdicts spelled out. */
export function renderConsole(report: RunReport, options: ConsoleOptions = {}): string {
  const c = pc.createColors(options.color ?? false)
  const lines: string[] = [renderHeader(report, c), '']
  const metricsByPlugin = groupByPlugin(
    report.plugins.map((p) => p.name),
    report.metrics,
  )
  const findingsByPlugin = groupByPlugin([...metricsByPlugin.keys()], report.findings)
  for (const [name, findings] of findingsByPlugin) {
    const plugin = report.plugins.find((p) => p.name === name)
    const section = renderPlugin(name, plugin, metricsByPlugin.get(name) ?? [], findings, options, c)
    lines.push(...section, '')
  }
  lines.push(renderSummary(report, c))
  return `${lines.join('\n')}\n`
}

function renderHeader(report: RunReport, c: Colors): string {
  const parts = [c.bold(`${report.tool.name} ${report.tool.version}`)]
  if (report.commit) parts.push(`${shortSha(report.commit)}${report.branch ? ` (${report.branch})` : ''}`)
  else if (report.branch) parts.push(report.branch)
  parts.push(report.baseCommit ? `vs baseline ${shortSha(report.baseCommit)}` : 'no baseline')
  const host = report.host
  if (host) {
    const quota = host.cpuQuota ? `, quota ${host.cpuQuota}` : ''
    parts.push(`${host.cpuModel} (${plural(host.cores, 'core')}${quota})`)
    if (host.ci?.provider) parts.push([host.ci.provider, host.ci.runner].filter(Boolean).join(' '))
  }
  if (report.shard) parts.push(`shard ${report.shard.index}/${report.shard.total}`)
  return parts.join(c.dim(' · '))
}

function renderPlugin(
  name: string,
  plugin: PluginResult | undefined,
  metrics: Metric[],
  findings: Finding[],
  options: ConsoleOptions,
  c: Colors,
): string[] {
  const lines: string[] = []
  if (plugin?.status === 'failed') {
    lines.push(
      `${c.red('✖')} ${c.bold(name)}  ${c.red(formatPluginStatus(plugin.status, plugin.durationMs))}`,
    )
    for (const line of (plugin.error ?? 'no error message').split(/\r?\n/)) lines.push(`    ${c.red(line)}`)
  } else if (plugin?.status === 'skipped') {
    lines.push(`${c.dim('-')} ${c.bold(name)}  ${c.dim('skipped')}`)
  } else {
    const status = plugin ? formatPluginStatus(plugin.status, plugin.durationMs) : ''
    lines.push(`${c.green('✔')} ${c.bold(name)}  ${c.dim(status)}`.trimEnd())
  }

  const sorted = sortMetrics(metrics)
  const unchanged = sorted.filter((m) => m.verdict === 'unchanged' && m.budget?.status !== 'exceeded')
  const hideUnchanged = !options.showUnchanged && unchanged.length > UNCHANGED_SHOWN
  const shown = hideUnchanged ? sorted.filter((m) => !unchanged.includes(m)) : sorted
  if (shown.length > 0) lines.push(...renderTable(shown, options, c))
  if (hideUnchanged) {
    const all = shown.length === 0 ? `all ${plural(unchanged.length, 'metric')} unchanged` : ''
    lines.push(c.dim(`  ${all || `${plural(unchanged.length, 'more metric')} unchanged`} (not listed)`))
  }
  for (const metric of shown) {
    if (metric.reason) lines.push(c.dim(`  ${metric.id}: ${metric.reason}`))
  }
  if (findings.length > 0) lines.push(...(lines.length > 1 ? [''] : []), ...renderFindings(findings, c))
  return lines
}

function renderTable(metrics: Metric[], options: ConsoleOptions, c: Colors): string[] {
  const withBaseline = metrics.some((m) => m.baseline || m.change)
  const withBudget = metrics.some((m) => m.budget)
  const head = ['Metric', 'Value']
  if (withBaseline) head.push('Baseline', 'Change')
  if (withBudget) head.push('Budget')
  head.push('Verdict')

  const rows = metrics.map((metric) => {
    const row = ['', formatValue(metric.unit, metric.value)]
    if (withBaseline) {
      row.push(metric.baseline ? formatValue(metric.unit, metric.baseline.value) : '', formatChange(metric))
    }
    if (withBudget) row.push(renderBudget(metric, c))
    row.push(paintVerdict(metric.verdict, c))
    return row
  })
  // The Metric column is filled last: its titles wrap when the table would be wider than the terminal.
  const titleWidth = metricColumnWidth(metrics, head, rows, options.width)
  metrics.forEach((metric, i) => {
    rows[i][0] = `${wrap(metric.title, titleWidth).join('\n')}\n${c.dim(`  ${metric.id}`)}`
  })

  const colAligns = head.map((h): 'left' | 'right' =>
    ['Value', 'Baseline', 'Change'].includes(h) ? 'right' : 'left',
  )
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1, compact: true },
    colAligns,
  })
  table.push(...rows)
  return table.toString().split('\n')
}

/**
 * How wide titles may be: all of the title when the table fits `width`, else narrower, but never
 * narrower than the ids below them (ids are never broken: they are what budgets are written against).
 */
function metricColumnWidth(
  metrics: Metric[],
  head: string[],
  rows: string[][],
  width: number | undefined,
): number {
  const titles = Math.max(...metrics.map((m) => visibleWidth(m.title)))
  if (!width) return titles
  const ids = Math.max(...metrics.map((m) => m.id.length + 2), head[0].length)
  const others = head
    .slice(1)
    .map((h, i) => Math.max(visibleWidth(h), ...rows.map((row) => visibleWidth(row[i + 1]))))
  // Each column has one space of padding either side and one border.
  const total = Math.max(titles, ids) + others.reduce((sum, w) => sum + w, 0) + head.length * 3 + 1
  if (total <= width) return titles
  return Math.max(ids, 12, titles - (total - width))
}

/** Word-wraps `text` into lines of at most `width` columns, breaking words only when they are longer. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word
    while (visibleWidth(rest) > width) {
      if (line) lines.push(line)
      line = ''
      lines.push(rest.slice(0, width))
      rest = rest.slice(width)
    }
    const candidate = line ? `${line} ${rest}` : rest
    if (visibleWidth(candidate) <= width) line = candidate
    else {
      lines.push(line)
      line = rest
    }
  }
  if (line) lines.push(line)
  return lines.length ? lines : ['']
}

function renderBudget(metric: Metric, c: Colors): string {
  if (!metric.budget) return ''
  const limit = formatBudgetLimit(metric.unit, metric.budget)
  if (metric.budget.status === 'ok') return `${limit} ${c.green('✔')}`
  return `${limit} ${c.red(`✖ ${budgetBreach(metric.value, metric.budget)}`)}`
}

function paintVerdict(verdict: Verdict, c: Colors): string {
  const label = VERDICT_LABEL[verdict]
  switch (verdict) {
    case 'regressed':
      return c.red(c.bold(label))
    case 'improved':
      return c.green(label)
    case 'inconclusive':
      return c.yellow(label)
    case 'new':
      return c.cyan(label)
    default:
      return c.dim(label)
  }
}

function renderFindings(findings: Finding[], c: Colors): string[] {
  const sorted = sortFindings(findings)
  const counts = { error: 0, warning: 0, info: 0 }
  for (const f of sorted) counts[f.severity]++
  const ruleWidth = Math.max(...sorted.map((f) => f.ruleId.length))
  const lines = [`  ${c.bold('Findings')} ${c.dim(`(${findingCounts(counts)})`)}`]
  for (const f of sorted) {
    const severity = SEVERITY_LABEL[f.severity].padEnd(9)
    const paint = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.blue
    const location = formatLocation(f)
    const message = f.message.replace(/\s*\r?\n\s*/g, ' ')
    lines.push(
      `    ${paint(severity)}  ${f.ruleId.padEnd(ruleWidth)}  ${message}${location ? `  ${c.dim(location)}` : ''}`,
    )
  }
  return lines
}

function renderSummary(report: RunReport, c: Colors): string {
  const { summary } = report
  const verdict = summary.verdict === 'fail' ? c.red(c.bold('FAIL')) : c.green(c.bold('PASS'))
  const parts = summaryParts(summary)
  if (summary.regressions === 0) parts.unshift('no regressions')
  const count = (verdict: Verdict) => report.metrics.filter((m) => m.verdict === verdict).length
  if (count('inconclusive')) parts.push(`${count('inconclusive')} inconclusive`)
  if (count('new')) parts.push(`${count('new')} new`)
  if (count('unchanged')) parts.push(`${count('unchanged')} unchanged`)
  const findings = findingCounts(summary.findings)
  if (findings) parts.push(`findings: ${findings}`)
  return `${verdict}  ${parts.join(c.dim(' · '))}`
}

/** Terminal columns of a string: ANSI codes take none, East Asian wide characters take two. */
function visibleWidth(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '')
  let width = 0
  for (const char of plain) {
    const code = char.codePointAt(0)!
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
    width += wide ? 2 : 1
  }
  return width
}
