import type { Metric, StackPart } from '../../model/types.js'
import { formatDelta, formatValue } from '../format.js'
import { escapeHtml } from './escape.js'

/** The drawing's width in SVG units; it scales to the page's width. */
const WIDTH = 1200
const ROW = 18
/** Narrower frames are not drawn (SVG units): they would be a hairline no one can point at. */
const MIN_WIDTH = 0.5
/** About one character of the 11px label, for cutting names to their frame. */
const CHAR = 6.6

interface FlameNode {
  name: string
  head: number
  base: number
  children: Map<string, FlameNode>
}

/**
 * A differential flame graph of a profiled metric, drawn offline as inline SVG: the head's call stacks
 * top-down (icicle), each frame as wide as its time now, coloured by how its time changed against the
 * base (warm: more of a worse direction, cool: less). Without the base's stacks, the head's alone,
 * uncoloured. Empty when the metric has no stacks.
 */
export function renderFlame(metric: Metric): string {
  if (!metric.stacks?.length) return ''
  const baseStacks = metric.why?.baseStacks
  const root = flameTree(metric.stacks, baseStacks ?? [])
  if (!(root.head > 0)) return ''
  // More time is worse for a figure where lower is better.
  const worse = metric.better === 'higher' ? -1 : 1
  const maxChange = baseStacks ? largestChange(root) : 0
  const rects: string[] = []
  let depth = 0
  const draw = (node: FlameNode, x: number, level: number) => {
    const width = (node.head / root.head) * WIDTH
    if (width < MIN_WIDTH) return
    depth = Math.max(depth, level + 1)
    const change = node.head - node.base
    const fill = baseStacks ? changeColour((worse * change) / (maxChange || 1)) : 'hsl(35 60% 72%)'
    const tip = baseStacks
      ? `${node.name}\nnow ${formatValue(metric.unit, node.head)}, baseline ${formatValue(metric.unit, node.base)} (${formatDelta(metric.unit, change)})`
      : `${node.name}\n${formatValue(metric.unit, node.head)}`
    const chars = Math.floor((width - 6) / CHAR)
    const label =
      chars >= 3 ? (node.name.length <= chars ? node.name : `${node.name.slice(0, chars - 1)}…`) : ''
    const y = level * ROW
    rects.push(
      `<g><title>${escapeHtml(tip)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${fill}" rx="2"/>${
        label ? `<text x="${(x + 3).toFixed(1)}" y="${y + 13}">${escapeHtml(label)}</text>` : ''
      }</g>`,
    )
    let offset = x
    for (const child of sortedChildren(node)) {
      draw(child, offset, level + 1)
      offset += (child.head / root.head) * WIDTH
    }
  }
  draw(root, 0, 0)
  const legend = baseStacks
    ? 'Each call stack of your code, outermost at the top; a frame is as wide as its time now. Red: it took longer than on the baseline; blue: less; grey: about the same. Point at a frame for its figures.'
    : 'Each call stack of your code, outermost at the top; a frame is as wide as its time now. The baseline has no stacks to compare with.'
  return `<figure class="flame"><svg viewBox="0 0 ${WIDTH} ${depth * ROW}" width="100%" role="img" aria-label="${escapeHtml(`Flame graph of ${metric.title}`)}" font-size="11" font-family="ui-monospace, monospace">${rects.join('')}</svg><figcaption class="muted">${escapeHtml(legend)}</figcaption></figure>`
}

/** The head's and the base's stacks merged into one tree of total times, rooted at `all`. */
export function flameTree(head: readonly StackPart[], base: readonly StackPart[]): FlameNode {
  const root: FlameNode = { name: 'all', head: 0, base: 0, children: new Map() }
  const add = (stacks: readonly StackPart[], side: 'head' | 'base') => {
    for (const stack of stacks) {
      if (!(stack.value > 0)) continue
      let node = root
      node[side] += stack.value
      for (const frame of stack.frames) {
        let child = node.children.get(frame)
        if (!child) {
          child = { name: frame, head: 0, base: 0, children: new Map() }
          node.children.set(frame, child)
        }
        child[side] += stack.value
        node = child
      }
    }
  }
  add(head, 'head')
  add(base, 'base')
  return root
}

/** Children alphabetically, as flame graphs order them: the same frame stays in the same place. */
function sortedChildren(node: FlameNode): FlameNode[] {
  return [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The largest change of any frame below the root, for the colour scale. */
function largestChange(root: FlameNode): number {
  let largest = 0
  const visit = (node: FlameNode) => {
    for (const child of node.children.values()) {
      largest = Math.max(largest, Math.abs(child.head - child.base))
      visit(child)
    }
  }
  visit(root)
  return largest
}

/** -1 (much better) … 0 (the same) … 1 (much worse) as blue, grey, red; a tenth of the largest is grey. */
function changeColour(scaled: number): string {
  if (Math.abs(scaled) < 0.1) return 'hsl(0 0% 78%)'
  const lightness = Math.round(85 - 30 * Math.min(1, Math.abs(scaled)))
  return scaled > 0 ? `hsl(0 75% ${lightness}%)` : `hsl(212 75% ${lightness}%)`
}
