import type { BreakdownChangePart, Metric } from '../../model/types.js'
import { formatDelta, formatValue, plural, sortMetrics } from '../format.js'
import { escapeHtml } from './escape.js'
import { renderFlame } from './flame.js'

const STATUS_CLASS: Record<BreakdownChangePart['status'], string> = {
  new: 'bad',
  gone: 'good',
  changed: '',
  unchanged: 'muted',
}

/**
 * "Why": for each regressed or over-budget metric with a breakdown, the whole table of its parts, base
 * beside head, the parts that made it worse first, and a differential flame graph where the figure was
 * profiled. Empty when no metric has one.
 */
export function renderWhy(metrics: Metric[]): string {
  const explained = sortMetrics(metrics.filter((m) => m.why))
  if (explained.length === 0) return ''
  const sections = explained.map((m) => {
    const why = m.why!
    const diff = why.kind === 'diff'
    const worse = m.better === 'lower' ? 1 : -1
    const rows = why.parts.map((p) => {
      const tone = diff && p.delta !== 0 ? (worse * p.delta > 0 ? 'bad' : 'good') : ''
      const name = p.label
        ? `${escapeHtml(p.label)}<br><code class="muted">${escapeHtml(p.key)}</code>`
        : `<code>${escapeHtml(p.key)}</code>`
      const cells = [
        `<td>${name}</td>`,
        `<td>${p.location ? `<code>${escapeHtml(p.location)}</code>` : ''}</td>`,
        ...(diff
          ? [`<td class="num">${p.base !== undefined ? escapeHtml(formatValue(m.unit, p.base)) : '–'}</td>`]
          : []),
        `<td class="num">${p.head !== undefined ? escapeHtml(formatValue(m.unit, p.head)) : '–'}</td>`,
        ...(diff
          ? [
              `<td class="num ${tone}">${escapeHtml(formatDelta(m.unit, p.delta))}</td>`,
              `<td class="${STATUS_CLASS[p.status]}">${p.status}</td>`,
            ]
          : []),
      ]
      return `<tr class="why-part" data-key="${escapeHtml(p.key)}" data-status="${p.status}">${cells.join('')}</tr>`
    })
    const head = diff
      ? '<th>Part</th><th>Where</th><th class="num">Baseline</th><th class="num">Now</th><th class="num">Change</th><th>Status</th>'
      : '<th>Part</th><th>Where</th><th class="num">Now</th>'
    const notes: string[] = []
    if (!diff) notes.push('The baseline has no breakdown of this figure: its largest parts now.')
    if (why.omitted) notes.push(`${plural(why.omitted, 'smaller part')} not shown.`)
    if (why.partial)
      notes.push('A side kept only its largest parts: a part missing there may be small rather than absent.')
    if (why.rest)
      notes.push(
        `The parts neither side kept (${plural(why.rest.parts, 'smaller part')} now) changed by ${formatDelta(m.unit, why.rest.delta)}.`,
      )
    const breakdown = m.breakdownOmitted
      ? ` ${plural(m.breakdownOmitted.parts, 'more part')} (${escapeHtml(formatValue(m.unit, m.breakdownOmitted.value))}) below the largest ${m.breakdown?.length ?? 0} were measured and not kept.`
      : ''
    return `<div class="why" data-id="${escapeHtml(m.id)}"><h3>${escapeHtml(m.title)} <span class="muted">${escapeHtml(formatValue(m.unit, m.value))}${m.baseline ? ` vs ${escapeHtml(formatValue(m.unit, m.baseline.value))}` : ''}</span></h3>
<table class="why-table"><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>${
      notes.length > 0 || breakdown ? `<p class="muted">${escapeHtml(notes.join(' '))}${breakdown}</p>` : ''
    }${renderFlame(m)}</div>`
  })
  return `<h2 id="why">Why</h2>
<p class="muted">What each regressed or over-budget figure is made of, against the baseline: the parts that made it worse first.</p>
${sections.join('\n')}`
}
