import type { Result as LighthouseResult } from 'lighthouse'
import type { FindingInput, RuleMeta } from '../../core/model/types.js'
import { docsUrl } from '../../core/toolkit/index.js'
import { ACCESSIBILITY_AUDITS, PERFORMANCE_AUDITS } from './audit-rules.js'

/** Performance groups whose failed audits are worth acting on (Lighthouse 12). */
const GROUPS = new Set(['load-opportunities', 'diagnostics'])
const PASSING = 0.9

/**
 * Every rule the plugin reports: a page or flow that could not be audited, and each failed performance
 * or accessibility audit.
 */
export function lighthouseRules(): Record<string, RuleMeta> {
  const audits = docsUrl('lighthouse.md', 'Audit findings')
  const accessibility = docsUrl('lighthouse.md', 'Accessibility findings')
  return {
    'lighthouse/page-failed': {
      description: 'A page answered 4xx/5xx, could not be reached, or Lighthouse failed on it.',
    },
    'lighthouse/flow-failed': {
      description: 'A flow step failed: a selector was missing, an interaction threw, or Lighthouse failed.',
    },
    ...Object.fromEntries(
      Object.entries(PERFORMANCE_AUDITS).map(([id, title]) => [
        `lighthouse/${id}`,
        { description: `Lighthouse audit failed: ${title}.`, docs: audits },
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(ACCESSIBILITY_AUDITS).map(([id, title]) => [
        `lighthouse/${id}`,
        { description: `Accessibility audit failed: ${sentence(title)}`, docs: accessibility },
      ]),
    ),
  }
}

/** One line ending with a full stop (some of Lighthouse's titles have one, most not). */
function sentence(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim()
  return line.endsWith('.') ? line : `${line}.`
}

/** Elements named in one finding; the rest are counted. */
const MAX_ELEMENTS = 3

/**
 * Failed accessibility audits of one page's run (axe-core's checks: each passes or fails), each naming
 * the elements Lighthouse found (selector and snippet). Core marks the ones the baseline also had as
 * known, so a report leads with the newly failing ones.
 */
export function accessibilityFindings(lhr: LighthouseResult, page: string): FindingInput[] {
  const category = lhr.categories.accessibility
  if (!category) return []
  const findings: FindingInput[] = []
  for (const ref of category.auditRefs) {
    const audit = lhr.audits[ref.id]
    if (!audit || audit.score === null || audit.score >= 1) continue
    if (audit.scoreDisplayMode !== 'binary' && audit.scoreDisplayMode !== 'numeric') continue
    const elements = failingElements(audit.details)
    const shown = elements.slice(0, MAX_ELEMENTS).join(', ')
    const more = elements.length > MAX_ELEMENTS ? ` and ${elements.length - MAX_ELEMENTS} more` : ''
    const link = firstLink(audit.description)
    findings.push({
      ruleId: `lighthouse/${ref.id}`,
      severity: 'warning',
      message: `${page}: ${audit.title}${shown ? ` — ${shown}${more}` : ''}.`,
      help: stripLinks(audit.description),
      ...(link ? { docs: link } : {}),
    })
  }
  return findings
}

/** The elements of a failed audit's table, as `selector (snippet)`. */
function failingElements(details: unknown): string[] {
  const items = (details as { items?: Array<{ node?: unknown }> } | undefined)?.items ?? []
  const elements: string[] = []
  for (const item of items) {
    const node = item.node as { type?: string; selector?: string; snippet?: string } | undefined
    if (node?.type !== 'node') continue
    const snippet = node.snippet && node.snippet !== node.selector ? ` (${node.snippet})` : ''
    elements.push(`${node.selector ?? 'an element'}${snippet}`)
  }
  return elements
}

type Audit = LighthouseResult['audits'][string]

/**
 * The performance opportunities and diagnostics a run failed (score under 0.9, not informative), in
 * the category's order; none when the performance category did not run.
 */
export function failingPerformanceAudits(lhr: LighthouseResult): Array<{ id: string; audit: Audit }> {
  const performance = lhr.categories.performance
  if (!performance) return []
  const failing: Array<{ id: string; audit: Audit }> = []
  for (const ref of performance.auditRefs) {
    if (!ref.group || !GROUPS.has(ref.group)) continue
    const audit = lhr.audits[ref.id]
    if (!audit || audit.score === null || audit.score >= PASSING) continue
    if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue
    failing.push({ id: ref.id, audit })
  }
  return failing
}

/**
 * An audit's estimated saving in ms: an opportunity's own estimate, else the most it says it would
 * take off LCP, FCP or TBT (never their sum: they overlap). 0 when it names none.
 */
export function savingMs(audit: Audit): number {
  const details = audit.details as { overallSavingsMs?: number } | undefined
  if (typeof details?.overallSavingsMs === 'number' && details.overallSavingsMs > 0)
    return details.overallSavingsMs
  const saved = [audit.metricSavings?.LCP, audit.metricSavings?.FCP, audit.metricSavings?.TBT].filter(
    (ms): ms is number => typeof ms === 'number' && ms > 0,
  )
  return saved.length > 0 ? Math.max(...saved) : 0
}

/** Failed performance opportunities and diagnostics of one page's run, with the estimated saving. */
export function pageFindings(lhr: LighthouseResult, page: string): FindingInput[] {
  const findings: FindingInput[] = []
  for (const { id, audit } of failingPerformanceAudits(lhr)) {
    const saving = describeSaving(audit)
    const shown = audit.displayValue ? ` (${audit.displayValue})` : ''
    const link = firstLink(audit.description)
    findings.push({
      ruleId: `lighthouse/${id}`,
      severity: 'warning',
      message: `${page}: ${audit.title}${shown}${saving ? ` — estimated saving ${saving}` : ''}.`,
      help: stripLinks(audit.description),
      // Lighthouse's own page for the audit says how to fix it; ours only lists the audits.
      ...(link ? { docs: link } : {}),
    })
  }
  return findings
}

function describeSaving(audit: Audit): string {
  const parts: string[] = []
  const details = audit.details as { overallSavingsBytes?: number } | undefined
  const ms = savingMs(audit)
  if (ms > 0) parts.push(`${Math.round(ms)} ms`)
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
