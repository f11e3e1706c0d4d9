import type { Better } from '../model/types.js'
import { median } from '../toolkit/stats.js'
import { INTERVAL_LEVEL, MIN_NOISE_RUNS, NO_NOISE_FACTOR, PAIRING_CORRELATION } from './defaults.js'
import { type Judgement, percent, range, spansReason, verdictFromInterval } from './judgement.js'
import type { NoiseModel } from './noise.js'
import { noiseHalfWidth } from './single.js'
import { hodgesLehmannShift } from './stats/hodges-lehmann.js'
import { mannWhitney, minimumPValue } from './stats/mann-whitney.js'
import { minimumSignedRankP, signedRank, walshShift } from './stats/signed-rank.js'
import type { MetricThreshold } from './thresholds.js'

/** Everything about one sampled metric that does not depend on the other metrics of the run. */
export interface SampledAnalysis {
  /** Raw two-sided Mann–Whitney p; adjusted across the run later. */
  p: number
  /** The smallest p these sample sizes can reach. */
  minP: number
  /** Relative shift current vs base: exp(Hodges–Lehmann shift of the logs) − 1. */
  estimate: number
  /** Its 90 % interval (the Mann–Whitney-inverted interval of the log shift, back on the ratio scale). */
  ci: [number, number]
  nBase: number
  nCurrent: number
  /** Whether the rounds were analysed in pairs (signed-rank test on per-round log-ratios). */
  paired: boolean
}

export interface AnalyseOptions {
  /**
   * Analyse round i's head sample against round i's base sample (same-job A/B rounds, equal counts):
   * per-round log-ratios, the Wilcoxon signed-rank test and the Hodges–Lehmann (Walsh-average) interval.
   * Ignored when the sides differ in length. `'correlated'`: in pairs only when the rounds' samples move
   * together (their intraclass correlation is at least PAIRING_CORRELATION): a trend or a busy
   * spell shared by both sides. Without one, pairs only coarsen the test (2^n sign patterns instead of
   * C(2n, n) arrangements), which costs rounds.
   */
  paired?: boolean | 'correlated'
  /** Coverage of the interval; INTERVAL_LEVEL by default. */
  level?: number
}

/**
 * The rank test and the Hodges–Lehmann shift of one metric. Positive samples are compared on the log
 * scale, so the shift is a ratio (a 10 % slowdown is the same shift at 1 ms and at 1 s). With a zero or
 * negative sample there is no logarithm: the shift of the values themselves is taken instead, relative
 * to |median(base)| (or the mean |base| when that median is 0, or |median(current)| when all of base is 0,
 * so that a change from zero counts as ±100 %). Values are scaled by the largest magnitude before taking
 * differences, so values near ±1.8e308 do not overflow.
 */
export function analyseSampled(
  base: readonly number[],
  current: readonly number[],
  options: AnalyseOptions = {},
): SampledAnalysis {
  const level = options.level ?? INTERVAL_LEVEL
  const pairable = base.length === current.length && base.length > 1
  if (
    pairable &&
    (options.paired === true || (options.paired === 'correlated' && roundsMoveTogether(base, current)))
  )
    return analysePaired(base, current, level)
  const { p } = mannWhitney(current, base)
  const common = { p, minP: minimumPValue(base.length, current.length), nBase: base.length, paired: false }
  if (base.every((v) => v > 0) && current.every((v) => v > 0)) {
    const shift = hodgesLehmannShift(base.map(Math.log), current.map(Math.log), level)
    return {
      ...common,
      estimate: Math.expm1(shift.estimate),
      ci: [Math.expm1(shift.ci[0]), Math.expm1(shift.ci[1])],
      nCurrent: current.length,
    }
  }
  const { scaledBase, scaledCurrent, reference } = scaled(base, current)
  const shift = hodgesLehmannShift(scaledBase, scaledCurrent, level)
  return {
    ...common,
    estimate: shift.estimate / reference,
    ci: [shift.ci[0] / reference, shift.ci[1] / reference],
    nCurrent: current.length,
  }
}

/**
 * Whether round i's samples move together: the intraclass correlation of the pairs, (S_s − S_d)/(S_s + S_d)
 * with S_s the variance of the rounds' sums ln(base_i) + ln(current_i) and S_d the mean square of their
 * differences, is at least PAIRING_CORRELATION. A round effect (a trend, a busy spell) widens the sums, not
 * the differences. Both are unchanged by swapping a round's two samples, so under no change the signs of
 * the differences stay fair coins whichever way this goes: the signed-rank test chosen by it keeps its
 * level.
 */
export function roundsMoveTogether(base: readonly number[], current: readonly number[]): boolean {
  const positive = base.every((v) => v > 0) && current.every((v) => v > 0)
  const x = positive ? base.map(Math.log) : base
  const y = positive ? current.map(Math.log) : current
  const n = x.length
  const sums = x.map((v, i) => v + y[i])
  const mean = sums.reduce((a, b) => a + b, 0) / n
  const spreadOfSums = sums.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  const spreadOfDifferences = x.reduce((a, v, i) => a + (y[i] - v) ** 2, 0) / n
  const total = spreadOfSums + spreadOfDifferences
  return total > 0 && (spreadOfSums - spreadOfDifferences) / total >= PAIRING_CORRELATION
}

