// Sequential sampling: the runner measures base and head in rounds and asks, after each look, whether
// more rounds could still turn a timing metric into a regression. Pure functions; the runner owns the rounds and the clock.
//
// How the runner uses it (one A/B job, both sides interleaved):
//
//   const plan = DEFAULT_SAMPLING_PLAN                       // or from config
//   let look = 1; collect plan.min rounds a side
//   for (;;) {
//     const judged = judge(head, base, { ..., compare: { ...options, sameJob: true, sequential: { look, plan } } })
//     const next = needsMoreRounds(judged.metrics, look, plan, options)
//     if (!next.more || outOfTime) break                     // say so when it was the clock
//     collect next.rounds more rounds a side (at least of the plugins of next.metrics); look++
//   }
//
// The false-alarm rate holds whatever the runner does between looks (stop early on time, extend only
// some plugins): look k tests at nominalAlpha(alpha, k, plan), and the nominal levels of all looks sum
// to alpha, so by the union bound the chance of any false call over every look is at most alpha. The
// "not worse" stop (futility, non-binding) only ends sampling: it never calls a metric, so it leaves that
// bound alone, and its own β spending bounds how often it lets a slowdown of the design effect go.
import type { Metric } from '../model/types.js'
import { type CompareOptions, NOT_WORSE_STOP, PAIR_ROUNDS, type SamplingPlan } from './defaults.js'
import { percent } from './judgement.js'
import { counts } from './roles.js'
import { analyseSampled } from './sampled.js'
import { normalCdf, normalQuantile } from './stats/distributions.js'
import { createThresholdLookup } from './thresholds.js'

/** Rounds a side at each look: min, min + step, … and max last (e.g. 5, 10, 15, 20). */
export function lookSizes(plan: SamplingPlan): number[] {
  if (!(Number.isInteger(plan.min) && plan.min >= 2 && Number.isInteger(plan.step) && plan.step >= 1))
    throw new RangeError(`sampling plan needs integer min ≥ 2 and step ≥ 1, got ${JSON.stringify(plan)}`)
  if (!(Number.isInteger(plan.max) && plan.max >= plan.min))
    throw new RangeError(`sampling plan needs an integer max ≥ min, got ${JSON.stringify(plan)}`)
  const sizes: number[] = []
  for (let n = plan.min; n < plan.max; n += plan.step) sizes.push(n)
  sizes.push(plan.max)
  return sizes
}

/**
 * Alpha spent by information fraction t ∈ (0, 1]: the O'Brien–Fleming-type spending function of Lan and
 * DeMets, 2 − 2Φ(z(1 − α/2)/√t). It spends almost nothing early (≈1e-6 at a quarter of the samples for
 * α = 0.015) and keeps nearly all of alpha for the last look, so stopping early costs little power.
 */
export function spentAlpha(alpha: number, t: number): number {
  if (t >= 1) return alpha
  return 2 - 2 * normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(t))
}

/**
 * The level look `look` (1-based) of `plan` tests at: the alpha spent between the previous look and this
 * one, with information fraction t = samples a side / plan.max. With equal steps the levels increase
 * from look to look (for alpha < 0.08: the spending function is convex there) and they always sum to
 * alpha exactly; at alpha 0.015 and 5/10/15/20 they are about 1.1e-6,
 * 5.8e-4, 4.4e-3 and 1.0e-2. Pass it to compareReports as `options.sequential = { look, plan }`.
 */
export function nominalAlpha(alpha: number, look: number, plan: SamplingPlan): number {
  const sizes = lookSizes(plan)
  if (!(Number.isInteger(look) && look >= 1 && look <= sizes.length))
    throw new RangeError(`look ${look} is not one of the ${sizes.length} looks of ${JSON.stringify(plan)}`)
  const at = (k: number) => (k === 0 ? 0 : spentAlpha(alpha, sizes[k - 1] / plan.max))
  return at(look) - at(look - 1)
}

