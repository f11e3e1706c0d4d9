/**
 * How many looks a harmless pull request takes in A/B, on real noise: the timing samples of harmless A/B
 * runs of two real projects (test/bench/data/ab-harmless-rounds.json, from test/scenarios/real-apps.sh)
 * resampled. Under no change a job's head and base rounds are draws of one distribution, so a simulated
 * pull request picks a job, draws each side's rounds (whole rounds: a Lighthouse run's metrics stay
 * together) with replacement, and runs the real sequential plan — judge() at every look and
 * needsMoreRounds() — until it stops. Printed per threshold set: at which look runs stop, the share
 * within two looks (the goal: ≥ 80 %), mean rounds a side, how many simulated runs called a regression,
 * and which metrics were still open at the cap.
 *
 *   npx jiti test/bench/ab-resample.bench.ts [--sims 400] [--app spa|spa-flow|api] [--only <label text>]
 *     [--thresholds '{"glob":{"rel":0.1}}'] [--shift '<glob>=0.4']
 * (`--only idle` keeps the jobs whose label says so.) `--shift 'lighthouse/editor/open/inp=0.4'` makes
 * each simulated head that much slower on the matching metrics: the share of runs with a regression
 * called is then the power against that change, and a run stops once one is called (as the runner does).
 * Adding a job: `npx jiti test/bench/ab-resample.bench.ts --record <report.json> --app spa-flow --label <text>`
 * keeps the run's same-job timing metrics that have the most rounds (a page or flow decided at an early
 * look was measured no further, and a job's rows must hold every metric); then
 * `npx biome format --write test/bench/data/ab-harmless-rounds.json`.
 *
 * Resampled rounds repeat values (ties) and lose the pairing of a round's two sides, and a few jobs are a
 * small picture of CI noise: read the figures as a comparison of settings on the same draws, not as a
 * guarantee.
 */

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import picomatch from 'picomatch'
import { type CompareOptions, DEFAULT_COMPARE, DEFAULT_SAMPLING_PLAN } from '../../core/compare/defaults.js'
import { judge } from '../../core/compare/judge.js'
import { counts } from '../../core/compare/roles.js'
import { lookSizes, needsMoreRounds } from '../../core/compare/sequential.js'
import { mulberry32 } from '../../core/compare/stats/random.js'
import type { Metric, RunReport } from '../../core/model/types.js'
import { HTTP_THRESHOLDS, LIGHTHOUSE_THRESHOLDS } from '../../presets/budgets.js'

interface RecordedMetric {
  unit: Metric['unit']
  better: Metric['better']
  role?: Metric['role']
  head: number[]
  base: number[]
}
interface Job {
  label: string
  app: 'spa' | 'spa-flow' | 'api'
  metrics: Record<string, RecordedMetric>
}
type Thresholds = Record<string, { rel?: number; abs?: number }>

const DATA = join(dirname(fileURLToPath(import.meta.url)), 'data/ab-harmless-rounds.json')

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? undefined : process.argv[at + 1]
}

/** A job's rounds as rows: row i holds every metric's i-th sample of one side. */
function rowsOf(job: Job): Array<Record<string, number>> {
  const rows: Array<Record<string, number>> = []
  for (const [id, metric] of Object.entries(job.metrics))
    for (const side of [metric.head, metric.base]) {
      const offset = side === metric.head ? 0 : metric.head.length
      side.forEach((value, i) => {
        rows[offset + i] ??= {}
        rows[offset + i][id] = value
      })
    }
  return rows.filter((row) => Object.keys(row).length === Object.keys(job.metrics).length)
}

interface Shift {
  isMatch: (id: string) => boolean
  rel: number
}

function metricsOf(job: Job, rows: Array<Record<string, number>>, shift?: Shift): Metric[] {
  return Object.entries(job.metrics).map(([id, recorded]) => {
    const factor = shift?.isMatch(id) ? 1 + shift.rel : 1
    const samples = rows.map((row) => row[id] * factor)
    const sorted = [...samples].sort((a, b) => a - b)
    return {
      id,
      plugin: id.startsWith('lighthouse/') ? 'perfgate:lighthouse' : 'perfgate:bench',
      title: id,
      unit: recorded.unit,
      better: recorded.better,
      value: sorted[Math.floor(sorted.length / 2)],
      samples,
      verdict: 'none',
      ...(recorded.role ? { role: recorded.role } : {}),
    } as Metric
  })
}

interface Outcome {
  stops: number[]
  falseAlarms: number
  openAtCap: Record<string, number>
}

function simulate(jobs: Job[], thresholds: Thresholds, sims: number, seed: number, shift?: Shift): Outcome {
  const random = mulberry32(seed)
  const compare: CompareOptions = {
    ...DEFAULT_COMPARE,
    thresholds: Object.entries(thresholds).map(([pattern, t]) => ({ pattern, ...t })),
  }
  const plan = DEFAULT_SAMPLING_PLAN
  const sizes = lookSizes(plan)
  const outcome: Outcome = { stops: [], falseAlarms: 0, openAtCap: {} }
  const pools = jobs.map(rowsOf)
  for (let sim = 0; sim < sims; sim++) {
    const which = Math.floor(random() * jobs.length)
    const pool = pools[which]
    const draw = () => pool[Math.floor(random() * pool.length)]
    const head: Array<Record<string, number>> = []
    const base: Array<Record<string, number>> = []
    let look = 1
    let alarmed = false
    for (;;) {
      while (head.length < sizes[look - 1]) {
        head.push(draw())
        base.push(draw())
      }
      const skeleton = { schemaVersion: 1, commit: null, host: {}, plugins: [], findings: [], artifacts: [] }
      const report = judge(
        { ...skeleton, metrics: metricsOf(jobs[which], head, shift) } as unknown as Omit<
          RunReport,
          'summary'
        >,
        null,
        {
          budgets: [],
          failOn: 'none',
          compare,
          sameJob: { metrics: metricsOf(jobs[which], base), commit: null, sequential: { look, plan } },
        },
      )
      if (report.metrics.some((m) => m.verdict === 'regressed' && counts(m))) alarmed = true
      if (alarmed && shift) break
      const next = needsMoreRounds(report.metrics, look, plan, compare)
      if (!next.more) {
        for (const id of next.metrics) outcome.openAtCap[id] = (outcome.openAtCap[id] ?? 0) + 1
        break
      }
      look++
    }
    if (alarmed) outcome.falseAlarms++
    outcome.stops.push(look)
  }
  return outcome
}

