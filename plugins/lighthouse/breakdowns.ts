import type { Result as LighthouseResult } from 'lighthouse'
import type { BreakdownPart } from '../../core/model/types.js'
import { resourceKey } from '../../core/toolkit/index.js'
import { failingPerformanceAudits, savingMs } from './findings.js'

/** What each metric is made of in one run, read from the audits that already hold it. */
export type RunBreakdowns = Partial<Record<'tbt' | 'lcp' | 'cls' | 'bytes', BreakdownPart[]>>

/**
 * Audits the breakdowns are read from, beside the metrics' own: what a metrics-only A/B round adds.
 * `layout-shifts` runs Lighthouse's whole trace engine, about 4 % of a metrics-only round on its own
 * (test/bench/lighthouse-breakdowns.bench.ts), but without it CLS's parts came from each side's first
 * round alone: on a real app whose CLS was 0.30 in four rounds of five, a first round of 0 gave no part.
 */
export const BREAKDOWN_AUDITS = [
  'long-tasks',
  'interactive',
  'largest-contentful-paint-element',
  'layout-shifts',
]

/** Lighthouse's threshold: a task blocks for the part of it over 50 ms. */
const BLOCKING_THRESHOLD = 50

interface Details {
  type?: string
  items?: Array<Record<string, unknown>>
  debugData?: { urls?: string[]; tasks?: Array<{ urlIndex: number; startTime: number; duration: number }> }
}

interface NodeValue {
  type: 'node'
  selector?: string
  path?: string
  snippet?: string
  nodeLabel?: string
}

function details(lhr: LighthouseResult, id: string): Details | undefined {
  const audit = lhr.audits[id]
  if (!audit || audit.errorMessage) return undefined
  return audit.details as Details | undefined
}

