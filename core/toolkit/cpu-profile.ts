import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BreakdownPart, StackPart } from '../model/types.js'

/** The parts of a V8 CPU profile (`.cpuprofile`, or the inspector's `Profiler.stop`) read here. */
export interface CpuProfile {
  nodes: Array<{
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number }
    children?: number[]
  }>
  samples?: number[]
  timeDeltas?: number[]
}

/** One function's self time in a profile. */
export interface FunctionTime {
  /** `name file`: stable across commits (no line number, which any edit above it moves). */
  key: string
  /** The function's name (`(anonymous):12` for an unnamed one): the key without its file. */
  name: string
  /** `file:line`, 1-based, relative to the project root where the file is inside it. */
  location?: string
  /** Its self time in microseconds, with the time of Node and of dependencies it called. */
  selfMicros: number
}

/**
 * Profile entries that are not the code's time: waiting, and `dispatch`, the inspector session's own
 * native frame (the profiler started and stopped from inside the process being profiled).
 */
const NOT_CODE = new Set(['(idle)', '(root)', 'dispatch'])

/** One call stack's self time in a profile: the project's frames on it, outermost first. */
export interface StackTime {
  /** Function keys (`FunctionTime.key`) from the outermost project frame to the one charged. */
  frames: string[]
  selfMicros: number
}

/** A profile read two ways: time by function (the breakdown) and by call stack (the flame graph). */
export interface ProfileSummary {
  functions: FunctionTime[]
  stacks: StackTime[]
}

/**
 * Time by function, as a reviewer asks "which of my functions": each sample's time counted on the
 * innermost function of the project's own code on its stack (time in Node's internals or in a dependency
 * counts on the project function that called it: a handler's `res.json()` is the handler's), else on the
 * function it was in. Grouped by name and file (one function at two lines of one file, e.g. two anonymous
 * callbacks, stay apart by line). Waiting (`(idle)`) and the inspector's `dispatch` are left out;
 * `(garbage collector)` and `(program)` stay: they are time the code cost. Largest first; past `max`
 * functions the rest are summed into one `(other functions)` entry.
 */
export function selfTimeByFunction(profile: CpuProfile, root: string, max = 50): FunctionTime[] {
  return summarizeProfile(profile, root, max).functions
}

/**
 * `selfTimeByFunction`, and the same time by call stack: the stack of the project's own frames down to
 * the function each sample is charged to (a dependency's frames in between left out: a router's ten
 * frames between two handlers say nothing). Stacks largest first, at most `maxStacks`.
 */
export function summarizeProfile(
  profile: CpuProfile,
  root: string,
  max = 50,
  maxStacks = 200,
): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const parents = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
  const project = (id: number) => isProjectCode(nodes.get(id)?.url ?? '', root)
  const frameOf = memoize((id: number) => describeFrame(nodes.get(id)!, root))
  // The project frames on a node's stack, outermost first; the node's own frame when it has none.
  const stackOf = memoize((id: number): number[] => {
    const stack: number[] = []
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at))
      if (project(at)) stack.push(at)
    return stack.length > 0 ? stack.reverse() : [id]
  })
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const byFunction = new Map<string, FunctionTime>()
  const byStack = new Map<string, StackTime>()
  // A sample's delta is the time since the previous sample: it belongs to the next sample's node.
  for (let i = 0; i < samples.length; i++) {
    const sampled = nodes.get(samples[i])
    const micros = deltas[i + 1] ?? 0
    if (!sampled || (NOT_CODE.has(sampled.functionName) && !sampled.url) || micros <= 0) continue
    const stack = stackOf(samples[i])
    const charged = frameOf(stack[stack.length - 1])
    const seen = byFunction.get(charged.key)
    if (seen) seen.selfMicros += micros
    else byFunction.set(charged.key, { ...charged, selfMicros: micros })
    const frames = stack.map((id) => frameOf(id).key)
    const path = frames.join('\n')
    const onStack = byStack.get(path)
    if (onStack) onStack.selfMicros += micros
    else byStack.set(path, { frames, selfMicros: micros })
  }
  return {
    functions: largest(byFunction, max, (rest) => ({
      key: '(other functions)',
      name: '(other functions)',
      selfMicros: rest,
    })),
    stacks: largest(byStack, maxStacks, (rest) => ({ frames: ['(other stacks)'], selfMicros: rest })),
  }
}

