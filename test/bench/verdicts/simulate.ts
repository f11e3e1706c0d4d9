// Work units of the simulation and their tallies. A unit is one noise model and one effect (how many of
// the 20 metrics are slowed, by how much), seeded on its own so that results do not depend on how units
// are spread over worker processes.
import { DEFAULT_SAMPLING_PLAN, type SamplingPlan } from '../../../core/compare/defaults.js'
import { seedFromString } from '../../../core/compare/stats/random.js'
import { checkAgainstCompareReports } from './check.js'
import { createRandom, drawTrial, METRICS, NOISE } from './noise.js'
import { type BaselineMode, type StopRule, TrialRules, type Verdict } from './rules.js'

export const FIXED_SIZES = [5, 10, 15, 20]
export const EFFECTS = [
  { shifted: 0, shift: 0 },
  { shifted: 1, shift: 0.05 },
  { shifted: 1, shift: 0.1 },
  { shifted: 1, shift: 0.2 },
  { shifted: 1, shift: 0.5 },
  { shifted: 10, shift: 0.1 },
  { shifted: 10, shift: 0.2 },
]
export const MODES: BaselineMode[] = ['same-job', 'stored', 'stored-raw', 'stored-naive']

/** Sequential plans compared (same job): the default, a later start, a higher cap, and no spending. */
export const PLANS: Array<{ label: string; plan: SamplingPlan; spend: boolean }> = [
  { label: '5→20 by 5, O’Brien–Fleming (default)', plan: DEFAULT_SAMPLING_PLAN, spend: true },
  { label: '10→20 by 5, O’Brien–Fleming', plan: { min: 10, step: 5, max: 20 }, spend: true },
  { label: '5→30 by 5, O’Brien–Fleming', plan: { min: 5, step: 5, max: 30 }, spend: true },
  { label: '5→20 by 5, alpha at every look (no spending)', plan: DEFAULT_SAMPLING_PLAN, spend: false },
]
export const PLAN_NOISE = [1, 2, 5]
export const RULE_NOISE = [1, 4, 5]

/** Stopping rules compared on every noise model: before/after this change, unpaired/paired. */
export const STOP_RULES: Array<{ label: string; rule: StopRule }> = [
  { label: 'before, unpaired', rule: { rule: 'before', paired: false } },
  { label: 'before, paired', rule: { rule: 'before', paired: true } },
  { label: 'after, unpaired', rule: { rule: 'after', paired: false } },
  { label: 'after, paired', rule: { rule: 'after', paired: true } },
  { label: 'after, paired when correlated', rule: { rule: 'after', paired: 'correlated' } },
]
/** Effects of the stopping-rule units: no change, a lone +10 %, a lone +20 %, ten metrics +10 %. */
export const STOP_EFFECTS = [0, 2, 3, 5]

export type UnitKind = 'grid' | 'rules' | 'plans' | 'stop'
export interface Unit {
  kind: UnitKind
  noise: number
  effect: number
  trials: number
}

export interface Tally {
  trials: number
  shifted: number
  unshifted: number
  detected: number
  falseAlarms: number
  unchanged: number
  failedRuns: number
  samples: number
  /** Runs that stopped within two looks. */
  early: number
  /** Runs whose unshifted metrics all ended `unchanged`. */
  allUnchanged: number
  /** Runs that stopped within two looks with every unshifted metric `unchanged`. */
  earlyUnchanged: number
}

export interface PeerTally {
  shifted: number
  unshifted: number
  ratio200: [number, number]
  fixed5: [number, number]
  bencher: [number, number]
}

export interface UnitResult extends Unit {
  tallies: Record<string, Tally>
  peers: Record<string, PeerTally>
}

export function emptyTally(): Tally {
  return {
    trials: 0,
    shifted: 0,
    unshifted: 0,
    detected: 0,
    falseAlarms: 0,
    unchanged: 0,
    failedRuns: 0,
    samples: 0,
    early: 0,
    allUnchanged: 0,
    earlyUnchanged: 0,
  }
}

