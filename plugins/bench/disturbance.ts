import { median, quantile } from '../../core/toolkit/stats.js'
import type { RunnerTask } from './protocol.js'

/** The fewest runs of a file (this call's and earlier ones together) from which an undisturbed level can be told. */
export const MIN_RUNS_TO_JUDGE = 3

/**
 * Runs of one bench file that were disturbed: their tasks are, by the median of each task's ratio to
 * that task's undisturbed level, at least `factor` slower. On shared machines a busy neighbour slows a
 * whole process (every task of it) by 1.3–2× for a fraction of a second to many seconds, while the code
 * cannot be slower in one process than in another; such runs are repeated instead of polluting the
 * samples. The undisturbed level is a task's lower quartile over `runs` and `earlier` (runs of the same
 * file and code measured before, e.g. in the earlier rounds of an A/B run, which measure one run per
 * call), not its median, so that it still holds when up to three runs in four were disturbed (a long
 * busy spell). Only `runs` are judged. Returns their indices, most disturbed first.
 */
export function disturbedRuns(
  runs: readonly RunnerTask[][],
  factor: number,
  earlier: readonly RunnerTask[][] = [],
): number[] {
  if (runs.length + earlier.length < MIN_RUNS_TO_JUDGE || !(factor > 1)) return []
  const byTask = new Map<string, number[]>()
  for (const run of [...earlier, ...runs])
    for (const task of run) {
      const p50 = completedP50(task)
      if (p50 === undefined) continue
      const values = byTask.get(task.name) ?? []
      values.push(p50)
      byTask.set(task.name, values)
    }
  const undisturbed = new Map([...byTask].map(([name, values]) => [name, quantile(values, 0.25)]))
  const scored = runs.map((run, index) => {
    const ratios = run.flatMap((task) => {
      const p50 = completedP50(task)
      const level = undisturbed.get(task.name)
      return p50 !== undefined && level ? [p50 / level] : []
    })
    return { index, score: ratios.length > 0 ? median(ratios) : 1 }
  })
  return scored
    .filter((run) => run.score >= factor)
    .sort((a, b) => b.score - a.score)
    .map((run) => run.index)
}

function completedP50(task: RunnerTask): number | undefined {
  return task.state === 'completed' && task.p50 !== undefined && task.p50 > 0 ? task.p50 : undefined
}
