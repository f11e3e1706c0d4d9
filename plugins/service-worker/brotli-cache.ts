import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

// Bump when what is cached changes meaning (compression settings).
const VERSION = 1
const FILE = 'service-worker-brotli.json'

/** `node_modules/.cache/perfgate` of the nearest project, else the temp folder (as the bundle plugin's cache). */
export function defaultCacheDir(from: string): string {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'perfgate')
    const parent = dirname(dir)
    if (parent === dir) return join(tmpdir(), 'perfgate-cache')
    dir = parent
  }
}

/** Brotli-11 sizes by sha256 of the content: brotli at quality 11 is slow, and most files do not change. */
export class BrotliCache {
  private sizes: Record<string, number> = {}
  private dirty = false

  private constructor(private readonly file: string | null) {}

  static async open(dir: string | null): Promise<BrotliCache> {
    const cache = new BrotliCache(dir ? join(dir, FILE) : null)
    if (!cache.file) return cache
    try {
      const parsed = JSON.parse(await readFile(cache.file, 'utf8')) as { version?: number; sizes?: unknown }
      if (parsed.version === VERSION && parsed.sizes && typeof parsed.sizes === 'object')
        cache.sizes = parsed.sizes as Record<string, number>
    } catch {
      // Missing or corrupt: start empty; it is only a cache.
    }
    return cache
  }

  get(hash: string): number | undefined {
    const size = this.sizes[hash]
    return typeof size === 'number' ? size : undefined
  }

  set(hash: string, size: number): void {
    this.sizes[hash] = size
    this.dirty = true
  }

  /** Writes atomically; a read-only node_modules only means the next run computes again. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return
    try {
      await mkdir(dirname(this.file), { recursive: true })
      const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`
      await writeFile(temp, JSON.stringify({ version: VERSION, sizes: this.sizes }))
      await rename(temp, this.file)
      this.dirty = false
    } catch {
      // Not an error of the run.
    }
  }
}
