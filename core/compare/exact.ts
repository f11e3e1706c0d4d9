import type { Better } from '../model/types.js'
import { type Judgement, percent, relativeChange } from './judgement.js'
import type { MetricThreshold } from './thresholds.js'

/**
 * Exact metrics (sizes, counts): the figure is the same every time it is measured, so any change is real;
 * the threshold only decides which changes are too small to matter. `unchanged` when |rel| < rel or
 * |abs| < abs (either tolerance is enough), else regressed or improved by the metric's direction.
 */
export function judgeExact(
  value: number,
  base: number,
  better: Better,
  threshold: MetricThreshold,
): Judgement {
  const abs = value - base
  const rel = relativeChange(value, base)
  if (abs === 0 || Math.abs(rel) < threshold.rel || Math.abs(abs) < threshold.abs) {
    if (abs === 0) return { verdict: 'unchanged' }
    const where = threshold.pattern ? ` (threshold of "${threshold.pattern}")` : ''
    const text =
      Math.abs(rel) < threshold.rel
        ? `change ${percent(rel)} is below the threshold ${percent(threshold.rel).slice(1)}`
        : `change ${abs > 0 ? '+' : ''}${abs} is below the absolute threshold ${threshold.abs}`
    return { verdict: 'unchanged', reason: `${text}${where}` }
  }
  const worse = better === 'lower' ? abs > 0 : abs < 0
  return { verdict: worse ? 'regressed' : 'improved' }
}
