import type { Better, Verdict } from '../model/types.js'

/** What a rule concludes about one metric; compare-reports turns it into the metric's fields. */
export interface Judgement {
  verdict: Exclude<Verdict, 'new' | 'none'>
  ci?: [number, number]
  p?: number
  reason?: string
}

/**
 * The three outcomes of Pinpoint from an interval of the relative change:
 * clearly worse/better (interval clear of zero and the estimate at least the minimum effect),
 * clearly the same (interval inside ±minEffect), or undefined when the interval allows both.
 */
export function verdictFromInterval(
  ci: readonly [number, number],
  estimate: number,
  minEffect: number,
  better: Better,
): 'regressed' | 'improved' | 'unchanged' | undefined {
  const increased = ci[0] > 0 && estimate >= minEffect
  const decreased = ci[1] < 0 && estimate <= -minEffect
  if (increased) return better === 'lower' ? 'regressed' : 'improved'
  if (decreased) return better === 'lower' ? 'improved' : 'regressed'
  if (ci[0] >= -minEffect && ci[1] <= minEffect) return 'unchanged'
  return undefined
}

/**
 * Relative change of value against base; from zero it counts as ±100 % (JSON has no Infinity).
 * Where value − base overflows (values near ±1.8e308) it is computed as value/|base| − sign(base); a
 * ratio beyond the largest double is clamped to ±Number.MAX_VALUE.
 */
export function relativeChange(value: number, base: number): number {
  if (base === 0) return value === 0 ? 0 : Math.sign(value)
  return clamp(unclampedRelative(value, base))
}

function unclampedRelative(value: number, base: number): number {
  const difference = value - base
  return Number.isFinite(difference) ? difference / Math.abs(base) : value / Math.abs(base) - Math.sign(base)
}

export interface ChangeFigures {
  abs: number
  rel: number
  /** Set when value − base or the ratio is beyond the largest double and was clamped. */
  overflow?: string
}

/**
 * `change.abs` and `change.rel` of a compared metric, always finite: a difference beyond ±1.8e308 is
 * clamped to ±Number.MAX_VALUE and `overflow` says so, for the metric's reason.
 */
export function changeBetween(value: number, base: number): ChangeFigures {
  const difference = value - base
  const rel = relativeChange(value, base)
  const rawRel = base === 0 ? rel : unclampedRelative(value, base)
  if (Number.isFinite(difference) && Number.isFinite(rawRel)) return { abs: difference, rel }
  return {
    abs: Number.isFinite(difference) ? difference : clamp(difference),
    rel,
    overflow: `the change from ${base} to ${value} is beyond the largest number a report can hold; change.abs and change.rel are clamped to ±${Number.MAX_VALUE}`,
  }
}

function clamp(x: number): number {
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, x))
}

/** `+3.1 %`, `-12 %`: the form used in reasons. */
export function percent(x: number): string {
  const magnitude = Math.abs(x * 100)
  const digits = magnitude >= 10 ? 0 : 1
  const sign = x > 0 ? '+' : x < 0 ? '-' : ''
  return `${sign}${magnitude.toFixed(digits)} %`
}

export function range(ci: readonly [number, number]): string {
  return `${percent(ci[0])}…${percent(ci[1])}`
}

export function spansReason(ci: readonly [number, number], minEffect: number): string {
  return `interval ${range(ci)} spans the minimum effect (±${percent(minEffect).slice(1)})`
}
