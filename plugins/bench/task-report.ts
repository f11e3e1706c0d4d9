import type { FindingInput, MetricInput } from '../../core/model/types.js'
import { type ProfileSummary, profileBreakdown, profileStacks } from '../../core/toolkit/cpu-profile.js'
import { median, relativeMarginOfError, representativeSample } from '../../core/toolkit/stats.js'
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

/**
 * What one task of a bench file reports: its two metrics (one sample per run), or none and an error
 * finding when any run threw; plus warnings when it is too fast for the timer or too noisy to judge.
 */
export function reportTask(
  file: FileRef,
  taskSlug: string,
  task: TaskRuns,
  options: { runs: number; time: number; maxRme: number },
  /** Self time by function and stack from the file's profiling run. */
  profile?: ProfileSummary,
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
      // The representative run's latency shared out by self time: which functions the time went to.
      ...(profile ? profiled(profile, representativeSample(p50)) : {}),
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

  const within = task.results.length > 0 ? median(task.results.map((r) => r.rme ?? 0)) : 0
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

/** A profile's functions and stacks, shared out over `total`: the breakdown and the flame graph. */
export function profiled(profile: ProfileSummary, total: number): Pick<MetricInput, 'breakdown' | 'stacks'> {
  return {
    breakdown: profileBreakdown(profile.functions, total),
    stacks: profileStacks(profile.stacks, total),
  }
}
