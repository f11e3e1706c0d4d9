import type { ProfileSummary } from '../../core/toolkit/cpu-profile.js'

/** What the parent sends a bench process (argv[2], JSON) and what it writes back on fd 3. */
export interface RunnerJob {
  /** Absolute path of the bench file. */
  file: string
  time: number
  warmupTime: number
  /**
   * A profiling run, counted in no figure: V8's inlining off from the start, a short run to warm the
   * tasks, then each completed task once more for this many ms under V8's sampling profiler; its self
   * time by function is the task's breakdown.
   */
  profileTime?: number
  /** The project root, for the profile's file paths. */
  root?: string
}

export interface RunnerTask {
  name: string
  state: 'completed' | 'errored' | 'other'
  error?: string
  /** Median latency of this run (ms). */
  p50?: number
  /** Median throughput of this run (ops/s). */
  ops?: number
  /** tinybench's relative margin of error of the mean latency (%). */
  rme?: number
  samplesCount?: number
  /** tinybench timer-saturation reasons seen for this task. */
  warnings: string[]
  /** Self time by function and by call stack in the profiled pass (`profileTime`), largest first. */
  profile?: ProfileSummary
}

export type RunnerResult =
  | { ok: true; tasks: RunnerTask[] }
  | { ok: false; phase: 'import' | 'setup'; error: string }

/** The file descriptor the runner writes its result to, so the bench's own logs cannot corrupt it. */
export const RESULT_FD = 3
