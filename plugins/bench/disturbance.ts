import { median, quantile } from '../../core/toolkit/stats.js'
import type { RunnerTask } from './protocol.js'

/** The fewest runs of a file from which an undisturbed level can be told. */
export const MIN_RUNS_TO_JUDGE = 3

/**
 * Runs of one bench file that were disturbed: their tasks are, by the median of each task's ratio to
 * that task's undisturbed level over all the runs, at least `factor` slower. On shared machines a busy
 * neighbour slows a whole process (every task of it) by 1.3–2× for seconds at a time, while the code
 * cannot be slower in one process than in another; such runs are repeated instead of polluting the
 * samples. The undisturbed level is a task's lower quartile, not its median, so that it still holds
 * when up to three runs in four were disturbed (a long busy spell).
 * Returns run indices, most disturbed first.
 */
export function disturbedRuns(runs: readonly RunnerTask[][], factor: number): number[] {
  if (runs.length < MIN_RUNS_TO_JUDGE || !(factor > 1)) return []
  const byTask = new Map<string, number[]>()
  for (const run of runs)
    for (const task of run)
      if (task.state === 'completed' && task.p50 !== undefined && task.p50 > 0) {
        const values = byTask.get(task.name) ?? []
        values.push(task.p50)
        byTask.set(task.name, values)
      }
  const undisturbed = new Map([...byTask].map(([name, values]) => [name, quantile(values, 0.25)]))
  const scored = runs.map((run, index) => {
    const ratios = run.flatMap((task) =>
      task.state === 'completed' && task.p50 !== undefined && task.p50 > 0 && undisturbed.get(task.name)
        ? [task.p50 / (undisturbed.get(task.name) as number)]
        : [],
    )
    return { index, score: ratios.length > 0 ? median(ratios) : 1 }
  })
  return scored
    .filter((run) => run.score >= factor)
    .sort((a, b) => b.score - a.score)
    .map((run) => run.index)
}