function count(tally: Tally, verdicts: Verdict[], shifts: number[], samples: number, looks = 0): void {
  tally.trials++
  tally.samples += samples
  let failed = false
  const allUnchanged = verdicts.every((v, m) => shifts[m] !== 0 || v === 'unchanged')
  if (looks > 0 && looks <= 2) tally.early++
  if (allUnchanged) tally.allUnchanged++
  if (allUnchanged && looks > 0 && looks <= 2) tally.earlyUnchanged++
  verdicts.forEach((verdict, m) => {
    if (shifts[m] !== 0) {
      tally.shifted++
      if (verdict === 'regressed') tally.detected++
    } else {
      tally.unshifted++
      if (verdict === 'regressed') {
        tally.falseAlarms++
        failed = true
      }
      if (verdict === 'unchanged') tally.unchanged++
    }
  })
  if (failed) tally.failedRuns++
}

/** Trials of one unit; the first few of each are checked against compareReports. */
export function simulateUnit(unit: Unit, checks: number): UnitResult {
  const noise = NOISE[unit.noise]
  const { shifted, shift } = EFFECTS[unit.effect]
  const random = createRandom(seedFromString(`${unit.kind}/${noise.name}/${shifted}/${shift}`))
  const maxN = unit.kind === 'plans' ? 30 : 20
  const tallies: Record<string, Tally> = {}
  const peers: Record<string, PeerTally> = {}
  const tally = (key: string): Tally => {
    tallies[key] ??= emptyTally()
    return tallies[key]
  }
  for (let t = 0; t < unit.trials; t++) {
    const data = drawTrial(random, noise, shifted, shift, maxN)
    const rules = new TrialRules(data)
    if (unit.kind === 'grid') {
      if (t < checks) checkAgainstCompareReports(rules, DEFAULT_SAMPLING_PLAN)
      for (const mode of MODES) {
        for (const n of FIXED_SIZES) {
          count(tally(`${mode}|n${n}`), rules.fixed(mode, n), data.shift, n)
          if (mode === 'stored-raw' || mode === 'stored-naive') continue // the same data as `stored`
          const key = `${mode}|n${n}`
          peers[key] ??= { shifted: 0, unshifted: 0, ratio200: [0, 0], fixed5: [0, 0], bencher: [0, 0] }
          const peer = peers[key]
          for (let m = 0; m < METRICS; m++) {
            const hit = data.shift[m] !== 0 ? 1 : 0
            if (hit) peer.shifted++
            else peer.unshifted++
            if (rules.ratio200(mode, n, m)) peer.ratio200[hit]++
            if (rules.fixed5(mode, n, m)) peer.fixed5[hit]++
            if (rules.bencher(n, m)) peer.bencher[hit]++
          }
        }
        const seq = rules.sequential(mode, DEFAULT_SAMPLING_PLAN)
        count(tally(`${mode}|seq`), seq.verdicts, data.shift, seq.samples)
      }
    } else if (unit.kind === 'rules') {
      for (const n of [10, 20]) {
        count(tally(`hl|n${n}`), rules.fixed('same-job', n), data.shift, n)
        count(tally(`bootstrap|n${n}`), rules.bootstrapRule(n), data.shift, n)
      }
    } else if (unit.kind === 'stop') {
      if (t < checks) checkAgainstCompareReports(rules, DEFAULT_SAMPLING_PLAN)
      STOP_RULES.forEach(({ rule }, i) => {
        const out = rules.stop(rule, DEFAULT_SAMPLING_PLAN)
        count(tally(`stop${i}`), out.verdicts, data.shift, out.samples, out.looks)
      })
    } else {
      PLANS.forEach((p, i) => {
        const seq = rules.sequential('same-job', p.plan, p.spend)
        count(tally(`plan${i}`), seq.verdicts, data.shift, seq.samples)
      })
    }
  }
  return { ...unit, tallies, peers }
}
