import type { Metric, Unit } from '../model/types.js'
import { formatValue } from '../report/format.js'
import { judgeExact } from './exact.js'
import type { Judgement } from './judgement.js'
import type { MetricThreshold } from './thresholds.js'

/**
 * Units of figures that count things rather than time them: error rates and shares (`percent`), requests
 * and other counts, transfer bytes. Their samples do not drift with the machine the way timings do, so a
 * stored baseline can judge them (DESIGN.md, "The default pull-request mode decides timings").
 */
const COUNT_UNITS: ReadonlySet<Unit> = new Set(['count', 'percent', 'bytes'])

/**
 * A count or a rate, judged in every mode (stored or A/B). Core decides from the unit alone: the runner
 * marks every sampled figure `timing`, so that flag cannot tell an error rate from a latency.
 */
export function isCountOrRate(metric: Pick<Metric, 'unit'>): boolean {
  return COUNT_UNITS.has(metric.unit)
}

/** A figure whose run-to-run spread comes from the machine: sampled, or declared `timing`, and not a count. */
export function isTimingFigure(metric: Pick<Metric, 'unit' | 'timing' | 'samples'>): boolean {
  return (metric.timing ?? metric.samples !== undefined) && !isCountOrRate(metric)
}

/**
 * A count or rate against its baseline. The medians are compared like exact figures (the exact threshold,
 * and the size floor for bytes); a change beyond it is called only when the two sides do not overlap and
 * the medians are further apart than the two sides' ranges together (0 % → 10 % errors, 40 → 52
 * requests): at 3 rounds a side that keeps false alarms on noisy rates under 1 %
 * (test/bench/count-verdicts.bench.ts).
 * Inconclusive when the samples overlap: in an A/B run the rank test then decides (see compare-reports).
 */
export function judgeCountOrRate(
  current: Figure,
  base: Figure,
  metric: Pick<Metric, 'better' | 'unit'>,
  threshold: MetricThreshold,
): Judgement {
  const { better, unit } = metric
  const exact = judgeExact(current.value, base.value, better, threshold)
  if (exact.verdict === 'unchanged') return exact
  const now = current.samples?.length ? current.samples : [current.value]
  const then = base.samples?.length ? base.samples : [base.value]
  const spread = range(now) + range(then)
  const apart = least(now) > most(then) || most(now) < least(then)
  if (apart && Math.abs(current.value - base.value) > spread) return exact
  return {
    verdict: 'inconclusive',
    reason: `the samples overlap (${describe(then, unit)} before, ${describe(now, unit)} now): too noisy to call from these samples`,
  }
}

interface Figure {
  value: number
  samples?: readonly number[]
}

function describe(values: readonly number[], unit: Unit): string {
  const lo = least(values)
  const hi = most(values)
  return lo === hi ? formatValue(unit, lo) : `${formatValue(unit, lo)}–${formatValue(unit, hi)}`
}

function range(values: readonly number[]): number {
  return most(values) - least(values)
}

// Loops, not Math.min(...values): a plugin's samples are untrusted and may be too many for arguments.
function least(values: readonly number[]): number {
  let low = Number.POSITIVE_INFINITY
  for (const v of values) if (v < low) low = v
  return low
}

function most(values: readonly number[]): number {
  let high = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > high) high = v
  return high
}
