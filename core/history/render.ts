import { plural } from '../report/format.js'
import { clientScript } from '../report/html/client/script.js'
import { escapeHtml, httpUrl } from '../report/html/escape.js'
import { renderPage } from '../report/html/page.js'
import { stripControlsDeep } from '../security/sanitize.js'
import { historyClient } from './client.js'
import type { HistoryData, MetricSeries } from './series.js'

export interface HistoryPage {
  data: HistoryData
  /** The base ref the records follow. */
  base: string
  store: string
  /** Store warnings: records skipped because they did not parse. */
  notes: string[]
  /** Why there are no records, when there are none. */
  reason?: string
  title?: string
}

const short = (sha: string) => sha.slice(0, 7)

/** The history dashboard: one chart per metric over the base branch's commits, one self-contained file. */
export function renderHistory(input: HistoryPage): string {
  // Commit subjects, titles, ids, CPU names and notes are untrusted: no control or bidi character of
  // theirs reaches the page, its chart data or the tooltip drawn from it.
  const page = stripControlsDeep(input)
  const { data } = page
  const title = page.title ?? 'perfgate history'
  const parts = [
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(page.base || 'base branch')} · ${plural(data.commits.length, 'record')} · ${plural(data.metrics.length, 'metric')} · ${escapeHtml(page.store)}</p></header>`,
  ]
  if (page.notes.length > 0)
    parts.push(
      `<div class="note" id="notes"><strong>${plural(page.notes.length, 'note')} from reading the records</strong><ul>${page.notes.map((n) => `<li class="skipped">${escapeHtml(n)}</li>`).join('')}</ul></div>`,
    )
  if (data.commits.length === 0) {
    parts.push(`<div class="empty" id="empty"><h2>No baseline records yet</h2>
<p>${escapeHtml(page.reason ?? 'The store has no records on this branch.')}</p>
<p>Save one from your main branch with <code>perfgate run --save-baseline</code> (the GitHub Action does it on pushes to the default branch), then run <code>perfgate history</code> again.</p></div>`)
  } else {
    parts.push(legend(data), stepsSummary(data), charts(data))
  }
  return renderPage({ title, body: parts.join('\n'), data, script: clientScript(historyClient) })
}

function legend(data: HistoryData): string {
  const cpu =
    data.cpus.length > 1
      ? ` Runs on another CPU than ${escapeHtml(data.cpus[data.reference])} are drawn as hollow orange points (${data.cpus.length - 1} other CPU${data.cpus.length > 2 ? 's' : ''}).`
      : ''
  const current = data.current
    ? ` The last point, in green, is this pull request${data.current.sha ? ` (<code>${escapeHtml(short(data.current.sha))}</code>)` : ''}.`
    : ''
  return `<p class="muted">Line: the figure per commit (the median for sampled metrics); band: the samples' interquartile range; dashed red: budgets; dotted lines: step changes. Click a point to open its commit.${cpu}${current}</p>`
}

function stepLine(series: MetricSeries, step: MetricSeries['steps'][number]): string {
  const pct = `${step.rel > 0 ? '+' : ''}${(step.rel * 100).toFixed(1)} %`
  const worse = (series.better === 'lower') === step.rel > 0
  const range = `<code>${escapeHtml(short(step.from))}..${escapeHtml(short(step.to))}</code>`
  const url = httpUrl(step.url)
  const linked = url ? `<a href="${escapeHtml(url)}" rel="noreferrer">${range}</a>` : range
  return `<li class="change-point" data-metric="${escapeHtml(series.id)}" data-from="${escapeHtml(step.from)}" data-to="${escapeHtml(step.to)}"><span class="${worse ? 'bad' : 'good'}">${pct}</span> in ${linked}</li>`
}

/** Every step change, newest first, so the page answers "what moved, and where" before any chart. */
function stepsSummary(data: HistoryData): string {
  const all = data.metrics.flatMap((s, i) => s.steps.map((step) => ({ s, i, step })))
  if (all.length === 0)
    return '<section id="steps"><h2>Step changes</h2><p class="muted">None found.</p></section>'
  all.sort((a, b) => b.step.index - a.step.index)
  const rows = all
    .slice(0, 50)
    .map(
      ({ s, i, step }) =>
        `<tr><td><a href="#m-${i}">${escapeHtml(s.title)}</a><br><code class="muted">${escapeHtml(s.id)}</code></td><td><ul class="steps">${stepLine(s, step)}</ul></td></tr>`,
    )
  return `<section id="steps"><h2>Step changes</h2><table><tbody>${rows.join('\n')}</tbody></table></section>`
}

function charts(data: HistoryData): string {
  const cards = data.metrics.map((s, i) => {
    const steps = s.steps.length
      ? `<ul class="steps">${s.steps.map((step) => stepLine(s, step)).join('')}</ul>`
      : ''
    return `<div class="card metric" id="m-${i}"><h3>${escapeHtml(s.title)}</h3><div class="id"><code>${escapeHtml(s.id)}</code></div><div class="chart" id="chart-${i}" data-metric="${escapeHtml(s.id)}"></div><div class="chart-info" id="info-${i}"></div>${steps}</div>`
  })
  return `<section id="charts"><h2>Metrics</h2><div class="grid">${cards.join('\n')}</div></section>`
}
