import { describe, expect, it } from 'vitest'
import type { CompareOptions } from '../../../core/compare/index.js'
import { compareReports, DEFAULT_COMPARE, mannWhitney } from '../../../core/compare/index.js'
import { resolveConfig } from '../../../core/config/resolve.js'
import type { RunReport } from '../../../core/model/types.js'
import { deepFreeze, lognormalSamples, metric, report } from './fixtures.js'

const options: CompareOptions = DEFAULT_COMPARE
// The unpaired rank test (Mann–Whitney); rounds analysed in pairs are tested in sampled.test.ts.
const sameJob: CompareOptions = { ...DEFAULT_COMPARE, sameJob: true, pairRounds: false }
const BASE_COMMIT = 'ba5e000000000000000000000000000000000000'

function compareOneWith(
  current: ReturnType<typeof metric>,
  base: ReturnType<typeof metric>,
  opts: CompareOptions,
) {
  const out = compareReports(report([current]), report([base], { commit: BASE_COMMIT }), [], opts)
  return out.metrics[0]
}

const compareOne = (current: ReturnType<typeof metric>, base: ReturnType<typeof metric>, opts = options) =>
  compareOneWith(current, base, opts)

/** Earlier base-branch runs of one metric with the given values (and optional CPU models). */
function history(id: string, values: number[], cpus: string[] = []): RunReport[] {
  return values.map((value, i) =>
    report([metric(id, { value, timing: true })], {
      commit: `${String(i).padStart(2, '0')}${'0'.repeat(38)}`,
      cpuModel: cpus[i % Math.max(1, cpus.length)] ?? 'Test CPU @ 3.0GHz',
    }),
  )
}

