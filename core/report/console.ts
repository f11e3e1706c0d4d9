import pc from 'picocolors'
import type { Finding, Metric, RunReport, Severity } from '../model/types.js'
import { type Column, layout, line, truncate } from './columns.js'
import {
  formatBudgetLimit,
  formatChange,
  formatLocation,
  formatPluginStatus,
  formatValue,
  groupByPlugin,
  plural,
  shortSha,
} from './format.js'
import { type Encoding, headline, type Review, type ReviewRow, review, toRows } from './review.js'
import { terminalText } from './terminal-text.js'

export interface ConsoleOptions {
  /** ANSI colours; default false (the caller decides, e.g. from `isInteractive()`). */
  color?: boolean
  /** Terminal columns; default 100 (CI logs), the terminal's width when the caller knows it. */
  width?: number
  /** Every metric by plugin, with ids, unchanged and detail rows too (`--verbose`). */
  verbose?: boolean
  /** Rows listed per section before the rest are only counted. Default 12 (verbose: 50 per plugin). */
  maxRows?: number
}

type Colors = ReturnType<typeof pc.createColors>

interface Ctx {
  c: Colors
  width: number
  maxRows: number
}

const SEVERITY_MARK: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' }
const ENCODINGS: Encoding[] = ['raw', 'gzip', 'brotli']

/**
 * The terminal view: what the change did first (regressions biggest first, improvements, what could not
 * be decided and why, budgets), then findings, plugins and the machine in one line each. Metric ids and
 * every row by plugin only with `verbose`. Plugin text is made inert; lines fit `width`.
 */
export function renderConsole(report: RunReport, options: ConsoleOptions = {}): string {
  const ctx: Ctx = {
    c: pc.createColors(options.color ?? false),
    width: Math.max(60, options.width ?? 100),
    maxRows: options.maxRows ?? (options.verbose ? 50 : 12),
  }
  const r = review(report)
  const out: string[] = [renderHeader(report, ctx), '']
  const section = (lines: string[]) => {
    if (lines.length > 0) out.push(...lines, '')
  }
  for (const plugin of r.failedPlugins)
    section([ctx.c.red(line(`✖ ${plugin.name} failed: ${plugin.error ?? 'no error message'}`, ctx.width))])
  if (options.verbose) section(renderVerbose(report, ctx))
  else {
    section(sizeOrMetricSection('Regressed', r.regressions, ctx, '✖', ctx.c.red))
    section(sizeOrMetricSection('Improved', r.improvements, ctx, '✔', ctx.c.green))
    section(undecidedSection(r.undecided, ctx))
    section(sizeOrMetricSection('Over budget', r.overBudget, ctx, '✖', ctx.c.red, true))
    if (r.firstRun) section(sizeOrMetricSection('Measured', r.fresh, ctx, ' ', (s) => s, true))
    section(changeCostLines(r, ctx))
    if (r.changedDetails.length > 0)
      out.push(
        ctx.c.dim(
          line(
            `${plural(r.changedDetails.length, 'detail row')} changed (per file or type; not counted): --verbose lists them`,
            ctx.width,
          ),
        ),
        '',
      )
  }
  section(findingLines(r.findings, ctx))
  out.push(...footer(report, r, ctx))
  return `${out.join('\n')}\n`
}

function renderHeader(report: RunReport, ctx: Ctx): string {
  const { c } = ctx
  const { pass, text } = headline(report)
  const where: string[] = []
  if (report.commit) where.push(shortSha(report.commit) + (report.branch ? ` (${report.branch})` : ''))
  where.push(report.baseCommit ? `vs baseline ${shortSha(report.baseCommit)}` : 'no baseline')
  if (report.shard) where.push(`shard ${report.shard.index}/${report.shard.total}`)
  const verdict = pass ? c.green(c.bold(text)) : c.red(c.bold(text))
  return `${c.bold('perfgate')} ${verdict}${c.dim(`  ${line(where.join(' · '), ctx.width - text.length - 11)}`)}`
}

const sizeColumns: Column[] = [
  { align: 'left' },
  { align: 'left', flexible: true, min: 14 },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'left' },
]
const metricColumns: Column[] = [
  { align: 'left' },
  { align: 'left', flexible: true, min: 14 },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'left' },
]

/** Size groups as one row with raw/gzip/brotli columns; other metrics as baseline → now, change. */
function sizeOrMetricSection(
  title: string,
  rows: ReviewRow[],
  ctx: Ctx,
  mark: string,
  paint: (s: string) => string,
  withBudget = false,
): string[] {
  if (rows.length === 0) return []
  const { c } = ctx
  const shown = rows.slice(0, ctx.maxRows)
  const sizes = shown.filter((r) => r.sizes)
  const others = shown.filter((r) => !r.sizes)
  const out = [c.bold(`${title} (${rows.length})`)]
  if (sizes.length > 0) {
    const head = ['', 'size', 'raw', 'gzip', 'brotli', 'change', '']
    const body = sizes.map((row) => [
      paint(mark),
      terminalText(row.title),
      ...ENCODINGS.map((e) => (row.sizes?.[e] ? formatValue('bytes', row.sizes[e]!.value) : '')),
      formatChange(row.metric),
      budgetText(row.metric, withBudget),
    ])
    out.push(...dimFirst(layout([head, ...body], sizeColumns, ctx.width), c))
  }
  if (others.length > 0) {
    const head = ['', 'metric', 'baseline', 'now', 'change', '']
    const body = others.map((row) => [
      paint(mark),
      terminalText(row.title),
      row.metric.baseline ? formatValue(row.metric.unit, row.metric.baseline.value) : '',
      formatValue(row.metric.unit, row.metric.value),
      formatChange(row.metric),
      budgetText(row.metric, withBudget),
    ])
    out.push(...dimFirst(layout([head, ...body], metricColumns, ctx.width), c))
  }
  if (rows.length > shown.length) out.push(c.dim(`  … ${rows.length - shown.length} more in report.md`))
  return out
}

