import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { CompressedSize } from './compress.js'

// Bump when what is cached changes meaning (compression settings, image estimates).
const CACHE_VERSION = 1

export interface ImageEstimate {
  /** Bytes of the best re-encoding sharp found; null when the file could not be decoded. */
  optimized: number | null
}

interface CacheData {
  version: number
  sizes: Record<string, CompressedSize>
  images: Record<string, ImageEstimate>
}

/** Where the cache lives: `node_modules/.cache/perfgate` of the nearest project, else the temp folder. */
export function defaultCacheDir(from: string): string {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'perfgate')
    const parent = dirname(dir)
    if (parent === dir) return join(tmpdir(), 'perfgate-cache')
    dir = parent
  }
}

/** Compressed sizes and image estimates keyed by content hash, so unchanged files are not compressed again. */
export class SizeCache {
  private data: CacheData = { version: CACHE_VERSION, sizes: {}, images: {} }
  private dirty = false

  private constructor(private readonly file: string | null) {}

  static async open(dir: string | null): Promise<SizeCache> {
    const cache = new SizeCache(dir ? join(dir, 'bundle-sizes.json') : null)
    if (!cache.file) return cache
    try {
      const parsed = JSON.parse(await readFile(cache.file, 'utf8')) as CacheData
      if (parsed.version === CACHE_VERSION && parsed.sizes && parsed.images) cache.data = parsed
    } catch {
      // Missing or corrupt: start empty; it is only a cache.
    }
    return cache
  }

  size(hash: string): CompressedSize | undefined {
    return this.data.sizes[hash]
  }

  setSize(hash: string, size: CompressedSize) {
    this.data.sizes[hash] = size
    this.dirty = true
  }

  image(hash: string): ImageEstimate | undefined {
    return this.data.images[hash]
  }

  setImage(hash: string, estimate: ImageEstimate) {
    this.data.images[hash] = estimate
    this.dirty = true
  }

  /** Writes atomically (temp file, rename); a failure to write is not an error of the run. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return
    try {
      await mkdir(dirname(this.file), { recursive: true })
      const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`
      await writeFile(temp, JSON.stringify(this.data))
      await rename(temp, this.file)
      this.dirty = false
    } catch {
      // Read-only node_modules (some CI caches): run uncached next time.
    }
  }
}
