import type { Better } from '../model/types.js'
import { INTERVAL_LEVEL } from './defaults.js'
import { type Judgement, percent, spansReason, verdictFromInterval } from './judgement.js'
import type { NoiseModel } from './noise.js'
import { noiseHalfWidth } from './single.js'
import { bootstrapMedianChange, medianInPlace } from './stats/bootstrap.js'
import { mannWhitney, minimumPValue } from './stats/mann-whitney.js'
import type { MetricThreshold } from './thresholds.js'

/** Everything about one sampled metric that does not depend on the other metrics of the run. */
export interface SampledAnalysis {
  /** Raw two-sided Mann–Whitney p; adjusted across the run later. */
  p: number
  /** The smallest p these sample sizes can reach. */
  minP: number
  /** median(current)/median(base) − 1 */
  estimate: number
  ci: [number, number]
  nBase: number
  nCurrent: number
}

export function analyseSampled(
  base: readonly number[],
  current: readonly number[],
  seed: number,
): SampledAnalysis {
  const { p } = mannWhitney(current, base)
  const baseMedian = medianInPlace(Float64Array.from(base))
  const currentMedian = medianInPlace(Float64Array.from(current))
  const estimate =
    baseMedian > 0
      ? currentMedian / baseMedian - 1
      : (currentMedian - baseMedian) / (Math.abs(baseMedian) || 1)
  const ci = bootstrapMedianChange(base, current, { level: INTERVAL_LEVEL, seed })
  return {
    p,
    minP: minimumPValue(base.length, current.length),
    estimate,
    ci,
    nBase: base.length,
    nCurrent: current.length,
  }
}

export interface SampledJudgeOptions {
  /** Benjamini–Hochberg adjusted p of this metric. */
  pAdjusted: number
  /** How many sampled metrics were tested together. */
  tests: number
  alpha: number
  threshold: MetricThreshold
  better: Better
  /** value − baseline value, for the absolute threshold. */
  absChange: number
  noise?: NoiseModel
}

/**
 * Regressed/improved only when the adjusted p < α AND the interval is clear of zero AND the estimate is
 * at least the minimum effect; unchanged when the interval lies within ±minEffect; else inconclusive.
 * Drift between runs that the samples cannot see (from the noise model) widens the interval first.
 */
export function judgeSampled(analysis: SampledAnalysis, options: SampledJudgeOptions): Judgement {
  const { alpha, threshold, better, noise, pAdjusted } = options
  const ci =
    noise && noise.drift > 0 ? widen(analysis, noiseHalfWidth(noise.drift, noise.runs, alpha)) : analysis.ci
  const driftText =
    noise && noise.drift > 0
      ? ` (widened by run-to-run drift ±${percent(noise.drift).slice(1)} over ${noise.runs} runs)`
      : ''
  const base = { ci, p: pAdjusted }
  const tooFew = analysis.minP >= alpha
  const direction = verdictFromInterval(ci, analysis.estimate, threshold.rel, better)
  if (direction === 'unchanged') return { ...base, verdict: 'unchanged' }
  if (direction === undefined) {
    const reason = tooFew ? tooFewReason(analysis, alpha) : `${spansReason(ci, threshold.rel)}${driftText}`
    return { ...base, verdict: 'inconclusive', reason }
  }
  if (pAdjusted >= alpha) {
    const family = options.tests > 1 ? ` (Benjamini–Hochberg over ${options.tests} metrics)` : ''
    const reason = tooFew
      ? tooFewReason(analysis, alpha)
      : `p = ${pAdjusted.toPrecision(2)}${family} is not below alpha ${alpha}`
    return { ...base, verdict: 'inconclusive', reason }
  }
  if (Math.abs(options.absChange) < threshold.abs) {
    return {
      ...base,
      verdict: 'unchanged',
      reason: `change is below the absolute threshold ${threshold.abs}`,
    }
  }
  return { ...base, verdict: direction }
}

function tooFewReason(analysis: SampledAnalysis, alpha: number): string {
  let n = 2
  while (minimumPValue(n, n) >= alpha && n < 50) n++
  return `too few samples (${analysis.nBase} vs ${analysis.nCurrent}) to show a change at alpha ${alpha}; take at least ${n} a side`
}

/** Adds a drift half-width (log scale) in quadrature to each side of the interval. */
function widen(analysis: SampledAnalysis, drift: number): [number, number] {
  const [lo, hi] = analysis.ci
  if (!(lo > -1 && analysis.estimate > -1)) return analysis.ci
  const d = Math.log1p(analysis.estimate)
  const below = Math.max(0, d - Math.log1p(lo))
  const above = Math.max(0, Math.log1p(hi) - d)
  return [Math.expm1(d - Math.hypot(below, drift)), Math.expm1(d + Math.hypot(above, drift))]
}
