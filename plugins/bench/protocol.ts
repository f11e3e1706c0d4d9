/** What the parent sends a bench process (argv[2], JSON) and what it writes back on fd 3. */
export interface RunnerJob {
  /** Absolute path of the bench file. */
  file: string
  time: number
  warmupTime: number
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
}

export type RunnerResult =
  | { ok: true; tasks: RunnerTask[] }
  | { ok: false; phase: 'import' | 'setup'; error: string }

/** The file descriptor the runner writes its result to, so the bench's own logs cannot corrupt it. */
export const RESULT_FD = 3
