import type { Result as LighthouseResult } from 'lighthouse'
import type { BreakdownPart, MetricInput } from '../../core/model/types.js'
import { median } from '../../core/toolkit/stats.js'
import { breakdownsOf, type RunBreakdowns } from './breakdowns.js'
import type { FlowRun, PlannedFlow } from './flows.js'
import { categoryMetrics, figuresOf, pageMetrics, type RunFigures } from './metrics.js'

/** A timespan's figures in one run: INP (NaN when no interaction was recorded), TBT and CLS. */
interface TimespanFigures {
  inp: number
  tbt: number
  cls: number
}

const TIMESPAN_SPECS = [
  { name: 'inp', title: 'Interaction to Next Paint', unit: 'ms', audit: 'interaction-to-next-paint' },
  { name: 'tbt', title: 'Total Blocking Time', unit: 'ms', audit: 'total-blocking-time' },
  { name: 'cls', title: 'Cumulative Layout Shift', unit: 'none', audit: 'cumulative-layout-shift' },
] as const

/** One run's step results by step slug. */
type StepResults = Map<string, LighthouseResult>

function stepResults(run: FlowRun): StepResults {
  const results: StepResults = new Map()
  run.steps.forEach((step, i) => {
    const lhr = run.result.steps[i]?.lhr
    if (lhr) results.set(step.slug, lhr)
  })
  return results
}

/** A step's Lighthouse error (a navigation that answered 404, a failed gather), or null. */
export function stepRuntimeError(run: FlowRun): string | null {
  for (const [i, step] of run.steps.entries()) {
    const error = run.result.steps[i]?.lhr.runtimeError
    if (error) return `step "${step.label}": ${error.message ?? error.code}`
  }
  return null
}

const PHASES: Record<string, { key: string; label: string }> = {
  'Input delay': { key: 'input-delay', label: 'Input delay' },
  'Processing duration': { key: 'processing', label: 'Processing duration' },
  'Presentation delay': { key: 'presentation-delay', label: 'Presentation delay' },
}

interface PhaseItem {
  phase?: unknown
  total?: unknown
  subItems?: { items?: Array<{ url?: unknown; total?: unknown }> }
}

/**
 * INP by phase, from Lighthouse's `work-during-interaction` audit: input delay, processing and
 * presentation delay of the interaction INP was read from (they add up to it), each labelled with the
 * script that worked longest in it.
 */
export function inpByPhase(lhr: LighthouseResult): BreakdownPart[] | undefined {
  const audit = lhr.audits['work-during-interaction']
  if (!audit || audit.errorMessage) return undefined
  const tables = ((audit.details as { items?: Array<{ items?: PhaseItem[] }> } | undefined)?.items ?? [])
    .map((table) => table.items ?? [])
    .find((items) => items.some((item) => typeof item.phase === 'string'))
  if (!tables) return undefined
  const parts: BreakdownPart[] = []
  for (const item of tables) {
    const phase = PHASES[String(item.phase)]
    const total = Number(item.total)
    if (!phase || !Number.isFinite(total)) continue
    const scripts = (item.subItems?.items ?? []).filter((sub) => typeof sub.url === 'string' && sub.url)
    const top = scripts.sort((a, b) => Number(b.total) - Number(a.total))[0]
    const where = top ? ` · ${shortUrl(String(top.url))}` : ''
    parts.push({ key: phase.key, value: Math.round(total * 10) / 10, label: `${phase.label}${where}` })
  }
  return parts.length > 0 ? parts : undefined
}

/** A script URL without its origin (the served port changes from run to run). */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.origin === 'null' ? url : `${parsed.pathname}${parsed.search}`
  } catch {
    return url
  }
}

function timespanFigures(lhr: LighthouseResult): TimespanFigures {
  const read = (id: string) => {
    const value = lhr.audits[id]?.numericValue
    return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN
  }
  return {
    inp: read('interaction-to-next-paint'),
    tbt: read('total-blocking-time'),
    cls: read('cumulative-layout-shift'),
  }
}

/**
 * The steps whose interaction Lighthouse did not see (INP not applicable, or its audit failed), each
 * with the audit's error when it has one, for a retry and a warning.
 */
export function stepsWithoutInteraction(planned: PlannedFlow, run: FlowRun): string[] {
  const results = stepResults(run)
  return planned.steps
    .filter((step) => step.kind === 'interact')
    .flatMap((step) => {
      const lhr = results.get(step.slug)
      if (lhr === undefined || Number.isFinite(timespanFigures(lhr).inp)) return []
      const error = lhr.audits['interaction-to-next-paint']?.errorMessage
      return [`"${step.label}"${error ? ` (${error})` : ''}`]
    })
}

