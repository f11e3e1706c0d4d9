import { realpath } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { sep } from 'node:path'
import { readCgroupMemory } from '../../core/host/index.js'
import { errorMessage, PerfgateError } from '../../core/model/errors.js'
import type { FindingInput, MetricInput, PerfgatePlugin, PluginContext } from '../../core/model/types.js'
import { calibrate } from './calibration.js'
import { sampleCpu } from './cpu.js'
import { checkServices, type ServiceCheck, type ServiceResult, serviceSlugs } from './services.js'

export interface HostOptions {
  /** Window over which CPU busy and steal are measured (ms). Default 1000. */
  sampleMs?: number
  /** Length of one calibration run (ms). Default 300. */
  calibrationMs?: number
  /** Calibration runs, one ops/s sample each. Default 5. */
  calibrationRuns?: number
  /** Health checks: each URL is requested once; up/down and latency are reported. */
  services?: ServiceCheck[]
}

const PLUGIN = 'perfgate:host'

/** The machine the run happens on: CPU, memory, disk, load, a calibration score, and service health. */
export function hostPlugin(options: HostOptions = {}): PerfgatePlugin {
  const sampleMs = positive(options.sampleMs, 'sampleMs', 1000)
  const calibrationMs = positive(options.calibrationMs, 'calibrationMs', 300)
  const calibrationRuns = Math.max(1, Math.round(positive(options.calibrationRuns, 'calibrationRuns', 5)))
  const services = validateServices(options.services ?? [])
  const slugs = serviceSlugs(services)

  return {
    name: PLUGIN,
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
      return { metrics, findings }
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

function positive(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(
      `hostPlugin option "${option}" must be a positive number of ${option === 'calibrationRuns' ? 'runs' : 'ms'}, got ${JSON.stringify(value)}`,
    )
  }
  return value
}

function validateServices(services: ServiceCheck[]): ServiceCheck[] {
  if (!Array.isArray(services))
    throw invalid('hostPlugin option "services" must be an array of { name, url }')
  services.forEach((service, i) => {
    const where = `hostPlugin services[${i}]`
    if (!service || typeof service.name !== 'string' || service.name.trim() === '') {
      throw invalid(`${where} needs a non-empty "name"`)
    }
    if (!isHttpUrl(service.url))
      throw invalid(
        `${where} ("${service.name}") has url ${JSON.stringify(service.url)}, which is not an http(s) URL`,
      )
    if (service.timeoutMs !== undefined && !(Number.isFinite(service.timeoutMs) && service.timeoutMs > 0)) {
      throw invalid(
        `${where} ("${service.name}") has timeoutMs ${JSON.stringify(service.timeoutMs)}; use a positive number of ms`,
      )
    }
    if (
      service.expectStatus !== undefined &&
      !(Number.isInteger(service.expectStatus) && service.expectStatus >= 100 && service.expectStatus <= 599)
    ) {
      throw invalid(
        `${where} ("${service.name}") has expectStatus ${JSON.stringify(service.expectStatus)}; use an HTTP status such as 200`,
      )
    }
  })
  return services
}

function isHttpUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol)
  } catch {
    return false
  }
}

function invalid(message: string): PerfgateError {
  return new PerfgateError('CONFIG_INVALID', message, {
    hint: 'See README "Plugins › host": hostPlugin({ sampleMs, calibrationMs, calibrationRuns, services: [{ name, url, timeoutMs?, expectStatus? }] }).',
  })
}
