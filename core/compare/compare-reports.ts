import type { Metric, RunReport } from '../model/types.js'
import { isCountOrRate, judgeCountOrRate } from './counts.js'
import { type CompareOptions, PAIR_ROUNDS } from './defaults.js'
import { judgeExact } from './exact.js'
import { changeBetween, type Judgement, percent } from './judgement.js'
import { estimateNoise, type NoiseModel } from './noise.js'
import { judgeByRole } from './roles.js'
import { analyseSampled, judgeSampled, type SampledAnalysis } from './sampled.js'
import { lookSizes, nominalAlpha } from './sequential.js'
import { judgeSingleValue, noiseHalfWidth } from './single.js'
import { benjaminiHochberg } from './stats/fdr.js'
import { createThresholdLookup } from './thresholds.js'

/** Samples a side needed to run the test; with fewer, a metric is judged like a single value. */
const MIN_SAMPLES = 2

interface Pending {
  index: number
  analysis: SampledAnalysis
  sameJob: boolean
  noise?: NoiseModel
}

/**
 * Compares every metric of `current` with the same id in `baseline`, using `history` (the last records
 * of the base branch) for run-to-run noise. Returns a new report with baseline, change, verdict and
 * reason on each metric and `baseCommit` set; budgets and summary are left to their own stages.
 */
export function compareReports(
  current: RunReport,
  baseline: RunReport | null,
  history: RunReport[],
  options: CompareOptions,
): RunReport {
  const report = structuredClone(current)
  report.baseCommit = baseline?.commit ?? null
  const baseById = new Map((baseline?.metrics ?? []).map((m) => [m.id, m]))
  // The run being judged must not count as its own history.
  const earlier = history.filter((h) => current.commit === null || h.commit !== current.commit)
  const thresholds = createThresholdLookup(options)
  const noiseOf = (id: string) => estimateNoise(id, earlier)
  const sameJob = (id: string) =>
    typeof options.sameJob === 'function' ? options.sameJob(id) : options.sameJob === true
  const pending: Pending[] = []
  const overflows = new Map<number, string>()

  report.metrics = report.metrics.map((metric, index) => {
    const { baseline: _b, change: _c, reason: _r, why: _w, ...rest } = metric
    const base = baseById.get(metric.id)
    const byRole = judgeByRole(rest as Metric, base, baseline)
    if (byRole) return byRole
    if (!baseline || !base) return { ...rest, verdict: 'new' as const }
    // Another way of measuring (a perfgate upgrade): the figures differ by the method, not the change.
    // The baseline's value stays for its budget (a limit it already missed is still not this change's).
    if ((metric.method ?? null) !== (base.method ?? null)) {
      // A stored record is untrusted text: its method is shown cut to the length a plugin may give.
      const method = (name: string | undefined) =>
        name === undefined ? 'the earlier method' : name.slice(0, 40)
      return {
        ...rest,
        baseline: { value: base.value, commit: baseline.commit },
        verdict: 'inconclusive' as const,
        reason: `measured differently from the baseline (${method(base.method)} → ${method(metric.method)}): not compared until the base branch records it this way (save a new baseline there)`,
      }
    }
    const { overflow, ...change } = changeBetween(metric.value, base.value)
    if (overflow) overflows.set(index, overflow)
    const out: Metric = {
      ...rest,
      baseline: {
        value: base.value,
        ...(base.samples ? { samples: [...base.samples] } : {}),
        commit: baseline.commit,
      },
      change,
      verdict: 'inconclusive',
    }
    const sampled = (metric.samples?.length ?? 0) >= MIN_SAMPLES && (base.samples?.length ?? 0) >= MIN_SAMPLES
    // Samples that never vary (transfer size, request count) are an exact figure, whatever the machine.
    if (sampled && allEqual(metric.samples!) && allEqual(base.samples!))
      return apply(
        out,
        judgeExact(metric.value, base.value, metric.better, thresholds.exact(metric.id, metric.unit)),
      )
    // Counts and rates (errors, requests, transfer bytes) do not drift with the machine: judged against a
    // stored baseline too; where the samples overlap, an A/B run's rank test below decides.
    if (isCountOrRate(metric)) {
      const counted = judgeCountOrRate(metric, base, metric, thresholds.exact(metric.id, metric.unit))
      if (counted.verdict !== 'inconclusive' || !(sampled && sameJob(metric.id))) return apply(out, counted)
    }
    const timing = metric.timing ?? metric.samples !== undefined
    const cpuNow = current.host.cpuModel
    const cpuThen = baseline.host.cpuModel
    if (timing && cpuNow && cpuThen && cpuNow !== cpuThen) {
      return apply(
        out,
        judgeAcrossMachines(metric.value, base.value, cpuThen, cpuNow, noiseOf(metric.id), options.alpha),
      )
    }
    if (sampled) {
      const shared = sameJob(metric.id)
      // Same-job rounds ran head and base seconds apart: analysed in pairs when the counts match.
      const paired = shared && (options.pairRounds ?? PAIR_ROUNDS)
      const analysis = analyseSampled(base.samples!, metric.samples!, { paired })
      pending.push({ index, analysis, sameJob: shared, ...(shared ? {} : { noise: noiseOf(metric.id) }) })
      return out
    }
    // One value a side measured in this job: the 2× rule below is for stored runs with no history; here
    // it would skip the sequential plan's level, and a busy spell of the host can double one run.
    if (timing && sameJob(metric.id) && (metric.samples || base.samples)) {
      return apply(out, {
        verdict: 'inconclusive',
        reason: `too few samples (${metric.samples?.length ?? 0} and ${base.samples?.length ?? 0}) for a verdict in this job; take at least ${MIN_SAMPLES} a side (a larger ab.budgetMs)`,
      })
    }
    if (timing) {
      const threshold = thresholds.sampled(metric.id)
      return apply(
        out,
        judgeSingleValue(
          metric.value,
          base.value,
          metric.better,
          threshold,
          noiseOf(metric.id),
          options.alpha,
        ),
      )
    }
    return apply(
      out,
      judgeExact(metric.value, base.value, metric.better, thresholds.exact(metric.id, metric.unit)),
    )
  })

  // One family per run: every sampled metric tested here shares the false-discovery rate alpha — or,
  // at a look of sequential sampling, that look's share of it.
  const adjusted = benjaminiHochberg(pending.map((item) => item.analysis.p))
  const look = options.sequential
  const level = look ? nominalAlpha(options.alpha, look.look, look.plan) : options.alpha
  pending.forEach((item, k) => {
    const metric = report.metrics[item.index]
    const judgement = judgeSampled(item.analysis, {
      pAdjusted: adjusted[k],
      tests: pending.length,
      alpha: level,
      ...(look
        ? { familyAlpha: options.alpha, look: { index: look.look, of: lookSizes(look.plan).length } }
        : {}),
      threshold: thresholds.sampled(metric.id),
      better: metric.better,
      absChange: metric.change!.abs,
      baseline: item.sameJob ? 'same-job' : 'stored',
      noise: item.noise,
    })
    report.metrics[item.index] = apply(metric, judgement)
  })
  for (const [index, overflow] of overflows) {
    const metric = report.metrics[index]
    report.metrics[index] = { ...metric, reason: metric.reason ? `${metric.reason}; ${overflow}` : overflow }
  }
  return report
}

