import { arch, cpus, platform, release, totalmem, version } from 'node:os'
import type { HostFingerprint } from '../model/types.js'
import { cgroupV2Dirs, readText } from './cgroup.js'

type Env = Record<string, string | undefined>

/** What machine the numbers came from. Never throws: unknowns become 'unknown' or null. */
export async function hostFingerprint(): Promise<HostFingerprint> {
  const [os, cpuQuota] = await Promise.all([describeOs(), readCpuQuota()])
  const cpuList = safe(() => cpus(), [])
  return {
    cpuModel: cpuList[0]?.model.trim() || 'unknown',
    cores: cpuList.length,
    memoryBytes: safe(() => totalmem(), 0),
    os,
    arch: process.arch || safe(() => arch(), 'unknown'),
    node: process.version,
    ci: detectCi(process.env),
    cpuQuota,
  }
}

/** The CI service and runner from the environment; both null outside CI. */
export function detectCi(env: Env): HostFingerprint['ci'] {
  const set = (name: string) => Boolean(env[name]) && env[name] !== 'false'
  if (set('GITHUB_ACTIONS')) {
    // Hosted runners name their image (ImageOS); self-hosted ones only have a runner name.
    const image = env.ImageOS && [env.ImageOS, env.RUNNER_ARCH].filter(Boolean).join('/')
    const generic = env.RUNNER_OS && [env.RUNNER_OS, env.RUNNER_ARCH].filter(Boolean).join('/')
    return { provider: 'github-actions', runner: image || env.RUNNER_NAME || generic || null }
  }
  if (set('GITLAB_CI')) {
    return { provider: 'gitlab-ci', runner: env.CI_RUNNER_DESCRIPTION || env.CI_RUNNER_ID || null }
  }
  if (set('CIRCLECI')) return { provider: 'circleci', runner: null }
  if (set('BUILDKITE')) return { provider: 'buildkite', runner: env.BUILDKITE_AGENT_NAME || null }
  if (set('JENKINS_URL')) return { provider: 'jenkins', runner: env.NODE_NAME || null }
  if (set('CI')) return { provider: 'ci', runner: null }
  return { provider: null, runner: null }
}

/** cgroup v2 `cpu.max` ("200000 100000" → 2 CPUs; "max 100000" → null). */
export function parseCpuMax(text: string): number | null {
  const [quota, period = '100000'] = text.trim().split(/\s+/)
  if (!quota || quota === 'max') return null
  return parseCfsQuota(quota, period)
}

/** cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us` (quota -1 → null). */
export function parseCfsQuota(quotaText: string, periodText: string): number | null {
  const quota = Number(quotaText.trim())
  const period = Number(periodText.trim())
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return null
  return Math.round((quota / period) * 100) / 100
}

/** CPUs this process may use per its cgroup (v2, then v1); null when unlimited or unknown. */
export async function readCpuQuota(): Promise<number | null> {
  if (process.platform !== 'linux') return null
  const quotas: number[] = []
  for (const dir of await cgroupV2Dirs()) {
    const quota = parseCpuMax((await readText(`${dir}/cpu.max`)) ?? 'max')
    if (quota !== null) quotas.push(quota)
  }
  if (quotas.length === 0) {
    for (const dir of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
      const [quota, period] = await Promise.all([
        readText(`${dir}/cpu.cfs_quota_us`),
        readText(`${dir}/cpu.cfs_period_us`),
      ])
      const cpusAllowed = quota && period ? parseCfsQuota(quota, period) : null
      if (cpusAllowed !== null) quotas.push(cpusAllowed)
    }
  }
  // Nested limits: the tightest one applies.
  return quotas.length > 0 ? Math.min(...quotas) : null
}

/** `linux 6.1 (Debian GNU/Linux 12)`: kernel major.minor, and the distribution when known. */
async function describeOs(): Promise<string> {
  const kernel = safe(() => release(), '')
    .split('.')
    .slice(0, 2)
    .join('.')
  const base = [safe(() => platform(), 'unknown'), kernel].filter(Boolean).join(' ')
  const distro = await readDistro()
  return distro ? `${base} (${distro})` : base
}

/**
 * Read from files rather than with systeminformation's osInfo(): that one runs
 * `hostname -f` synchronously, which can stall on a broken DNS setup.
 */
async function readDistro(): Promise<string | null> {
  if (process.platform === 'linux') {
    const text = (await readText('/etc/os-release')) ?? (await readText('/usr/lib/os-release'))
    return text ? parseOsRelease(text) : null
  }
  if (process.platform === 'darwin') {
    const plist = await readText('/System/Library/CoreServices/SystemVersion.plist')
    const version = plist?.match(/<key>ProductVersion<\/key>\s*<string>([^<]+)<\/string>/)?.[1]
    return version ? `macOS ${version}` : null
  }
  return safe(() => version(), '') || null
}

/** `/etc/os-release` → "Debian GNU/Linux 12" (NAME and VERSION_ID, else PRETTY_NAME). */
export function parseOsRelease(text: string): string | null {
  const fields = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = line.match(/^([A-Z_]+)=(.*)$/)
    if (match) fields.set(match[1], match[2].trim().replace(/^(["'])(.*)\1$/, '$2'))
  }
  const name = fields.get('NAME')
  if (name) return [name, fields.get('VERSION_ID')].filter(Boolean).join(' ')
  return fields.get('PRETTY_NAME') || null
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read() ?? fallback
  } catch {
    return fallback
  }
}
