// What an A/B run says in its report besides the metrics: how the base was measured, how many rounds
// were taken and why sampling stopped, and — when the wall-time budget stopped it — which verdicts the
// clock left undecided.

import type { Finding, RunReport } from '../model/types.js'
import { docsUrl } from '../plugin/docs.js'
import type { AbOutcome } from './ab.js'
import type { AbBase } from './ab-checkout.js'

export const AB_PLUGIN = 'perfgate:ab'

/** `ab/sampling` (always, info) and `ab/time-budget` (the budget ran out, warning). */
export function abFindings(ab: AbOutcome, base: AbBase): Finding[] {
  const plugins = ab.plugins.map((p) => p.plugin.name.replace(/^perfgate:/, '')).join(', ')
  const findings: Finding[] = [
    {
      plugin: AB_PLUGIN,
      ruleId: 'ab/sampling',
      severity: 'info',
      message: `A/B in this job against ${base.label}: ${plugins} measured ${ab.rounds} rounds a side, interleaved (look ${ab.look} of the plan ${ab.plan.min}→${ab.plan.max} by ${ab.plan.step}); stopped because ${ab.reason}.`,
      docs: docsUrl('ab.md', 'ab/sampling'),
    },
  ]
  if (ab.outOfTime)
    findings.push({
      plugin: AB_PLUGIN,
      ruleId: 'ab/time-budget',
      severity: 'warning',
      message: `Sampling stopped undecided: ${ab.reason} (${(ab.outOfTime.elapsedMs / 1000).toFixed(0)} s).`,
      help: 'Raise ab.budgetMs, or measure fewer pages or bench files per job; the verdicts shown are valid but may be inconclusive.',
      docs: docsUrl('ab.md', 'ab/time-budget'),
    })
  return findings
}

/** Inconclusive timing verdicts the budget cut short say so in their reason. */
export function markOutOfTime(report: RunReport, ab: AbOutcome): RunReport {
  if (!ab.outOfTime) return report
  const cut = new Set(ab.outOfTime.metrics)
  const note = `sampling stopped by the A/B time budget after ${ab.rounds} rounds a side`
  return {
    ...report,
    metrics: report.metrics.map((m) =>
      cut.has(m.id) && m.verdict === 'inconclusive'
        ? { ...m, reason: m.reason ? `${m.reason}; ${note}` : note }
        : m,
    ),
  }
}
