import type { Artifact, Finding } from '../../model/types.js'
import { formatLocation, sortFindings } from '../format.js'
import { escapeHtml, httpUrl, relativeHref } from './escape.js'

const SEVERITY_CLASS = { error: 'bad', warning: 'warn', info: 'muted' } as const

/** Findings, errors first, each with its rule (linked to its docs) and file:line. */
export function renderFindings(findings: Finding[]): string {
  if (findings.length === 0) return ''
  const rows = sortFindings(findings).map((f) => {
    const docs = httpUrl(f.docs)
    const rule = docs
      ? `<a href="${escapeHtml(docs)}" rel="noreferrer"><code>${escapeHtml(f.ruleId)}</code></a>`
      : `<code>${escapeHtml(f.ruleId)}</code>`
    const help = f.help ? `<br><span class="muted">${escapeHtml(f.help)}</span>` : ''
    return `<tr class="finding" data-severity="${f.severity}"><td class="${SEVERITY_CLASS[f.severity]}">${f.severity}</td>
<td>${rule}<br><span class="muted">${escapeHtml(f.plugin)}</span></td>
<td>${escapeHtml(f.message)}${help}</td><td><code>${escapeHtml(formatLocation(f))}</code></td></tr>`
  })
  return `<h2 id="findings">Findings</h2>
<table><thead><tr><th>Severity</th><th>Rule</th><th>Message</th><th>Where</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
}

const KIND_LABEL: Record<string, string> = {
  'html-report': 'HTML report',
  treemap: 'Bundle treemap',
  json: 'JSON',
}

/** Every artifact, linked relative to the page; Lighthouse's HTML reports and the treemap first. */
export function renderArtifacts(artifacts: Artifact[], base: string): string {
  if (artifacts.length === 0) return ''
  const order = (a: Artifact) => (a.kind === 'html-report' ? 0 : a.kind === 'treemap' ? 1 : 2)
  const items = [...artifacts]
    .sort((a, b) => order(a) - order(b))
    .map((a) => {
      const href = relativeHref(a.path, base)
      const name = `<code>${escapeHtml(a.path)}</code>`
      const link = href ? `<a href="${escapeHtml(href)}" class="artifact">${name}</a>` : name
      return `<li data-kind="${escapeHtml(a.kind)}">${escapeHtml(KIND_LABEL[a.kind] ?? a.kind)} · ${link} <span class="muted">${escapeHtml(a.plugin)}</span></li>`
    })
  return `<h2 id="artifacts">Reports and artifacts</h2><ul>${items.join('\n')}</ul>`
}
