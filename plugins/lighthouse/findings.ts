import type { Result as LighthouseResult } from 'lighthouse'
import type { FindingInput, RuleMeta } from '../../core/model/types.js'
import { docsUrl } from '../../core/toolkit/index.js'
import { PERFORMANCE_AUDITS } from './audit-rules.js'

/** Performance groups whose failed audits are worth acting on (Lighthouse 12). */
const GROUPS = new Set(['load-opportunities', 'diagnostics'])
const PASSING = 0.9

/** Every rule the plugin reports: a page that could not be audited, and each failed performance audit. */
export function lighthouseRules(): Record<string, RuleMeta> {
  const audits = docsUrl('lighthouse.md', 'Audit findings')
  return {
    'lighthouse/page-failed': {
      description: 'A page answered 4xx/5xx, could not be reached, or Lighthouse failed on it.',
    },
    ...Object.fromEntries(
      Object.entries(PERFORMANCE_AUDITS).map(([id, title]) => [
        `lighthouse/${id}`,
        { description: `Lighthouse audit failed: ${title}.`, docs: audits },
      ]),
    ),
  }
}

/** Failed performance opportunities and diagnostics of one page's run, with the estimated saving. */
export function pageFindings(lhr: LighthouseResult, page: string): FindingInput[] {
  const performance = lhr.categories.performance
  if (!performance) return []
  const findings: FindingInput[] = []
  for (const ref of performance.auditRefs) {
    if (!ref.group || !GROUPS.has(ref.group)) continue
    const audit = lhr.audits[ref.id]
    if (!audit || audit.score === null || audit.score >= PASSING) continue
    if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue
    const saving = describeSaving(audit)
    const shown = audit.displayValue ? ` (${audit.displayValue})` : ''
    const link = firstLink(audit.description)
    findings.push({
      ruleId: `lighthouse/${ref.id}`,
      severity: 'warning',
      message: `${page}: ${audit.title}${shown}${saving ? ` — estimated saving ${saving}` : ''}.`,
      help: stripLinks(audit.description),
      // Lighthouse's own page for the audit says how to fix it; ours only lists the audits.
      ...(link ? { docs: link } : {}),
    })
  }
  return findings
}

function describeSaving(audit: LighthouseResult['audits'][string]): string {
  const parts: string[] = []
  const details = audit.details as { overallSavingsMs?: number; overallSavingsBytes?: number } | undefined
  const ms = details?.overallSavingsMs ?? audit.metricSavings?.LCP ?? audit.metricSavings?.FCP
  if (typeof ms === 'number' && ms > 0) parts.push(`${Math.round(ms)} ms`)
  const bytes = details?.overallSavingsBytes
  if (typeof bytes === 'number' && bytes > 0) parts.push(`${Math.round(bytes / 1024)} KiB`)
  const cls = audit.metricSavings?.CLS
  if (typeof cls === 'number' && cls > 0) parts.push(`CLS ${cls.toFixed(3)}`)
  return parts.join(', ')
}

function firstLink(markdown: string): string | undefined {
  return /\]\((https?:[^)]+)\)/.exec(markdown)?.[1]
}

/** The description as plain text, without its "Learn more" link (that is the finding's docs). */
function stripLinks(markdown: string): string {
  return markdown
    .replace(/\s*\[Learn more[^\]]*\]\([^)]+\)\.?/gi, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .trim()
}
