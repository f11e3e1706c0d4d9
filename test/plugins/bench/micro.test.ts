import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compareReports, DEFAULT_COMPARE } from '../../../core/compare/index.js'
import type { FindingInput, PluginOutput } from '../../../core/model/types.js'
import { parseOptions } from '../../../core/plugin/index.js'
import { benchPlugin } from '../../../plugins/bench/index.js'
import { runMicroBenchmarks } from '../../../plugins/bench/micro.js'
import type { RunnerTask } from '../../../plugins/bench/protocol.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { isAlive } from '../../helpers/process.js'
import { pluginReport } from '../../helpers/reports.js'

// Profiles are tested in profile-breakdown.test.ts: a profiling run would add a process to each count here.
const FAST = { time: 50, warmupTime: 10, profileTime: false as const }
const context = useTestContexts()
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

describe('benchPlugin micro-benchmarks', () => {
  it('runs each file in fresh processes and reports one sample per run; a throwing task is a finding', async () => {
    const { ctx, children, progress } = context(fixture('bench-micro-suite'))
    // disturbance: 0, so that this busy machine cannot add repeated runs to the processes counted below.
    const plugin = benchPlugin({ ...FAST, runs: 3, disturbance: 0 })
    const output = await plugin.collect(ctx)
    const ids = output.metrics?.map((m) => m.id).sort()
    expect(ids).toEqual([
      'bench/math/sum-of-roots/latency-p50',
      'bench/math/sum-of-roots/ops',
      'bench/strings/join-words/latency-p50',
      'bench/strings/join-words/ops',
    ])
    for (const metric of output.metrics ?? []) {
      expect(metric.samples).toHaveLength(3)
      for (const sample of metric.samples ?? []) expect(sample).toBeGreaterThan(0)
    }
    const failed = output.findings?.find((f) => f.ruleId === 'bench/task-failed')
    expect(failed).toMatchObject({ severity: 'error', file: 'math.bench.mjs' })
    expect(failed?.message).toContain('always throws')
    expect(failed?.message).toContain('fixture task failure')
    // Fresh process per file and run, interleaved A1 B1 A2 B2 A3 B3.
    expect(children).toHaveLength(6)
    expect(new Set(children.map((c) => c.pid)).size).toBe(6)
    expect(progress.filter((p) => p.startsWith('run '))).toEqual([
      'run 1/3 · math.bench.mjs',
      'run 1/3 · strings.bench.ts',
      'run 2/3 · math.bench.mjs',
      'run 2/3 · strings.bench.ts',
      'run 3/3 · math.bench.mjs',
      'run 3/3 · strings.bench.ts',
    ])
    for (const child of children) expect(isAlive(child.pid as number)).toBe(false)
  }, 30_000)

  it('reports a file that throws on import, naming it, and still measures the other files', async () => {
    const { ctx } = context(fixture('bench-broken-file'))
    const output = await benchPlugin({ ...FAST, runs: 2 }).collect(ctx)
    expect(output.metrics?.map((m) => m.id).sort()).toEqual([
      'bench/fine/small-loop/latency-p50',
      'bench/fine/small-loop/ops',
    ])
    const finding = output.findings?.find((f) => f.ruleId === 'bench/import-failed')
    expect(finding).toMatchObject({ severity: 'error', file: 'broken.bench.mjs' })
    expect(finding?.message).toContain('fixture import failure')
  }, 30_000)

  it('declares its bench files as units and runs only the units of its shard', async () => {
    const { ctx } = context(fixture('bench-micro-suite'))
    const plugin = benchPlugin({ ...FAST, runs: 1 })
    expect(await plugin.units?.(ctx)).toEqual(['math.bench.mjs', 'strings.bench.ts'])
    const output = await plugin.collect({ ...ctx, units: ['strings.bench.ts'] })
    expect(output.metrics?.map((m) => m.id)).toEqual([
      'bench/strings/join-words/latency-p50',
      'bench/strings/join-words/ops',
    ])
  }, 30_000)

  it('measures in a later A/B round only the files with a timing metric still undecided', async () => {
    const { ctx } = context(fixture('bench-micro-suite'))
    const output = await benchPlugin({ ...FAST, runs: 1 }).collect({
      ...ctx,
      undecided: ['bench/strings/join-words/latency-p50'],
    })
    expect(output.metrics?.map((m) => m.id)).toEqual([
      'bench/strings/join-words/latency-p50',
      'bench/strings/join-words/ops',
    ])
    // Nothing undecided in this plugin: nothing measured, and no "nothing to run" finding.
    const none = await benchPlugin({ ...FAST, runs: 1 }).collect({
      ...ctx,
      undecided: ['lighthouse/home/lcp'],
    })
    expect(none).toEqual({ metrics: [], findings: [] })
  }, 30_000)

  it('stays quiet on an A/A comparison and catches a 1.5× slowdown as regressed', async () => {
    // Three copies of one suite in one plugin run: their processes alternate (base, same, slow, base …),
    // so a slow moment of the machine hits all three alike, as it would two CI runs on equal runners.
    const { dir, cleanup } = tempDir('perfgate-bench-aa-')
    cleanups.push(cleanup)
    const suite = (n: number) =>
      `let sink = 0\nexport default { 'sum of roots': () => { let t = 0; for (let i = 0; i < ${n}; i++) t += Math.sqrt(i); sink += t } }\n`
    for (const [name, n] of [
      ['base', 20_000],
      ['same', 20_000],
      ['slow', 30_000],
    ] as const)
      writeFileSync(join(dir, `${name}.bench.mjs`), suite(n))
    const { ctx } = context(dir)
    const all = pluginReport(
      'bench',
      await benchPlugin({ ...FAST, runs: 8, files: '*.bench.mjs' }).collect(ctx),
    )
    const copy = (name: string) => ({
      ...all,
      metrics: all.metrics
        .filter((m) => m.id.startsWith(`bench/${name}/`))
        .map((m) => ({ ...m, id: m.id.replace(`bench/${name}/`, 'bench/suite/') })),
    })
    const aa = compareReports(copy('same'), copy('base'), [], { ...DEFAULT_COMPARE, sameJob: true })
    expect(aa.metrics).toHaveLength(2)
    for (const metric of aa.metrics)
      expect(['unchanged', 'inconclusive'], JSON.stringify(metric)).toContain(metric.verdict)
    const ab = compareReports(copy('slow'), copy('base'), [], { ...DEFAULT_COMPARE, sameJob: true })
    const verdicts = Object.fromEntries(ab.metrics.map((m) => [m.id, m.verdict]))
    const detail = JSON.stringify(ab.metrics.map((m) => [m.id, m.reason, m.baseline?.samples, m.samples]))
    expect(verdicts, detail).toEqual({
      'bench/suite/sum-of-roots/latency-p50': 'regressed',
      'bench/suite/sum-of-roots/ops': 'regressed',
    })
  }, 120_000)

  describe('disturbed runs', () => {
    function disturbedSetup(slow: string) {
      const { dir, cleanup } = tempDir('perfgate-bench-counter-')
      cleanups.push(cleanup)
      const counter = join(dir, 'count')
      writeFileSync(counter, '')
      return { COUNTER: counter, SLOW: slow }
    }
    const busyFile = {
      rel: 'busy.bench.mjs',
      abs: join(fixture('bench-disturbed-run'), 'busy.bench.mjs'),
      slug: 'busy',
    }
    const spinSamples = (output: PluginOutput) =>
      output.metrics?.find((m) => m.id === 'bench/busy/spin-40k/latency-p50')?.samples ?? []
    const spread = (samples: number[]) => Math.max(...samples) / Math.min(...samples)

    it('measures a run again when its whole process was slower, and says so', async () => {
      const { ctx, children, progress } = context(fixture('bench-disturbed-run'))
      const output = await benchPlugin({ ...FAST, runs: 4, env: disturbedSetup('2') }).collect(ctx)
      // Five processes, or a few more when this shared machine disturbs another run for real.
      expect(children.length).toBeGreaterThanOrEqual(5)
      expect(progress).toContain('repeating a disturbed run · busy.bench.mjs')
      const samples = spinSamples(output)
      expect(samples).toHaveLength(4)
      expect(spread(samples)).toBeLessThan(2)
      const finding = output.findings?.find((f) => f.ruleId === 'bench/disturbed-runs')
      expect(finding).toMatchObject({ severity: 'info', file: 'busy.bench.mjs' })
      expect(finding?.message).toMatch(/^\d run\(s\) of busy\.bench\.mjs were at least 1\.2× slower/)
    }, 30_000)

    it('keeps every run with disturbance: 0', async () => {
      const { ctx, children } = context(fixture('bench-disturbed-run'))
      const output = await benchPlugin({
        ...FAST,
        runs: 4,
        disturbance: 0,
        env: disturbedSetup('2'),
      }).collect(ctx)
      expect(children).toHaveLength(4)
      expect(spread(spinSamples(output))).toBeGreaterThan(2)
      expect(output.findings?.some((f) => f.ruleId === 'bench/disturbed-runs')).toBe(false)
    }, 30_000)

    it('stops after `runs` repetitions and warns that the kept samples are still disturbed', async () => {
      const { ctx, children } = context(fixture('bench-disturbed-run'))
      const output = await benchPlugin({ ...FAST, runs: 4, env: disturbedSetup('2,5,6,7,8') }).collect(ctx)
      expect(children).toHaveLength(8)
      expect(spinSamples(output)).toHaveLength(4)
      const finding = output.findings?.find((f) => f.ruleId === 'bench/disturbed-runs')
      expect(finding?.severity).toBe('warning')
      expect(finding?.message).toContain('4 run(s) of busy.bench.mjs')
      expect(finding?.message).toMatch(/\d of the kept runs are still that slow/)
    }, 30_000)

    it('tells a lone run disturbed against the earlier calls of its side (A/B rounds of one run)', async () => {
      const { ctx, children } = context(fixture('bench-disturbed-run'))
      const options = parseOptions('perfgate:bench', benchPlugin.schema, { ...FAST, runs: 1 })
      const history = new Map<string, RunnerTask[][]>()
      // Each round its own counter: `slow` lists which of that call's processes do 4× the work.
      const round = (slow: string) =>
        runMicroBenchmarks([busyFile], { ...options, env: disturbedSetup(slow), history }, ctx)
      const disturbed = (output: { findings: FindingInput[] }) =>
        output.findings.find((f) => f.ruleId === 'bench/disturbed-runs')
      // Rounds 1 and 2 are too few to tell a level from: even a slow run is kept.
      const first = await round('')
      expect(disturbed(await round('1'))).toBeUndefined()
      expect(children).toHaveLength(2)

      // Round 3: its slow run is measured again (more often only if this machine slows the next one).
      const third = await round('1')
      expect(children.length).toBeGreaterThanOrEqual(4)
      expect(disturbed(third)?.message).toMatch(
        /^In the A\/B rounds, runs of busy\.bench\.mjs were at least 1\.2× slower/,
      )
      expect(spinSamples(third)[0] / spinSamples(first)[0]).toBeLessThan(2)

      // Round 4: slow four times in a row, so after three repetitions the last is kept, with a warning.
      const before = children.length
      const fourth = await round('1,2,3,4')
      expect(children.length - before).toBe(4)
      expect(spinSamples(fourth)).toHaveLength(1)
      expect(disturbed(fourth)).toMatchObject({ severity: 'warning' })
      expect(disturbed(fourth)?.message).toContain('some kept runs are still that slow')
      // Every kept run is remembered, the slow ones too: the level is a lower quartile.
      expect(history.get('busy.bench.mjs')).toHaveLength(4)
    }, 30_000)

    it('repeats only while there is time, and then says the kept runs are disturbed', async () => {
      const { ctx, children } = context(fixture('bench-disturbed-run'))
      const options = parseOptions('perfgate:bench', benchPlugin.schema, {
        ...FAST,
        runs: 4,
        env: disturbedSetup('2'),
      })
      const output = await runMicroBenchmarks([busyFile], { ...options, repeatUntil: Date.now() }, ctx)
      expect(children).toHaveLength(4)
      expect(spread(spinSamples(output))).toBeGreaterThan(2)
      const finding = output.findings.find((f) => f.ruleId === 'bench/disturbed-runs')
      expect(finding?.severity).toBe('warning')
      expect(finding?.message).toMatch(/^In busy\.bench\.mjs, \d kept run\(s\) were at least 1\.2× slower/)
      expect(finding?.message).toContain("stopped at half the plugin's timeout")
    }, 30_000)
  })
})
