import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants } from 'node:zlib'
import type { BrotliCache } from './brotli-cache.js'
import type { PrecacheEntry } from './worker-source.js'

const brotliAsync = promisify(brotliCompress)

/** A precache entry with the size of its file; `size` is null when the file is not in the folder. */
export interface SizedEntry extends PrecacheEntry {
  size: number | null
  /** The file inside the built folder (`/`-separated); null for an absolute URL to another origin. */
  file: string | null
}

export interface WorkerFile {
  file: string
  size: number
  sha256: string
}

/** `assets/a.js`, `/assets/a.js?x=1` → `assets/a.js`; an absolute URL → null. */
export function fileOfUrl(url: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return null
  const path = url.replace(/[?#].*$/, '').replace(/^\/+/, '')
  try {
    return posix.normalize(decodeURIComponent(path))
  } catch {
    return posix.normalize(path)
  }
}

/** Each entry with its file's size (stat); missing files get null. */
export async function sizeEntries(dir: string, entries: PrecacheEntry[]): Promise<SizedEntry[]> {
  return Promise.all(
    entries.map(async (entry) => {
      const file = fileOfUrl(entry.url)
      if (file === null) return { ...entry, file, size: null }
      const info = await stat(join(dir, file)).catch(() => null)
      return { ...entry, file, size: info?.isFile() ? info.size : null }
    }),
  )
}

/**
 * Brotli quality 11 of each file, summed: how the bundle plugin counts brotli. zlib's async calls run on
 * libuv's thread pool, so files are compressed in parallel without worker threads; sizes already in the
 * cache (same content) are not computed again.
 */
export async function brotliTotal(
  dir: string,
  files: string[],
  cache: BrotliCache,
  signal?: AbortSignal,
): Promise<number> {
  let total = 0
  let next = 0
  const workers = Math.max(1, Math.min(4, files.length))
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < files.length) {
        signal?.throwIfAborted()
        const data = await readFile(join(dir, files[next++]))
        const hash = createHash('sha256').update(data).digest('hex')
        let size = cache.get(hash)
        if (size === undefined) {
          const compressed = await brotliAsync(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          })
          size = compressed.length
          cache.set(hash, size)
        }
        total += size
      }
    }),
  )
  return total
}

/** The worker script and the scripts it imports that are in the folder, with sizes and hashes. */
export async function workerFiles(dir: string, swDest: string, imports: string[]): Promise<WorkerFile[]> {
  const base = dirname(swDest)
  const names = [swDest]
  for (const url of imports) {
    const file = fileOfUrl(url.startsWith('/') ? url : posix.join(base, url))
    if (file && !names.includes(file)) names.push(file)
  }
  const files: WorkerFile[] = []
  for (const file of names) {
    const data = await readFile(join(dir, file)).catch(() => null)
    if (data) files.push({ file, size: data.length, sha256: createHash('sha256').update(data).digest('hex') })
  }
  return files
}
