import { realpath } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { sep } from 'node:path'
import { z } from 'zod'
import type { FindingInput, MetricInput, PluginContext } from '../../core/model/types.js'
import {
  definePlugin,
  docsUrl,
  errorMessage,
  type PluginHooks,
  readCgroupMemory,
} from '../../core/toolkit/index.js'
import { calibrate } from './calibration.js'
import { sampleCpu } from './cpu.js'
import { checkServices, type ServiceResult, serviceSlugs } from './services.js'

const httpUrl = z.string().refine((url) => {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol)
  } catch {
    return false
  }
}, 'must be an http(s) URL, e.g. "http://127.0.0.1:3000/health"')

const serviceSchema = z.strictObject({
  /** Shown in messages; its slug names the metrics (`host/service/<slug>/up`). */
  name: z.string().trim().min(1, 'needs a non-empty name'),
  url: httpUrl,
  /** Default 5000 ms. */
  timeoutMs: z.number().positive().optional(),
  /** The status that means "up". Default: any 2xx. */
  expectStatus: z.number().int().min(100).max(599).optional(),
})

const hostOptionsSchema = z.strictObject({
  /** Window over which CPU busy and steal are measured (ms). */
  sampleMs: z.number().positive().default(1000),
  /** Length of one calibration run (ms). */
  calibrationMs: z.number().positive().default(300),
  /** Calibration runs, one ops/s sample each. */
  calibrationRuns: z.number().int().positive().default(5),
  /** Health checks: each URL is requested once; up/down and latency are reported. */
  services: z.array(serviceSchema).default([]),
})

export type HostOptions = z.input<typeof hostOptionsSchema>

/**
 * The machine the run happens on: CPU, memory, disk, load, a calibration score, and service health.
 * Every figure is context: it says where the run happened, never what the change did.
 */
export const hostPlugin = definePlugin({
  meta: {
    name: 'perfgate:host',
    docs: docsUrl('host.md'),
    rules: {
      'host/probe-failed': { description: 'A figure of the machine could not be read.' },
      'host/service-down': { description: 'A service health check failed.' },
    },
  },
  schema: hostOptionsSchema,
  create: (options) => createHost(options),
})

function createHost(options: z.output<typeof hostOptionsSchema>): PluginHooks {
  const { sampleMs, calibrationMs, calibrationRuns, services } = options
  const slugs = serviceSlugs(services)

  return {
    async collect(ctx) {
      const metrics: MetricInput[] = []
      const findings: FindingInput[] = []
      const probe = probeWith(ctx, findings)

      // The probes that spawn processes and open sockets come first, so that the CPU window
      // afterwards sees the machine's own load and not perfgate's.
      if (services.length > 0) ctx.progress.update(`checking ${services.length} service(s)`)
      const [memory, disk, serviceResults] = await Promise.all([
        probe('memory usage', readMemoryUsed),
        probe('disk usage', () => readDiskUsed(ctx.cwd)),
        checkServices(services, slugs, ctx.signal),
      ])
      ctx.progress.update(`sampling CPU for ${sampleMs} ms`)
      const cpu = await probe('CPU usage', () => sampleCpu(sampleMs, ctx.signal))
      ctx.signal.throwIfAborted()

      if (cpu) {
        metrics.push(percent('host/cpu/busy', `CPU busy (${sampleMs} ms window)`, cpu.busy))
        if (cpu.steal !== null) metrics.push(percent('host/cpu/steal', 'CPU steal (hypervisor)', cpu.steal))
      }
      if (memory !== null) metrics.push(percent('host/memory/used', 'Memory used', memory))
      if (disk) metrics.push(percent('host/disk/used', `Disk used (${disk.mount})`, disk.used))
      if (process.platform !== 'win32') {
        // Windows has no load average: node reports zeros there.
        const load = Math.round(loadavg()[0] * 100) / 100
        metrics.push({
          id: 'host/load/1m',
          title: 'Load average (1 min)',
          unit: 'none',
          better: 'lower',
          value: load,
        })
      }
      for (const result of serviceResults) reportService(result, metrics, findings)

      const samples = await calibrate({
        durationMs: calibrationMs,
        runs: calibrationRuns,
        signal: ctx.signal,
        onRun: (run, runs) => ctx.progress.update(`calibration run ${run}/${runs}`),
      })
      metrics.push({
        id: 'host/calibration/ops',
        title: 'Calibration score (fixed CPU work)',
        unit: 'ops/s',
        better: 'higher',
        samples,
        timing: true,
      })
      // The machine, not the change: core never calls these regressed (budgets still apply).
      return { metrics: metrics.map((m) => ({ ...m, role: 'context' as const })), findings }
    },
  }
}

