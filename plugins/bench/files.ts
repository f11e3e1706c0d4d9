import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import picomatch from 'picomatch'

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', 'dist', '.perfgate'])

/** Files under `root` matching `patterns` (relative, `/`-separated, sorted); skips node_modules, .git, dist. */
export async function findBenchFiles(
  root: string,
  patterns: string[],
  exclude: string[] = [],
): Promise<string[]> {
  if (patterns.length === 0) return []
  const isMatch = picomatch(patterns, { dot: false })
  const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false
  const found: string[] = []
  const walk = async (relDir: string): Promise<void> => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(join(root, relDir), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || entry.name.startsWith('.') || isExcluded(rel)) continue
        await walk(rel)
      } else if (entry.isFile() && isMatch(rel) && !isExcluded(rel)) found.push(rel)
    }
  }
  await walk('')
  return found.sort()
}
