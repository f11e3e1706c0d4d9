import { setImmediate as yieldToEventLoop } from 'node:timers/promises'

const WORK_SIZE = 512

/**
 * One unit of fixed, deterministic CPU work: fill an array from a seeded xorshift,
 * mix every value with a multiplicative hash, sort it. Returns a checksum so the
 * work cannot be optimised away.
 */
export function calibrationWork(seed = 0x9e3779b9): number {
  const values = new Uint32Array(WORK_SIZE)
  let x = seed >>> 0 || 1
  for (let i = 0; i < WORK_SIZE; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    let h = Math.imul(x >>> 0, 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    values[i] = (h ^ (h >>> 16)) >>> 0
  }
  values.sort()
  let checksum = 0
  for (let i = 0; i < WORK_SIZE; i += 64) checksum = (checksum + values[i]) >>> 0
  return checksum
}

/** How many work units per second fit into `durationMs` of busy looping. */
function measureRun(durationMs: number): number {
  let units = 0
  let sink = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < durationMs) {
    sink ^= calibrationWork(units + 1)
    units++
    elapsed = performance.now() - start
  }
  // `sink` is always a number; the comparison keeps the JIT from dropping the work.
  return sink === -1 ? 0 : units / (elapsed / 1000)
}

export interface CalibrationOptions {
  durationMs: number
  runs: number
  signal?: AbortSignal
  onRun?: (run: number, runs: number) => void
}

/** One ops/s figure per run, after a short warm-up; yields between runs so an abort lands quickly. */
export async function calibrate(options: CalibrationOptions): Promise<number[]> {
  const { durationMs, runs, signal, onRun } = options
  signal?.throwIfAborted()
  measureRun(Math.min(50, durationMs)) // warm-up: let the JIT compile the work first
  const samples: number[] = []
  for (let run = 1; run <= runs; run++) {
    await yieldToEventLoop()
    signal?.throwIfAborted()
    onRun?.(run, runs)
    samples.push(Math.round(measureRun(durationMs)))
  }
  return samples
}
