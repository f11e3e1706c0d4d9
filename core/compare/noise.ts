import type { RunReport } from '../model/types.js'
import { MIN_NOISE_RUNS } from './defaults.js'
import { chiSquareQuantile } from './stats/distributions.js'

/** How much a metric moves from one run to the next on the base branch, on a log scale (≈ relative). */
export interface NoiseModel {
  /** Earlier runs that measured the metric. */
  runs: number
  /** Standard deviation of ln(value) across those runs. */
  sigma: number
  /**
   * The part of `sigma` the runs' own samples do not explain (machine or day drift); 0 when a χ² test
   * at 5 % finds none. Equals `sigma` when the runs carry no samples to separate the two.
   */
  drift: number
  /** Distinct CPU models among those runs. */
  cpuModels: number
}

/** Within-run samples needed to estimate the sampling error of a run's median. */
const MIN_SAMPLES_FOR_WITHIN = 3

/** The noise model of one metric from earlier runs, or undefined when fewer than MIN_NOISE_RUNS have it. */
export function estimateNoise(id: string, history: readonly RunReport[]): NoiseModel | undefined {
  const logs: number[] = []
  const withinVariances: number[] = []
  const cpus = new Set<string>()
  for (const report of history) {
    const metric = report.metrics.find((m) => m.id === id)
    if (!metric || !(metric.value > 0)) continue
    logs.push(Math.log(metric.value))
    cpus.add(report.host.cpuModel)
    const samples = metric.samples?.filter((s) => s > 0)
    if (samples && samples.length >= MIN_SAMPLES_FOR_WITHIN) withinVariances.push(medianVariance(samples))
  }
  if (logs.length < MIN_NOISE_RUNS) return undefined
  const variance = sampleVariance(logs)
  const sigma = Math.sqrt(variance)
  let drift = sigma
  if (withinVariances.length === logs.length) {
    const within = withinVariances.reduce((a, b) => a + b, 0) / withinVariances.length
    const df = logs.length - 1
    // Under no drift, df·variance/within ~ χ²(df): only an excess beyond its 95th percentile counts.
    const hasDrift = within === 0 ? variance > 0 : (df * variance) / within > chiSquareQuantile(0.95, df)
    drift = hasDrift ? Math.sqrt(Math.max(0, variance - within)) : 0
  }
  return { runs: logs.length, sigma, drift, cpuModels: cpus.size }
}

/** Sampling variance of the log median of one run: (π/2)·σ²/n with σ from the MAD of the log samples. */
function medianVariance(samples: readonly number[]): number {
  const logs = samples.map(Math.log).sort((a, b) => a - b)
  const center = medianSorted(logs)
  const deviations = logs.map((v) => Math.abs(v - center)).sort((a, b) => a - b)
  const robustSd = 1.4826 * medianSorted(deviations)
  return ((Math.PI / 2) * robustSd ** 2) / samples.length
}

function medianSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function sampleVariance(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)
}
