import { BREAKDOWN_MAX_PARTS, toBreakdown } from '../model/breakdown.js'
import { toStacks } from '../model/stacks.js'
import type {
  Better,
  Breakdown,
  BreakdownChange,
  BreakdownChangePart,
  BreakdownPart,
  Metric,
} from '../model/types.js'

/**
 * The head's breakdown against the base's: one entry per key of either side, `delta` = head − base (an
 * absent side counts 0), the `max` largest changes kept and ordered by their contribution to the
 * change, the parts that made the metric worse first (`better` says which way is worse). A key absent
 * from a side that kept all its parts is `new` or `gone`; from a side that dropped some (`omitted`),
 * it may only be small there, and the result says `partial`. Without a base breakdown the head's
 * largest parts are returned as they are (`kind: 'head'`, each part's delta its value).
 */
export function diffBreakdown(
  head: Breakdown,
  base: Breakdown | undefined,
  better: Better,
  max = BREAKDOWN_MAX_PARTS,
): BreakdownChange {
  if (!base) {
    const parts = head.parts
      .slice(0, max)
      .map((p) => ({ ...describe(p), head: p.value, delta: p.value, status: 'new' as const }))
    const omitted = head.parts.length - parts.length + (head.omitted?.parts ?? 0)
    return { kind: 'head', parts, ...(omitted > 0 ? { omitted } : {}) }
  }
  const headByKey = new Map(head.parts.map((p) => [p.key, p]))
  const baseByKey = new Map(base.parts.map((p) => [p.key, p]))
  const headComplete = !head.omitted
  const baseComplete = !base.omitted
  let partial = false
  let shareShift = 0
  const all: BreakdownChangePart[] = []
  for (const key of new Set([...headByKey.keys(), ...baseByKey.keys()])) {
    const h = headByKey.get(key)
    const b = baseByKey.get(key)
    if ((!h && !headComplete) || (!b && !baseComplete)) partial = true
    // Its own measure the same on both sides: only its share of the whole moved.
    if (h && b && h.basis !== undefined && h.basis === b.basis) shareShift += h.value - b.value
    const status: BreakdownChangePart['status'] = !b
      ? baseComplete
        ? 'new'
        : 'changed'
      : !h
        ? headComplete
          ? 'gone'
          : 'changed'
        : h.value === b.value || (h.basis !== undefined && h.basis === b.basis)
          ? 'unchanged'
          : 'changed'
    all.push({
      // The head's label and location: what the change looks like now.
      ...describe(h ?? (b as BreakdownPart)),
      ...(h ? { head: h.value } : {}),
      ...(b ? { base: b.value } : {}),
      delta: (h?.value ?? 0) - (b?.value ?? 0),
      status,
    })
  }
  if (shareShift !== 0) moveShareShift(all, shareShift)
  // The largest changes either way are kept; then ordered worst first, so what offset the change ends the list.
  const byKey = (a: BreakdownChangePart, b: BreakdownChangePart) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  const kept = [...all]
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (b.head ?? 0) - (a.head ?? 0) || byKey(a, b))
    .slice(0, max)
  const worse = better === 'lower' ? 1 : -1
  kept.sort((a, b) => worse * (b.delta - a.delta) || byKey(a, b))
  const omitted = all.length - kept.length
  const restDelta = (head.omitted?.value ?? 0) - (base.omitted?.value ?? 0)
  return {
    kind: 'diff',
    parts: kept,
    ...(omitted > 0 ? { omitted } : {}),
    ...(partial ? { partial } : {}),
    ...(restDelta !== 0 ? { rest: { delta: restDelta, parts: head.omitted?.parts ?? 0 } } : {}),
  }
}

/**
 * A part whose own measure (`basis`) is unchanged moved only because the whole around it changed (a
 * package added to a compressed chunk shifts every other module's share): its delta is zeroed and the
 * shift put on the parts that did change, in proportion to their own change, so the deltas still add
 * up to the metric's change and name only what the pull request touched.
 */
function moveShareShift(parts: BreakdownChangePart[], shift: number): void {
  const changed = parts.filter((p) => p.status !== 'unchanged')
  const weight = changed.reduce((sum, p) => sum + Math.abs(p.delta), 0)
  if (weight === 0) return
  for (const part of parts) {
    if (part.status === 'unchanged') part.delta = 0
    else part.delta += (shift * Math.abs(part.delta)) / weight
  }
}

function describe(part: BreakdownPart): Pick<BreakdownChangePart, 'key' | 'label' | 'location'> {
  return {
    key: part.key,
    ...(part.label !== undefined ? { label: part.label } : {}),
    ...(part.location !== undefined ? { location: part.location } : {}),
  }
}

/** Whether a metric gets a `why`: it regressed, or is over its budget. */
export function needsWhy(metric: Metric): boolean {
  return metric.verdict === 'regressed' || metric.budget?.status === 'exceeded'
}

/**
 * Every regressed or over-budget metric with a breakdown gets its `why` (its breakdown against the one
 * `baseOf` finds for it); every other metric loses a stale one.
 */
export function explainMetrics(metrics: Metric[], baseOf: (metric: Metric) => Metric | undefined): Metric[] {
  return metrics.map((metric) => {
    const { why: _, ...rest } = metric
    if (!metric.breakdown || !needsWhy(metric)) return rest
    const base = baseOf(metric)
    const why = diffBreakdown(breakdownOf(metric)!, breakdownOf(base), metric.better)
    // The base's stacks under the head's: report.html draws them as one flame graph, coloured by change.
    const baseStacks = metric.stacks && base?.stacks ? toStacks(base.stacks) : []
    return { ...rest, why: baseStacks.length > 0 ? { ...why, baseStacks } : why }
  })
}

/** A metric's breakdown as a `Breakdown`, capped as core keeps it (a record may come from anywhere). */
export function breakdownOf(metric: Metric | undefined): Breakdown | undefined {
  if (!metric?.breakdown) return undefined
  const { parts, omitted } = toBreakdown(metric.breakdown)
  const before = metric.breakdownOmitted
  if (!before) return omitted ? { parts, omitted } : { parts }
  return {
    parts,
    omitted: { parts: before.parts + (omitted?.parts ?? 0), value: before.value + (omitted?.value ?? 0) },
  }
}
