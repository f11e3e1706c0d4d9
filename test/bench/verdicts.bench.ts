// Simulated CI noise: how often perfgate calls a regression when nothing changed (false alarm) and when
// code got slower (detection), in runs of 20 timing metrics, fixed and sequential sampling, base measured
// in the same job (A/B) or stored by another job — next to the rules other tools use, on the same data.
// Deterministic: every unit has its own seed. Run: npm run bench:verdicts [-- --quick]
//   (= npx jiti test/bench/verdicts.bench.ts; --quick runs a fifth of the trials)
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { DEFAULT_COMPARE, DEFAULT_SAMPLING_PLAN } from '../../core/compare/defaults.js'
import { lookSizes, nominalAlpha } from '../../core/compare/sequential.js'
import { GRID_NOISE, NOISE } from './verdicts/noise.js'
import { printReport } from './verdicts/print.js'
import {
  EFFECTS,
  PLAN_NOISE,
  RULE_NOISE,
  STOP_EFFECTS,
  simulateUnit,
  type Unit,
  type UnitResult,
} from './verdicts/simulate.js'

const quick = process.argv.includes('--quick')
const scale = quick ? 0.2 : 1
const NULL_TRIALS = Math.round(Number(process.env.NULL_TRIALS ?? 500) * scale)
const SHIFT_TRIALS = Math.round(Number(process.env.SHIFT_TRIALS ?? 200) * scale)
const CHECKS = Number(process.env.CHECKS ?? 2)
const WORKERS = Number(process.env.WORKERS ?? Math.min(2, availableParallelism()))

function units(): Unit[] {
  const all: Unit[] = []
  const trials = (effect: number) => (EFFECTS[effect].shifted === 0 ? NULL_TRIALS : SHIFT_TRIALS)
  for (const noise of GRID_NOISE)
    for (let effect = 0; effect < EFFECTS.length; effect++)
      all.push({ kind: 'grid', noise, effect, trials: trials(effect) })
  // Stopping rules before/after, unpaired/paired, on every noise model (including within-job drift).
  for (let noise = 0; noise < NOISE.length; noise++)
    for (const effect of STOP_EFFECTS) all.push({ kind: 'stop', noise, effect, trials: trials(effect) })
  // HL vs the former bootstrap interval, and the sampling plans: no change and a lone +10 %.
  for (const noise of RULE_NOISE)
    for (const effect of [0, 2])
      all.push({ kind: 'rules', noise, effect, trials: Math.round(trials(effect) / 2) })
  for (const noise of PLAN_NOISE)
    for (const effect of [0, 2]) all.push({ kind: 'plans', noise, effect, trials: trials(effect) })
  return all
}

/** ONLY=stop (or grid, rules, plans): run one kind of unit, e.g. to tune a rule. */
const ONLY = process.env.ONLY

function runPart(part: number): void {
  const results = units()
    .filter((u) => !ONLY || u.kind === ONLY)
    .filter((_, i) => i % WORKERS === part)
    .map((unit) => simulateUnit(unit, CHECKS))
  process.stdout.write(JSON.stringify(results))
}

function spawnPart(part: number): Promise<UnitResult[]> {
  const script = fileURLToPath(import.meta.url)
  const args = ['--import', 'jiti/register', script, `--part=${part}`, ...(quick ? ['--quick'] : [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
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

async function main(): Promise<void> {
  const partArg = process.argv.find((a) => a.startsWith('--part='))
  if (partArg) return runPart(Number(partArg.slice('--part='.length)))
  const started = performance.now()
  const results = (await Promise.all(Array.from({ length: WORKERS }, (_, i) => spawnPart(i)))).flat()
  const seconds = (performance.now() - started) / 1000
  const plan = DEFAULT_SAMPLING_PLAN
  const levels = lookSizes(plan)
    .map((n, i) => `${n}: ${nominalAlpha(DEFAULT_COMPARE.alpha, i + 1, plan).toExponential(1)}`)
    .join(', ')
  console.log(
    `perfgate defaults: minEffect ${DEFAULT_COMPARE.minEffect}, alpha ${DEFAULT_COMPARE.alpha} (Benjamini–Hochberg over 20 metrics); sequential ${plan.min}→${plan.max} by ${plan.step}, nominal levels ${levels}`,
  )
  console.log(
    `${NULL_TRIALS} runs of 20 metrics per no-change cell, ${SHIFT_TRIALS} per shifted cell; ${CHECKS} runs per cell checked against compareReports; ${WORKERS} workers, ${seconds.toFixed(0)} s${quick ? ' (--quick)' : ''}\n`,
  )
  printReport(results)
}

await main()
