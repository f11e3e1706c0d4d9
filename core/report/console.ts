import pc from 'picocolors'
import { isNewBreach } from '../compare/budgets.js'
import type { Finding, Metric, RunReport, Severity } from '../model/types.js'
import { sanitizeTerminal as terminalText } from '../security/sanitize.js'
import { type Column, layout, line, truncate, wrapped } from './columns.js'
import {
  formatBudgetLimit,
  formatChange,
  formatPluginStatus,
  formatValue,
  groupByPlugin,
  plural,
  shortSha,
} from './format.js'
import {
  comparedWith,
  type Encoding,
  groupReasons,
  headline,
  knownOverBudgetText,
  type Review,
  type ReviewRow,
  review,
  timingsNotJudgedText,
  toRows,
  whereNotSaid,
} from './review.js'
import { whyLines, whyText } from './why.js'

export interface ConsoleOptions {
  /** ANSI colours; default false (the caller decides, e.g. from `isInteractive()`). */
  color?: boolean
  /** Columns; default 100. Callers pass `outputWidth()`: the terminal's, `COLUMNS`, or unlimited in CI. */
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
    section(
      wrapped(`${plugin.name} failed: ${plugin.error ?? 'no error message'}`, ctx.width, '✖ ', '  ', 4).map(
        (l) => ctx.c.red(l),
      ),
    )
  if (options.verbose) section(renderVerbose(report, ctx))
  else {
    const { c } = ctx
    const changed: Marked[] = [
      ...r.regressions.map((row) => ({ row, mark: c.red('✖') })),
      ...r.improvements.map((row) => ({ row, mark: c.green('✔') })),
      ...r.undecided.map((row) => ({ row, mark: c.yellow('?') })),
    ]
    const counts = [
      r.regressions.length && `${r.regressions.length} regressed`,
      r.improvements.length && `${r.improvements.length} improved`,
      r.undecided.length && `${r.undecided.length} undecided`,
    ].filter(Boolean)
    const breached = changed.filter(({ row }) => isNewBreach(row.metric))
    const breaches = breached.map(
      ({ row }) => `${row.title} (${formatBudgetLimit(row.metric.unit, row.metric.budget!)})`,
    )
    section([
      ...table(`What changed (${counts.join(', ')})`, changed, ctx),
      ...(breaches.length
        ? wrapped(`Over budget: ${breaches.join(', ')}`, ctx.width, '  ✖ ', '    ', 2)
        : []),
      ...undecidedReasons(r.undecided, ctx),
    ])
    if (r.timingsNotJudged)
      section(
        wrapped(
          `${timingsNotJudgedText(r.timingsNotJudged)} (--verbose lists them).`,
          ctx.width,
          '? ',
          '  ',
          3,
        ).map(c.yellow),
      )
    section(
      table(
        `Over budget (${r.overBudget.length})`,
        r.overBudget.map((row) => ({ row, mark: c.red('✖') })),
        ctx,
        true,
      ),
    )
    if (r.knownOverBudget.length > 0)
      section(wrapped(knownOverBudgetText(r.knownOverBudget), ctx.width, '▲ ', '  ', 3).map(c.yellow))
    if (r.firstRun)
      section(
        table(
          `Measured (${r.fresh.length}; no baseline yet)`,
          r.fresh.map((row) => ({ row, mark: ' ' })),
          ctx,
          true,
        ),
      )
    section(changeCostLines(r, ctx))
    if (r.changedDetails.length > 0)
      out.push(
        ctx.c.dim(
          line(
            `${plural(r.changedDetails.length, 'detail row')} changed (diagnosis, not counted): --verbose lists them`,
            ctx.width,
          ),
        ),
        '',
      )
  }
  section(findingLines(options.verbose ? [...r.findings, ...r.knownFindings] : r.findings, ctx))
  if (!options.verbose && r.knownFindings.length > 0)
    section([
      ctx.c.dim(
        line(
          `${plural(r.knownFindings.length, 'finding')} also on the baseline (--verbose lists them)`,
          ctx.width,
        ),
      ),
    ])
  out.push(...footer(report, r, ctx))
  return `${out.join('\n')}\n`
}

function renderHeader(report: RunReport, ctx: Ctx): string {
  const { c } = ctx
  const { pass, text } = headline(report)
  const where: string[] = []
  if (report.commit) where.push(shortSha(report.commit) + (report.branch ? ` (${report.branch})` : ''))
  where.push(comparedWith(report, (t) => t))
  if (report.shard) where.push(`shard ${report.shard.index}/${report.shard.total}`)
  const paint = (l: string) => (pass ? c.green(c.bold(l)) : c.red(c.bold(l)))
  const place = terminalText(where.join(' · '))
  // The verdict comes first; where it was measured follows on the same line when it fits.
  const [first, ...more] = wrapped(text, ctx.width - 9, '', '  ', 3)
  const lines = [`${c.bold('perfgate')} ${paint(first)}`, ...more.map(paint)]
  if (more.length === 0 && first.length + place.length + 11 <= ctx.width) lines[0] += `  ${c.dim(place)}`
  else lines.push(c.dim(line(place, ctx.width)))
  return lines.join('\n')
}

