import type { ResolvedConfig } from '../config/types.js'

export type CompareOptions = ResolvedConfig['compare']

/**
 * Defaults, justified by `npm run bench:verdicts` (see docs/verdicts.md):
 * - exact metrics: a change under 0.5 % is `unchanged` (a few hundred bytes of a 100 kB bundle);
 * - sampled metrics: 4 % minimum effect and a 1.5 % false-discovery rate (two-sided, so well under 1 %
 *   of unchanged metrics are called regressed at any noise level simulated), which still catches a 10 %
 *   slowdown at CV 5 % with 10 samples a side at least 90 % of the time;
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
 * Coverage of the bootstrap interval of a sampled metric. 90 % makes "inside ±minEffect" the
 * bioequivalence rule (two one-sided tests at 5 %); for regressions the rank test at alpha is the
 * stricter gate and the interval only confirms the direction.
 */
export const INTERVAL_LEVEL = 0.9
