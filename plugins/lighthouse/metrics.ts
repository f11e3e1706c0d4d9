import type { Result as LighthouseResult } from 'lighthouse'
import type { MetricInput, Unit } from '../../core/model/types.js'
import { median } from '../../core/toolkit/stats.js'
import { type RunBreakdowns, savingsByAudit } from './breakdowns.js'

/** The figures of one run, by metric name (`lighthouse/<page>/<name>`). */
export type RunFigures = Record<MetricName, number>

type MetricName = 'score' | 'lcp' | 'fcp' | 'tbt' | 'si' | 'cls' | 'bytes' | 'requests'

interface MetricSpec {
  name: MetricName
  title: string
  unit: Unit
  better: 'lower' | 'higher'
  /** `detail`: shown when it changed, gated only through the score it is weighted into. */
  role?: 'detail'
  read(lhr: LighthouseResult): number | undefined
}

const audit = (id: string) => (lhr: LighthouseResult) => lhr.audits[id]?.numericValue

const SPECS: MetricSpec[] = [
  {
    name: 'score',
    title: 'performance score',
    unit: 'score',
    better: 'higher',
    read: (lhr) => {
      const score = lhr.categories.performance?.score
      return typeof score === 'number' ? Math.round(score * 100) : undefined
    },
  },
  {
    name: 'lcp',
    title: 'Largest Contentful Paint',
    unit: 'ms',
    better: 'lower',
    read: audit('largest-contentful-paint'),
  },
  {
    name: 'fcp',
    title: 'First Contentful Paint',
    unit: 'ms',
    better: 'lower',
    read: audit('first-contentful-paint'),
  },
  {
    name: 'tbt',
    title: 'Total Blocking Time',
    unit: 'ms',
    better: 'lower',
    read: audit('total-blocking-time'),
  },
  {
    // Read from the screenshots' visual progress: one run varies by about 20 % on a CI runner (4 % for
    // LCP and FCP, docs/verdicts.md#noisy-timings). It weighs 10 % of the score, which gates.
    name: 'si',
    title: 'Speed Index',
    unit: 'ms',
    better: 'lower',
    role: 'detail',
    read: audit('speed-index'),
  },
  {
    name: 'cls',
    title: 'Cumulative Layout Shift',
    unit: 'none',
    better: 'lower',
    read: audit('cumulative-layout-shift'),
  },
  {
    name: 'bytes',
    title: 'total transfer size',
    unit: 'bytes',
    better: 'lower',
    read: audit('total-byte-weight'),
  },
  {
    name: 'requests',
    title: 'network requests',
    unit: 'count',
    better: 'lower',
    read: (lhr) => {
      const details = lhr.audits['network-requests']?.details
      return details && 'items' in details && Array.isArray(details.items) ? details.items.length : undefined
    },
  },
]

/** A run's figures; a metric Lighthouse could not compute is NaN and left out of the samples. */
export function figuresOf(lhr: LighthouseResult): RunFigures {
  const figures = {} as RunFigures
  for (const spec of SPECS) figures[spec.name] = spec.read(lhr) ?? Number.NaN
  return figures
}

/**
 * One metric per figure, one sample per run; core takes the median as the value. A figure with a
 * breakdown gets the one of its representative run: the run whose figure is closest to the median.
 */
export function pageMetrics(
  slug: string,
  page: string,
  runs: RunFigures[],
  breakdowns: RunBreakdowns[] = [],
): MetricInput[] {
  const metrics: MetricInput[] = []
  for (const spec of SPECS) {
    const samples = runs.map((run) => run[spec.name]).filter((value) => Number.isFinite(value))
    if (samples.length === 0) continue
    const breakdown = representativeBreakdown(spec.name, runs, breakdowns, median(samples))
    metrics.push({
      id: `lighthouse/${slug}/${spec.name}`,
      title: `${page} · ${spec.title}`,
      unit: spec.unit,
      better: spec.better,
      samples,
      ...(spec.role ? { role: spec.role } : {}),
      ...(breakdown ? { breakdown } : {}),
    })
  }
  return metrics
}

