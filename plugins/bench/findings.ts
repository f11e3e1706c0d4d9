import type { FindingInput, MetricInput } from '../../core/model/types.js'
import type { RunnerTask } from './protocol.js'

export interface TaskRuns {
  name: string
  /** One entry per process run, in order. */
  results: RunnerTask[]
}

interface FileRef {
  rel: string
  slug: string
}

/** Metrics of one task (a sample per run), or none with an error finding when any run threw; plus warnings. */
export function microFindings(
  file: FileRef,
  taskSlug: string,
  task: TaskRuns,
  options: { runs: number; time: number; maxRme: number },
): { metrics: MetricInput[]; findings: FindingInput[] } {
  const findings: FindingInput[] = []
  const failed = task.results.find((r) => r.state !== 'completed')
  if (failed) {
    findings.push({
      ruleId: 'bench/task-failed',
      severity: 'error',
      file: file.rel,
      message: `Task "${task.name}" in ${file.rel} threw: ${failed.error ?? 'unknown error'}`,
      help: 'Its metrics are left out of this run; the other tasks were measured.',
    })
    return { metrics: [], findings }
  }
  const p50 = task.results.map((r) => r.p50 as number)
  const ops = task.results.map((r) => r.ops as number)
  const base = `bench/${file.slug}/${taskSlug}`
  const metrics: MetricInput[] = [
    {
      id: `${base}/latency-p50`,
      title: `${task.name} (${file.rel}): median latency`,
      unit: 'ms',
      better: 'lower',
      samples: p50,
    },
    {
      id: `${base}/ops`,
      title: `${task.name} (${file.rel}): operations per second`,
      unit: 'ops/s',
      better: 'higher',
      samples: ops,
    },
  ]

  const saturation = [...new Set(task.results.flatMap((r) => r.warnings))]
  if (saturation.length > 0)
    findings.push({
      ruleId: 'bench/timer-saturation',
      severity: 'warning',
      file: file.rel,
      message: `Task "${task.name}" in ${file.rel} is too fast for the timer (tinybench: ${saturation.join(', ')}); its figures are mostly timer resolution.`,
      help: 'Make one call do more work (e.g. loop over a batch of inputs) so that it takes well over a microsecond.',
    })

  const within = median(task.results.map((r) => r.rme ?? 0))
  const across = relativeMarginOfError(p50)
  if (within > options.maxRme || across > options.maxRme) {
    const spread = [`±${within.toFixed(1)} % within a run`]
    if (p50.length >= 2) spread.push(`±${across.toFixed(1)} % across ${p50.length} runs`)
    findings.push({
      ruleId: 'bench/unstable',
      severity: 'warning',
      file: file.rel,
      message: `Task "${task.name}" in ${file.rel} is too noisy to judge: relative margin of error ${spread.join(', ')} (threshold ±${options.maxRme} %).`,
      help: `Raise \`time\` (now ${options.time} ms) or \`runs\` (now ${options.runs}), or make the task's work steadier (no I/O, fixed input).`,
    })
  }
  return { metrics, findings }
}

export interface StatusCounts {
  [status: string]: number
}

/** A scenario whose runs had failed requests: the counts by kind and status, so the cause is visible. */
export function httpErrorFinding(
  scenario: string,
  totals: { errors: number; timeouts: number; badStatuses: StatusCounts; requests: number },
): FindingInput | null {
  const bad = Object.values(totals.badStatuses).reduce((a, b) => a + b, 0)
  const socketErrors = totals.errors - totals.timeouts
  if (socketErrors + totals.timeouts + bad === 0) return null
  const parts: string[] = []
  for (const [status, count] of Object.entries(totals.badStatuses).sort())
    parts.push(`${count} × HTTP ${status}`)
  if (totals.timeouts > 0) parts.push(`${totals.timeouts} timeout(s)`)
  if (socketErrors > 0) parts.push(`${socketErrors} connection error(s)`)
  return {
    ruleId: 'bench/http-errors',
    severity: 'warning',
    message: `HTTP scenario "${scenario}" had failed requests over ${totals.requests} attempts: ${parts.join(', ')}.`,
    help: 'Check the scenario’s method, path and body, or set `expectStatus` when another status is the expected answer.',
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// Two-sided 95 % Student t critical values for 1…30 degrees of freedom.
const T_95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]

/** Half-width of the 95 % interval of the mean, relative to the mean (%); 0 with fewer than 2 values. */
export function relativeMarginOfError(values: number[]): number {
  const n = values.length
  if (n < 2) return 0
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (mean === 0) return 0
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  const t = T_95[n - 2] ?? 1.96
  return (100 * t * Math.sqrt(variance / n)) / Math.abs(mean)
}