const tableColumns: Column[] = [
  { align: 'left' },
  { align: 'left', flexible: true, min: 22 },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'left', optional: true },
]

interface Marked {
  row: ReviewRow
  mark: string
}

/**
 * One table: baseline, now and change of the row's deciding metric; for sizes, the other compressions
 * in the last column (raw, gzip and brotli of one thing are one row).
 */
function table(title: string, rows: Marked[], ctx: Ctx, withBudget = false): string[] {
  if (rows.length === 0) return []
  const { c } = ctx
  const shown = rows.slice(0, ctx.maxRows)
  const head = ['', 'metric', 'baseline', 'now', 'change', '']
  const body = shown.map(({ row, mark }) => {
    const m = row.metric
    const now = formatValue(m.unit, m.value) + (row.sizes ? ` ${encodingOf(row)}` : '')
    return [
      mark,
      terminalText(row.title),
      m.baseline ? formatValue(m.unit, m.baseline.value) : '',
      now,
      formatChange(m),
      withBudget && m.budget ? budgetText(m) : row.sizes ? otherSizes(row) : '',
    ]
  })
  const [header, ...lines] = layout([head, ...body], tableColumns, ctx.width, { header: true })
  const out = [c.bold(title), c.dim(header)]
  lines.forEach((l, i) => {
    out.push(l)
    // Under a regression or a broken budget, the parts that made it so (at most three lines).
    for (const why of whyLines(shown[i].row.metric))
      out.push(`     ${c.dim(line(`↳ ${whyText(why)}`, ctx.width - 5))}`)
  })
  if (rows.length > shown.length)
    out.push(c.dim(`  … ${(rows.length - shown.length).toLocaleString('en-US')} more in report.md`))
  return out
}

function encodingOf(row: ReviewRow): string {
  const e = ENCODINGS.find((k) => row.sizes?.[k] === row.metric)
  return e === 'brotli' ? 'br' : e === 'gzip' ? 'gz' : (e ?? '')
}

function otherSizes(row: ReviewRow): string {
  return ENCODINGS.filter((e) => row.sizes?.[e] && row.sizes[e] !== row.metric)
    .map((e) => `${e} ${formatValue('bytes', row.sizes![e]!.value)}`)
    .join(' · ')
}

function budgetText(metric: Metric): string {
  if (!metric.budget) return ''
  const mark = metric.budget.known
    ? ' ▲ over on the base too'
    : metric.budget.status === 'exceeded'
      ? ' ✖'
      : ''
  return `budget ${formatBudgetLimit(metric.unit, metric.budget)}${mark}`
}

/** Why each undecided figure could not be called, at most two lines each. */
function undecidedReasons(rows: ReviewRow[], ctx: Ctx): string[] {
  const out: string[] = []
  for (const { reason, titles } of groupReasons(rows.slice(0, ctx.maxRows))) {
    const who = titles.length > 3 ? `${titles.length} figures` : titles.join(', ')
    out.push(...wrapped(`${who}: ${reason}`, ctx.width, '  ? ', '    ', 2).map(ctx.c.dim))
  }
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
    // Where first, as ESLint prints it: a long message is cut at two lines, its file never is.
    const location = whereNotSaid(f)
    const text = `${location ? `${location}  ` : ''}${f.ruleId}  ${f.message}`
    const [head, ...more] = wrapped(text, ctx.width - 4, '', '  ', 2)
    out.push(`  ${paint(SEVERITY_MARK[f.severity])} ${head}`, ...more.map((l) => `    ${l}`))
  }
  if (findings.length > shown.length)
    out.push(c.dim(`  … ${(findings.length - shown.length).toLocaleString('en-US')} more in report.md`))
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
  const over = r.machineOverBudget.map(
    (m) =>
      `${shortTitle(m)} ${formatValue(m.unit, m.value)} (budget ${formatBudgetLimit(m.unit, m.budget!)})`,
  )
  if (over.length > 0)
    out.push(
      c.yellow(
        line(
          `${SEVERITY_MARK.warning} Machine over budget, not the change (not failing): ${over.join(' · ')}`,
          ctx.width,
        ),
      ),
    )
  const guides = r.guideOverBudget.map(
    (m) => `${m.id} ${formatValue(m.unit, m.value)} (budget ${formatBudgetLimit(m.unit, m.budget!)})`,
  )
  if (guides.length > 0)
    out.push(
      c.yellow(
        line(
          `${SEVERITY_MARK.warning} Over a preset's guide budget (not failing; set it in your config's budgets to gate): ${guides.join(' · ')}`,
          ctx.width,
        ),
      ),
    )
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
    if (rows.length > ctx.maxRows)
      out.push(c.dim(`  … ${(rows.length - ctx.maxRows).toLocaleString('en-US')} more in report.md`))
    for (const row of rows.slice(0, ctx.maxRows))
      if (row.metric.reason) out.push(c.dim(line(`  ${row.metric.id}: ${row.metric.reason}`, ctx.width)))
    out.push('')
  }
  return out
}
