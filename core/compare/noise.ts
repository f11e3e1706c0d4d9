import type { RunReport } from '../model/types.js'
import { MIN_NOISE_RUNS } from './defaults.js'

/** How much a metric moves from one run to the next on the base branch, on a log scale (≈ relative). */
export interface NoiseModel {
  /** Earlier runs that measured the metric. */
  runs: number
  /**
   * Standard deviation of ln(value) across those runs: everything that moves a run's figure from one job
   * to the next, the sampling error of each run's median and the drift of machines and days alike. It is
   * not split into the two: an estimate of drift from a handful of runs is too noisy to lean on, and
   * widening by the whole spread is what keeps drift from making regressions (docs/verdicts.md).
   */
  sigma: number
  /** Distinct CPU models among those runs. */
  cpuModels: number
}

/** The noise model of one metric from earlier runs, or undefined when fewer than MIN_NOISE_RUNS have it. */
export function estimateNoise(id: string, history: readonly RunReport[]): NoiseModel | undefined {
  const logs: number[] = []
  const cpus = new Set<string>()
  for (const report of history) {
    const metric = report.metrics.find((m) => m.id === id)
    if (!metric || !(metric.value > 0)) continue
    logs.push(Math.log(metric.value))
    cpus.add(report.host.cpuModel)
  }
  if (logs.length < MIN_NOISE_RUNS) return undefined
  return { runs: logs.length, sigma: Math.sqrt(sampleVariance(logs)), cpuModels: cpus.size }
}

function sampleVariance(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)
}
