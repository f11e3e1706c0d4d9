import { readFile, stat } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import {
  type CacheSection,
  type CompressedSize,
  ContentCache,
  contentHash,
  isCompressedSize,
  isCompressible,
  measureCompressed,
} from '../../core/toolkit/index.js'
import type { PrecacheEntry } from './worker-source.js'

// Version 2: records are the toolkit's gzip and brotli sizes (version 1 held brotli alone).
const SIZE_CACHE_VERSION = 2

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

/** This plugin's compressed sizes by content hash, in `service-worker-brotli.json` of `dir` (null: none). */
export async function openSizeCache(dir: string | null): Promise<{
  sizes: CacheSection<CompressedSize>
  save: () => Promise<void>
}> {
  const file = dir ? join(dir, 'service-worker-brotli.json') : null
  const cache = await ContentCache.open(file, SIZE_CACHE_VERSION, ['sizes'])
  return { sizes: cache.section('sizes', isCompressedSize), save: () => cache.save() }
}

/**
 * What the precache costs to download, as servers send it: brotli quality 11 of each file servers
 * compress, measured as the bundle plugin measures (the toolkit's compressed sizes; content already in
 * the cache is not compressed again), and the raw bytes of the types they send as they are (PNG, JPEG,
 * WebP, WOFF2…): compressing those would cost the most time for a size no visitor downloads.
 */
export async function brotliTotal(
  dir: string,
  files: string[],
  cache: CacheSection<CompressedSize> | null,
  signal?: AbortSignal,
): Promise<number> {
  const contents: Buffer[] = []
  let sentAsIs = 0
  for (const file of files) {
    signal?.throwIfAborted()
    if (isCompressible(file)) contents.push(await readFile(join(dir, file)))
    else sentAsIs += (await stat(join(dir, file))).size
  }
  const sizes = await measureCompressed(contents, cache, { signal })
  return sizes.reduce((total, size) => total + size.brotli, sentAsIs)
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
    if (data) files.push({ file, size: data.length, sha256: contentHash(data) })
  }
  return files
}