describe('compareReports: sampled metrics (same job)', () => {
  // Base measured in the same job (A/B): the within-run statistics alone decide.
  const compareOne = (current: ReturnType<typeof metric>, base: ReturnType<typeof metric>, opts = sameJob) =>
    compareOneWith(current, base, opts)
  it('calls a clear slowdown a regression, with interval and p', () => {
    const id = 'bench/parse/latency'
    const m = compareOne(
      metric(id, { samples: lognormalSamples(2, 10, 130, 0.03) }),
      metric(id, { samples: lognormalSamples(1, 10, 100, 0.03) }),
    )
    expect(m.verdict).toBe('regressed')
    expect(m.change!.rel).toBeGreaterThan(0.2)
    expect(m.change!.ci![0]).toBeGreaterThan(0)
    expect(m.change!.p).toBeLessThan(options.alpha)
    expect(m.baseline).toMatchObject({ commit: BASE_COMMIT })
    expect(m.baseline!.samples).toHaveLength(10)
  })

  it('calls a clear gain of a higher-is-better metric an improvement', () => {
    const id = 'bench/parse/throughput'
    const m = compareOne(
      metric(id, { unit: 'ops/s', better: 'higher', samples: lognormalSamples(4, 10, 1300, 0.03) }),
      metric(id, { unit: 'ops/s', better: 'higher', samples: lognormalSamples(3, 10, 1000, 0.03) }),
    )
    expect(m.verdict).toBe('improved')
    // The same drop in throughput is a regression.
    const worse = compareOne(
      metric(id, { unit: 'ops/s', better: 'higher', samples: lognormalSamples(3, 10, 1000, 0.03) }),
      metric(id, { unit: 'ops/s', better: 'higher', samples: lognormalSamples(4, 10, 1300, 0.03) }),
    )
    expect(worse.verdict).toBe('regressed')
  })

  it('calls identical distributions unchanged (interval inside ±minEffect)', () => {
    const id = 'bench/parse/latency'
    const m = compareOne(
      metric(id, { samples: lognormalSamples(6, 20, 100, 0.01) }),
      metric(id, { samples: lognormalSamples(5, 20, 100, 0.01) }),
    )
    expect(m.verdict).toBe('unchanged')
    expect(m.change!.ci![0]).toBeGreaterThanOrEqual(-options.minEffect)
    expect(m.change!.ci![1]).toBeLessThanOrEqual(options.minEffect)
  })

  it('says inconclusive when the noise hides whether there is a change', () => {
    const id = 'bench/parse/latency'
    const m = compareOne(
      metric(id, { samples: lognormalSamples(8, 10, 104, 0.2) }),
      metric(id, { samples: lognormalSamples(7, 10, 100, 0.2) }),
    )
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toMatch(/^interval -?\d+(\.\d)? %…\+\d+(\.\d)? % spans the minimum effect \(±4\.0 %\)$/)
  })

  it('says inconclusive with "too few samples" when the test cannot reach alpha', () => {
    const id = 'bench/parse/latency'
    const m = compareOne(metric(id, { samples: [120, 121, 122] }), metric(id, { samples: [100, 101, 102] }))
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toBe('too few samples (3 vs 3) to show a change at alpha 0.015; take at least 5 a side')
  })

  it('adjusts p-values across the run with Benjamini–Hochberg', () => {
    const base = Array.from({ length: 10 }, (_, i) => 100 + i)
    const current = base.map((v) => v + 4.5)
    const alone = compareOne(
      metric('bench/a/latency', { samples: current }),
      metric('bench/a/latency', { samples: base }),
    )
    expect(alone.verdict).toBe('regressed')
    const raw = mannWhitney(current, base).p
    expect(alone.change!.p).toBeCloseTo(raw, 12)

    // Nine unchanged companions (p = 1): the adjusted p becomes 10·p for the smallest one.
    const companions = Array.from({ length: 9 }, (_, k) =>
      metric(`bench/other-${k}/latency`, { samples: base }),
    )
    const out = compareReports(
      report([metric('bench/a/latency', { samples: current }), ...companions]),
      report([metric('bench/a/latency', { samples: base }), ...companions]),
      [],
      sameJob,
    )
    const a = out.metrics[0]
    expect(a.change!.p).toBeCloseTo(raw * 10, 12)
    expect(a.verdict).toBe('inconclusive')
    expect(a.reason).toMatch(/Benjamini–Hochberg over 10 metrics\) is not below alpha 0\.015$/)
    expect(out.metrics.slice(1).every((m) => m.verdict === 'unchanged')).toBe(true)
  })

  it('says "too few samples" against the bar of every metric tested together, naming the runs needed', () => {
    // 5 vs 5: the smallest two-sided p is 2/252 = 0.0079, below alpha 0.015 but above 0.015/20.
    const base = [100, 101, 102, 103, 104]
    const slower = base.map((v) => v * 1.5)
    const alone = compareOne(
      metric('bench/a/latency', { samples: slower }),
      metric('bench/a/latency', { samples: base }),
    )
    expect(alone.verdict).toBe('regressed')
    const ids = Array.from({ length: 20 }, (_, k) => `bench/t${k}/latency`)
    const out = compareReports(
      report(ids.map((id, k) => metric(id, { samples: k === 0 ? slower : base }))),
      report(ids.map((id) => metric(id, { samples: base }))),
      [],
      sameJob,
    )
    expect(out.metrics[0].verdict).toBe('inconclusive')
    // 7 a side is the first size whose smallest p, 2/3432 = 0.00058, is below 0.015/20 = 0.00075.
    expect(out.metrics[0].reason).toBe(
      'too few samples (5 vs 5) to show a change among 20 metrics tested together at alpha 0.015 (the smallest possible p, 0.0079, is not below 0.015/20); take at least 7 a side',
    )
  })
})

