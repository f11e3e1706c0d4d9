// The rules compared on the same simulated data. perfgate's verdict is computed with the very functions
// compareReports uses (analyseSampled, benjaminiHochberg, judgeSampled, nominalAlpha, undecidedMetrics);
// check.ts verifies on every cell that compareReports and needsMoreRounds give the same verdicts.
import { DEFAULT_COMPARE, PAIR_ROUNDS, type SamplingPlan } from '../../../core/compare/defaults.js'
import type { NoiseModel } from '../../../core/compare/noise.js'
import { analyseSampled, judgeSampled, type SampledAnalysis } from '../../../core/compare/sampled.js'
import { futilityLevel, lookSizes, nominalAlpha, undecidedMetrics } from '../../../core/compare/sequential.js'
import { tQuantile } from '../../../core/compare/stats/distributions.js'
import { benjaminiHochberg } from '../../../core/compare/stats/fdr.js'
import { mannWhitney, minimumPValue } from '../../../core/compare/stats/mann-whitney.js'
import { bootstrapMedianChange } from './bootstrap.js'
import { meanOf, medianOf, type TrialData } from './noise.js'

/**
 * `same-job`: base measured in the head's job, interleaved. `stored`: the record of another job, widened
 * by the history's spread. `stored-raw`: the same record with too little history (the 2× rule).
 * `stored-naive`: the same record judged as if it came from the same job — what a within-run test
 * alone does with a stored baseline.
 */
export type BaselineMode = 'same-job' | 'stored' | 'stored-raw' | 'stored-naive'
const sharesJob = (mode: BaselineMode) => mode === 'same-job' || mode === 'stored-naive'
export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive'

export const { alpha: ALPHA, minEffect: MIN_EFFECT } = DEFAULT_COMPARE
/** Samples of the stored record in sequential cells: the head is extended, the stored base is not. */
export const STORED_BASE_SAMPLES = 10

/**
 * A stopping rule of same-job sequential sampling. `before`: the rule up to this change — a metric asks
 * for rounds while inconclusive with an estimate ≥ the minimum effect (worse direction), and "not worse"
 * is not a verdict. `after`: the "not worse" verdict and stop (sequential.ts). `paired`: rounds analysed
 * in pairs (signed-rank on per-round log-ratios) instead of as two samples (Mann–Whitney).
 */
export interface StopRule {
  rule: 'before' | 'after'
  paired: boolean | 'correlated'
}

export interface StopOutcome {
  verdicts: Verdict[]
  samples: number
  looks: number
}

/** Per-trial cache of analyses by side sizes, so fixed and sequential sampling share them. */
export class TrialRules {
  private readonly cache = new Map<string, SampledAnalysis[]>()
  private readonly history: NoiseModel[]

  constructor(readonly data: TrialData) {
    this.history = data.historyMedians.map((medians) => {
      const logs = medians.map(Math.log)
      const mean = meanOf(logs)
      const variance = logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (logs.length - 1)
      return { runs: logs.length, sigma: Math.sqrt(variance), cpuModels: 1 }
    })
  }

  /** Same job: paired as compareReports pairs (PAIR_ROUNDS) unless `paired` says otherwise. */
  analyses(
    mode: BaselineMode,
    nBase: number,
    nHead: number,
    paired: boolean | 'correlated' = sharesJob(mode) ? PAIR_ROUNDS : false,
    level?: number,
  ): SampledAnalysis[] {
    const key = `${mode === 'same-job' ? 'same' : 'stored'}/${nBase}/${nHead}/${paired}/${level}`
    let cached = this.cache.get(key)
    if (!cached) {
      const bases = mode === 'same-job' ? this.data.sameJobBase : this.data.storedBase
      cached = bases.map((base, m) =>
        analyseSampled(base.slice(0, nBase), this.data.head[m].slice(0, nHead), {
          paired,
          ...(level ? { level } : {}),
        }),
      )
      this.cache.set(key, cached)
    }
    return cached
  }

  /** perfgate's verdicts for one look (or a fixed design when `look` is undefined). */
  judge(
    analyses: SampledAnalysis[],
    mode: BaselineMode,
    look?: { index: number; plan: SamplingPlan; spend?: boolean },
    rule: StopRule['rule'] = 'after',
  ): Verdict[] {
    const adjusted = benjaminiHochberg(analyses.map((a) => a.p))
    const level = !look ? ALPHA : look.spend === false ? ALPHA : nominalAlpha(ALPHA, look.index, look.plan)
    return analyses.map((analysis, m) => {
      const judgement = judgeSampled(analysis, {
        pAdjusted: adjusted[m],
        tests: analyses.length,
        alpha: level,
        familyAlpha: ALPHA,
        threshold: { rel: MIN_EFFECT, abs: 0 },
        better: 'lower',
        absChange: 1,
        baseline: sharesJob(mode) ? 'same-job' : 'stored',
        ...(mode === 'stored' ? { noise: this.history[m] } : {}),
      })
      // Before this change "not worse" was no verdict: the metric stayed inconclusive.
      if (rule === 'before' && judgement.reason?.startsWith('not worse')) return 'inconclusive'
      return judgement.verdict as Verdict
    })
  }

