import type { ResolvedConfig } from '../config/types.js'

/**
 * The resolved `compare` config plus what the runner knows about this comparison:
 * - `sameJob`: the timing baselines were measured in this job, interleaved with the head (`--ab`). `true`
 *   for every metric, or a predicate by metric id when only some plugins ran both sides (the others were
 *   compared with the stored record). Same-job comparisons are not widened by run-to-run history: the job's
 *   drift is shared by both sides. Default `false`: a stored baseline from another job, whose timings are
 *   widened by the base branch's run-to-run spread (see judgeSampled).
 * - `sequential`: this comparison is look `look` (1-based) of a sampling plan (see sequential.ts); sampled
 *   metrics are then tested at `nominalAlpha(alpha, look, plan)` instead of `alpha`.
 */
export type CompareOptions = ResolvedConfig['compare'] & {
  sameJob?: boolean | ((metricId: string) => boolean)
  sequential?: { look: number; plan: SamplingPlan }
  /**
   * Same-job metrics whose sides have as many samples are analysed round by round (per-round
   * log-ratios, signed-rank test, Walsh-average interval); default PAIR_ROUNDS. Stored baselines never are.
   */
  pairRounds?: boolean | 'correlated'
}

/** How same-job rounds are analysed by default (`npm run bench:verdicts`: paired vs unpaired). */
export const PAIR_ROUNDS: boolean | 'correlated' = 'correlated'

/** Correlation of the rounds' samples (logs) from which `'correlated'` pairs them. */
export const PAIRING_CORRELATION = 0.3

/**
 * The "not worse" stop of sequential sampling (futility, non-binding): a metric no longer asks for rounds
 * once the one-sided upper bound of its change (lower bound when higher is better), at level 1 − β_k, is
 * below `effectFactor` × its minimum effect (+10 % at the default 4 %: the change the plan is sized to
 * catch). β_k is the look's share of `beta`, spent over the first half of the plan (spentBeta), so over
 * all looks a regression of that size is let go by this stop with probability at most `beta`, within the
 * power target (≥ 90 %). It never calls anything, so it cannot add a false alarm.
 */
export const NOT_WORSE_STOP = { effectFactor: 2.5, beta: 0.08 }

/** Rounds a side at each look of sequential sampling: min, min + step, …, max. */
export interface SamplingPlan {
  min: number
  step: number
  max: number
}

/**
 * Start at 5 rounds a side, add 5 while a timing metric could still become a regression (see
 * NOT_WORSE_STOP), stop at 20 (`npm run bench:verdicts`, docs/verdicts.md#sequential-sampling): at CV 5 %
 * this catches a lone +10 % among 20 metrics ≥ 90 % of the time, where a fixed 10 a side catches ~55 %.
 */
export const DEFAULT_SAMPLING_PLAN: SamplingPlan = { min: 5, step: 5, max: 20 }

/**
 * Defaults, justified by `npm run bench:verdicts` (see docs/verdicts.md):
 * - exact metrics: a change under 0.5 % is `unchanged` (a few hundred bytes of a 100 kB bundle);
 * - sampled metrics: 4 % minimum effect and a 1.5 % false-discovery rate (two-sided, so well under 1 %
 *   of unchanged metrics are called regressed at any noise level simulated, same-job or stored with
 *   history widening);
 * - the last 10 records of the base branch give each metric's run-to-run noise.
 */
export const DEFAULT_COMPARE: CompareOptions = {
  threshold: { rel: 0.005, abs: 0 },
  thresholds: [],
  minEffect: 0.04,
  alpha: 0.015,
  history: 10,
  // compressed-size-action users commonly hide changes under 100 bytes (its minimum-change-threshold).
  sizeFloor: 100,
  roles: [],
}

/** Fewest earlier runs of a metric for a noise model (a t quantile with df = runs − 1 ≥ 4). */
export const MIN_NOISE_RUNS = 5

/** One value a side and no noise model: only a change of at least this factor (2×) is called. */
export const NO_NOISE_FACTOR = 2

/**
 * Coverage of the Hodges–Lehmann interval of a sampled metric. 90 % makes "inside ±minEffect" the
 * bioequivalence rule (two one-sided tests at 5 %); for regressions the rank test at alpha is the
 * stricter gate and the interval only confirms the direction.
 */
export const INTERVAL_LEVEL = 0.9
