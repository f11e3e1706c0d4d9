// Sequential sampling: the runner measures base and head in rounds and asks, after each look, whether
// more rounds could still decide a timing metric. Pure functions; the runner owns the rounds and the clock.
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
// to alpha, so by the union bound the chance of any false call over every look is at most alpha.
import type { Metric } from '../model/types.js'
import type { CompareOptions, SamplingPlan } from './defaults.js'
import { percent } from './judgement.js'
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

/** One metric as seen by the stopping rule. */
export interface StoppingCandidate {
  id: string
  verdict: Metric['verdict']
  better: Metric['better']
  /** Relative shift estimate (Hodges–Lehmann, as in the sampled verdict). */
  estimate: number
  minEffect: number
}

/**
 * The metrics more rounds could still decide: inconclusive, with an estimate at least the minimum effect
 * in the worse direction. A metric undecided with a smaller estimate would at best become `unchanged`,
 * which gates nothing, and improvements do not fail a run; neither is worth the wall time.
 */
export function undecidedMetrics(candidates: readonly StoppingCandidate[]): StoppingCandidate[] {
  return candidates.filter(
    (c) =>
      c.verdict === 'inconclusive' &&
      (c.better === 'lower' ? c.estimate >= c.minEffect : c.estimate <= -c.minEffect),
  )
}

export interface MoreRounds {
  /** Whether to measure another `rounds` rounds a side and look again. */
  more: boolean
  /** Rounds a side to add before the next look (0 when `more` is false). */
  rounds: number
  /** Ids of the metrics still undecided with an estimate ≥ the minimum effect (worse direction). */
  metrics: string[]
  /** One line for the log and the report: why it goes on or why it stopped. */
  reason: string
}

/**
 * After look `look` (1-based) of `plan`, with `judged` the metrics of the report compareReports returned
 * for this look: whether more rounds could decide a sampled metric. Only metrics with samples on both
 * sides (and not all equal) count; their estimate is recomputed from `samples` and `baseline.samples`
 * exactly as the verdict computed it. The minimum effect is the metric's (a `thresholds` glob's `rel` or
 * `minEffect`). Stops at the last look of the plan, or when nothing is undecided. The wall-time budget is
 * the runner's: when it runs out, it stops and says so. Metrics compared across CPU models are
 * `inconclusive` too and would ask for rounds in vain: use it with same-job (A/B) baselines.
 */
export function needsMoreRounds(
  judged: readonly Metric[],
  look: number,
  plan: SamplingPlan,
  options: CompareOptions,
): MoreRounds {
  const sizes = lookSizes(plan)
  nominalAlpha(options.alpha, look, plan) // validates look
  const thresholds = createThresholdLookup(options)
  const candidates: StoppingCandidate[] = []
  for (const metric of judged) {
    const current = metric.samples
    const base = metric.baseline?.samples
    if (metric.verdict !== 'inconclusive' || !current || !base || current.length < 2 || base.length < 2)
      continue
    candidates.push({
      id: metric.id,
      verdict: metric.verdict,
      better: metric.better,
      estimate: analyseSampled(base, current).estimate,
      minEffect: thresholds.sampled(metric.id).rel,
    })
  }
  const open = undecidedMetrics(candidates)
  const ids = open.map((c) => c.id)
  const listed = open
    .slice(0, 3)
    .map((c) => `${c.id} ${percent(c.estimate)}`)
    .join(', ')
  const list = `${listed}${open.length > 3 ? `, and ${open.length - 3} more` : ''}`
  const where = `look ${look} of ${sizes.length}, ${sizes[look - 1]} rounds a side`
  const count = `${open.length} timing metric${open.length === 1 ? '' : 's'}`
  if (open.length === 0)
    return {
      more: false,
      rounds: 0,
      metrics: [],
      reason: `no timing metric is undecided with a change of at least the minimum effect (${where})`,
    }
  if (look === sizes.length)
    return {
      more: false,
      rounds: 0,
      metrics: ids,
      reason: `${count} still undecided at the plan's maximum of ${plan.max} rounds a side (${list})`,
    }
  const rounds = sizes[look] - sizes[look - 1]
  return {
    more: true,
    rounds,
    metrics: ids,
    reason: `${count} undecided with a change of at least the minimum effect (${list}): ${rounds} more rounds a side (${where})`,
  }
}
