import { append } from '../model/arrays.js'
import type { Finding, Metric, RunReport, Severity } from '../model/types.js'
import { markdownLinkTarget } from '../security/url.js'
import { clip, escapeHtmlComment, escapeMarkdown, markdownCode, markdownCodeBlock } from './escape.js'
import {
  budgetBreach,
  formatBudgetLimit,
  formatChange,
  formatPluginStatus,
  formatValue,
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
  whereNotSaid,
} from './review.js'
import { whyLines, whyText } from './why.js'

export interface MarkdownOptions {
  /** Longest output in characters; rows are cut to fit. Default 65,000 (under GitHub's comment limit). */
  maxLength?: number
  /** Heading text. Default `perfgate`. */
  title?: string
  /** Link to the CI run, shown next to the commit. */
  runUrl?: string
  /** More links shown after the run's (the HTML report and history dashboard artifacts); http(s) only. */
  links?: Array<{ label: string; url: string }>
  /** Hidden marker that lets a publisher find its earlier comment: `perfgate` → `<!-- perfgate -->`. */
  marker?: string
}

export const DEFAULT_MAX_LENGTH = 65_000

const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' }
const ENCODINGS: Encoding[] = ['raw', 'gzip', 'brotli']

// User text longer than this is clipped, so that one huge message cannot crowd out every row.
const MAX_TEXT = 300
const MAX_ERROR = 2_000

/**
 * report.md and the pull-request comment, for a reviewer: the verdict, then what the change did
 * (regressions biggest first, improvements, undecided with reasons, budgets, change costs), findings and
 * changed detail rows collapsed, and the machine in one line. All plugin text is escaped.
 */
export function renderMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH
  const r = review(report)
  const full = render(report, r, options, Number.POSITIVE_INFINITY)
  if (full.length <= maxLength) return full
  // Keep as many rows per list as fit: the length grows with the rows kept.
  let lo = 0
  let hi = Math.max(
    r.regressions.length,
    r.findings.length + r.knownFindings.length,
    r.changedDetails.length,
    r.overBudget.length,
    r.timingsNotJudged?.rows.length ?? 0,
  )
  let best = render(report, r, options, 0)
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const text = render(report, r, options, mid)
    if (text.length <= maxLength) {
      best = text
      lo = mid + 1
    } else hi = mid - 1
  }
  if (best.length <= maxLength) return best
  const note = '\n\n_… cut to fit the length limit._\n'
  return `${best.slice(0, Math.max(0, maxLength - note.length))}${note}`.slice(0, maxLength)
}