/**
 * The flow's metrics, one sample per run: `lighthouse/<flow>/<step>/…` — a navigation's set (as a
 * page's, with its category scores on a full round), a timespan's INP (with its phases), TBT and CLS,
 * and a snapshot's category scores (exact, from the representative run, as a page's).
 */
export function flowMetrics(
  planned: PlannedFlow,
  runs: FlowRun[],
  representative: number,
  full: boolean,
): MetricInput[] {
  const results = runs.map(stepResults)
  const metrics: MetricInput[] = []
  for (const step of planned.steps) {
    const slug = `${planned.slug}/${step.slug}`
    const title = `${planned.flow.name} › ${step.label}`
    const lhrs = results.map((r) => r.get(step.slug)).filter((lhr): lhr is LighthouseResult => !!lhr)
    if (lhrs.length === 0) continue
    if (step.kind === 'navigate') {
      const figures: RunFigures[] = lhrs.map(figuresOf)
      const breakdowns: RunBreakdowns[] = lhrs.map(breakdownsOf)
      metrics.push(...pageMetrics(slug, title, figures, breakdowns))
      // Scored on a full round alone, as a page's: a metrics-only round runs no other category.
      if (full)
        metrics.push(...categoryMetrics(slug, title, results[representative]?.get(step.slug) ?? lhrs[0]))
    } else if (step.kind === 'interact') {
      metrics.push(...timespanMetrics(slug, title, lhrs))
    } else {
      const lhr = results[representative]?.get(step.slug) ?? lhrs[0]
      metrics.push(...categoryMetrics(slug, title, lhr))
    }
  }
  return metrics
}

function timespanMetrics(slug: string, title: string, lhrs: LighthouseResult[]): MetricInput[] {
  const figures = lhrs.map(timespanFigures)
  const metrics: MetricInput[] = []
  for (const spec of TIMESPAN_SPECS) {
    const samples = figures.map((f) => f[spec.name]).filter((value) => Number.isFinite(value))
    if (samples.length === 0) continue
    let breakdown: BreakdownPart[] | undefined
    if (spec.name === 'inp') {
      // The phases of the run whose INP is closest to the median.
      const mid = median(samples)
      let distance = Number.POSITIVE_INFINITY
      figures.forEach((f, i) => {
        const parts =
          Number.isFinite(f.inp) && Math.abs(f.inp - mid) < distance ? inpByPhase(lhrs[i]) : undefined
        if (!parts) return
        breakdown = parts
        distance = Math.abs(f.inp - mid)
      })
    }
    metrics.push({
      id: `lighthouse/${slug}/${spec.name}`,
      title: `${title} · ${spec.title}`,
      unit: spec.unit,
      better: 'lower',
      samples,
      ...(breakdown ? { breakdown } : {}),
    })
  }
  return metrics
}

/** The run closest to the medians of its INPs, LCPs and FCPs (relative distance): its report is written. */
export function representativeFlowRun(runs: FlowRun[]): number {
  const keyed = runs.map((run) => {
    const values = new Map<string, number>()
    for (const [slug, lhr] of stepResults(run)) {
      const inp = lhr.audits['interaction-to-next-paint']?.numericValue
      const lcp = lhr.audits['largest-contentful-paint']?.numericValue
      const fcp = lhr.audits['first-contentful-paint']?.numericValue
      if (typeof inp === 'number') values.set(`${slug}/inp`, inp)
      if (typeof lcp === 'number') values.set(`${slug}/lcp`, lcp)
      if (typeof fcp === 'number') values.set(`${slug}/fcp`, fcp)
    }
    return values
  })
  const keys = new Set(keyed.flatMap((values) => [...values.keys()]))
  const medians = new Map(
    [...keys].map((key) => {
      const values = keyed.map((v) => v.get(key)).filter((v): v is number => v !== undefined)
      return [key, median(values)] as const
    }),
  )
  let best = 0
  let bestDistance = Number.POSITIVE_INFINITY
  keyed.forEach((values, index) => {
    let distance = 0
    for (const [key, value] of values) {
      const mid = medians.get(key) as number
      distance += ((value - mid) / (mid || 1)) ** 2
    }
    if (distance < bestDistance) {
      best = index
      bestDistance = distance
    }
  })
  return best
}
