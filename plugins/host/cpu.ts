import { readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'

/** Cumulative CPU time counters (any unit, only differences matter). */
export interface CpuTimes {
  total: number
  /** idle + iowait: time the CPUs had nothing to run. */
  idle: number
  /** Time the hypervisor ran someone else while this guest wanted the CPU. */
  steal: number | null
}

export interface CpuUsage {
  /** Percent of CPU time spent busy over the window, all CPUs together. */
  busy: number
  /** Percent of CPU time stolen by the hypervisor; null where the OS does not say. */
  steal: number | null
}

/** Reads the aggregate `cpu` line of /proc/stat; null when it is missing or malformed. */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '))
  if (!line) return null
  const fields = line.trim().split(/\s+/).slice(1).map(Number)
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return null
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal] = fields
  const total = user + nice + system + idle + iowait + irq + softirq + (steal ?? 0)
  return { total, idle: idle + iowait, steal: steal ?? null }
}

/** Busy and steal percentages between two readings of the counters. */
export function cpuUsageBetween(before: CpuTimes, after: CpuTimes): CpuUsage {
  const total = after.total - before.total
  const percentOf = (part: number) => (total > 0 ? clampPercent((part / total) * 100) : 0)
  const steal = before.steal === null || after.steal === null ? null : percentOf(after.steal - before.steal)
  return { busy: percentOf(total - (after.idle - before.idle)), steal }
}

function clampPercent(n: number): number {
  return Math.min(100, Math.max(0, n))
}

async function readProcStat(): Promise<CpuTimes | null> {
  if (process.platform !== 'linux') return null
  try {
    return parseProcStat(await readFile('/proc/stat', 'utf8'))
  } catch {
    return null
  }
}

/** Portable fallback: node's per-CPU counters (no steal). */
function osCpuTimes(): CpuTimes {
  let total = 0
  let idle = 0
  for (const { times } of cpus()) {
    total += times.user + times.nice + times.sys + times.idle + times.irq
    idle += times.idle
  }
  return { total, idle, steal: null }
}

/** CPU busy and steal over `windowMs`; /proc/stat on Linux, node's counters elsewhere. */
export async function sampleCpu(windowMs: number, signal?: AbortSignal): Promise<CpuUsage> {
  const before = await readProcStat()
  const osBefore = before ? null : osCpuTimes()
  await sleep(windowMs, undefined, { signal })
  if (before) {
    const after = await readProcStat()
    if (after) return cpuUsageBetween(before, after)
  }
  return cpuUsageBetween(osBefore ?? osCpuTimes(), osCpuTimes())
}
