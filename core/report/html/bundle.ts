import type { Artifact, Metric } from '../../model/types.js'
import { formatDelta, formatValue } from '../format.js'
import { escapeHtml, relativeHref } from './escape.js'

/** Bars of one chart: a label per group, the baseline's and this run's bytes. */
export interface BarChartData {
  el: string
  title: string
  labels: string[]
  base: Array<number | null>
  head: number[]
}

const KINDS = ['js', 'css', 'html', 'images', 'fonts', 'other']
const KIND_LABEL: Record<string, string> = {
  js: 'JavaScript',
  css: 'CSS',
  html: 'HTML',
  images: 'Images',
  fonts: 'Fonts',
  other: 'Other',
}
const ENCODINGS = ['brotli', 'gzip', 'raw']
const MAX_FILES = 200
const MAX_PACKAGES = 20

/** The encoding the composition is shown in: brotli when measured, else gzip, else raw. */
function encodingOf(byId: Map<string, Metric>): string | null {
  return ENCODINGS.find((e) => KINDS.some((k) => byId.has(`bundle/${k}/${e}`))) ?? null
}

/**
 * The bundle's composition (by file type, and by npm package when perfgate/vite gave them), base beside
 * head, and what changed per file. Built from the bundle plugin's metric ids; nothing when there are none.
 */
export function bundleSection(
  metrics: Metric[],
  artifacts: Artifact[],
  base: string,
): { html: string; charts: BarChartData[] } {
  const byId = new Map(metrics.map((m) => [m.id, m]))
  const encoding = encodingOf(byId)
  const treemaps = artifacts.filter((a) => a.kind === 'treemap')
  if (!encoding && treemaps.length === 0) return { html: '', charts: [] }
  const charts: BarChartData[] = []
  const parts: string[] = ['<h2 id="bundle">Bundle</h2>']
  for (const t of treemaps) {
    const href = relativeHref(t.path, base)
    if (href)
      parts.push(
        `<p>Module treemap: <a class="artifact" href="${escapeHtml(href)}"><code>${escapeHtml(t.path)}</code></a></p>`,
      )
  }
  if (encoding) {
    const kinds = KINDS.filter((k) => byId.has(`bundle/${k}/${encoding}`))
    charts.push(bars('chart-composition', `By file type (${encoding})`, kinds, KIND_LABEL, byId, encoding))
    const packages = metrics
      .filter((m) => /^bundle\/package\/.+\/rendered$/.test(m.id))
      .sort((a, b) => b.value - a.value)
      .slice(0, MAX_PACKAGES)
    if (packages.length > 0) {
      charts.push({
        el: 'chart-packages',
        title: 'Largest npm packages (rendered, before compression)',
        labels: packages.map((m) => m.title.replace(/ \(rendered.*\)$/, '')),
        base: packages.map((m) => m.baseline?.value ?? null),
        head: packages.map((m) => m.value),
      })
    }
    parts.push(
      `<div class="grid">${charts.map((c) => `<div class="card"><div class="chart" id="${c.el}"></div></div>`).join('')}</div>`,
      fileChanges(metrics, encoding),
    )
  }
  return { html: parts.join('\n'), charts }
}

function bars(
  el: string,
  title: string,
  kinds: string[],
  labels: Record<string, string>,
  byId: Map<string, Metric>,
  encoding: string,
): BarChartData {
  const of = (k: string) => byId.get(`bundle/${k}/${encoding}`)!
  return {
    el,
    title,
    labels: kinds.map((k) => labels[k]),
    base: kinds.map((k) => of(k).baseline?.value ?? null),
    head: kinds.map((k) => of(k).value),
  }
}

/** Per-file sizes that changed or are new, largest change first. */
function fileChanges(metrics: Metric[], encoding: string): string {
  const suffix = `/${encoding}`
  const files = metrics.filter(
    (m) =>
      m.id.startsWith('bundle/asset/') &&
      m.id.endsWith(suffix) &&
      (m.verdict === 'new' || (m.baseline !== undefined && m.baseline.value !== m.value)),
  )
  if (files.length === 0) return '<p class="muted">No file changed size.</p>'
  const delta = (m: Metric) => (m.baseline ? m.value - m.baseline.value : m.value)
  files.sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a)))
  const rows = files.slice(0, MAX_FILES).map((m) => {
    const d = delta(m)
    const cls = d > 0 ? 'bad' : 'good'
    const name = m.id.slice('bundle/asset/'.length, -suffix.length)
    return `<tr class="file-change"><td><code>${escapeHtml(name)}</code></td>
<td class="num">${m.baseline ? escapeHtml(formatValue(m.unit, m.baseline.value)) : '<span class="muted">new</span>'}</td>
<td class="num">${escapeHtml(formatValue(m.unit, m.value))}</td>
<td class="num ${cls}">${escapeHtml(formatDelta(m.unit, d))}</td></tr>`
  })
  const more =
    files.length > MAX_FILES ? `<p class="muted">${files.length - MAX_FILES} more not shown.</p>` : ''
  return `<h3>What changed per file (${encoding})</h3>
<table><thead><tr><th>File</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${more}`
}