/**
 * Round by round: d_i = ln(current_i) − ln(base_i) (or, with a zero or negative sample, the scaled
 * difference relative to the same reference as the unpaired shift). A slow trend or a busy spell that
 * hits both samples of a round cancels out of d_i.
 */
function analysePaired(base: readonly number[], current: readonly number[], level: number): SampledAnalysis {
  const positive = base.every((v) => v > 0) && current.every((v) => v > 0)
  let d: number[]
  let toRelative: (x: number) => number
  if (positive) {
    d = current.map((c, i) => Math.log(c) - Math.log(base[i]))
    toRelative = Math.expm1
  } else {
    const { scaledBase, scaledCurrent, reference } = scaled(base, current)
    d = scaledCurrent.map((c, i) => c - scaledBase[i])
    toRelative = (x) => x / reference
  }
  const test = signedRank(d)
  const shift = walshShift(d, level)
  return {
    p: test.p,
    minP: minimumSignedRankP(test.n),
    estimate: toRelative(shift.estimate),
    ci: [toRelative(shift.ci[0]), toRelative(shift.ci[1])],
    nBase: base.length,
    nCurrent: current.length,
    paired: true,
  }
}

/**
 * Both sides divided by the largest magnitude (so differences of values near ±1.8e308 do not overflow),
 * and the reference a shift is relative to: |median(base)|, or the mean |base| when that median is 0,
 * or |median(current)| when all of base is 0 (a change from zero counts as ±100 %).
 */
function scaled(base: readonly number[], current: readonly number[]) {
  const scale = [...base, ...current].reduce((most, v) => Math.max(most, Math.abs(v)), 0) || 1
  const scaledBase = base.map((v) => v / scale)
  const scaledCurrent = current.map((v) => v / scale)
  const reference =
    Math.abs(median(scaledBase)) ||
    scaledBase.reduce((sum, v) => sum + Math.abs(v), 0) / scaledBase.length ||
    Math.abs(median(scaledCurrent)) ||
    1
  return { scaledBase, scaledCurrent, reference }
}

export interface SampledJudgeOptions {
  /** Benjamini–Hochberg adjusted p of this metric. */
  pAdjusted: number
  /** How many sampled metrics were tested together (m of Benjamini–Hochberg). */
  tests: number
  /** The level this comparison tests at: the family alpha, or a sequential look's nominal level. */
  alpha: number
  /** The configured alpha when `alpha` is a look's nominal level, for reasons and the history widening. */
  familyAlpha?: number
  /** Which look of how many, when sampling sequentially (for reasons). */
  look?: { index: number; of: number }
  threshold: MetricThreshold
  better: Better
  /** value − baseline value, for the absolute threshold. */
  absChange: number
  /**
   * Where the baseline's samples come from. `same-job`: measured in this job, interleaved (no widening).
   * `stored`: a record from another job; the interval is widened by the history's run-to-run spread
   * (`noise`), and reasons say that an A/B run would decide.
   */
  baseline: 'same-job' | 'stored'
  /** The base branch's run-to-run noise of this metric (stored baselines only). */
  noise?: NoiseModel
}

/**
 * Regressed/improved only when the adjusted p < alpha AND the interval is clear of zero AND the estimate
 * is at least the minimum effect; unchanged when the interval lies within ±minEffect; else inconclusive.
 *
 * A stored baseline was measured in another job, on a machine whose speed differs from this one's by an
 * amount no within-run test can see. Its interval is first widened by t(1 − α/2, runs − 1)·√2·σ, σ being
 * the spread of ln(value) over the base branch's earlier runs (added in quadrature on the log scale),
 * always — not only when a test finds drift — so that the whole run-to-run spread, drift included, cannot
 * make a regression on its own. Without such a history the interval cannot be widened, the reason says
 * so, nothing is called `unchanged`, and — as for single values without history — only a change of
 * NO_NOISE_FACTOR (2×) or more is called. Same-job (A/B) baselines share the job's drift and are not widened.
 */
