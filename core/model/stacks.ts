import type { StackPart } from './types.js'

/** Call stacks of a metric kept in the report and the baseline record: the largest by time. */
export const STACKS_MAX = 40
/** What the stacks beyond STACKS_MAX are summed into. */
export const OTHER_STACKS = '(other stacks)'
/** Frames kept of one stack, the innermost: the outer ones are the same few entry points. */
const MAX_DEPTH = 24
/** Longest frame kept (characters), cut the same way every run. */
const MAX_FRAME = 200

/**
 * A plugin's stacks as the report keeps them: frames cut to bounded lengths and depth, stacks with the
 * same frames summed, the largest `max` kept (ties by frames) and the rest summed into one
 * `(other stacks)` stack, so that they still add up to the figure.
 */
export function toStacks(stacks: readonly StackPart[], max = STACKS_MAX): StackPart[] {
  const byPath = new Map<string, StackPart>()
  for (const stack of stacks) {
    if (!(stack.value > 0) || stack.frames.length === 0) continue
    const frames = stack.frames
      .slice(-MAX_DEPTH)
      .map((frame) => (frame.length <= MAX_FRAME ? frame : `${frame.slice(0, MAX_FRAME - 1)}…`))
    const path = frames.join('\n')
    const seen = byPath.get(path)
    if (seen) seen.value += stack.value
    else byPath.set(path, { frames, value: stack.value })
  }
  const sorted = [...byPath.entries()]
    .sort(([pathA, a], [pathB, b]) => b.value - a.value || (pathA < pathB ? -1 : pathA > pathB ? 1 : 0))
    .map(([, stack]) => stack)
  if (sorted.length <= max) return sorted
  const rest = sorted.slice(max - 1).reduce((sum, stack) => sum + stack.value, 0)
  return [...sorted.slice(0, max - 1), { frames: [OTHER_STACKS], value: rest }]
}