/** The largest `max` by self time; past it, the rest summed into the one `other` makes. */
function largest<T extends { selfMicros: number }>(
  entries: Map<string, T>,
  max: number,
  other: (micros: number) => T,
): T[] {
  const sorted = [...entries.values()].sort((a, b) => b.selfMicros - a.selfMicros)
  if (sorted.length <= max) return sorted
  const rest = sorted.slice(max - 1).reduce((sum, entry) => sum + entry.selfMicros, 0)
  return [...sorted.slice(0, max - 1), other(rest)]
}

/** A frame's key, name and location as FunctionTime has them. */
function describeFrame(frame: CpuProfile['nodes'][number]['callFrame'], root: string) {
  const file = displayPath(frame.url, root)
  const name = frame.functionName || (file ? '(anonymous)' : '(native)')
  const line = frame.lineNumber >= 0 ? frame.lineNumber + 1 : undefined
  const shown = !frame.functionName && line !== undefined ? `${name}:${line}` : name
  return {
    key: [shown, file].filter(Boolean).join(' '),
    name: shown,
    ...(file && line !== undefined ? { location: `${file}:${line}` } : {}),
  }
}

function memoize<T>(compute: (id: number) => T): (id: number) => T {
  const known = new Map<number, T>()
  return (id) => {
    if (!known.has(id)) known.set(id, compute(id))
    return known.get(id) as T
  }
}

/**
 * A metric's breakdown from a profile's self times: each function's share of the profiled time times
 * `total` (the figure the profile stands for, in the metric's unit), so the parts add up to it.
 */
export function profileBreakdown(functions: readonly FunctionTime[], total: number): BreakdownPart[] {
  const profiled = functions.reduce((sum, f) => sum + f.selfMicros, 0)
  if (profiled <= 0 || !Number.isFinite(total)) return []
  return functions.map((f) => ({
    key: f.key,
    value: (f.selfMicros / profiled) * total,
    // Shown as `checksum +0.4 ms (lib/work.ts:7)`: the location already names the file.
    ...(f.location ? { label: f.name, location: f.location } : {}),
  }))
}

/**
 * A metric's call stacks from a profile's: each stack's share of the profiled time times `total`, as
 * `profileBreakdown` shares out the functions, so the stacks add up to the same figure.
 */
export function profileStacks(stacks: readonly StackTime[], total: number): StackPart[] {
  const profiled = stacks.reduce((sum, s) => sum + s.selfMicros, 0)
  if (profiled <= 0 || !Number.isFinite(total)) return []
  return stacks.map((s) => ({ frames: s.frames, value: (s.selfMicros / profiled) * total }))
}

/** A file of the project's own, not a dependency's or Node's. */
function isProjectCode(url: string, root: string): boolean {
  if (!url.startsWith('file://') && !url.startsWith('/')) return false
  const path = displayPath(url, root)
  return !isAbsolute(path) && !path.includes('node_modules/')
}

/** A script URL as a path relative to the project (`src/sum.ts`), `node:…` as it is. */
function displayPath(url: string, root: string): string {
  if (!url) return ''
  let path = url
  if (url.startsWith('file://')) {
    try {
      path = fileURLToPath(url)
    } catch {
      return url.slice(0, 200)
    }
  }
  if (!isAbsolute(path)) return path.slice(0, 200)
  const inside = relative(root, path)
  const shown = (inside.startsWith('..') || isAbsolute(inside) ? path : inside).split(sep).join('/')
  // A dependency outside the root (an A/B base checkout linked to the head's node_modules) keeps the
  // key it has inside it: `node_modules/router/index.js` on both sides.
  const dependency = shown.indexOf('/node_modules/')
  return isAbsolute(shown) && dependency >= 0 ? shown.slice(dependency + 1) : shown
}