describe('compareReports: single values and machines', () => {
  const id = 'lighthouse/home/lcp'

  it('without samples or history, only a 2× change is called', () => {
    const small = compareOne(
      metric(id, { value: 1300, timing: true }),
      metric(id, { value: 1000, timing: true }),
    )
    expect(small.verdict).toBe('inconclusive')
    expect(small.reason).toMatch(/fewer than 5 earlier runs to estimate the noise/)
    const doubled = compareOne(
      metric(id, { value: 2100, timing: true }),
      metric(id, { value: 1000, timing: true }),
    )
    expect(doubled.verdict).toBe('regressed')
  })

  it('one sample a side measured in the same job is too few for any verdict, even a 2× change', () => {
    const doubled = compareOneWith(
      metric(id, { value: 2100, samples: [2100] }),
      metric(id, { value: 1000, samples: [1000] }),
      sameJob,
    )
    expect(doubled.verdict).toBe('inconclusive')
    expect(doubled.reason).toBe(
      'too few samples (1 and 1) for a verdict in this job; take at least 2 a side (a larger ab.budgetMs)',
    )
  })

  it('judges one value a side against the run-to-run noise of earlier runs', () => {
    const earlier = history(id, [1000, 1010, 990, 1005, 995, 1002, 998, 1008])
    const judge = (value: number) =>
      compareReports(
        report([metric(id, { value, timing: true })]),
        report([metric(id, { value: 1000, timing: true })], { commit: BASE_COMMIT }),
        earlier,
        options,
      ).metrics[0]
    expect(judge(1200).verdict).toBe('regressed')
    expect(judge(1200).reason).toMatch(/beyond the run-to-run noise ±0\.7 % over 8 earlier runs/)
    expect(judge(1004).verdict).toBe('unchanged')
    expect(judge(800).verdict).toBe('improved')
    // Noisier history: a 10 % change is no longer clear.
    const noisy = history(id, [1000, 1150, 900, 1080, 950, 1120, 870, 1040])
    const m = compareReports(
      report([metric(id, { value: 1100, timing: true })]),
      report([metric(id, { value: 1000, timing: true })], { commit: BASE_COMMIT }),
      noisy,
      options,
    ).metrics[0]
    expect(m.verdict).toBe('inconclusive')
  })

  it('a timing metric measured on another CPU model is inconclusive with the reason', () => {
    const current = report([metric(id, { samples: lognormalSamples(2, 10, 150, 0.02) })], {
      cpuModel: 'AMD EPYC 7763 64-Core Processor',
    })
    const base = report([metric(id, { samples: lognormalSamples(1, 10, 100, 0.02) })], {
      cpuModel: 'Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz',
      commit: BASE_COMMIT,
    })
    const m = compareReports(current, base, [], options).metrics[0]
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toBe(
      'baseline measured on Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz, this run on AMD EPYC 7763 64-Core Processor',
    )
  })

  it('another CPU model is unchanged when history across machines shows the change is within noise', () => {
    const cpus = ['CPU A', 'CPU B']
    const earlier = history(id, [1000, 1060, 980, 1050, 1010, 1070, 990, 1040], cpus)
    const judge = (value: number) =>
      compareReports(
        report([metric(id, { value, timing: true })], { cpuModel: 'CPU B' }),
        report([metric(id, { value: 1000, timing: true })], { cpuModel: 'CPU A', commit: BASE_COMMIT }),
        earlier,
        options,
      ).metrics[0]
    expect(judge(1040).verdict).toBe('unchanged')
    expect(judge(1040).reason).toMatch(
      /^baseline measured on CPU A, this run on CPU B; the change is within the noise of 8 earlier runs on 2 CPU models/,
    )
    expect(judge(1500).verdict).toBe('inconclusive')
    // History from one machine says nothing about the difference between machines.
    const oneMachine = history(id, [1000, 1060, 980, 1050, 1010, 1070, 990, 1040], ['CPU A'])
    const m = compareReports(
      report([metric(id, { value: 1040, timing: true })], { cpuModel: 'CPU B' }),
      report([metric(id, { value: 1000, timing: true })], { cpuModel: 'CPU A', commit: BASE_COMMIT }),
      oneMachine,
      options,
    ).metrics[0]
    expect(m.verdict).toBe('inconclusive')
  })

  it('exact metrics ignore the CPU model', () => {
    const size = (value: number) => metric('bundle/main/brotli', { unit: 'bytes', value })
    const out = compareReports(
      report([size(120_000)], { cpuModel: 'CPU B' }),
      report([size(100_000)], { cpuModel: 'CPU A' }),
      [],
      options,
    )
    expect(out.metrics[0].verdict).toBe('regressed')
  })
})

