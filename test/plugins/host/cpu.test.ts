import { describe, expect, it } from 'vitest'
import { calibrate, calibrationWork } from '../../../plugins/host/calibration.js'
import { cpuUsageBetween, parseProcStat, sampleCpu } from '../../../plugins/host/cpu.js'

const STAT_BEFORE = 'cpu  1000 0 500 8000 100 0 0 400 0 0\ncpu0 500 0 250 4000 50 0 0 200 0 0\nintr 1 2 3\n'
const STAT_AFTER = 'cpu  1300 0 600 8400 100 0 0 600 0 0\ncpu0 650 0 300 4200 50 0 0 300 0 0\nintr 1 2 3\n'

describe('/proc/stat sampling', () => {
  it('parses the aggregate cpu line', () => {
    expect(parseProcStat(STAT_BEFORE)).toEqual({ total: 10_000, idle: 8100, steal: 400 })
    expect(parseProcStat('cpu0 1 2 3 4\n')).toBeNull()
    expect(parseProcStat('cpu  a b c d\n')).toBeNull()
  })

  it('computes busy and steal percentages over the window', () => {
    const before = parseProcStat(STAT_BEFORE)
    const after = parseProcStat(STAT_AFTER)
    if (!before || !after) throw new Error('fixture did not parse')
    // Δtotal 1000: Δidle 400 → 60 % busy; Δsteal 200 → 20 % stolen.
    expect(cpuUsageBetween(before, after)).toEqual({ busy: 60, steal: 20 })
    expect(cpuUsageBetween(before, before)).toEqual({ busy: 0, steal: 0 })
  })

  it('has no steal figure when the kernel gives none', () => {
    const old = parseProcStat('cpu  100 0 100 800\n')
    const later = parseProcStat('cpu  150 0 150 900\n')
    if (!old || !later) throw new Error('fixture did not parse')
    expect(cpuUsageBetween(old, later)).toEqual({ busy: 50, steal: null })
  })

  it('samples the real CPU counters', async () => {
    const usage = await sampleCpu(100)
    expect(usage.busy).toBeGreaterThanOrEqual(0)
    expect(usage.busy).toBeLessThanOrEqual(100)
    if (process.platform === 'linux') expect(usage.steal).not.toBeNull()
  })
})

describe('calibration', () => {
  it('does the same work every time', () => {
    expect(calibrationWork(42)).toBe(calibrationWork(42))
    expect(calibrationWork(42)).not.toBe(calibrationWork(43))
  })

  it('returns one positive ops/s sample per run', async () => {
    const runs: number[] = []
    const samples = await calibrate({ durationMs: 30, runs: 4, onRun: (run) => runs.push(run) })
    expect(samples).toHaveLength(4)
    for (const s of samples) expect(s).toBeGreaterThan(0)
    expect(runs).toEqual([1, 2, 3, 4])
  })

  it('does not start when already aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('too late'))
    await expect(calibrate({ durationMs: 30, runs: 2, signal: controller.signal })).rejects.toThrow(
      'too late',
    )
  })
})
