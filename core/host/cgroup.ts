import { readFile } from 'node:fs/promises'

/** A file's text, or null when it cannot be read (cgroup files come and go with the kernel's setup). */
export async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

/** The process's own cgroup v2 folder and its ancestors (a container sees "/" as its own). */
export async function cgroupV2Dirs(): Promise<string[]> {
  const membership = (await readText('/proc/self/cgroup')) ?? ''
  const path = membership
    .split('\n')
    .find((line) => line.startsWith('0::'))
    ?.slice(3)
    .trim()
  const dirs = ['/sys/fs/cgroup']
  if (!path || path === '/') return dirs
  let current = ''
  for (const part of path.split('/').filter(Boolean)) {
    current += `/${part}`
    dirs.push(`/sys/fs/cgroup${current}`)
  }
  return dirs
}

export interface CgroupMemory {
  /** Bytes this process's cgroup may use. */
  limit: number
  /** Bytes it uses, reclaimable page cache (inactive files) excluded, as `free`'s "available" does. */
  used: number
}

/** Limits at or above this are "no limit" (cgroup v1 writes one near 2^63, rounded to a page). */
const UNLIMITED = 2 ** 60

/**
 * One cgroup's memory from its limit, usage and `memory.stat` texts: v2 (`memory.max`, `memory.current`,
 * `inactive_file`) or v1 (`memory.limit_in_bytes`, `memory.usage_in_bytes`, `total_inactive_file`).
 * Null when there is no limit or a figure is missing.
 */
export function parseCgroupMemory(
  limitText: string | null,
  usageText: string | null,
  statText: string | null,
  inactiveKey: 'inactive_file' | 'total_inactive_file',
): CgroupMemory | null {
  const limit = Number(limitText?.trim())
  const usage = Number(usageText?.trim())
  if (!limitText || limitText.trim() === 'max' || !Number.isFinite(limit) || limit <= 0 || limit >= UNLIMITED)
    return null
  if (!usageText || !Number.isFinite(usage)) return null
  const inactive = Number(statText?.match(new RegExp(`^${inactiveKey} (\\d+)$`, 'm'))?.[1] ?? 0)
  return { limit, used: Math.max(0, usage - inactive) }
}

/**
 * The memory limit that binds this process (of its cgroup and their ancestors, v2 then v1, the one
 * nearest to running out) and the use counted against it; null off Linux or without a limit.
 */
export async function readCgroupMemory(): Promise<CgroupMemory | null> {
  if (process.platform !== 'linux') return null
  const found: CgroupMemory[] = []
  for (const dir of await cgroupV2Dirs()) {
    const memory = await memoryAt(dir, 'memory.max', 'memory.current', 'inactive_file')
    if (memory) found.push(memory)
  }
  if (found.length === 0) {
    const v1 = '/sys/fs/cgroup/memory'
    const memory = await memoryAt(v1, 'memory.limit_in_bytes', 'memory.usage_in_bytes', 'total_inactive_file')
    if (memory) found.push(memory)
  }
  // Nested limits: the one nearest to running out binds (an ancestor's counts its siblings too).
  return found.reduce<CgroupMemory | null>(
    (binding, m) => (!binding || m.used / m.limit > binding.used / binding.limit ? m : binding),
    null,
  )
}

async function memoryAt(
  dir: string,
  limitFile: string,
  usageFile: string,
  inactiveKey: 'inactive_file' | 'total_inactive_file',
): Promise<CgroupMemory | null> {
  const [limit, usage, stat] = await Promise.all([
    readText(`${dir}/${limitFile}`),
    readText(`${dir}/${usageFile}`),
    readText(`${dir}/memory.stat`),
  ])
  return parseCgroupMemory(limit, usage, stat, inactiveKey)
}