describe('compareReports: exact metrics and thresholds', () => {
  const size = (id: string, value: number) => metric(id, { unit: 'bytes', value })

  it('is unchanged under the threshold and regressed or improved over it', () => {
    const id = 'bundle/initial-js/brotli'
    expect(compareOne(size(id, 100_300), size(id, 100_000)).verdict).toBe('unchanged')
    expect(compareOne(size(id, 100_300), size(id, 100_000)).reason).toBe(
      'change +0.3 % is below the threshold 0.5 %',
    )
    expect(compareOne(size(id, 100_000), size(id, 100_000))).toMatchObject({
      verdict: 'unchanged',
      change: { abs: 0, rel: 0 },
    })
    const grown = compareOne(size(id, 102_000), size(id, 100_000))
    expect(grown).toMatchObject({ verdict: 'regressed', change: { abs: 2000, rel: 0.02 } })
    expect(grown.change!.ci).toBeUndefined()
    expect(compareOne(size(id, 98_000), size(id, 100_000)).verdict).toBe('improved')
    // A higher-is-better count that drops is a regression.
    const score = (value: number) =>
      metric('lighthouse/home/score', { unit: 'score', better: 'higher', value })
    expect(compareOne(score(80), score(90)).verdict).toBe('regressed')
  })

  it('growing from zero counts as +100 %', () => {
    const id = 'bundle/requests/count'
    expect(
      compareOne(metric(id, { unit: 'count', value: 3 }), metric(id, { unit: 'count', value: 0 })),
    ).toMatchObject({
      verdict: 'regressed',
      change: { abs: 3, rel: 1 },
    })
  })

  it('applies glob thresholds per metric; the last matching glob wins; abs is a tolerance too', () => {
    const opts: CompareOptions = {
      ...options,
      thresholds: [
        { pattern: 'bundle/**', rel: 0.05, abs: 0 },
        { pattern: 'bundle/*/gzip', rel: 0.01, abs: 0 },
        { pattern: 'bundle/fonts/*', rel: 0, abs: 2048 },
      ],
    }
    const judge = (id: string, value: number) => compareOne(size(id, value), size(id, 100_000), opts)
    expect(judge('bundle/main/brotli', 103_000).verdict).toBe('unchanged')
    expect(judge('bundle/main/brotli', 103_000).reason).toBe(
      'change +3.0 % is below the threshold 5.0 % (threshold of "bundle/**")',
    )
    expect(judge('bundle/main/gzip', 103_000).verdict).toBe('regressed')
    expect(judge('other/main/brotli', 103_000).verdict).toBe('regressed')
    expect(judge('bundle/fonts/woff2', 102_000).verdict).toBe('unchanged')
    expect(judge('bundle/fonts/woff2', 102_000).reason).toBe(
      'change +2000 is below the absolute threshold 2048 (threshold of "bundle/fonts/*")',
    )
    expect(judge('bundle/fonts/woff2', 103_000).verdict).toBe('regressed')
  })

  it('a glob with only rel keeps the size floor; one with abs replaces it', async () => {
    const id = 'bundle/asset/index.html/brotli'
    const judgeWith = async (t: { rel?: number; abs?: number }) => {
      const config = await resolveConfig(
        { compare: { thresholds: { 'bundle/**': t } } },
        { root: '/', configFile: null },
      )
      return compareOne(size(id, 510), size(id, 500), config.compare).verdict
    }
    // +10 bytes of a renamed hash: under the 100-byte floor whatever the glob's rel.
    expect(await judgeWith({ rel: 0.01 })).toBe('unchanged')
    expect(await judgeWith({ rel: 0.01, abs: 0 })).toBe('regressed')
  })

  it('a glob threshold sets the minimum effect of sampled metrics', () => {
    const id = 'bench/parse/latency'
    const current = metric(id, { samples: lognormalSamples(22, 20, 108, 0.01) })
    const base = metric(id, { samples: lognormalSamples(21, 20, 100, 0.01) })
    expect(compareOne(current, base, sameJob).verdict).toBe('regressed')
    const lenient = { ...sameJob, thresholds: [{ pattern: 'bench/**', rel: 0.15, abs: 0 }] }
    expect(compareOne(current, base, lenient).verdict).toBe('unchanged')
  })

  it('a glob with only abs keeps the minimum effect of sampled metrics, not the exact threshold', async () => {
    const id = 'bench/parse/latency'
    // +2 %, clearly real at 1 % noise: below the 4 % minimum effect, above the exact metrics' 0.5 %.
    const current = metric(id, { samples: lognormalSamples(22, 20, 102, 0.01) })
    const base = metric(id, { samples: lognormalSamples(21, 20, 100, 0.01) })
    const resolved = async (t: { rel?: number; abs?: number }) => {
      const config = await resolveConfig(
        { compare: { thresholds: { 'bench/**': t } } },
        { root: '/', configFile: null },
      )
      return { ...config.compare, sameJob: true }
    }
    expect(compareOne(current, base, await resolved({ abs: 0.5 })).verdict).toBe('unchanged')
    expect(compareOne(current, base, await resolved({ rel: 0.005, abs: 0.5 })).verdict).toBe('regressed')
  })
})

