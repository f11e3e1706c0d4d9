import type { Breakdown, BreakdownPart } from './types.js'

/** Parts of a metric's breakdown kept in the report and the baseline record: the largest. */
export const BREAKDOWN_MAX_PARTS = 20

/** Longest key, label and location kept (characters); longer ones are cut, the same way every run. */
const MAX_KEY = 200
const MAX_LABEL = 200
const MAX_LOCATION = 300

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * A plugin's breakdown as the report keeps it: parts sharing a key summed (the first label and location
 * kept), texts cut to bounded lengths, the largest `max` parts by absolute value (ties by key), and the
 * rest counted and summed in `omitted`. An empty list stays empty: it says "measured, no parts".
 */
export function toBreakdown(parts: readonly BreakdownPart[], max = BREAKDOWN_MAX_PARTS): Breakdown {
  const byKey = new Map<string, BreakdownPart>()
  for (const part of parts) {
    const key = clip(part.key, MAX_KEY)
    const seen = byKey.get(key)
    if (seen) {
      seen.value += part.value
      // A basis is only comparable when every piece of the part has one.
      seen.basis = seen.basis !== undefined && part.basis !== undefined ? seen.basis + part.basis : undefined
      if (seen.basis === undefined) delete seen.basis
      continue
    }
    byKey.set(key, {
      key,
      value: part.value,
      ...(part.label !== undefined && part.label !== part.key ? { label: clip(part.label, MAX_LABEL) } : {}),
      ...(part.location ? { location: clip(part.location, MAX_LOCATION) } : {}),
      ...(part.basis !== undefined ? { basis: part.basis } : {}),
    })
  }
  const sorted = [...byKey.values()].sort(
    (a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  )
  const kept = sorted.slice(0, max)
  if (sorted.length <= max) return { parts: kept }
  const rest = sorted.slice(max)
  return { parts: kept, omitted: { parts: rest.length, value: rest.reduce((sum, p) => sum + p.value, 0) } }
}
