import type { Metric, RunReport } from '../../model/types.js'
import {
  formatChange,
  formatPluginStatus,
  formatValue,
  groupByPlugin,
  plural,
  shortSha,
  sortMetrics,
  summaryParts,
} from '../format.js'
import { knownOverBudgetText, review, timingsNotJudgedText } from '../review.js'
import { type BarChartData, bundleSection } from './bundle.js'
import { renderChanges } from './changes.js'
import { reportClient } from './client/report-client.js'
import { clientScript } from './client/script.js'
import { escapeHtml } from './escape.js'
import { renderArtifacts, renderFindings } from './findings.js'
import { renderPage } from './page.js'
import { renderWhy } from './why.js'

export interface HtmlOptions {
  /** Heading text. Default `perfgate`. */
  title?: string
  /**
   * Where the report's output folder is, relative to the HTML file's folder: artifact links are made
   * relative to it. Default '' (the page sits in the output folder, as `.perfgate/report.html` does).
   */
  artifactBase?: string
}

/** One sampled metric's strip plot: this run's samples beside the baseline's. */
export interface SampleChartData {
  el: string
  id: string
  title: string
  unit: Metric['unit']
  base: number[] | null
  head: number[]
}

export interface ReportPageData {
  samples: SampleChartData[]
  bars: BarChartData[]
}

/** report.html: one self-contained page (no network) that a person opens to look at a run. */
export function renderHtml(report: RunReport, options: HtmlOptions = {}): string {
  const title = options.title ?? 'perfgate'
  const base = options.artifactBase ?? ''
  const samples = sampleCharts(report.metrics)
  const bundle = bundleSection(report.metrics, report.artifacts, base)
  const body = [
    header(report, title),
    pluginErrors(report),
    verdictNotes(report),
    renderChanges(report.metrics),
    renderWhy(report.metrics),
    samplesSection(samples),
    bundle.html,
    renderFindings(report.findings),
    renderArtifacts(report.artifacts, base),
    allMetrics(report),
  ]
    .filter(Boolean)
    .join('\n')
  const data: ReportPageData = { samples, bars: bundle.charts }
  return renderPage({
    title: `${title} · ${report.summary.verdict}${report.commit ? ` · ${shortSha(report.commit)}` : ''}`,
    body,
    data,
    script: clientScript(reportClient),
  })
}

/** What the verdict leaves out, one line each: timings a stored baseline could not judge, old breaches. */
function verdictNotes(report: RunReport): string {
  const r = review(report)
  const notes: string[] = []
  if (r.timingsNotJudged)
    notes.push(
      `<p class="warn">${escapeHtml(timingsNotJudgedText(r.timingsNotJudged))}. Their rows are below, marked inconclusive.</p>`,
    )
  if (r.knownOverBudget.length > 0)
    notes.push(`<p class="warn">${escapeHtml(knownOverBudgetText(r.knownOverBudget))}</p>`)
  return notes.join('\n')
}

function header(report: RunReport, title: string): string {
  const { summary } = report
  const parts = summaryParts(summary)
  if (parts.length === 0) parts.push(report.metrics.length ? 'no changes' : 'nothing measured')
  const facts: string[] = []
  if (report.commit)
    facts.push(
      `commit <code>${escapeHtml(shortSha(report.commit))}</code>${report.branch ? ` (${escapeHtml(report.branch)})` : ''}`,
    )
  facts.push(
    report.baseCommit
      ? `compared with baseline <code>${escapeHtml(shortSha(report.baseCommit))}</code>`
      : 'no baseline',
  )
  const host = report.host
  facts.push(`${escapeHtml(host.cpuModel)}, ${plural(host.cores, 'core')}, ${escapeHtml(host.os)}`)
  if (report.shard) facts.push(`shard ${report.shard.index}/${report.shard.total}`)
  facts.push(`${escapeHtml(report.createdAt)}`, `perfgate ${escapeHtml(report.tool.version)}`)
  const word = summary.verdict === 'fail' ? 'Fail' : 'Pass'
  return `<header><h1>${escapeHtml(title)} <span class="verdict ${summary.verdict}" id="verdict">${word}</span></h1>
<p id="summary">${escapeHtml(parts.join(', '))}</p><p class="meta">${facts.join(' · ')}</p></header>`
}

function pluginErrors(report: RunReport): string {
  return report.plugins
    .filter((p) => p.status === 'failed')
    .map(
      (p) =>
        `<div class="note plugin-error"><strong>${escapeHtml(p.name)}</strong> ${escapeHtml(formatPluginStatus(p.status, p.durationMs))}<pre><code>${escapeHtml(p.error ?? 'no error message')}</code></pre></div>`,
    )
    .join('\n')
}

/** Every metric with at least two samples on either side, most important first. */
function sampleCharts(metrics: Metric[]): SampleChartData[] {
  return sortMetrics(metrics)
    .filter((m) => (m.samples?.length ?? 0) >= 2 || (m.baseline?.samples?.length ?? 0) >= 2)
    .map((m, i) => ({
      el: `chart-samples-${i}`,
      id: m.id,
      title: m.title,
      unit: m.unit,
      base: m.baseline?.samples?.length ? m.baseline.samples : null,
      head: m.samples?.length ? m.samples : [m.value],
    }))
}

function samplesSection(charts: SampleChartData[]): string {
  if (charts.length === 0) return ''
  const cards = charts.map(
    (c) =>
      `<div class="card"><h3>${escapeHtml(c.title)}</h3><div class="id"><code>${escapeHtml(c.id)}</code></div><div class="chart" id="${c.el}"></div></div>`,
  )
  return `<h2 id="samples">Samples, base beside head</h2>
<p class="muted">Each dot is one repetition; the line is the median.</p><div class="grid">${cards.join('\n')}</div>`
}

const MAX_ROWS_PER_PLUGIN = 2000

function allMetrics(report: RunReport): string {
  if (report.metrics.length === 0) return ''
  const groups = groupByPlugin(
    report.plugins.map((p) => p.name),
    report.metrics,
  )
  const sections: string[] = []
  for (const [plugin, metrics] of groups) {
    if (metrics.length === 0) continue
    // A page a browser can open: the first rows of a huge plugin, the rest stay in report.json.
    const sorted = sortMetrics(metrics)
    const shown = sorted.slice(0, MAX_ROWS_PER_PLUGIN)
    const rest = sorted.length - shown.length
    const rows = shown.map(
      (m) =>
        `<tr><td>${escapeHtml(m.title)}<br><code class="muted">${escapeHtml(m.id)}</code></td><td class="num">${escapeHtml(formatValue(m.unit, m.value))}</td><td class="num">${m.baseline ? escapeHtml(formatValue(m.unit, m.baseline.value)) : '–'}</td><td class="num">${escapeHtml(formatChange(m) || '–')}</td><td>${m.verdict}</td></tr>`,
    )
    sections.push(`<details><summary>${escapeHtml(plugin)} · ${plural(metrics.length, 'metric')}</summary>
<table><thead><tr><th>Metric</th><th class="num">Value</th><th class="num">Baseline</th><th class="num">Change</th><th>Verdict</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${rest > 0 ? `<p class="muted">${plural(rest, 'more metric')} in report.json.</p>` : ''}</details>`)
  }
  return `<h2 id="metrics">All metrics</h2>${sections.join('\n')}`
}
