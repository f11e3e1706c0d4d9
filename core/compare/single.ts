import type { Better } from '../model/types.js'
import { MIN_NOISE_RUNS, NO_NOISE_FACTOR } from './defaults.js'
import { type Judgement, percent, spansReason, verdictFromInterval } from './judgement.js'
import type { NoiseModel } from './noise.js'
import { tQuantile } from './stats/distributions.js'
import type { MetricThreshold } from './thresholds.js'

/**
 * A timing metric with one value on at least one side: no test is possible, so the base branch's
 * run-to-run noise decides. The change ln(value/base) of two runs has a standard deviation of √2·σ;
 * its interval is ±t(1−α/2, runs−1)·√2·σ: a two-sided prediction interval at level 1−α, wider when σ
 * rests on few runs.
 * Without a noise model only a change of NO_NOISE_FACTOR (2×) or more is called.
 */
export function judgeSingleValue(
  value: number,
  base: number,
  better: Better,
  threshold: MetricThreshold,
  noise: NoiseModel | undefined,
  alpha: number,
): Judgement {
  if (!(value > 0 && base > 0)) {
    return {
      verdict: 'inconclusive',
      reason: 'one value a side and values not positive: no way to judge the noise',
    }
  }
  // Logs first: value / base can overflow (or underflow to 0) where the difference of the logs does not.
  const d = Math.log(value) - Math.log(base)
  const ratio = Math.exp(d)
  if (!noise) {
    if (ratio >= NO_NOISE_FACTOR || ratio <= 1 / NO_NOISE_FACTOR) {
      const worse = better === 'lower' ? ratio > 1 : ratio < 1
      return {
        verdict: worse ? 'regressed' : 'improved',
        reason: `one value a side and no history, but the value changed by more than ${NO_NOISE_FACTOR}×`,
      }
    }
    return {
      verdict: 'inconclusive',
      reason: `one value a side and fewer than ${MIN_NOISE_RUNS} earlier runs to estimate the noise: measure several samples or keep baselines on the base branch`,
    }
  }
  const half = noiseHalfWidth(noise.sigma, noise.runs, alpha)
  const ci: [number, number] = [finite(Math.expm1(d - half)), finite(Math.expm1(d + half))]
  const direction = verdictFromInterval(ci, finite(Math.expm1(d)), threshold.rel, better)
  const noiseText = `run-to-run noise ±${percent(noise.sigma).slice(1)} over ${noise.runs} earlier runs`
  if (direction === 'regressed' || direction === 'improved') {
    if (Math.abs(value - base) < threshold.abs)
      return { verdict: 'unchanged', ci, reason: `below the absolute threshold ${threshold.abs}` }
    return { verdict: direction, ci, reason: `one value a side; beyond the ${noiseText}` }
  }
  if (direction === 'unchanged')
    return { verdict: 'unchanged', ci, reason: `one value a side; within the ${noiseText}` }
  return {
    verdict: 'inconclusive',
    ci,
    reason: `one value a side; with the ${noiseText} the ${spansReason(ci, threshold.rel)}`,
  }
}

function finite(x: number): number {
  return Math.min(Number.MAX_VALUE, x)
}

/** Half-width, on the log scale, of the interval of a difference of two runs with per-run noise sigma. */
export function noiseHalfWidth(sigma: number, runs: number, alpha: number): number {
  return tQuantile(1 - alpha / 2, runs - 1) * Math.SQRT2 * sigma
}