/**
 * β spent by information fraction t ∈ (0, 1] for the "not worse" stop: over the first half of the plan,
 * β·min(1, 2t)² (a quarter of β by a quarter of the samples, all of it by half), none after. The point of
 * the stop is to end harmless runs at the first looks, and at 5 a side (look 1) a run of many metrics
 * rarely closes anyway; a run still open at half the plan keeps its rounds for what could still become a
 * regression.
 */
export function spentBeta(beta: number, t: number): number {
  return beta * Math.min(1, (2 * t) ** 2)
}

/** The β of look `look` of `plan`: the one-sided error of its "not worse" stop (0.02, 0.06, 0, 0 at 5→20 by 5). */
export function futilityLevel(look: number, plan: SamplingPlan, beta = NOT_WORSE_STOP.beta): number {
  const sizes = lookSizes(plan)
  if (!(Number.isInteger(look) && look >= 1 && look <= sizes.length))
    throw new RangeError(`look ${look} is not one of the ${sizes.length} looks of ${JSON.stringify(plan)}`)
  const at = (k: number) => (k === 0 ? 0 : spentBeta(beta, sizes[k - 1] / plan.max))
  return at(look) - at(look - 1)
}

/** The change the "not worse" stop rules out: effectFactor × the minimum effect (+10 % at 4 %). */
export function designEffect(minEffect: number): number {
  return NOT_WORSE_STOP.effectFactor * minEffect
}

/** One metric as seen by the stopping rule. */
export interface StoppingCandidate {
  id: string
  verdict: Metric['verdict']
  better: Metric['better']
  /** Relative shift estimate (Hodges–Lehmann, as in the sampled verdict). */
  estimate: number
  /** The one-sided bound of the change in the worse direction at the look's level 1 − β_k. */
  bound: number
  minEffect: number
}

/**
 * The metrics more rounds could still turn into a regression: inconclusive, and the worse-direction bound
 * at 1 − β_k does not rule out a change of the design effect (2.5 × the minimum effect). Decided metrics
 * (regressed, improved, unchanged or not worse) and improvements do not ask for rounds.
 */
export function undecidedMetrics(candidates: readonly StoppingCandidate[]): StoppingCandidate[] {
  return candidates.filter((c) => {
    if (c.verdict !== 'inconclusive') return false
    const effect = designEffect(c.minEffect)
    return c.better === 'lower' ? c.bound >= effect : c.bound <= -effect
  })
}

/** The worse-direction bound of the change at one-sided level 1 − β (a two-sided interval at 1 − 2β). */
export function worseBound(
  base: readonly number[],
  current: readonly number[],
  better: Metric['better'],
  beta: number,
  paired: boolean | 'correlated',
): { estimate: number; bound: number } {
  if (!(beta > 0))
    return {
      estimate: analyseSampled(base, current, { paired }).estimate,
      bound: better === 'lower' ? Infinity : -Infinity,
    }
  const analysis = analyseSampled(base, current, { paired, level: 1 - 2 * beta })
  return { estimate: analysis.estimate, bound: better === 'lower' ? analysis.ci[1] : analysis.ci[0] }
}

export interface MoreRounds {
  /** Whether to measure another `rounds` rounds a side and look again. */
  more: boolean
  /** Rounds a side to add before the next look (0 when `more` is false). */
  rounds: number
  /** Ids of the metrics still undecided: a change of the design effect not ruled out (worse direction). */
  metrics: string[]
  /** One line for the log and the report: why it goes on or why it stopped. */
  reason: string
  /** Sampled metrics stopped by the "not worse" bound while still `inconclusive` (ids). */
  notWorse: string[]
}

