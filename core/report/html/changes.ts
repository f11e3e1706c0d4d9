import { isMachineWarning, isPresetChangeCostGuide } from '../../compare/summary.js'
import type { Metric } from '../../model/types.js'
import {
  budgetBreach,
  formatBudgetLimit,
  formatChange,
  formatValue,
  isNotable,
  sortMetrics,
} from '../format.js'
import { escapeHtml } from './escape.js'

const VERDICT_CLASS: Record<Metric['verdict'], string> = {
  regressed: 'bad',
  improved: 'good',
  inconclusive: 'warn',
  new: 'muted',
  unchanged: 'muted',
  none: 'muted',
}

/** Regressions and broken budgets first, then improvements, inconclusive and new: what needs a look. */
export function renderChanges(metrics: Metric[]): string {
  const notable = sortMetrics(metrics.filter(isNotable))
  if (notable.length === 0)
    return '<h2 id="changes">Changes</h2><p class="muted">No metric changed, and every budget holds.</p>'
  const scale = intervalScale(notable)
  const rows = notable.map((m) => {
    const budget = m.budget
      ? `${escapeHtml(formatBudgetLimit(m.unit, m.budget))} ${
          m.budget.status === 'ok'
            ? '<span class="good">ok</span>'
            : isMachineWarning(m)
              ? `<span class="warn">${budgetBreach(m.value, m.budget)}: the machine, not the change (not failing)</span>`
              : isPresetChangeCostGuide(m)
                ? `<span class="warn">${budgetBreach(m.value, m.budget)}: a preset's guide, not failing (set it in the config's budgets to gate)</span>`
                : m.budget.known
                  ? `<span class="warn">${budgetBreach(m.value, m.budget)}, as on the base branch (${escapeHtml(formatValue(m.unit, m.budget.base?.value ?? Number.NaN))}); not shown worse, not failing</span>`
                  : `<span class="bad">${budgetBreach(m.value, m.budget)}</span>`
        }`
      : ''
    const reason = m.reason ? `<br><span class="muted">${escapeHtml(m.reason)}</span>` : ''
    return `<tr class="metric-row" data-id="${escapeHtml(m.id)}" data-verdict="${m.verdict}">
<td>${escapeHtml(m.title)}<br><code class="muted">${escapeHtml(m.id)}</code></td>
<td class="num">${escapeHtml(formatValue(m.unit, m.value))}</td>
<td class="num">${m.baseline ? escapeHtml(formatValue(m.unit, m.baseline.value)) : '–'}</td>
<td class="num">${escapeHtml(formatChange(m) || '–')}</td>
<td>${intervalBar(m, scale)}</td>
<td>${budget}</td>
<td class="${VERDICT_CLASS[m.verdict]}">${m.verdict}${reason}</td></tr>`
  })
  return `<h2 id="changes">Changes</h2>
<table class="changes"><thead><tr><th>Metric</th><th class="num">Value</th><th class="num">Baseline</th>
<th class="num">Change</th><th>Interval of the change</th><th>Budget</th><th>Verdict</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
}

/** The largest relative change or interval end shown, so all bars share one axis (capped at ±100 %). */
function intervalScale(metrics: Metric[]): number {
  let largest = 0.01
  for (const m of metrics) {
    const c = m.change
    if (!c || !Number.isFinite(c.rel) || fromZero(m)) continue
    for (const v of [c.rel, ...(c.ci ?? [])]) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v))
  }
  return Math.min(largest, 1)
}

/** A change from zero has no relative size: its amount is shown, no bar (`+47 ms`, not +100 %). */
function fromZero(metric: Metric): boolean {
  return metric.baseline?.value === 0 && metric.change?.abs !== 0
}

/** A zero line, the change as a tick and its confidence interval as a band, on a shared axis. */
function intervalBar(metric: Metric, scale: number): string {
  const c = metric.change
  if (!c || !Number.isFinite(c.rel) || fromZero(metric)) return ''
  const at = (v: number) => `${(50 + (Math.max(-scale, Math.min(scale, v)) / scale) * 48).toFixed(1)}%`
  const worse = (metric.better === 'lower') === c.rel > 0
  const band = c.ci
    ? `<span class="ci${worse ? '' : ' good'}" style="left:${at(Math.min(...c.ci))};right:calc(100% - ${at(Math.max(...c.ci))})"></span>`
    : ''
  return `<div class="interval" title="relative change${c.ci ? ' and its confidence interval' : ''}"><span class="zero" style="left:50%"></span>${band}<span class="pt" style="left:${at(c.rel)}"></span></div>`
}