export function judgeSampled(analysis: SampledAnalysis, options: SampledJudgeOptions): Judgement {
  const { alpha, threshold, better, noise, pAdjusted } = options
  const familyAlpha = options.familyAlpha ?? alpha
  const stored = options.baseline === 'stored'
  const widening = stored && noise ? noiseHalfWidth(noise.sigma, noise.runs, familyAlpha) : 0
  const ci = widening > 0 ? widen(analysis, widening) : analysis.ci
  const storedText = !stored
    ? ''
    : noise
      ? ` (stored baseline from another job: widened by the base branch's run-to-run spread ±${percent(noise.sigma).slice(1)} over ${noise.runs} runs; --ab would decide)`
      : ` (stored baseline from another job and under ${MIN_NOISE_RUNS} base-branch runs to allow for drift: only a change of ${NO_NOISE_FACTOR}× or more is called; --ab would decide)`
  const base = { ci, p: pAdjusted }
  const tooFew = analysis.minP * options.tests >= alpha
  const direction = verdictFromInterval(ci, analysis.estimate, threshold.rel, better)
  // Without history the interval knows nothing of drift between jobs: "clearly the same" is not shown.
  if (direction === 'unchanged' && stored && !noise)
    return { ...base, verdict: 'inconclusive', reason: storedText.slice(2, -1) }
  if (direction === 'unchanged') return { ...base, verdict: 'unchanged' }
  // "Not worse": the interval's worse end is inside the minimum effect. What a gate needs to know, and
  // reached far more often than the two-sided "inside ±minEffect" (see docs/verdicts.md).
  // An improvement the test cannot show (p ≥ alpha) is not worse either.
  const undecided = direction === undefined || pAdjusted >= alpha
  if (undecided && notWorse(ci, threshold.rel, better) && !(stored && !noise))
    return { ...base, verdict: 'unchanged', reason: notWorseReason(ci, threshold.rel, better) }
  if (direction === undefined) {
    const reason = tooFew ? tooFewReason(analysis, options) : `${spansReason(ci, threshold.rel)}${storedText}`
    return { ...base, verdict: 'inconclusive', reason }
  }
  if (pAdjusted >= alpha) {
    const family = options.tests > 1 ? ` (Benjamini–Hochberg over ${options.tests} metrics)` : ''
    const reason = tooFew
      ? tooFewReason(analysis, options)
      : `p = ${pAdjusted.toPrecision(2)}${family} is not below ${levelText(options)}${storedText}`
    return { ...base, verdict: 'inconclusive', reason }
  }
  if (Math.abs(options.absChange) < threshold.abs) {
    return {
      ...base,
      verdict: 'unchanged',
      reason: `change is below the absolute threshold ${threshold.abs}`,
    }
  }
  if (stored && !noise) {
    // Nothing to tell drift from change by: as for single values without history, only 2× is called.
    const factor = 1 + analysis.estimate
    if (factor < NO_NOISE_FACTOR && factor > 1 / NO_NOISE_FACTOR)
      return { ...base, verdict: 'inconclusive', reason: storedText.slice(2, -1) }
    return { ...base, verdict: direction, reason: storedText.slice(2, -1) }
  }
  return { ...base, verdict: direction }
}

/** Whether the interval's end in the worse direction lies inside the minimum effect. */
export function notWorse(ci: readonly [number, number], minEffect: number, better: Better): boolean {
  return better === 'lower' ? ci[1] < minEffect : ci[0] > -minEffect
}

function notWorseReason(ci: readonly [number, number], minEffect: number, better: Better): string {
  const bound = better === 'lower' ? `+${percent(minEffect).slice(1)}` : `-${percent(minEffect).slice(1)}`
  return `not worse: interval ${range(ci)} stays below the minimum effect in the worse direction (${bound})`
}

/** `alpha 0.015`, or `0.00058 (look 2 of 4 at alpha 0.015)` when sampling sequentially. */
function levelText(options: SampledJudgeOptions): string {
  if (!options.look || options.familyAlpha === undefined) return `alpha ${options.alpha}`
  return `${options.alpha.toPrecision(2)} (look ${options.look.index} of ${options.look.of} at alpha ${options.familyAlpha})`
}

/**
 * No outcome of these sample sizes can pass Benjamini–Hochberg: even a lone hit needs p·m < alpha, and
 * the smallest two-sided p with n1 vs n2 samples is 2/C(n1 + n2, n1). Names the samples a side that can.
 */
function tooFewReason(analysis: SampledAnalysis, options: SampledJudgeOptions): string {
  const bar = options.alpha / options.tests
  let n = 2
  const smallest = analysis.paired ? minimumSignedRankP : (k: number) => minimumPValue(k, k)
  while (smallest(n) >= bar && n < 1000) n++
  const sizes = `${analysis.nBase} vs ${analysis.nCurrent}`
  if (options.tests === 1)
    return `too few samples (${sizes}) to show a change at ${levelText(options)}; take at least ${n} a side`
  return `too few samples (${sizes}) to show a change among ${options.tests} metrics tested together at ${levelText(options)} (the smallest possible p, ${analysis.minP.toPrecision(2)}, is not below ${options.alpha.toPrecision(2)}/${options.tests}); take at least ${n} a side`
}

/** Adds a half-width (log scale) in quadrature to each side of the interval. */
function widen(analysis: SampledAnalysis, half: number): [number, number] {
  const [lo, hi] = analysis.ci
  if (!(lo > -1 && analysis.estimate > -1)) return analysis.ci
  const d = Math.log1p(analysis.estimate)
  const below = Math.max(0, d - Math.log1p(lo))
  const above = Math.max(0, Math.log1p(hi) - d)
  return [Math.expm1(d - Math.hypot(below, half)), Math.expm1(d + Math.hypot(above, half))]
}
