// Lighthouse scores a metric on a log-normal curve given by two control points: the value that scores 0.9
// (p10) and the one that scores 0.5 (median). A Lighthouse CI `minScore` on a metric audit is therefore a
// limit on the metric itself, which perfgate budgets directly. Control points of Lighthouse 12.2
// (core/audits/metrics/*.js, core/audits/byte-efficiency/total-byte-weight.js); the curve is
// shared/statistics.js getLogNormalScore, inverted below.

export type FormFactor = 'mobile' | 'desktop'

interface Curve {
  p10: number
  median: number
}

const CURVES: Record<string, Record<FormFactor, Curve>> = {
  'first-contentful-paint': { mobile: { p10: 1800, median: 3000 }, desktop: { p10: 934, median: 1600 } },
  'largest-contentful-paint': { mobile: { p10: 2500, median: 4000 }, desktop: { p10: 1200, median: 2400 } },
  'total-blocking-time': { mobile: { p10: 200, median: 600 }, desktop: { p10: 150, median: 350 } },
  'speed-index': { mobile: { p10: 3387, median: 5800 }, desktop: { p10: 1311, median: 2300 } },
  'cumulative-layout-shift': { mobile: { p10: 0.1, median: 0.25 }, desktop: { p10: 0.1, median: 0.25 } },
  'total-byte-weight': {
    mobile: { p10: 2667 * 1024, median: 4000 * 1024 },
    desktop: { p10: 2667 * 1024, median: 4000 * 1024 },
  },
}

// Closest double to erfc⁻¹(1/5), as Lighthouse writes it.
const INVERSE_ERFC_ONE_FIFTH = 0.9061938024368232

/** Lighthouse's own erf approximation (Abramowitz and Stegun 7.1.26), so the inverse matches its scores. */
function erf(x: number): number {
  const sign = Math.sign(x)
  const a = Math.abs(x)
  const t = 1 / (1 + 0.3275911 * a)
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return sign * (1 - y * Math.exp(-a * a))
}

/** The unclamped score of `value` on a curve (Lighthouse clamps it into bands afterwards). */
function rawScore(curve: Curve, value: number): number {
  if (value <= 0) return 1
  const standardized =
    (Math.log(value / curve.median) * INVERSE_ERFC_ONE_FIFTH) / -Math.log(curve.p10 / curve.median)
  return (1 - erf(standardized)) / 2
}

/**
 * The largest value of the audit that still scores `minScore` (the score falls as the value grows), or
 * null for an audit without a curve here or a score that every value reaches (0) or none does (> 1).
 */
export function limitForScore(audit: string, formFactor: FormFactor, minScore: number): number | null {
  const curve = CURVES[audit]?.[formFactor]
  if (!curve || !(minScore > 0) || minScore > 1) return null
  if (minScore === 0.9) return curve.p10
  if (minScore === 0.5) return curve.median
  // Bisection in log space: rawScore is strictly decreasing.
  let lo = curve.p10 / 1e6
  let hi = curve.median * 1e3
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(lo * hi)
    if (rawScore(curve, mid) >= minScore) lo = mid
    else hi = mid
  }
  return lo
}

export const hasScoreCurve = (audit: string) => audit in CURVES