function render(report: RunReport, r: Review, options: MarkdownOptions, rows: number): string {
  const out: string[] = []
  if (options.marker)
    out.push(
      options.marker.startsWith('<!--') ? options.marker : `<!-- ${escapeHtmlComment(options.marker)} -->`,
    )
  const { pass, word, parts } = headline(report)
  const verdict = word[0] + word.slice(1).toLowerCase()
  out.push(`### ${pass ? '✅' : '❌'} ${escapeMarkdown(options.title ?? 'perfgate')} · ${verdict}: ${parts}`)
  out.push(`<sub>${where(report, options)}</sub>`, '')
  let cut = 0
  const take = <T>(list: T[]) => {
    const kept = list.slice(0, rows)
    cut += list.length - kept.length
    return kept
  }

  for (const plugin of r.failedPlugins)
    out.push(
      `**${escapeMarkdown(plugin.name)}** ${formatPluginStatus(plugin.status, plugin.durationMs)}:`,
      '',
      markdownCodeBlock(clip(plugin.error ?? 'no error message', MAX_ERROR)),
      '',
    )
  const changed = [
    ...take(r.regressions).map((row) => ({ row, icon: '🔴' })),
    ...take(r.improvements).map((row) => ({ row, icon: '🟢' })),
    ...take(r.undecided).map((row) => ({ row, icon: '🟡' })),
  ]
  append(out, table(changed))
  // A run that cannot judge timings says so once, with the fix; the undecided rows are folded away.
  if (r.timingsNotJudged)
    append(out, [
      `🟡 ${escapeMarkdown(timingsNotJudgedText(r.timingsNotJudged))}.`,
      '',
      `<details><summary>${plural(r.timingsNotJudged.rows.length, 'undecided timing figure')}</summary>`,
      '',
      ...table(take(r.timingsNotJudged.rows).map((row) => ({ row, icon: '🟡' }))),
      '</details>',
      '',
    ])
  append(
    out,
    table(
      take(r.overBudget).map((row) => ({ row, icon: '❌' })),
      'Over budget',
    ),
  )
  if (r.knownOverBudget.length > 0)
    out.push(`⚠️ ${escapeMarkdown(knownOverBudgetText(r.knownOverBudget))}`, '')
  if (r.firstRun && r.fresh.length > 0) {
    out.push('No baseline yet: these figures become the baseline once saved on the base branch.', '')
    append(out, table(take(r.fresh).map((row) => ({ row, icon: '' }))))
  }
  if (r.changeCosts.length > 0) {
    const costs = r.changeCosts.map(
      (m) => `${escapeMarkdown(m.title)} **${formatValue(m.unit, m.value)}**${budgetNote(m)}`,
    )
    out.push(`This change costs: ${costs.join(' · ')}`, '')
  }
  // New errors and warnings are news; new info and what the baseline had too are collapsed.
  const urgent = r.findings.filter((f) => f.severity !== 'info')
  if (urgent.length > 0) append(out, [...findingList(take(urgent)), ''])
  const info = r.findings.filter((f) => f.severity === 'info')
  if (info.length > 0)
    append(out, [
      `<details><summary>Findings: ${plural(info.length, 'new info', 'new info')}</summary>`,
      '',
      ...findingList(take(info)),
      '',
      '</details>',
      '',
    ])
  // What the baseline reported too is old news: counted, not repeated (the HTML report lists it).
  if (r.knownFindings.length > 0)
    out.push(
      `<sub>${plural(r.knownFindings.length, 'finding')} also on the baseline, not repeated here.</sub>`,
      '',
    )
  if (r.changedDetails.length > 0)
    append(out, [
      `<details><summary>${plural(r.changedDetails.length, 'detail row')} changed (diagnosis, not counted)</summary>`,
      '',
      ...table(
        take(r.changedDetails).map((row) => ({
          row,
          icon: row.metric.verdict === 'regressed' ? '🔴' : '🟢',
        })),
      ),
      '</details>',
      '',
    ])
  if (cut > 0)
    out.push(
      `_${plural(cut, 'row')} left out to stay under GitHub's length limit; report.md of the run has them all._`,
      '',
    )
  if (r.machineOverBudget.length > 0)
    out.push(
      `⚠️ Machine over budget, not the change (not failing): ${r.machineOverBudget
        .map(
          (m) =>
            `${escapeMarkdown(m.title.replace(/\s*\(.*\)$/, ''))} ${formatValue(m.unit, m.value)} (budget ${formatBudgetLimit(m.unit, m.budget!)})`,
        )
        .join(' · ')}`,
      '',
    )
  if (r.guideOverBudget.length > 0)
    out.push(
      `⚠️ Over a preset's guide budget (not failing; set it in your config's budgets to gate): ${r.guideOverBudget
        .map(
          (m) =>
            `${escapeMarkdown(m.id)} ${formatValue(m.unit, m.value)} (budget ${formatBudgetLimit(m.unit, m.budget!)})`,
        )
        .join(' · ')}`,
      '',
    )
  out.push(`<sub>${machine(report, r)}</sub>`)
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}

function where(report: RunReport, options: MarkdownOptions): string {
  const parts: string[] = []
  if (report.commit)
    parts.push(
      markdownCode(shortSha(report.commit)) + (report.branch ? ` (${markdownCode(report.branch)})` : ''),
    )
  parts.push(comparedWith(report, (t) => markdownCode(t)))
  if (report.shard) parts.push(`shard ${report.shard.index}/${report.shard.total}`)
  const run = markdownLinkTarget(options.runUrl)
  if (run) parts.push(`[run](${run})`)
  for (const link of options.links ?? []) {
    const target = markdownLinkTarget(link.url)
    if (target) parts.push(`[${escapeMarkdown(link.label)}](${target})`)
  }
  return parts.join(' · ')
}

/**
 * One table: the deciding figure's baseline, now and change; a size row names its raw, gzip and brotli
 * sizes under its title (one thing, one row); a reason and a broken budget stay on the row.
 */
