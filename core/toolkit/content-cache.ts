import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** sha256 of the content, hex: the key of a content cache (and what a plugin reports as a file's hash). */
export function contentHash(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** `node_modules/.cache/perfgate` of the nearest project at or above `from`, else the temp folder. */
export function defaultCacheDir(from: string): string {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'perfgate')
    const parent = dirname(dir)
    if (parent === dir) return join(tmpdir(), 'perfgate-cache')
    dir = parent
  }
}

/** A plugin's `cache` option (a folder, `false` for none, unset for the default) as a folder or null. */
export function cacheDirOption(option: string | false | undefined, cwd: string): string | null {
  if (option === false) return null
  return option ? resolve(cwd, option) : defaultCacheDir(cwd)
}

/** One kind of record in a content cache, by content hash. */
export interface CacheSection<T> {
  get(hash: string): T | undefined
  set(hash: string, value: T): void
}

type Records = Record<string, Record<string, unknown>>

/**
 * A JSON file `{ version, <section>: { <content hash>: record } }`, for work that depends only on a
 * file's bytes (compressed sizes, image estimates): unchanged files are not measured again. A file of
 * another version, missing a section, or not JSON starts empty; a record that fails its section's check
 * counts as missing. `file` null: kept in memory only.
 */
export class ContentCache {
  private data: Records
  private dirty = false

  private constructor(
    private readonly file: string | null,
    private readonly version: number,
    sections: string[],
  ) {
    this.data = Object.fromEntries(sections.map((s) => [s, {}]))
  }

  /** Bump `version` when what is cached changes meaning (compression settings, estimates). */
  static async open(file: string | null, version: number, sections: string[]): Promise<ContentCache> {
    const cache = new ContentCache(file, version, sections)
    if (!file) return cache
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
      const valid =
        parsed.version === version &&
        sections.every(
          (s) => typeof parsed[s] === 'object' && parsed[s] !== null && !Array.isArray(parsed[s]),
        )
      if (valid) for (const s of sections) cache.data[s] = parsed[s] as Record<string, unknown>
    } catch {
      // Missing or corrupt: start empty; it is only a cache.
    }
    return cache
  }

  section<T>(name: string, isRecord: (value: unknown) => value is T): CacheSection<T> {
    const records = this.data[name]
    if (!records) throw new Error(`ContentCache: no section "${name}" was opened`)
    return {
      get: (hash) => {
        const value = records[hash]
        return isRecord(value) ? value : undefined
      },
      set: (hash, value) => {
        records[hash] = value
        this.dirty = true
      },
    }
  }

  /** Writes atomically (temp file, rename); a read-only folder only means the next run measures again. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return
    try {
      await mkdir(dirname(this.file), { recursive: true })
      const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`
      await writeFile(temp, JSON.stringify({ version: this.version, ...this.data }))
      await rename(temp, this.file)
      this.dirty = false
    } catch {
      // Not an error of the run (read-only node_modules in some CI caches).
    }
  }
}
