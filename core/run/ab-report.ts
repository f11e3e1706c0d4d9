// What an A/B run says in its report besides the metrics: how the base was measured, how many rounds
// were taken and why sampling stopped, and — when the wall-time budget stopped it — which verdicts the
// clock left undecided.

import type { Finding, FindingInput, Metric, PluginOutput, RunReport } from '../model/types.js'
import { docsUrl } from '../plugin/docs.js'
import type { AbOutcome } from './ab.js'
import type { AbBase } from './ab-checkout.js'

export const AB_PLUGIN = 'perfgate:ab'

/**
 * `ab/sampling` (always, info), and `ab/stopped` (a timeout or Ctrl-C ended sampling, warning) or
 * `ab/time-budget` (the budget ran out, warning).
 */
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
  if (ab.stopped)
    findings.push({
      plugin: AB_PLUGIN,
      ruleId: 'ab/stopped',
      severity: 'warning',
      message: `Sampling stopped early: ${ab.stopped}.`,
      help: 'The rounds measured before are judged; verdicts they could not decide are inconclusive. Raise the plugin’s `timeout` (each A/B call has its own) if it ran out.',
      docs: docsUrl('ab.md', 'ab/stopped'),
    })
  else if (ab.outOfTime)
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
  const note = ab.stopped
    ? `sampling stopped early (a timeout or Ctrl-C) after ${ab.rounds} rounds a side`
    : `sampling stopped by the A/B time budget after ${ab.rounds} rounds a side`
  return {
    ...report,
    metrics: report.metrics.map((m) =>
      cut.has(m.id) && m.verdict === 'inconclusive'
        ? { ...m, reason: m.reason ? `${m.reason}; ${note}` : note }
        : m,
    ),
  }
}

/**
 * Why a base-side call is no baseline at all: it measured no timing metric and reported an error (a
 * bench file that fails to import, say). Null when it measured something, or reported nothing wrong
 * (a base without bench files: the head's are `new`).
 */
export function measuredNothing(metrics: readonly Metric[], output: PluginOutput): string | null {
  if (metrics.some((m) => (m.samples?.length ?? 0) > 0 && m.timing !== false)) return null
  const errors = (output.findings ?? []).filter((f) => f.severity === 'error')
  if (errors.length === 0) return null
  const more =
    errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : ''
  return `measured no timing metric: ${errors[0].message}${more}`
}

/**
 * The base side's errors for files the head does not also report an error for, as warnings on the
 * base: a bench file broken only there has no same-job baseline, and this says why. A warning, as the
 * head is what is judged (a pull request that fixes a file broken on the base must not fail on it);
 * without `file`, which names the base checkout's copy. Not the base's warnings: audits' estimated
 * savings differ run to run, and the head's say the same.
 */
export function baseSideFindings(
  head: readonly Finding[],
  base: readonly Finding[],
  label: string,
): Finding[] {
  const key = (f: Pick<FindingInput, 'ruleId' | 'file'>) => JSON.stringify([f.ruleId, f.file ?? null])
  const onHead = new Set(head.filter((f) => f.severity === 'error').map(key))
  return base
    .filter((f) => f.severity === 'error' && !onHead.has(key(f)))
    .map(({ file, line: _l, column: _c, endLine: _el, endColumn: _ec, ...f }) => {
      const where = file && !f.message.includes(file) ? `, ${file}` : ''
      return { ...f, severity: 'warning' as const, message: `Base side (${label}${where}): ${f.message}` }
    })
}
