import { isNewBreach } from '../compare/budgets.js'
import { isTimingFigure } from '../compare/counts.js'
import { describeBudgetBreach } from '../compare/judge.js'
import { counts } from '../compare/roles.js'
import { isMachineWarning, isPresetChangeCostGuide } from '../compare/summary.js'
import type { Finding, Metric, PluginResult, RunReport } from '../model/types.js'
import { formatLocation, shortSha, sortFindings } from './format.js'

/** Sizes of one thing in three compressions are one row: `bundle/initial-js/{raw,gzip,brotli}`. */
const ENCODING = /^(.+)\/(raw|gzip|brotli)$/
const ENCODING_TITLE = /\s*\((raw|gzip(?: -9)?|brotli(?: -11)?)\)$/

export type Encoding = 'raw' | 'gzip' | 'brotli'

/** One line of the review: a metric, or the raw/gzip/brotli sizes of one thing. */
export interface ReviewRow {
  /** The metric that decides the row's verdict (the gating compression of a size group). */
  metric: Metric
  /** Title without the compression suffix for size groups. */
  title: string
  /** raw / gzip / brotli members of a size group. */
  sizes?: Partial<Record<Encoding, Metric>>
}

/** What a reviewer reads first: what the change did, then what could not be decided, then the rest. */
export interface Review {
  regressions: ReviewRow[]
  improvements: ReviewRow[]
  /** Inconclusive figures of the project's own (measure role), with their reasons. */
  undecided: ReviewRow[]
  /** Exceeded budgets of rows not already listed as changed (those carry their budget in place). */
  overBudget: ReviewRow[]
  /** Budgets the baseline already exceeded and this change left alone: one line, never failing. */
  knownOverBudget: Metric[]
  /**
   * Timing figures a stored baseline could not decide, when they are all or most of the run's timings:
   * said in one line with the fix, the rows folded away (out of `undecided`). Null otherwise.
   */
  timingsNotJudged: { rows: ReviewRow[]; of: number; samples: number } | null
  /** Figures that exist only relative to the baseline (bytes downloaded again, new packages). */
  changeCosts: Metric[]
  /** Headline figures of a run with no baseline (or new metrics), for the first run's overview. */
  fresh: ReviewRow[]
  /** Diagnosis rows (per file, per type) that changed: shown, never counted. */
  changedDetails: ReviewRow[]
  unchanged: number
  /** The machine and its surroundings. */
  context: Metric[]
  /** Context figures over their budget: the machine, not the change, so they never fail the run. */
  machineOverBudget: Metric[]
  /** Preset budgets on change costs that are exceeded: a guide, not failing (isPresetChangeCostGuide). */
  guideOverBudget: Metric[]
  /** Findings new with this change (or every finding when there is no baseline), most severe first. */
  findings: Finding[]
  /** Findings the baseline had too: counted, listed only in full reports. */
  knownFindings: Finding[]
  failedPlugins: PluginResult[]
  /** No baseline was found: the first run, or comparison was off. */
  firstRun: boolean
}

/** Groups a plugin's size metrics into rows and leaves the rest one metric a row. */
export function toRows(metrics: readonly Metric[]): ReviewRow[] {
  const groups = new Map<string, ReviewRow>()
  const rows: ReviewRow[] = []
  for (const metric of metrics) {
    const match = metric.unit === 'bytes' ? ENCODING.exec(metric.id) : null
    if (!match) {
      rows.push({ metric, title: metric.title })
      continue
    }
    const key = `${metric.plugin}\u0000${match[1]}`
    let row = groups.get(key)
    if (!row) {
      row = { metric, title: metric.title.replace(ENCODING_TITLE, ''), sizes: {} }
      groups.set(key, row)
      rows.push(row)
    }
    row.sizes![match[2] as Encoding] = metric
    // The member that counts (the gating compression) decides the row; else the worst verdict.
    if (counts(metric) && !counts(row.metric)) row.metric = metric
    else if (counts(metric) === counts(row.metric) && severity(metric) < severity(row.metric))
      row.metric = metric
  }
  return rows
}

function severity(metric: Metric): number {
  if (metric.verdict === 'regressed') return 0
  if (isNewBreach(metric)) return 1
  return { improved: 2, inconclusive: 3, new: 4, unchanged: 5, none: 6, regressed: 0 }[metric.verdict]
}