function numeric(lhr: LighthouseResult, id: string): number | undefined {
  const value = lhr.audits[id]?.numericValue
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function isNode(value: unknown): value is NodeValue {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'node'
}

/** Milliseconds to a tenth: what a report shows, and a shorter baseline record. */
function tenths(ms: number): number {
  return Math.round(ms * 10) / 10
}

/** Where a run's URL is, so that its own scripts are keyed by path (the served port changes). */
function pageUrl(lhr: LighthouseResult): string {
  return lhr.finalDisplayedUrl || lhr.mainDocumentUrl || lhr.requestedUrl || ''
}

/** An element as a person reads it: its selector, else its label. */
function elementName(node: NodeValue): string {
  return node.selector || node.nodeLabel || node.snippet || node.path || 'an element'
}

/**
 * Total Blocking Time by script: each long task's blocking time (its part over 50 ms between First
 * Contentful Paint and Time to Interactive, as Lighthouse counts TBT) given to the script Lighthouse
 * attributes the task to. Same (simulated) task timings as the metric, so the parts add up to about it.
 */
export function tbtByScript(lhr: LighthouseResult): BreakdownPart[] | undefined {
  const longTasks = details(lhr, 'long-tasks')
  const fcp = numeric(lhr, 'first-contentful-paint')
  if (!longTasks || fcp === undefined) return undefined
  const tti = numeric(lhr, 'interactive') ?? Number.POSITIVE_INFINITY
  const urls = longTasks.debugData?.urls ?? []
  // debugData has every long task; items only the 20 longest (older Lighthouse versions).
  const tasks =
    longTasks.debugData?.tasks?.map((t) => ({
      url: urls[t.urlIndex] ?? '',
      start: t.startTime,
      duration: t.duration,
    })) ??
    (longTasks.items ?? []).map((t) => ({
      url: String(t.url ?? ''),
      start: Number(t.startTime),
      duration: Number(t.duration),
    }))
  const page = pageUrl(lhr)
  const parts: BreakdownPart[] = []
  for (const task of tasks) {
    if (!Number.isFinite(task.start) || !Number.isFinite(task.duration)) continue
    const start = Math.max(task.start, fcp)
    const end = Math.min(task.start + task.duration, tti)
    const blocking = end - start - BLOCKING_THRESHOLD
    if (blocking <= 0) continue
    parts.push({ key: resourceKey(task.url || 'Unattributable', page), value: tenths(blocking) })
  }
  return parts
}

const PHASES: Record<string, { key: string; label: string }> = {
  TTFB: { key: 'ttfb', label: 'Time to first byte' },
  'Load Delay': { key: 'load-delay', label: 'Resource load delay' },
  'Load Time': { key: 'load-time', label: 'Resource load time' },
  'Render Delay': { key: 'render-delay', label: 'Element render delay' },
}

/** Largest Contentful Paint by phase (they add up to it), each labelled with the LCP element. */
export function lcpByPhase(lhr: LighthouseResult): BreakdownPart[] | undefined {
  const list = details(lhr, 'largest-contentful-paint-element')
  if (list?.type !== 'list') return undefined
  const tables = (list.items ?? []) as Details[]
  const node = tables.flatMap((t) => t.items ?? []).find((item) => isNode(item.node))?.node as
    | NodeValue
    | undefined
  const phases = tables.find((t) => (t.items ?? []).some((item) => typeof item.phase === 'string'))
  if (!phases) return undefined
  const element = node ? ` · ${elementName(node)}` : ''
  const parts: BreakdownPart[] = []
  for (const item of phases.items ?? []) {
    // Keyed by Lighthouse's English phase names (the report's locale is en-US by default).
    const phase = PHASES[String(item.phase)]
    const timing = Number(item.timing)
    if (!phase || !Number.isFinite(timing)) continue
    parts.push({ key: phase.key, value: tenths(timing), label: `${phase.label}${element}` })
  }
  return parts.length > 0 ? parts : undefined
}

/**
 * Cumulative Layout Shift by shifted element: each shift's score (Lighthouse's largest 15) given to the
 * element that moved most, with the root cause Lighthouse found (unsized media, a web font, …). Shifts
 * outside the worst session window count here too, so the parts can add up to more than CLS.
 */
export function clsByElement(lhr: LighthouseResult): BreakdownPart[] | undefined {
  const table = details(lhr, 'layout-shifts')
  if (!table) return undefined
  const parts: BreakdownPart[] = []
  for (const item of table.items ?? []) {
    const score = Number(item.score)
    if (!Number.isFinite(score)) continue
    const node = isNode(item.node) ? item.node : undefined
    const key = node ? elementName(node) : 'unattributed shift'
    const causes = ((item.subItems as Details | undefined)?.items ?? [])
      .map((sub) => (typeof sub.cause === 'string' ? sub.cause : ''))
      .filter(Boolean)
    // The snippet when it says more than the selector (`<img src="/hero.svg">`, not `<body>` of `body`).
    const snippet =
      node?.snippet && node.snippet !== key && node.snippet !== `<${key}>` ? ` ${node.snippet}` : ''
    const cause = causes.length > 0 ? ` (${[...new Set(causes)].join('; ')})` : ''
    parts.push({ key, value: score, ...(snippet || cause ? { label: `${key}${snippet}${cause}` } : {}) })
  }
  return parts
}

/** Transfer size by resource: the network requests the total is the sum of. */
export function bytesByResource(lhr: LighthouseResult): BreakdownPart[] | undefined {
  const table = details(lhr, 'network-requests')
  if (!table) return undefined
  const page = pageUrl(lhr)
  const parts: BreakdownPart[] = []
  for (const item of table.items ?? []) {
    const size = Number(item.transferSize)
    if (typeof item.url !== 'string' || !Number.isFinite(size) || size <= 0) continue
    parts.push({ key: resourceKey(item.url, page), value: size })
  }
  return parts
}

/**
 * The estimated savings of the performance audits a run failed, one part per audit (`unused-javascript`,
 * labelled with its title): diffed against the base, the audit-by-audit diff of what newly fails and
 * what fails by more. Undefined when the performance category did not run.
 */
export function savingsByAudit(lhr: LighthouseResult): BreakdownPart[] | undefined {
  if (!lhr.categories.performance) return undefined
  return failingPerformanceAudits(lhr)
    .map(({ id, audit }) => ({ key: id, value: savingMs(audit), label: audit.title }))
    .filter((part) => part.value > 0)
}

/** Every breakdown a run's result holds; a metric whose audit is missing or failed has none. */
export function breakdownsOf(lhr: LighthouseResult): RunBreakdowns {
  const out: RunBreakdowns = {}
  const tbt = tbtByScript(lhr)
  if (tbt) out.tbt = tbt
  const lcp = lcpByPhase(lhr)
  if (lcp) out.lcp = lcp
  const cls = clsByElement(lhr)
  if (cls) out.cls = cls
  const bytes = bytesByResource(lhr)
  if (bytes) out.bytes = bytes
  return out
}