/** Runs one probe; a failure becomes a warning finding instead of failing the whole plugin. */
function probeWith(ctx: PluginContext, findings: FindingInput[]) {
  return async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read()
    } catch (error) {
      ctx.signal.throwIfAborted()
      ctx.logger.warn(`could not read ${what}: ${errorMessage(error)}`)
      findings.push({
        ruleId: 'host/probe-failed',
        severity: 'warning',
        message: `Could not read ${what}: ${errorMessage(error)}`,
      })
      return null
    }
  }
}

function reportService(result: ServiceResult, metrics: MetricInput[], findings: FindingInput[]): void {
  const base = `host/service/${result.slug}`
  metrics.push({
    id: `${base}/up`,
    title: `${result.name} up`,
    unit: 'count',
    better: 'higher',
    value: result.up ? 1 : 0,
  })
  if (result.latencyMs !== null) {
    metrics.push({
      id: `${base}/latency`,
      title: `${result.name} latency`,
      unit: 'ms',
      better: 'lower',
      value: result.latencyMs,
    })
  }
  if (!result.up) {
    findings.push({
      ruleId: 'host/service-down',
      severity: 'error',
      message: `Service "${result.name}" at ${result.url} is down: ${result.error}`,
      help: 'Start the service before perfgate runs, or check the URL, `expectStatus` and `timeoutMs` in hostPlugin({ services }).',
    })
  }
}

function percent(id: string, title: string, value: number): MetricInput {
  return { id, title, unit: 'percent', better: 'lower', value: Math.round(value * 100) / 100 }
}

/**
 * Memory in use from *available* (free excludes reclaimable caches and overstates use); inside a
 * container with a memory limit below the machine's memory, the share of that limit, which is what
 * runs out first.
 */
async function readMemoryUsed(): Promise<number> {
  const si = await import('systeminformation')
  const [{ total, available }, cgroup] = await Promise.all([si.mem(), readCgroupMemory()])
  if (!(total > 0)) throw new Error('systeminformation reported no total memory')
  if (cgroup && cgroup.limit < total) return Math.min(100, (cgroup.used / cgroup.limit) * 100)
  return ((total - available) / total) * 100
}

/** Disk use of the filesystem holding `cwd`: the mount with the longest matching prefix. */
async function readDiskUsed(cwd: string): Promise<{ mount: string; used: number }> {
  const si = await import('systeminformation')
  const [path, filesystems] = await Promise.all([realpath(cwd).catch(() => cwd), si.fsSize()])
  const fs = pickMount(path, filesystems)
  if (!fs) throw new Error(`no mounted filesystem contains ${path}`)
  const used = Number.isFinite(fs.use) ? fs.use : (fs.used / (fs.used + fs.available)) * 100
  return { mount: fs.mount, used }
}

/** The filesystem whose mount point is the longest prefix of `path`. */
export function pickMount<T extends { mount: string }>(path: string, filesystems: T[]): T | null {
  const windows = process.platform === 'win32'
  const norm = (p: string) => (windows ? p.toLowerCase().replaceAll('/', '\\') : p)
  const target = norm(path)
  let best: T | null = null
  for (const fs of filesystems) {
    const mount = norm(fs.mount).replace(/[\\/]+$/, '')
    const contains = target === mount || target.startsWith(`${mount}${windows ? '\\' : sep}`) || mount === ''
    if (contains && (!best || norm(best.mount).length < norm(fs.mount).length)) best = fs
  }
  return best
}
