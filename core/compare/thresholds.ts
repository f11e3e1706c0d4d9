import picomatch from 'picomatch'
import type { ResolvedThreshold } from '../config/types.js'
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
  exact(id: string): MetricThreshold
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
    exact(id) {
      const match = find(id)
      return match ? { rel: match.rel, abs: match.abs, pattern: match.pattern } : { ...options.threshold }
    },
    sampled(id) {
      const match = find(id)
      return match
        ? { rel: match.rel, abs: match.abs, pattern: match.pattern }
        : { rel: options.minEffect, abs: 0 }
    },
  }
}