describe('compareReports: report shape', () => {
  it('marks metrics without a baseline as new and sets baseCommit', () => {
    const current = report([
      metric('bundle/main/brotli', { unit: 'bytes', value: 100 }),
      metric('bundle/added/brotli', { unit: 'bytes', value: 50 }),
    ])
    const base = report([metric('bundle/main/brotli', { unit: 'bytes', value: 100 })], {
      commit: BASE_COMMIT,
    })
    const out = compareReports(current, base, [], options)
    expect(out.baseCommit).toBe(BASE_COMMIT)
    expect(out.metrics.map((m) => m.verdict)).toEqual(['unchanged', 'new'])
    expect(out.metrics[1].baseline).toBeUndefined()
    expect(out.metrics[1].change).toBeUndefined()

    const first = compareReports(current, null, [], options)
    expect(first.baseCommit).toBeNull()
    expect(first.metrics.every((m) => m.verdict === 'new' && m.baseline === undefined)).toBe(true)
  })

  it('replaces stale comparison fields from the input', () => {
    const stale = metric('bundle/main/brotli', {
      unit: 'bytes',
      value: 100,
      verdict: 'regressed',
      reason: 'old',
      change: { abs: 9, rel: 9 },
      baseline: { value: 1, commit: 'x' },
    })
    const out = compareReports(report([stale]), null, [], options)
    expect(out.metrics[0]).not.toHaveProperty('reason')
    expect(out.metrics[0]).not.toHaveProperty('change')
    expect(out.metrics[0]).not.toHaveProperty('baseline')
  })

  it('is deterministic and does not mutate its inputs', () => {
    const metrics = (seed: number, center: number) => [
      metric('bench/a/latency', { samples: lognormalSamples(seed, 10, center, 0.1) }),
      metric('bench/b/latency', { samples: lognormalSamples(seed + 1, 10, center, 0.05) }),
      metric('bundle/main/brotli', { unit: 'bytes', value: center * 1000 }),
      metric('lighthouse/home/lcp', { value: center * 10, timing: true }),
    ]
    const current = deepFreeze(report(metrics(1, 108)))
    const base = deepFreeze(report(metrics(3, 100), { commit: BASE_COMMIT }))
    const earlier = deepFreeze(history('lighthouse/home/lcp', [1000, 1010, 990, 1005, 995]))
    const snapshot = structuredClone([current, base, earlier])
    const first = compareReports(current, base, earlier, options)
    const second = compareReports(current, base, earlier, options)
    expect(second).toEqual(first)
    expect([current, base, earlier]).toEqual(snapshot)
    expect(first).not.toBe(current)
    expect(first.metrics[0].samples).not.toBe(current.metrics[0].samples)
  })

  it('excludes the current commit from its own history', () => {
    const id = 'lighthouse/home/lcp'
    const current = report([metric(id, { value: 1200, timing: true })])
    const base = report([metric(id, { value: 1000, timing: true })], { commit: BASE_COMMIT })
    // Four earlier runs plus the current commit itself: fewer than 5 usable, so no noise model.
    const earlier = [...history(id, [1000, 1010, 990, 1005]), current]
    const m = compareReports(current, base, earlier, options).metrics[0]
    expect(m.verdict).toBe('inconclusive')
    expect(m.reason).toMatch(/fewer than 5 earlier runs/)
  })
})

describe('compareReports: a figure measured another way than its baseline', () => {
  const id = 'service-worker/precache/brotli'
  const exact = { unit: 'bytes' as const, timing: false }

  it('is not compared (an upgrade, not the change, moved it), keeps the baseline value for its budget, and says why', () => {
    const m = compareOne(
      metric(id, { ...exact, value: 130_000, method: 'served' }),
      metric(id, { ...exact, value: 100_000 }),
    )
    expect(m.verdict).toBe('inconclusive')
    expect(m.baseline?.value).toBe(100_000)
    expect(m.change).toBeUndefined()
    expect(m.reason).toBe(
      'measured differently from the baseline (the earlier method → served): not compared until the base branch records it this way (save a new baseline there)',
    )
  })

  it('is compared as usual once both sides measure it the same way', () => {
    const m = compareOne(
      metric(id, { ...exact, value: 130_000, method: 'served' }),
      metric(id, { ...exact, value: 100_000, method: 'served' }),
    )
    expect(m.verdict).toBe('regressed')
  })
})
