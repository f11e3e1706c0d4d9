// The simulation's fast path must be what `perfgate run` does: on a few trials of every cell it is
// compared with compareReports (and, for sequential sampling, with needsMoreRounds), verdict by verdict.
import { compareReports } from '../../../core/compare/compare-reports.js'
import { type CompareOptions, DEFAULT_COMPARE, type SamplingPlan } from '../../../core/compare/defaults.js'
import { needsMoreRounds } from '../../../core/compare/sequential.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { makeReport } from '../../helpers/reports.js'
import { medianOf, type TrialData } from './noise.js'
import { type BaselineMode, STORED_BASE_SAMPLES, type TrialRules } from './rules.js'

const id = (m: number) => `bench/sim-${m}/latency`

function metric(m: number, samples: number[] | undefined, value: number): Metric {
  return {
    id: id(m),
    plugin: 'perfgate:bench',
    title: `simulated ${m}`,
    unit: 'ms',
    better: 'lower',
    value,
    ...(samples ? { samples } : { timing: true }),
    verdict: 'new',
  }
}

function sampledReport(sides: number[][], n: number, commit: string): RunReport {
  return makeReport({
    commit,
    metrics: sides.map((s, m) => metric(m, s.slice(0, n), medianOf(s.slice(0, n)))),
  })
}

function historyReports(data: TrialData): RunReport[] {
  return data.historyMedians[0].map((_, j) =>
    makeReport({
      commit: `${String(j).padStart(2, '0')}${'e'.repeat(38)}`,
      metrics: data.historyMedians.map((medians, m) => metric(m, undefined, medians[j])),
    }),
  )
}

function compare(
  data: TrialData,
  mode: BaselineMode,
  nBase: number,
  nHead: number,
  extra: Partial<CompareOptions>,
) {
  const sameJob = mode === 'same-job' || mode === 'stored-naive'
  const options: CompareOptions = { ...DEFAULT_COMPARE, sameJob, ...extra }
  const base = mode === 'same-job' ? data.sameJobBase : data.storedBase
  return compareReports(
    sampledReport(data.head, nHead, 'c'.repeat(40)),
    sampledReport(base, nBase, 'b'.repeat(40)),
    mode === 'stored' ? historyReports(data) : mode === 'stored-raw' ? historyReports(data).slice(0, 4) : [],
    options,
  )
}

/** Throws when the fast path and compareReports disagree on any verdict or on the samples used. */
export function checkAgainstCompareReports(rules: TrialRules, plan: SamplingPlan): void {
  const { data } = rules
  for (const mode of ['same-job', 'stored', 'stored-raw', 'stored-naive'] as const) {
    const fast = rules.fixed(mode, 10)
    const slow = compare(data, mode, 10, 10, {}).metrics.map((m) => m.verdict)
    if (fast.join() !== slow.join())
      throw new Error(`fixed ${mode}: simulation ${fast.join()} ≠ compareReports ${slow.join()}`)

    const seq = rules.sequential(mode, plan)
    for (let look = 1, n = plan.min; ; look++, n = Math.min(plan.max, n + plan.step)) {
      const nBase = mode === 'same-job' ? n : STORED_BASE_SAMPLES
      const judged = compare(data, mode, nBase, n, { sequential: { look, plan } })
      // Pairing follows options.sameJob, as compareReports does (the runner's metrics say source: 'same-job').
      const sameJob = mode === 'same-job' || mode === 'stored-naive'
      const next = needsMoreRounds(judged.metrics, look, plan, { ...DEFAULT_COMPARE, sameJob })
      if (next.more) continue
      const verdicts = judged.metrics.map((m) => m.verdict)
      if (n !== seq.samples || verdicts.join() !== seq.verdicts.join())
        throw new Error(
          `sequential ${mode}: simulation ${seq.samples} a side ${seq.verdicts.join()} ≠ compareReports ${n} a side ${verdicts.join()}`,
        )
      break
    }
  }
}
