import picomatch from 'picomatch'
import type { ResolvedThreshold } from '../config/types.js'
import type { Unit } from '../model/types.js'
import type { CompareOptions } from './defaults.js'

export interface MetricThreshold {
  /** Exact metrics: relative change below which a change is `unchanged`. Sampled: the minimum effect. */
  rel: number
  /** Absolute change (metric's unit) below which a change is not counted. */
  abs: number
  /** The glob that set it, when not the global default. */
  pattern?: string
}

export interface ThresholdLookup {
  /** Sizes (unit bytes) also get the absolute floor `sizeFloor` unless a glob sets their `abs`. */
  exact(id: string, unit?: Unit): MetricThreshold
  sampled(id: string): MetricThreshold
}

/** Per-metric thresholds: the last glob in `thresholds` that matches the id wins, else the global values. */
export function createThresholdLookup(options: CompareOptions): ThresholdLookup {
  const matchers = options.thresholds.map((entry) => ({ entry, isMatch: picomatch(entry.pattern) }))
  const find = (id: string): ResolvedThreshold | undefined => {
    for (let i = matchers.length - 1; i >= 0; i--) if (matchers[i].isMatch(id)) return matchers[i].entry
    return undefined
  }
  return {
    exact(id, unit) {
      const match = find(id)
      const floor = unit === 'bytes' ? (options.sizeFloor ?? 0) : 0
      const abs = Math.max(options.threshold.abs, floor)
      // A glob's `abs` replaces the size floor; one with only `rel` keeps it.
      if (match)
        return { rel: match.rel ?? options.threshold.rel, abs: match.abs ?? abs, pattern: match.pattern }
      return { rel: options.threshold.rel, abs }
    },
    sampled(id) {
      const match = find(id)
      // A glob with only `abs` keeps the minimum effect: the exact metrics' 0.5 % would gate on noise.
      return match
        ? { rel: match.rel ?? options.minEffect, abs: match.abs ?? 0, pattern: match.pattern }
        : { rel: options.minEffect, abs: 0 }
    },
  }
}