const biggestFirst = (a: ReviewRow, b: ReviewRow) =>
  Math.abs(b.metric.change?.rel ?? 0) - Math.abs(a.metric.change?.rel ?? 0) || 0

/** Builds the review of a judged report. Linear in the number of metrics. */
export function review(report: RunReport): Review {
  const context: Metric[] = []
  const changeCosts: Metric[] = []
  const judged: Metric[] = []
  for (const metric of report.metrics) {
    if (metric.role === 'context') context.push(metric)
    else if (metric.role === 'change-cost') changeCosts.push(metric)
    else judged.push(metric)
  }
  const rows = toRows(judged)
  const out: Review = {
    regressions: [],
    improvements: [],
    undecided: [],
    overBudget: [],
    knownOverBudget: [],
    timingsNotJudged: null,
    changeCosts,
    fresh: [],
    changedDetails: [],
    unchanged: 0,
    context,
    machineOverBudget: context.filter(isMachineWarning),
    guideOverBudget: changeCosts.filter(isPresetChangeCostGuide),
    findings: sortFindings(report.findings.filter((f) => !f.known)),
    knownFindings: sortFindings(report.findings.filter((f) => f.known)),
    failedPlugins: report.plugins.filter((p) => p.status === 'failed'),
    firstRun: report.baseCommit === null && sameJobBase(report) === undefined,
  }
  for (const row of rows) {
    const { metric } = row
    const hidden = isZeroRow(row)
    // Every exceeded budget fails the run, so each is listed: a detail row's (the api preset's average
    // latency) and a size group's other members' (the spa preset's gzip budget beside brotli) too.
    const members = (row.sizes ? Object.values(row.sizes) : [metric]).filter((m): m is Metric => !!m)
    const exceeded = members.filter(isNewBreach)
    out.knownOverBudget.push(...members.filter((m) => m.budget?.status === 'exceeded' && m.budget.known))
    let inPlace: Metric | null = null
    if (!counts(metric)) {
      if (metric.verdict === 'regressed' || metric.verdict === 'improved') out.changedDetails.push(row)
      else if (exceeded.length === 0) out.unchanged++
    } else {
      if (metric.verdict === 'regressed') out.regressions.push(row)
      else if (metric.verdict === 'improved') out.improvements.push(row)
      else if (metric.verdict === 'inconclusive') out.undecided.push(row)
      else if (metric.verdict === 'new' && !hidden) out.fresh.push(row)
      else out.unchanged++
      // A listed row shows its own budget in place.
      if (['regressed', 'improved', 'inconclusive'].includes(metric.verdict)) inPlace = metric
    }
    for (const m of exceeded)
      if (m !== inPlace) out.overBudget.push(m === metric && !row.sizes ? row : { metric: m, title: m.title })
  }
  // Change costs describe the change, and the config's budgets on the machine gate: both can fail.
  for (const metric of [
    ...changeCosts.filter((m) => !isPresetChangeCostGuide(m)),
    ...context.filter((m) => !isMachineWarning(m)),
  ]) {
    if (isNewBreach(metric)) out.overBudget.push({ metric, title: metric.title })
    else if (metric.budget?.status === 'exceeded') out.knownOverBudget.push(metric)
  }
  if (sameJobBase(report) === undefined) foldStoredTimings(out, rows)
  out.regressions.sort(biggestFirst)
  out.improvements.sort(biggestFirst)
  out.changedDetails.sort(biggestFirst)
  return out
}

/**
 * A run against a stored baseline whose timings are all or mostly inconclusive cannot judge timings:
 * one line with the fix replaces a row per metric (DESIGN.md, "The default pull-request mode decides
 * timings"). Counts and rates are judged in every mode, so they are not among them.
 */
function foldStoredTimings(out: Review, rows: readonly ReviewRow[]): void {
  const timings = rows.filter(
    (row) => counts(row.metric) && isTimingFigure(row.metric) && row.metric.baseline,
  )
  const timing = new Set(timings)
  const undecided = out.undecided.filter((row) => timing.has(row))
  if (undecided.length === 0 || undecided.length * 2 <= timings.length) return
  const samples = undecided.reduce((most, row) => Math.max(most, row.metric.samples?.length ?? 1), 1)
  out.timingsNotJudged = { rows: undecided, of: timings.length, samples }
  const folded = new Set(undecided)
  out.undecided = out.undecided.filter((row) => !folded.has(row))
}

