// Simulated CI noise: how often perfgate calls a regression when nothing changed (false alarm) and
// when the code got slower (detection), next to the one-value rules other tools use on the same data.
// Deterministic: every cell has its own seed, so the figures do not depend on how cells are split
// across the worker processes. Run: npm run bench:verdicts  (= npx jiti test/bench/verdicts.bench.ts)
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { compareReports, DEFAULT_COMPARE } from '../../core/compare/index.js'
import { mulberry32, seedFromString } from '../../core/compare/stats/random.js'
import type { Metric, RunReport } from '../../core/model/types.js'
import { makeReport } from '../helpers/reports.js'

type NoiseKind = 'lognormal' | 'outliers' | 'bimodal'
const KINDS: NoiseKind[] = ['lognormal', 'outliers', 'bimodal']
const CVS = [0.02, 0.05, 0.1, 0.2]
const SHIFTS = [0, 0.02, 0.05, 0.1, 0.2]
const SIZES = [5, 10, 20]
// Many no-change trials: false-alarm rates near 1 % need a standard error well under 0.1 %.
const NULL_TRIALS = Number(process.env.NULL_TRIALS ?? 8000)
const SHIFT_TRIALS = Number(process.env.SHIFT_TRIALS ?? 1000)
const WORKERS = Number(process.env.WORKERS ?? Math.min(2, availableParallelism()))
const options = DEFAULT_COMPARE

interface CellSpec {
  kind: NoiseKind
  cv: number
  n: number
  shift: number
}
interface Cell extends CellSpec {
  trials: number
  regressed: number
  improved: number
  unchanged: number
  inconclusive: number
  ratio200: number
  fixed5: number
}

const specs: CellSpec[] = []
for (const kind of KINDS)
  for (const cv of CVS) for (const n of SIZES) for (const shift of SHIFTS) specs.push({ kind, cv, n, shift })

/** One run's samples around 100 ms; `shift` slows every sample by that fraction. */
function run(random: () => number, kind: NoiseKind, cv: number, n: number, shift: number): number[] {
  const normal = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())
  const sigma = Math.sqrt(Math.log(1 + cv * cv))
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    let x = 100 * Math.exp(sigma * normal() - (sigma * sigma) / 2)
    // Occasional slow outliers: GC pauses, a noisy neighbour (5 % of samples, 1.5–3× slower).
    if (kind === 'outliers' && random() < 0.05) x *= 1.5 + 1.5 * random()
    // Two modes: 30 % of samples take a slower path (+15 %), e.g. another core type or JIT tier.
    if (kind === 'bimodal' && random() < 0.3) x *= 1.15
    samples.push(x * (1 + shift))
  }
  return samples
}

function report(samples: number[]): RunReport {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  const metric: Metric = {
    id: 'bench/sim/latency',
    plugin: 'perfgate:bench',
    title: 'simulated latency',
    unit: 'ms',
    better: 'lower',
    value: median,
    samples,
    verdict: 'new',
  }
  return makeReport({ commit: null, metrics: [metric] })
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

function simulate(spec: CellSpec): Cell {
  const { kind, cv, n, shift } = spec
  const random = mulberry32(seedFromString(`${kind}/${cv}/${n}/${shift}`))
  const trials = shift === 0 ? NULL_TRIALS : SHIFT_TRIALS
  const cell: Cell = {
    ...spec,
    trials,
    regressed: 0,
    improved: 0,
    unchanged: 0,
    inconclusive: 0,
    ratio200: 0,
    fixed5: 0,
  }
  for (let t = 0; t < trials; t++) {
    const base = run(random, kind, cv, n, 0)
    const current = run(random, kind, cv, n, shift)
    const verdict = compareReports(report(current), report(base), [], options).metrics[0].verdict
    if (verdict !== 'new') cell[verdict]++
    // Peers store one figure per run (the benchmark tool's mean) and compare it with a fixed ratio.
    const ratio = mean(current) / mean(base)
    if (ratio >= 2) cell.ratio200++
    if (ratio > 1.05) cell.fixed5++
  }
  return cell
}

/** Worker mode: simulate every WORKERS-th cell and print them as JSON. */
function runPart(part: number): void {
  const cells = specs.filter((_, i) => i % WORKERS === part).map(simulate)
  process.stdout.write(JSON.stringify(cells))
}

function spawnPart(part: number): Promise<Cell[]> {
  const script = fileURLToPath(import.meta.url)
  const child = spawn(process.execPath, ['--import', 'jiti/register', script, `--part=${part}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (chunk) => {
    out += chunk
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`part ${part} exited ${code}`)),
    )
  })
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`
const rate = (
  cell: Cell,
  key: 'regressed' | 'improved' | 'unchanged' | 'inconclusive' | 'ratio200' | 'fixed5',
) => cell[key] / cell.trials

async function main(): Promise<void> {
  const partArg = process.argv.find((a) => a.startsWith('--part='))
  if (partArg) return runPart(Number(partArg.slice('--part='.length)))
  const started = performance.now()
  const parts = await Promise.all(Array.from({ length: WORKERS }, (_, i) => spawnPart(i)))
  const key = (c: CellSpec) => `${c.kind}/${c.cv}/${c.n}/${c.shift}`
  const byKey = new Map(parts.flat().map((c) => [key(c), c]))
  const cells = specs.map((s) => byKey.get(key(s))!)
  const seconds = (performance.now() - started) / 1000

  console.log(
    `perfgate defaults: minEffect ${options.minEffect}, alpha ${options.alpha}; ${NULL_TRIALS} trials per no-change cell, ${SHIFT_TRIALS} per slowed-down cell; ${WORKERS} workers, ${seconds.toFixed(0)} s\n`,
  )
  const nulls = cells.filter((c) => c.shift === 0)
  for (const [label, k] of [
    ['perfgate', 'regressed'],
    ['200 % one-value rule', 'ratio200'],
    ['5 % one-value rule', 'fixed5'],
  ] as const) {
    const worst = nulls.reduce((a, b) => (rate(b, k) > rate(a, k) ? b : a))
    console.log(
      `- worst false-alarm rate, ${label}: ${pct(rate(worst, k), 2)} (${worst.kind}, CV ${worst.cv * 100} %, n ${worst.n})`,
    )
  }
  const target = cells.find((c) => c.kind === 'lognormal' && c.cv === 0.05 && c.n === 10 && c.shift === 0.1)!
  console.log(
    `- detection of a 10 % slowdown, lognormal CV 5 %, 10 samples a side: perfgate ${pct(rate(target, 'regressed'))}, 200 % rule ${pct(rate(target, 'ratio200'))}, 5 % rule ${pct(rate(target, 'fixed5'))}`,
  )
  console.log(
    '\nFalse alarm = `regressed` at shift 0 (first row of each group); detection = `regressed` after a slowdown. Both peer rules compare one figure per run (the mean of the samples).\n',
  )
  console.log(
    '| noise | CV | n | shift | perfgate regressed | unchanged | inconclusive | improved | 200 % rule | 5 % rule |',
  )
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const c of cells) {
    const shift = c.shift === 0 ? '0 (false alarm)' : `+${c.shift * 100} %`
    console.log(
      `| ${c.kind} | ${c.cv * 100} % | ${c.n} | ${shift} | ${pct(rate(c, 'regressed'))} | ${pct(rate(c, 'unchanged'))} | ${pct(rate(c, 'inconclusive'))} | ${pct(rate(c, 'improved'))} | ${pct(rate(c, 'ratio200'))} | ${pct(rate(c, 'fixed5'))} |`,
    )
  }
}

await main()