  fixed(mode: BaselineMode, n: number): Verdict[] {
    return this.judge(this.analyses(mode, n, n), mode)
  }

  /** Run-level sequential sampling (today's rule): every metric gets the rounds while any is undecided. */
  sequential(mode: BaselineMode, plan: SamplingPlan, spend = true): { verdicts: Verdict[]; samples: number } {
    const sizes = lookSizes(plan)
    for (let look = 1; ; look++) {
      const n = sizes[look - 1]
      const nBase = mode === 'same-job' ? n : STORED_BASE_SAMPLES
      const analyses = this.analyses(mode, nBase, n)
      const verdicts = this.judge(analyses, mode, { index: look, plan, spend })
      const paired = sharesJob(mode) ? PAIR_ROUNDS : false
      const beta = futilityLevel(look, plan)
      const bounds = beta > 0 ? this.analyses(mode, nBase, n, paired, 1 - 2 * beta) : undefined
      const open = undecidedMetrics(
        verdicts.map((verdict, m) => ({
          id: String(m),
          verdict,
          better: 'lower' as const,
          estimate: analyses[m].estimate,
          bound: bounds ? bounds[m].ci[1] : Number.POSITIVE_INFINITY,
          minEffect: MIN_EFFECT,
        })),
      )
      if (open.length === 0 || look === sizes.length) return { verdicts, samples: n }
    }
  }

  /** Same-job sequential sampling under one stopping rule, paired or not; every metric gets the rounds. */
  stop(rule: StopRule, plan: SamplingPlan): StopOutcome {
    const sizes = lookSizes(plan)
    for (let look = 1; ; look++) {
      const n = sizes[look - 1]
      const analyses = this.analyses('same-job', n, n, rule.paired)
      const verdicts = this.judge(analyses, 'same-job', { index: look, plan }, rule.rule)
      let open: number
      if (rule.rule === 'before') {
        open = verdicts.filter((v, m) => v === 'inconclusive' && analyses[m].estimate >= MIN_EFFECT).length
      } else {
        const beta = futilityLevel(look, plan)
        const bounds = beta > 0 ? this.analyses('same-job', n, n, rule.paired, 1 - 2 * beta) : undefined
        open = undecidedMetrics(
          verdicts.map((verdict, m) => ({
            id: String(m),
            verdict,
            better: 'lower' as const,
            estimate: analyses[m].estimate,
            bound: bounds ? bounds[m].ci[1] : Number.POSITIVE_INFINITY,
            minEffect: MIN_EFFECT,
          })),
        ).length
      }
      if (open === 0 || look === sizes.length) return { verdicts, samples: n, looks: look }
    }
  }

  /** The rule perfgate used before: the same test, with the bootstrap median-ratio interval (same job). */
  bootstrapRule(n: number): Verdict[] {
    const analyses = this.data.sameJobBase.map((full, m) => {
      const base = full.slice(0, n)
      const head = this.data.head[m].slice(0, n)
      const estimate = medianOf(head) / medianOf(base) - 1
      const ci = bootstrapMedianChange(base, head, { level: 0.9, seed: 1000 + m })
      return {
        paired: false,
        p: mannWhitney(head, base).p,
        minP: minimumPValue(n, n),
        estimate,
        ci,
        nBase: n,
        nCurrent: n,
      }
    })
    return this.judge(analyses, 'same-job')
  }

  /** github-action-benchmark's default alert: the benchmark's figure (a mean) at least 200 % of the last. */
  ratio200(mode: BaselineMode, n: number, m: number): boolean {
    return meanOf(this.head(m, n)) / meanOf(this.base(mode, m, n)) >= 2
  }

  /** A fixed 5 % rule on medians. */
  fixed5(mode: BaselineMode, n: number, m: number): boolean {
    return medianOf(this.head(m, n)) / medianOf(this.base(mode, m, n)) > 1.05
  }

  /**
   * Bencher's t-test threshold with its 0.99 upper boundary: the head's figure (a mean) above
   * mean + t(0.99, h − 1)·sd of the figures of the h earlier base-branch jobs.
   */
  bencher(n: number, m: number): boolean {
    const history = this.data.historyMeans[m]
    const mean = meanOf(history)
    const sd = Math.sqrt(history.reduce((s, v) => s + (v - mean) ** 2, 0) / (history.length - 1))
    return meanOf(this.head(m, n)) > mean + tQuantile(0.99, history.length - 1) * sd
  }

  private head(m: number, n: number): number[] {
    return this.data.head[m].slice(0, n)
  }

  private base(mode: BaselineMode, m: number, n: number): number[] {
    return (mode === 'same-job' ? this.data.sameJobBase : this.data.storedBase)[m].slice(0, n)
  }
}