function representativeBreakdown(
  name: MetricName,
  runs: RunFigures[],
  breakdowns: RunBreakdowns[],
  mid: number,
): RunBreakdowns[keyof RunBreakdowns] {
  if (name !== 'tbt' && name !== 'lcp' && name !== 'cls' && name !== 'bytes') return undefined
  let best: RunBreakdowns[keyof RunBreakdowns]
  let distance = Number.POSITIVE_INFINITY
  runs.forEach((run, i) => {
    const parts = breakdowns[i]?.[name]
    const value = run[name]
    if (!parts || !Number.isFinite(value) || Math.abs(value - mid) >= distance) return
    best = parts
    distance = Math.abs(value - mid)
  })
  return best
}

/**
 * The run closest to the medians of FCP and LCP (relative distance), as LHCI picks its representative
 * run (it uses FCP and TTI; TTI is gone from Lighthouse's scoring, LCP is what the budgets watch).
 */
export function representativeIndex(runs: RunFigures[]): number {
  const keys = ['fcp', 'lcp'] as const
  const medians = keys.map((key) => {
    const values = runs.map((run) => run[key]).filter((value) => Number.isFinite(value))
    return values.length > 0 ? median(values) : Number.NaN
  })
  let best = 0
  let bestDistance = Number.POSITIVE_INFINITY
  runs.forEach((run, index) => {
    let distance = 0
    keys.forEach((key, k) => {
      const mid = medians[k]
      if (!Number.isFinite(mid) || !Number.isFinite(run[key])) return
      distance += ((run[key] - mid) / (mid || 1)) ** 2
    })
    if (distance < bestDistance) {
      best = index
      bestDistance = distance
    }
  })
  return best
}

/** Categories besides performance whose score becomes `lighthouse/<page>/<category>` when they are run. */
export const SCORED_CATEGORIES = ['accessibility', 'seo', 'best-practices'] as const

const CATEGORY_TITLES: Record<(typeof SCORED_CATEGORIES)[number], string> = {
  accessibility: 'accessibility score',
  seo: 'SEO score',
  'best-practices': 'best-practices score',
}

/**
 * The accessibility, SEO and best-practices scores (0–100) of one run. Exact figures, one value, no
 * samples: accessibility (axe-core on the DOM) and SEO (meta tags, links, status) check what the page
 * is, not how fast it loads, so the same page scores the same every run and any change is the page's.
 * Best practices are nearly so (HTTPS, deprecated APIs, image ratios, console errors: the last can vary
 * with a page that errors only sometimes). Read from the run whose report is written, so the report and
 * the figure agree.
 */
export function categoryMetrics(slug: string, page: string, lhr: LighthouseResult): MetricInput[] {
  const metrics: MetricInput[] = []
  for (const category of SCORED_CATEGORIES) {
    const score = lhr.categories[category]?.score
    if (typeof score !== 'number') continue
    metrics.push({
      id: `lighthouse/${slug}/${category}`,
      title: `${page} · ${CATEGORY_TITLES[category]}`,
      unit: 'score',
      better: 'higher',
      value: Math.round(score * 100),
      timing: false,
    })
  }
  return metrics
}

/**
 * What Lighthouse estimates the performance audits the run failed would save (ms), with one part per
 * audit: diffed against the base, the audit-by-audit diff of what newly fails and what fails by more.
 * A `detail` (a diagnosis: the timings it would save are gated themselves) and an exact figure of the
 * run whose report is written, as the findings are: an A/B round after the first runs none of these
 * audits. Undefined when the performance category did not run.
 */
export function savingsMetric(slug: string, page: string, lhr: LighthouseResult): MetricInput | undefined {
  const breakdown = savingsByAudit(lhr)
  if (!breakdown) return undefined
  return {
    id: `lighthouse/${slug}/savings`,
    title: `${page} · estimated savings of failing audits`,
    unit: 'ms',
    better: 'lower',
    role: 'detail',
    timing: false,
    value: breakdown.reduce((sum, part) => sum + part.value, 0),
    breakdown,
  }
}