function table(rows: Array<{ row: ReviewRow; icon: string }>, title?: string): string[] {
  if (rows.length === 0) return []
  // A reason several rows share is said once, under the table.
  const shared = groupReasons(rows.map(({ row }) => row)).filter((g) => g.titles.length > 1)
  const sharedReasons = new Set(shared.map((g) => g.reason))
  const out = title ? [`**${title}**`, ''] : []
  // Columns with nothing to say (no baseline yet, no budget) are left out.
  const compared = rows.some(({ row }) => row.metric.baseline || row.metric.change)
  const budgeted = rows.some(({ row }) => row.metric.budget)
  const head = [
    '',
    'Metric',
    ...(compared ? ['Baseline'] : []),
    'Now',
    ...(compared ? ['Change'] : []),
    ...(budgeted ? ['Budget'] : []),
  ]
  const align = head.map((h) => (['Baseline', 'Now', 'Change'].includes(h) ? '--:' : ':--'))
  out.push(`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`)
  for (const { row, icon } of rows) {
    const m = row.metric
    const notes: string[] = []
    if (row.sizes)
      notes.push(
        ENCODINGS.filter((e) => row.sizes?.[e])
          .map((e) => `${e} ${formatValue('bytes', row.sizes![e]!.value)}`)
          .join(' · '),
      )
    if (m.reason && !sharedReasons.has(m.reason)) notes.push(escapeMarkdown(clip(m.reason, MAX_TEXT)))
    // Under a regression or a broken budget, the parts that made it so (at most three lines).
    for (const why of whyLines(m)) notes.push(`↳ ${escapeMarkdown(clip(whyText(why), MAX_TEXT))}`)
    const metric = `${escapeMarkdown(clip(row.title, MAX_TEXT))}${notes.map((n) => `<br><sub>${n}</sub>`).join('')}`
    const cells = [icon, metric]
    if (compared) cells.push(m.baseline ? formatValue(m.unit, m.baseline.value) : '–')
    cells.push(formatValue(m.unit, m.value))
    if (compared) cells.push(formatChange(m) || '–')
    if (budgeted) cells.push(budgetCell(m))
    out.push(`| ${cells.join(' | ')} |`)
  }
  out.push('')
  for (const { reason, titles } of shared) {
    const who =
      titles.length > 3
        ? `${titles.length} figures`
        : titles.map((t) => escapeMarkdown(clip(t, MAX_TEXT))).join(', ')
    out.push(`<sub>${who}: ${escapeMarkdown(clip(reason, MAX_TEXT))}</sub>`, '')
  }
  return out
}

function budgetCell(metric: Metric): string {
  if (!metric.budget) return ''
  const limit = formatBudgetLimit(metric.unit, metric.budget)
  if (metric.budget.status === 'ok') return `${limit} ✅`
  const breach = budgetBreach(metric.value, metric.budget)
  return metric.budget.known ? `${limit} ⚠️ ${breach}, as on the base` : `${limit} ❌ ${breach}`
}

function budgetNote(metric: Metric): string {
  return metric.budget ? ` (budget ${budgetCell(metric)})` : ''
}

function findingList(findings: Finding[]): string[] {
  return findings.map((f) => {
    const location = whereNotSaid(f)
    const at = location ? ` — ${markdownCode(clip(location, MAX_TEXT))}` : ''
    const docs = markdownLinkTarget(f.docs)
    const rule = docs ? `[${markdownCode(f.ruleId)}](${docs})` : markdownCode(clip(f.ruleId, MAX_TEXT))
    return `- ${SEVERITY_ICON[f.severity]} ${rule} ${escapeMarkdown(clip(f.message, MAX_TEXT))}${at}`
  })
}

/** The machine, the plugins and their times: one line. */
function machine(report: RunReport, r: Review): string {
  const parts: string[] = []
  const host = report.host
  if (host?.cpuModel)
    parts.push(`Measured on ${escapeMarkdown(host.cpuModel)}, ${plural(host.cores, 'core')}`)
  for (const m of r.context.slice(0, 5))
    parts.push(`${escapeMarkdown(m.title.replace(/\s*\(.*\)$/, ''))} ${formatValue(m.unit, m.value)}`)
  const plugins = report.plugins.map(
    (p) =>
      `${escapeMarkdown(p.name.replace(/^perfgate:/, ''))} ${p.status === 'ok' ? formatPluginStatus(p.status, p.durationMs).replace('ok · ', '') : p.status}`,
  )
  if (plugins.length > 0) parts.push(plugins.join(', '))
  return parts.join(' · ')
}
