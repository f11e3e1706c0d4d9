import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BreakdownPart } from '../model/types.js'

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
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const parents = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
  const charged = new Map<number, number>()
  const chargedTo = (id: number): number => {
    const known = charged.get(id)
    if (known !== undefined) return known
    let at: number | undefined = id
    while (at !== undefined && !isProjectCode(frames.get(at)?.url ?? '', root)) at = parents.get(at)
    charged.set(id, at ?? id)
    return at ?? id
  }
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const byFunction = new Map<string, FunctionTime>()
  // A sample's delta is the time since the previous sample: it belongs to the next sample's node.
  for (let i = 0; i < samples.length; i++) {
    const sampled = frames.get(samples[i])
    const micros = deltas[i + 1] ?? 0
    if (!sampled || (NOT_CODE.has(sampled.functionName) && !sampled.url) || micros <= 0) continue
    const frame = frames.get(chargedTo(samples[i])) ?? sampled
    const file = displayPath(frame.url, root)
    const name = frame.functionName || (file ? '(anonymous)' : '(native)')
    const line = frame.lineNumber >= 0 ? frame.lineNumber + 1 : undefined
    const anonymous = !frame.functionName && line !== undefined
    const shown = anonymous ? `${name}:${line}` : name
    const key = [shown, file].filter(Boolean).join(' ')
    const seen = byFunction.get(key)
    if (seen) seen.selfMicros += micros
    else
      byFunction.set(key, {
        key,
        name: shown,
        ...(file && line !== undefined ? { location: `${file}:${line}` } : {}),
        selfMicros: micros,
      })
  }
  const sorted = [...byFunction.values()].sort((a, b) => b.selfMicros - a.selfMicros)
  if (sorted.length <= max) return sorted
  const rest = sorted.slice(max - 1).reduce((sum, f) => sum + f.selfMicros, 0)
  return [
    ...sorted.slice(0, max - 1),
    { key: '(other functions)', name: '(other functions)', selfMicros: rest },
  ]
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
  return (inside.startsWith('..') || isAbsolute(inside) ? path : inside).split(sep).join('/')
}
