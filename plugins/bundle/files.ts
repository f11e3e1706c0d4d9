import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Every file under `root`, as `/`-separated paths relative to it, sorted. A symlink counts as the file it
 * points to (static hosts follow them); a dangling one is listed so that reading it fails naming it.
 */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, prefix: string) => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(join(dir, entry.name), rel)
      else if (entry.isFile()) out.push(rel)
      else if (entry.isSymbolicLink()) {
        const target = await stat(join(dir, entry.name)).catch(() => null)
        if (target?.isDirectory()) await walk(join(dir, entry.name), rel)
        else out.push(rel)
      }
    }
  }
  await walk(root, '')
  return out.sort()
}

/** Precompressed copies (`x.js.br` next to `x.js`) are alternates of a file, not more of the bundle. */
export function isPrecompressedCopy(file: string, all: Set<string>): boolean {
  const match = file.match(/^(.*)\.(br|gz)$/)
  return match !== null && all.has(match[1])
}