function report(name: string, outcome: Outcome, sims: number, shifted: boolean): void {
  const sizes = lookSizes(DEFAULT_SAMPLING_PLAN)
  const byLook = sizes.map((_, i) => outcome.stops.filter((look) => look === i + 1).length)
  const within2 = outcome.stops.filter((look) => look <= 2).length / sims
  const rounds = outcome.stops.reduce((sum, look) => sum + sizes[look - 1], 0) / sims
  const open = Object.entries(outcome.openAtCap)
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => `${id.split('/').slice(-2).join('/')} ${((n / sims) * 100).toFixed(0)} %`)
    .join(', ')
  console.log(
    `  ${name.padEnd(34)} stops at look 1/2/3/4: ${byLook.map((n) => `${((n / sims) * 100).toFixed(0)} %`).join(' / ')} · within 2 looks ${(within2 * 100).toFixed(0)} % · ${rounds.toFixed(1)} rounds a side · runs with ${shifted ? 'the change caught' : 'a false alarm'} ${((outcome.falseAlarms / sims) * 100).toFixed(1)} %`,
  )
  if (open) console.log(`  ${''.padEnd(34)} open at the cap: ${open}`)
}

/** One harmless A/B run's report as a job: its same-job timing metrics with the most rounds. */
function recordJob(file: string, app: Job['app'], label: string): Job {
  const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport
  const sampled = report.metrics.filter(
    (m) => m.baseline?.source === 'same-job' && m.samples && m.baseline.samples?.length === m.samples.length,
  )
  if (sampled.length === 0)
    throw new Error(`${file} has no same-job timing metrics: record an A/B run's report.json`)
  const most = Math.max(...sampled.map((m) => m.samples?.length ?? 0))
  const metrics: Job['metrics'] = {}
  for (const m of sampled.filter((m) => m.samples?.length === most))
    metrics[m.id] = {
      unit: m.unit,
      better: m.better,
      ...(m.role ? { role: m.role } : {}),
      head: m.samples as number[],
      base: m.baseline?.samples as number[],
    }
  return { label, app, metrics }
}

const recorded = argument('record')
if (recorded) {
  const data = JSON.parse(readFileSync(DATA, 'utf8')) as { about: string; jobs: Job[] }
  const job = recordJob(recorded, (argument('app') ?? 'spa') as Job['app'], argument('label') ?? recorded)
  data.jobs.push(job)
  writeFileSync(DATA, `${JSON.stringify(data, null, 2)}\n`)
  console.log(
    `added "${job.label}": ${Object.keys(job.metrics).length} metrics, ${Object.values(job.metrics)[0]?.head.length ?? 0} rounds a side`,
  )
  process.exit(0)
}

const all = (JSON.parse(readFileSync(DATA, 'utf8')) as { jobs: Job[] }).jobs
const sims = Number(argument('sims') ?? 400)
const apps = argument('app') ? [argument('app') as Job['app']] : (['spa', 'spa-flow', 'api'] as const)
const custom = argument('thresholds')
const shiftArgument = argument('shift')?.split('=')
const shift = shiftArgument
  ? { isMatch: picomatch(shiftArgument[0]), rel: Number(shiftArgument[1]) }
  : undefined
for (const app of apps) {
  const only = argument('only')
  const jobs = all.filter((job) => job.app === app && (!only || job.label.includes(only)))
  console.log(
    `${app}: ${jobs.length} real harmless jobs (${jobs.map((j) => j.label).join('; ')}), ${sims} simulated pull requests a setting`,
  )
  const settings: Array<[string, Thresholds]> =
    app === 'spa'
      ? [
          ['4 % everywhere', {}],
          ['tbt, si 10 % (before)', { 'lighthouse/**/tbt': { rel: 0.1 }, 'lighthouse/**/si': { rel: 0.1 } }],
          ['LIGHTHOUSE_THRESHOLDS (now)', LIGHTHOUSE_THRESHOLDS as Thresholds],
        ]
      : app === 'spa-flow'
        ? [
            ['LIGHTHOUSE_THRESHOLDS (now, INP 4 %)', LIGHTHOUSE_THRESHOLDS as Thresholds],
            ...[0.1, 0.15, 0.2].map((rel): [string, Thresholds] => [
              `INP ${rel * 100} %`,
              { ...(LIGHTHOUSE_THRESHOLDS as Thresholds), 'lighthouse/**/inp': { rel } },
            ]),
          ]
        : [
            ['4 % everywhere', {}],
            ['p99 10 % (before)', { 'bench/http/*/latency-p99': { rel: 0.1 } }],
            ['HTTP_THRESHOLDS (now)', HTTP_THRESHOLDS as Thresholds],
          ]
  if (custom) settings.push(['--thresholds', JSON.parse(custom) as Thresholds])
  if (shift) console.log(`  heads ${shiftArgument?.[1]} slower on ${shiftArgument?.[0]}`)
  for (const [name, thresholds] of settings)
    report(name, simulate(jobs, thresholds, sims, 20261207, shift), sims, shift !== undefined)
}
