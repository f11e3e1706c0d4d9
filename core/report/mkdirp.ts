import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * `mkdir -p` one level at a time. Node's own `recursive: true` loops forever on some unwritable
 * filesystems (e.g. a path under /proc) instead of failing; this fails with the real error.
 */
export async function mkdirp(dir: string): Promise<void> {
  const missing: string[] = []
  for (let current = dir; !existsSync(current); current = dirname(current)) {
    missing.unshift(current)
    if (dirname(current) === current) break
  }
  for (const folder of missing) await mkdir(folder)
}
