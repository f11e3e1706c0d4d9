import { describe, expect, it } from 'vitest'
import { disturbedRuns } from '../../../plugins/bench/disturbance.js'
import type { RunnerTask } from '../../../plugins/bench/protocol.js'

const run = (...p50s: number[]): RunnerTask[] =>
  p50s.map((p50, i) => ({ name: `task ${i}`, state: 'completed', p50, ops: 1000 / p50, warnings: [] }))

describe('disturbedRuns', () => {
  it('finds runs whose tasks are together at least the factor slower than the typical run, worst first', () => {
    const runs = [run(1, 10), run(1.02, 10.1), run(1.5, 14), run(0.99, 9.9), run(1.9, 21), run(1, 10.2)]
    expect(disturbedRuns(runs, 1.2)).toEqual([4, 2])
  })

  it('judges a run by the median of its tasks, so one slow task alone is not a disturbance', () => {
    const runs = [run(1, 10, 5), run(1, 10, 5), run(3, 10, 5), run(1, 10, 5)]
    expect(disturbedRuns(runs, 1.2)).toEqual([])
    expect(disturbedRuns([run(1), run(1), run(3), run(1)], 1.2)).toEqual([2])
  })

  it('ignores failed tasks, needs three runs, and is off at factor 0', () => {
    const failed: RunnerTask = { name: 'task 0', state: 'errored', error: 'boom', warnings: [] }
    expect(disturbedRuns([run(1), [failed], run(1), run(2)], 1.2)).toEqual([3])
    expect(disturbedRuns([run(1), run(5)], 1.2)).toEqual([])
    expect(disturbedRuns([run(1), run(1), run(5)], 0)).toEqual([])
  })

  it('never calls faster runs disturbed, and one unusually fast run does not make the others look slow', () => {
    const runs = [1, 1.02, 0.3, 0.99, 1.01, 1, 0.98, 1.03].map((p50) => run(p50))
    expect(disturbedRuns(runs, 1.2)).toEqual([])
  })

  it('still finds the undisturbed level when most runs were disturbed (a long busy spell)', () => {
    const runs = [1.6, 1, 1.7, 1.5, 1.01, 1.8, 1.55, 0.99].map((p50) => run(p50, p50 * 10))
    expect(disturbedRuns(runs, 1.2).sort()).toEqual([0, 2, 3, 5, 6])
  })

  it('judges a lone run against earlier runs of the same file (the rounds of an A/B run), never those', () => {
    const earlier = [run(1, 10), run(1.02, 10.1), run(1.6, 16)]
    expect(disturbedRuns([run(1.5, 15)], 1.2, earlier)).toEqual([0])
    expect(disturbedRuns([run(1.01, 10)], 1.2, earlier)).toEqual([])
    expect(disturbedRuns([run(1.5, 15), run(1, 10)], 1.2, earlier)).toEqual([0])
    // Two runs in all are too few, even with one of them earlier.
    expect(disturbedRuns([run(1.5, 15)], 1.2, [run(1, 10)])).toEqual([])
  })
})
