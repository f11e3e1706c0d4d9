import type { BreakdownChangePart, Metric } from '../model/types.js'
import { formatDelta, formatValue } from './format.js'

/** Lines under a regression in the terminal and the comment: at most this many parts. */
export const WHY_LINES = 3

/** One part named under a regressed or over-budget metric, as plain (untrusted) text pieces. */
export interface WhyLine {
  /** The part's label, else its key. */
  name: string
  /** `+790 ms` (its change) or `790 ms` (its size, when there is no base to diff against). */
  amount: string
  /** `new`, `gone`, or nothing. */
  note?: string
  /** `src/main.ts:1`, when the plugin knows it. */
  location?: string
}

/** A part is named in the short form when it is at least this share of what it is compared with. */
const NOTABLE_SHARE = 0.05

/**
 * The parts that explain a metric's `why`, biggest first, at most `max`: of a diff, the parts that moved
 * the metric the way it went wrong (the smaller parts neither side kept counting as one), each at least
 * 5 % of that movement; with no base breakdown, or none that moved it that way on a budget broken
 * without a regression, its largest parts, each at least 5 % of them all. Empty when the metric has no
 * `why`, or regressed with no part moving it. report.html shows every part.
 */
export function whyLines(metric: Metric, max = WHY_LINES): WhyLine[] {
  const why = metric.why
  if (!why) return []
  const worse = metric.better === 'lower' ? 1 : -1
  const moved: Array<Pick<BreakdownChangePart, 'key' | 'label' | 'delta' | 'status' | 'location'>> =
    why.kind === 'diff' ? why.parts.filter((p) => worse * p.delta > 0) : []
  // Parts too small to be kept on either side (the breakdown keeps the largest): their sum's change.
  if (why.rest && worse * why.rest.delta > 0)
    moved.push({
      key: 'smaller parts',
      label: `${why.rest.parts} smaller part${why.rest.parts === 1 ? '' : 's'}`,
      delta: why.rest.delta,
      status: 'changed',
    })
  moved.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
  const movedTotal = moved.reduce((sum, p) => sum + Math.abs(p.delta), 0)
  // A regression that no kept part moved: the largest parts would only say what is big, not why.
  if (moved.length === 0 && why.kind === 'diff' && metric.verdict === 'regressed') return []
  if (moved.length > 0)
    return moved
      .filter((p) => Math.abs(p.delta) >= NOTABLE_SHARE * movedTotal)
      .slice(0, max)
      .map((p) => ({
        name: p.label ?? p.key,
        amount: formatDelta(metric.unit, p.delta),
        ...(p.status === 'new' || p.status === 'gone' ? { note: p.status } : {}),
        ...(p.location ? { location: p.location } : {}),
      }))
  const sized = why.parts.filter((p) => p.head !== undefined && p.head !== 0)
  const total = sized.reduce((sum, p) => sum + Math.abs(p.head ?? 0), 0)
  return sized
    .filter((p) => Math.abs(p.head ?? 0) >= NOTABLE_SHARE * total)
    .sort((a, b) => Math.abs(b.head ?? 0) - Math.abs(a.head ?? 0))
    .slice(0, max)
    .map((p) => ({
      name: p.label ?? p.key,
      amount: formatValue(metric.unit, p.head ?? 0),
      ...(p.location ? { location: p.location } : {}),
    }))
}

/** `assets/index-*.js +790 ms (new; src/main.ts:1)`: one line of plain text, for a renderer to make safe. */
export function whyText(line: WhyLine): string {
  const extra = [line.note, line.location].filter(Boolean).join('; ')
  return `${line.name} ${line.amount}${extra ? ` (${extra})` : ''}`
}