function budgetText(metric: Metric, show: boolean): string {
  if (!show || !metric.budget) return ''
  return `budget ${formatBudgetLimit(metric.unit, metric.budget)}${metric.budget.status === 'exceeded' ? ' ✖' : ''}`
}

function dimFirst(lines: string[], c: Colors): string[] {
  return lines.map((l, i) => (i === 0 ? c.dim(l) : l))
}

/** Inconclusive figures: the change so far and why it could not be called, on one line each. */
function undecidedSection(rows: ReviewRow[], ctx: Ctx): string[] {
  if (rows.length === 0) return []
  const { c } = ctx
  const out = [c.bold(`Undecided (${rows.length})`)]
  for (const row of rows.slice(0, ctx.maxRows)) {
    const change = formatChange(row.metric)
    const why = row.metric.reason ? ` — ${row.metric.reason}` : ''
    out.push(line(`  ? ${row.title} ${change}${why}`, ctx.width))
  }
  if (rows.length > ctx.maxRows) out.push(c.dim(`  … ${rows.length - ctx.maxRows} more in report.md`))
  return out
}

function changeCostLines(r: Review, ctx: Ctx): string[] {
  if (r.changeCosts.length === 0) return []
  const parts = r.changeCosts.map((m) => `${m.title} ${formatValue(m.unit, m.value)}`)
  return [line(`This change costs: ${parts.join(' · ')}`, ctx.width)]
}

function findingLines(findings: Finding[], ctx: Ctx): string[] {
  if (findings.length === 0) return []
  const { c } = ctx
  const counts = { error: 0, warning: 0, info: 0 }
  for (const f of findings) counts[f.severity]++
  const summary = (['error', 'warning', 'info'] as const)
    .filter((s) => counts[s])
    .map((s) => plural(counts[s], s === 'info' ? 'info' : s, s === 'info' ? 'info' : `${s}s`))
  const out = [c.bold(`Findings (${summary.join(', ')})`)]
  const shown = findings.slice(0, ctx.maxRows)
  for (const f of shown) {
    const paint = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.blue
    const location = formatLocation(f)
    const text = `${f.ruleId}  ${f.message}${location ? `  (${location})` : ''}`
    out.push(`  ${paint(SEVERITY_MARK[f.severity])} ${line(text, ctx.width - 4)}`)
  }
  if (findings.length > shown.length)
    out.push(c.dim(`  … ${findings.length - shown.length} more in report.md`))
  return out
}

/** Plugins and the machine, one line each. */
function footer(report: RunReport, r: Review, ctx: Ctx): string[] {
  const { c } = ctx
  const plugins = report.plugins.map((p) => {
    const status =
      p.status === 'ok' ? formatPluginStatus(p.status, p.durationMs).replace('ok · ', '') : p.status
    return `${p.name.replace(/^perfgate:/, '')} ${status}`
  })
  const out: string[] = []
  if (plugins.length > 0) out.push(c.dim(line(`Plugins: ${plugins.join(' · ')}`, ctx.width)))
  const host = report.host
  const machine = host?.cpuModel ? [`${host.cpuModel} (${plural(host.cores, 'core')})`] : []
  for (const m of r.context.slice(0, 6)) machine.push(`${shortTitle(m)} ${formatValue(m.unit, m.value)}`)
  if (machine.length > 0) out.push(c.dim(line(`Measured on ${machine.join(' · ')}`, ctx.width)))
  return out
}

/** `CPU busy (1000 ms window)` → `CPU busy`: the footer has one line for the whole machine. */
function shortTitle(metric: Metric): string {
  return metric.title.replace(/\s*\(.*\)$/, '')
}

/** Every metric by plugin, with ids: for someone chasing a change, not for the reviewer. */
function renderVerbose(report: RunReport, ctx: Ctx): string[] {
  const { c } = ctx
  const out: string[] = []
  const byPlugin = groupByPlugin(
    report.plugins.map((p) => p.name),
    report.metrics,
  )
  for (const [name, metrics] of byPlugin) {
    if (metrics.length === 0) continue
    out.push(c.bold(terminalText(name)))
    const rows = toRows(metrics)
    const body = rows.slice(0, ctx.maxRows).map((row) => {
      const m = row.metric
      const id = row.sizes ? m.id.replace(/\/(raw|gzip|brotli)$/, '/*') : m.id
      return [
        `${terminalText(row.title)}  ${truncate(terminalText(id), 60)}`,
        row.sizes
          ? ENCODINGS.map((e) => (row.sizes?.[e] ? formatValue('bytes', row.sizes[e]!.value) : '–')).join(
              ' / ',
            )
          : formatValue(m.unit, m.value),
        m.baseline ? formatValue(m.unit, m.baseline.value) : '',
        formatChange(m),
        `${m.verdict}${m.role && m.role !== 'measure' ? ` (${m.role})` : ''}`,
      ]
    })
    const columns: Column[] = [
      { align: 'left', flexible: true, min: 20 },
      { align: 'right' },
      { align: 'right' },
      { align: 'right' },
      { align: 'left' },
    ]
    out.push(...layout(body, columns, ctx.width))
    if (rows.length > ctx.maxRows) out.push(c.dim(`  … ${rows.length - ctx.maxRows} more in report.md`))
    for (const row of rows.slice(0, ctx.maxRows))
      if (row.metric.reason) out.push(c.dim(line(`  ${row.metric.id}: ${row.metric.reason}`, ctx.width)))
    out.push('')
  }
  return out
}