/** `Timings not judged: …; run A/B (--ab, …) to judge them`: the one line of a run that cannot judge timings. */
export function timingsNotJudgedText(folded: NonNullable<Review['timingsNotJudged']>): string {
  const { rows, of, samples } = folded
  const which =
    of === 1
      ? 'its timing figure'
      : rows.length === of
        ? `all ${of} timing figures`
        : `${rows.length} of ${of} timing figures`
  const side = samples === 1 ? 'one value a side' : `${samples} samples a side`
  return `Timings not judged: a stored baseline from another job cannot decide ${which} (${side}); run A/B (--ab, the Action's default on pull requests) to judge them`
}

/** `Already over budget on the base branch (not failing): lighthouse/home/lcp 5.3 s (≤ 2.5 s)`. */
export function knownOverBudgetText(metrics: readonly Metric[]): string {
  return `Already over budget on the base branch, not shown worse (not failing): ${metrics.map(describeBudgetBreach).join(' · ')}`
}

/** A size group or figure that is zero now and was zero (or absent) before says nothing. */
function isZeroRow(row: ReviewRow): boolean {
  const members = row.sizes ? Object.values(row.sizes) : [row.metric]
  return members.every((m) => m!.value === 0 && (m!.baseline?.value ?? 0) === 0)
}

/** The one-line verdict: `FAIL · 2 regressions, 1 budget exceeded` or `PASS · no regressions`. */
export function headline(report: RunReport): { pass: boolean; word: string; parts: string; text: string } {
  const { summary } = report
  const parts: string[] = []
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`
  if (summary.errors) parts.push(`${n(summary.errors, 'plugin')} failed`)
  if (summary.regressions) parts.push(n(summary.regressions, 'regression'))
  if (summary.overBudget) parts.push(n(summary.overBudget, 'budget exceeded', 'budgets exceeded'))
  if (summary.improvements) parts.push(n(summary.improvements, 'improvement'))
  if (parts.length === 0) parts.push(quiet(report))
  // A failed plugin means the measurement is incomplete: never "Pass", whatever failOn says.
  const word = summary.errors > 0 ? 'INCOMPLETE' : summary.verdict === 'fail' ? 'FAIL' : 'PASS'
  return { pass: word === 'PASS', word, parts: parts.join(', '), text: `${word} · ${parts.join(', ')}` }
}

function quiet(report: RunReport): string {
  if (report.metrics.length === 0) return 'nothing measured'
  if (report.baseCommit === null && sameJobBase(report) === undefined)
    return 'no baseline yet, nothing to compare'
  return 'no regressions'
}

/**
 * Rows' reasons, each said once: rows that share a reason (typically "too few samples") are named
 * together. Order of first appearance.
 */
export function groupReasons(rows: readonly ReviewRow[]): Array<{ reason: string; titles: string[] }> {
  const groups = new Map<string, string[]>()
  for (const row of rows) {
    const reason = row.metric.reason
    if (!reason) continue
    const titles = groups.get(reason) ?? []
    titles.push(row.title)
    groups.set(reason, titles)
  }
  return [...groups].map(([reason, titles]) => ({ reason, titles }))
}

/** A finding's `file:line:col`, or '' when there is none or the message already names the file. */
export function whereNotSaid(finding: Finding): string {
  const location = formatLocation(finding)
  if (!location || finding.line !== undefined) return location
  return finding.file && finding.message.includes(finding.file) ? '' : location
}

/**
 * The base an A/B run measured in this job (its commit, or null when the base folder is no checkout),
 * or undefined when nothing was measured that way.
 */
export function sameJobBase(report: RunReport): string | null | undefined {
  for (const metric of report.metrics)
    if (metric.baseline?.source === 'same-job') return metric.baseline.commit
  return undefined
}

/** Where the comparison came from, for the header: the stored baseline and/or the base timed in this job. */
export function comparedWith(report: RunReport, code: (text: string) => string): string {
  const ab = sameJobBase(report)
  const parts: string[] = []
  if (report.baseCommit) parts.push(`vs baseline ${code(shortSha(report.baseCommit))}`)
  if (ab !== undefined) parts.push(`timings A/B in this job${ab ? ` vs ${code(shortSha(ab))}` : ''}`)
  return parts.length > 0 ? parts.join(', ') : 'no baseline'
}