function allEqual(values: readonly number[]): boolean {
  return values.every((v) => v === values[0])
}

function apply(metric: Metric, judgement: Judgement): Metric {
  const change = {
    ...metric.change!,
    ...(judgement.ci ? { ci: judgement.ci } : {}),
    ...(judgement.p !== undefined ? { p: judgement.p } : {}),
  }
  return {
    ...metric,
    change,
    verdict: judgement.verdict,
    ...(judgement.reason ? { reason: judgement.reason } : {}),
  }
}

/**
 * A timing metric measured on another CPU model says little about the code: inconclusive, unless earlier
 * runs on several CPU models show that machine-to-machine noise covers the change (then unchanged).
 */
function judgeAcrossMachines(
  value: number,
  base: number,
  cpuThen: string,
  cpuNow: string,
  noise: NoiseModel | undefined,
  alpha: number,
): Judgement {
  const machines = `baseline measured on ${cpuThen}, this run on ${cpuNow}`
  if (noise && noise.cpuModels >= 2 && value > 0 && base > 0) {
    const half = noiseHalfWidth(noise.sigma, noise.runs, alpha)
    const d = Math.log(value) - Math.log(base)
    const within = `noise of ${noise.runs} earlier runs on ${noise.cpuModels} CPU models (±${percent(Math.expm1(half)).slice(1)})`
    if (Math.abs(d) <= half)
      return { verdict: 'unchanged', reason: `${machines}; the change is within the ${within}` }
    return { verdict: 'inconclusive', reason: `${machines}; the change exceeds the ${within}` }
  }
  return { verdict: 'inconclusive', reason: machines }
}
