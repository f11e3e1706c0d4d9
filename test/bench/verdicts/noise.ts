// The simulated machine: one run of METRICS timing metrics, measured in a job whose speed may differ
// from other jobs', with samples drawn from one of seven noise models. Round i's base and head samples are
// drawn one after the other (interleaved A/B): the within-job trend and busy spells hit both alike.
import { mulberry32 } from '../../../core/compare/stats/random.js'

export const METRICS = 20
/** Earlier base-branch jobs, each measuring every metric with HISTORY_SAMPLES samples. */
export const HISTORY_JOBS = 10
export const HISTORY_SAMPLES = 10

export interface NoiseModel {
  name: string
  /** Within-run lognormal CV. */
  cv: number
  /** With this probability a sample is a slow outlier ×(1 + 0.3·U) (GC pause, a noisy neighbour). */
  outlier?: number
  /** With this probability a sample is from a disturbed process, ×U(1.3, 2.0). */
  disturbed?: number
  /** CV of one lognormal speed factor per job, shared by every metric of that job. */
  jobCv?: number
  /**
   * Within-job drift: a slow linear trend across the rounds of a job, shared by both sides and every
   * metric; its log change from the first to the 20th round is normal with this standard deviation.
   */
  trend?: number
  /** Busy spells: each round starts one with this probability; it slows 2–4 rounds ×U(1.2, 1.6), both sides. */
  bursts?: number
  /** Bimodal: with probability ½ a sample comes from a second mode this much slower (a JIT tier, a GC). */
  mode?: number
}

export const NOISE: NoiseModel[] = [
  { name: 'lognormal CV 2 %', cv: 0.02 },
  { name: 'lognormal CV 5 %', cv: 0.05 },
  { name: 'lognormal CV 10 %', cv: 0.1 },
  { name: 'lognormal CV 20 %', cv: 0.2 },
  { name: 'slow outliers (10 %)', cv: 0.05, outlier: 0.1 },
  { name: 'disturbed (20 %)', cv: 0.05, disturbed: 0.2 },
  { name: 'job drift CV 3 %', cv: 0.05, jobCv: 0.03 },
  { name: 'within-job trend ±10 %', cv: 0.05, trend: 0.1 },
  { name: 'busy spells (5 % of rounds)', cv: 0.05, bursts: 0.05 },
  { name: 'bimodal (+15 % mode)', cv: 0.03, mode: 0.15 },
]

/** Noise models of the fixed-size grid (the first seven); the stopping rules run on all. */
export const GRID_NOISE = [0, 1, 2, 3, 4, 5, 6]

export interface Random {
  uniform(): number
  normal(): number
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed)
  let spare: number | undefined
  return {
    uniform: next,
    normal() {
      if (spare !== undefined) {
        const value = spare
        spare = undefined
        return value
      }
      // Box–Muller, both values used.
      const r = Math.sqrt(-2 * Math.log(next() || 1e-12))
      const angle = 2 * Math.PI * next()
      spare = r * Math.sin(angle)
      return r * Math.cos(angle)
    },
  }
}

/** One sample around `level`, slowed by `factor` (the job's speed and the metric's true change). */
function sample(random: Random, noise: NoiseModel, level: number, factor: number): number {
  const sigma = Math.sqrt(Math.log(1 + noise.cv * noise.cv))
  let x = level * factor * Math.exp(sigma * random.normal())
  if (noise.outlier && random.uniform() < noise.outlier) x *= 1 + 0.3 * random.uniform()
  if (noise.disturbed && random.uniform() < noise.disturbed) x *= 1.3 + 0.7 * random.uniform()
  if (noise.mode && random.uniform() < 0.5) x *= 1 + noise.mode
  return x
}

/** The speed of each round of one job (trend × busy spells), shared by both sides and every metric. */
function roundFactors(random: Random, noise: NoiseModel, rounds: number): number[] {
  const factors = new Array<number>(rounds).fill(1)
  if (noise.trend) {
    const slope = (noise.trend * random.normal()) / 19
    for (let i = 0; i < rounds; i++) factors[i] *= Math.exp(slope * (i - 9.5))
  }
  if (noise.bursts)
    for (let i = 0; i < rounds; i++) {
      if (random.uniform() >= noise.bursts) continue
      const length = 2 + Math.floor(3 * random.uniform())
      const slow = 1.2 + 0.4 * random.uniform()
      for (let j = i; j < Math.min(rounds, i + length); j++) factors[j] *= slow
    }
  return factors
}

function jobFactor(random: Random, noise: NoiseModel): number {
  if (!noise.jobCv) return 1
  const sigma = Math.sqrt(Math.log(1 + noise.jobCv * noise.jobCv))
  return Math.exp(sigma * random.normal())
}

export interface TrialData {
  /** Per metric: the head's samples (up to maxN), in the head's job. */
  head: number[][]
  /** Per metric: the base measured in the same job, interleaved (shares the head's job factor). */
  sameJobBase: number[][]
  /** Per metric: the base as stored by another job (its own job factor). */
  storedBase: number[][]
  /** Per metric: the figure (median) of each earlier base-branch job, and its mean (for peers). */
  historyMedians: number[][]
  historyMeans: number[][]
  /** Per metric: the true relative change of the head. */
  shift: number[]
}

/** One run: `shifted` metrics (the first ones) slowed by `shift`, the others unchanged. */
export function drawTrial(
  random: Random,
  noise: NoiseModel,
  shifted: number,
  shift: number,
  maxN: number,
): TrialData {
  const headJob = jobFactor(random, noise)
  const storedJob = jobFactor(random, noise)
  const historyJobs = Array.from({ length: HISTORY_JOBS }, () => jobFactor(random, noise))
  const rounds = noise.trend || noise.bursts ? roundFactors(random, noise, maxN) : undefined
  const data: TrialData = {
    head: [],
    sameJobBase: [],
    storedBase: [],
    historyMedians: [],
    historyMeans: [],
    shift: [],
  }
  for (let m = 0; m < METRICS; m++) {
    // Metrics of different sizes: from 1 ms to 1 s.
    const level = 10 ** (3 * random.uniform())
    const change = m < shifted ? shift : 0
    const head: number[] = []
    const same: number[] = []
    const stored: number[] = []
    for (let i = 0; i < maxN; i++) {
      // Interleaved: base and head of one round follow each other.
      const job = headJob * (rounds ? rounds[i] : 1)
      same.push(sample(random, noise, level, job))
      head.push(sample(random, noise, level, job * (1 + change)))
      stored.push(sample(random, noise, level, storedJob))
    }
    const medians: number[] = []
    const means: number[] = []
    for (const job of historyJobs) {
      const values = Array.from({ length: HISTORY_SAMPLES }, () => sample(random, noise, level, job))
      medians.push(medianOf(values))
      means.push(values.reduce((a, b) => a + b, 0) / values.length)
    }
    data.head.push(head)
    data.sameJobBase.push(same)
    data.storedBase.push(stored)
    data.historyMedians.push(medians)
    data.historyMeans.push(means)
    data.shift.push(change)
  }
  return data
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const meanOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length
