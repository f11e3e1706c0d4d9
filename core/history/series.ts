import picomatch from 'picomatch'
import { applyBudgets } from '../compare/budgets.js'
import type { ResolvedBudget } from '../config/types.js'
import type { HostFingerprint, Metric, RunReport } from '../model/types.js'
import { quantile } from '../toolkit/stats.js'
import { type ChangePoint, changePoints } from './changepoints.js'
import type { CommitInfo, CommitLinks } from './commits.js'
import type { HistoryRecord } from './read.js'

/** A commit on the chart's x axis. */
export interface HistoryCommit {
  sha: string
  date: string
  subject: string
  url: string | null
  /** Index into `cpus`. */
  cpu: number
}

export interface HistoryStep extends ChangePoint {
  /** The last recorded commit before the step and the first after it: the step lies in from..to. */
  from: string
  to: string
  url: string | null
}

export interface MetricSeries {
  id: string
  title: string
  unit: Metric['unit']
  better: Metric['better']
  /** The figure per commit (the median for sampled metrics); null where a record lacks the metric. */
  values: Array<number | null>
  /** Interquartile range of the samples per commit, when the metric is sampled. */
  lo?: Array<number | null>
  hi?: Array<number | null>
  budget?: { max?: number; min?: number }
  steps: HistoryStep[]
  /** The pull request's figure, when a report was given. */
  current?: number
}

export interface HistoryData {
  commits: HistoryCommit[]
  /** CPU labels; `reference` is the one most records ran on (other CPUs are marked). */
  cpus: string[]
  reference: number
  metrics: MetricSeries[]
  current: { sha: string | null; branch: string | null; url: string | null; cpu: string } | null
}

export interface SeriesOptions {
  /** Metric id globs to chart; default: every metric except per-file `detail` rows. */
  metrics?: string[]
  budgets?: ResolvedBudget[]
  current?: RunReport | null
  links: CommitLinks
  info: Map<string, CommitInfo>
}

export function cpuLabel(host: HostFingerprint): string {
  return `${host.cpuModel} · ${host.cores} cores`
}

/**
 * Rounded to 6 significant digits: the page stays small, no figure a person reads changes. Dividing an
 * integer by an exact power of ten gives the double nearest that decimal, which prints as it (and this
 * is much faster than toPrecision on 100,000 values).
 */
function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value
  const digits = 5 - Math.floor(Math.log10(Math.abs(value)))
  if (digits <= 0) {
    if (Number.isInteger(value) && digits === 0) return value
    const scale = 10 ** -digits
    return Math.round(value / scale) * scale
  }
  if (digits > 22) return Number(value.toPrecision(6))
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Per-metric series over the records (oldest first), with budgets, CPUs and step changes. */
export function buildSeries(records: HistoryRecord[], options: SeriesOptions): HistoryData {
  const cpus: string[] = []
  const cpuIndex = (host: HostFingerprint) => {
    const label = cpuLabel(host)
    const i = cpus.indexOf(label)
    if (i >= 0) return i
    cpus.push(label)
    return cpus.length - 1
  }
  const commits: HistoryCommit[] = records.map((r) => ({
    sha: r.commit,
    date: options.info.get(r.commit)?.date ?? r.createdAt,
    subject: clip(options.info.get(r.commit)?.subject ?? '', 120),
    url: options.links.commit(r.commit),
    cpu: cpuIndex(r.host),
  }))
  const reference = mostCommon(
    commits.map((c) => c.cpu),
    cpus.length,
  )

  const select = options.metrics?.length ? picomatch(options.metrics) : null
  const newest = new Map<string, Metric>()
  for (let i = records.length - 1; i >= 0; i--)
    for (const m of records[i].metrics) if (!newest.has(m.id)) newest.set(m.id, m)
  // By default the headline figures, and a detail one that carries a budget (the api preset's average
  // latency): what gates is charted.
  const budgeted = (m: Metric) => m.budget !== undefined
  const ids = [...newest.keys()].filter((id) => {
    if (select) return select(id)
    const m = newest.get(id)!
    return (m.role !== 'detail' || budgeted(m)) && !id.startsWith('bundle/asset/')
  })
  // One pass over every record's metrics: column k holds metric ids[k] per record (or undefined).
  const column = new Map(ids.map((id, k) => [id, k]))
  const columns = ids.map(() => new Array<Metric | undefined>(records.length))
  records.forEach((r, i) => {
    for (const m of r.metrics) {
      const k = column.get(m.id)
      if (k !== undefined) columns[k][i] = m
    }
  })
  const currentById = new Map((options.current?.metrics ?? []).map((m) => [m.id, m]))

  const metrics = ids.map((id, k) => {
    const latest = newest.get(id)!
    const cells = columns[k]
    const values = Array.from(cells, (m) => (m && Number.isFinite(m.value) ? round(m.value) : null))
    const series: MetricSeries = {
      id,
      title: latest.title,
      unit: latest.unit,
      better: latest.better,
      values,
      steps: [],
    }
    if (cells.some((m) => (m?.samples?.length ?? 0) > 1)) {
      const lo: Array<number | null> = []
      const hi: Array<number | null> = []
      for (const m of cells) {
        const samples = m?.samples
        if (!samples || samples.length < 2) {
          lo.push(null)
          hi.push(null)
          continue
        }
        lo.push(round(quantile(samples, 0.25)))
        hi.push(round(quantile(samples, 0.75)))
      }
      series.lo = lo
      series.hi = hi
    }
    const budget = budgetOf(latest, options.budgets)
    if (budget) series.budget = budget
    const current = currentById.get(id)
    if (current && Number.isFinite(current.value)) series.current = round(current.value)
    // Timings from another CPU are not the same figure: steps are looked for on the reference CPU only.
    const timing = latest.timing ?? (latest.samples?.length ?? 0) > 0
    const usable = values
      .map((v, i) => ({ v, i }))
      .filter(({ v, i }) => v !== null && (!timing || commits[i].cpu === reference)) as Array<{
      v: number
      i: number
    }>
    series.steps = changePoints(
      usable.map((u) => u.v),
      { exact: !timing },
    ).map((step) => {
      const from = commits[usable[step.index - 1].i].sha
      const to = commits[usable[step.index].i].sha
      return {
        ...step,
        index: usable[step.index].i,
        before: round(step.before),
        after: round(step.after),
        rel: round(step.rel),
        from,
        to,
        url: options.links.compare(from, to),
      }
    })
    return series
  })

  const current = options.current
    ? {
        sha: options.current.commit,
        branch: options.current.branch,
        url: options.current.commit ? options.links.commit(options.current.commit) : null,
        cpu: cpuLabel(options.current.host),
      }
    : null
  return { commits, cpus, reference, metrics, current }
}

/** The budget the config gives this metric now, else the one its newest record was judged by. */
function budgetOf(metric: Metric, budgets: ResolvedBudget[] | undefined) {
  const judged = budgets?.length ? applyBudgets([metric], budgets)[0].budget : metric.budget
  if (!judged || (judged.max === undefined && judged.min === undefined)) return undefined
  return {
    ...(judged.max !== undefined ? { max: judged.max } : {}),
    ...(judged.min !== undefined ? { min: judged.min } : {}),
  }
}

function mostCommon(items: number[], size: number): number {
  const counts = new Array<number>(size).fill(0)
  for (const i of items) counts[i]++
  let best = items.at(-1) ?? 0
  for (let i = 0; i < size; i++) if (counts[i] > counts[best]) best = i
  return best
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