/**
 * After look `look` (1-based) of `plan`, with `judged` the metrics of the report compareReports returned
 * for this look: whether more rounds could still turn a sampled metric into a regression. Only
 * inconclusive metrics with samples on both sides count, and only those that can fail the gate (not a
 * `detail` or `context` role); each is open unless its worse-direction bound at
 * one-sided level 1 − futilityLevel(look) rules out the design effect (2.5 × its minimum effect: a
 * `thresholds` glob's `rel` or `minEffect`). The bound is recomputed from `samples` and
 * `baseline.samples` as the verdict computed them: in pairs when the sides have as many samples, the
 * metric is not marked `baseline.source: 'stored'` and `options.sameJob` (when set) says same job.
 * Stops at the last look of the plan, or when nothing is open. The wall-time budget is the runner's.
 */
export function needsMoreRounds(
  judged: readonly Metric[],
  look: number,
  plan: SamplingPlan,
  options: CompareOptions,
): MoreRounds {
  const sizes = lookSizes(plan)
  nominalAlpha(options.alpha, look, plan) // validates look
  const beta = futilityLevel(look, plan)
  const thresholds = createThresholdLookup(options)
  const candidates: StoppingCandidate[] = []
  for (const metric of judged) {
    const current = metric.samples
    const base = metric.baseline?.samples
    if (metric.verdict !== 'inconclusive' || !current || !base || current.length < 2 || base.length < 2)
      continue
    // A detail or context row never fails the gate: rounds spent on its noise would decide nothing.
    if (!counts(metric)) continue
    const sameJob =
      metric.baseline?.source !== 'stored' &&
      (typeof options.sameJob === 'function' ? options.sameJob(metric.id) : options.sameJob !== false)
    const paired = sameJob ? (options.pairRounds ?? PAIR_ROUNDS) : false
    candidates.push({
      id: metric.id,
      verdict: metric.verdict,
      better: metric.better,
      ...worseBound(base, current, metric.better, beta, paired),
      minEffect: thresholds.sampled(metric.id).rel,
    })
  }
  const open = undecidedMetrics(candidates)
  const ids = open.map((c) => c.id)
  const openIds = new Set(ids)
  const notWorse = candidates.filter((c) => !openIds.has(c.id)).map((c) => c.id)
  const listed = open
    .slice(0, 3)
    .map((c) => `${c.id} ${percent(c.estimate)}`)
    .join(', ')
  const list = `${listed}${open.length > 3 ? `, and ${open.length - 3} more` : ''}`
  const where = `look ${look} of ${sizes.length}, ${sizes[look - 1]} rounds a side`
  const count = `${open.length} timing metric${open.length === 1 ? '' : 's'}`
  // Each metric's own minimum effect (a preset's thresholds): TBT's +50 % is not the default's +10 %.
  const effects = [
    ...new Set(candidates.filter((c) => !openIds.has(c.id)).map((c) => designEffect(c.minEffect))),
  ].sort((a, b) => a - b)
  const range =
    effects.length > 1
      ? `${percent(effects[0])} to ${percent(effects[effects.length - 1])}`
      : percent(effects[0] ?? 0)
  const stopped =
    notWorse.length > 0
      ? `; ${notWorse.length} inconclusive one${notWorse.length === 1 ? '' : 's'} ruled out a slowdown of ${NOT_WORSE_STOP.effectFactor}× the minimum effect (${range}) or more`
      : ''
  if (open.length === 0)
    return {
      more: false,
      rounds: 0,
      metrics: [],
      reason: `no timing metric could still become a regression (${where})${stopped}`,
      notWorse,
    }
  if (look === sizes.length)
    return {
      more: false,
      rounds: 0,
      metrics: ids,
      reason: `${count} still undecided at the plan's maximum of ${plan.max} rounds a side (${list})`,
      notWorse,
    }
  const rounds = sizes[look] - sizes[look - 1]
  return {
    more: true,
    rounds,
    metrics: ids,
    reason: `${count} undecided, a slowdown of the design effect not ruled out (${list}): ${rounds} more rounds a side (${where})`,
    notWorse,
  }
}
