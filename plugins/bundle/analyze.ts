import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type CompressionProgress,
  contentHash,
  errorMessage,
  isCompressible,
  measureCompressed,
  PerfgateError,
} from '../../core/toolkit/index.js'
import type { SizeCache } from './cache.js'
import { isPrecompressedCopy, listFiles } from './files.js'
import { initialFiles } from './initial.js'
import { assetKind, assignNames } from './names.js'
import type { AssetSize } from './types.js'

export interface AnalyzeOptions {
  cache: SizeCache
  workers?: number
  signal?: AbortSignal
  /** Contents already in memory by relative path (the bundle a build just wrote); others are read. */
  known?: ReadonlyMap<string, Buffer>
  /** Called as compression advances (files and bytes compressed of those not in the cache). */
  onProgress?: (progress: CompressionProgress) => void
  /** Bytes of small files sent to a thread in one message (benchmarks); default the toolkit's. */
  batchBytes?: number
}

export interface Analysis {
  assets: AssetSize[]
  /**
   * The content of every file servers compress (HTML, JS, CSS, JSON, SVG…), by path, for the insights
   * that read it. Images, fonts and media are not kept: a 1 GB folder would be 1 GB in memory.
   */
  contents: Map<string, Buffer>
}

async function readOne(dir: string, file: string, options: AnalyzeOptions): Promise<Buffer> {
  const known = options.known?.get(file)
  if (known) return known
  try {
    return await readFile(join(dir, file))
  } catch (error) {
    throw new PerfgateError('PLUGIN_FAILED', `Cannot read ${join(dir, file)}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'Check the file’s permissions, or rebuild the folder.',
    })
  }
}

/**
 * Reads every emitted file of `dir` and measures it: raw bytes, and gzip-9 and brotli-11 bytes for the
 * types servers compress; the others (images, WOFF2, video…) are sent as they are, so every column
 * counts their raw bytes.
 */
export async function analyzeDir(dir: string, options: AnalyzeOptions): Promise<Analysis> {
  const listed = await listFiles(dir)
  const all = new Set(listed)
  const files = listed.filter((f) => !isPrecompressedCopy(f, all))
  const compressed = files.filter((f) => isCompressible(f))
  const contents = new Map<string, Buffer>()
  for (const file of compressed) {
    options.signal?.throwIfAborted()
    contents.set(file, await readOne(dir, file, options))
  }

  // The threads compress while this thread reads and hashes the files sent as they are.
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const measuring = measureCompressed(
    compressed.map((f) => contents.get(f) as Buffer),
    options.cache.sizes,
    { workers: options.workers, signal, onProgress: options.onProgress, batchBytes: options.batchBytes },
  )
  // Awaited below; this only keeps a failure while reading from leaving it unhandled.
  measuring.catch(() => {})
  const plain = new Map<string, { hash: string; raw: number }>()
  try {
    for (const file of files) {
      if (contents.has(file)) continue
      signal.throwIfAborted()
      const data = await readOne(dir, file, options)
      plain.set(file, { hash: contentHash(data), raw: data.length })
    }
  } catch (error) {
    stop.abort(error)
    throw error
  }
  const measured = await measuring
  const sizes = new Map(compressed.map((file, i) => [file, measured[i]]))

  const pages = files.filter((f) => assetKind(f) === 'html')
  const initial = await initialFiles(pages, (f) => contents.get(f)?.toString('utf8') ?? '', new Set(files))
  const rawOf = (file: string) => contents.get(file)?.length ?? (plain.get(file)?.raw as number)
  const names = assignNames(files.map((f) => ({ file: f, raw: rawOf(f) })))
  const assets = files.map((file): AssetSize => {
    const raw = rawOf(file)
    const size = sizes.get(file) ?? {
      hash: (plain.get(file) as { hash: string }).hash,
      gzip: raw,
      brotli: raw,
    }
    return {
      file,
      name: names.get(file) as string,
      kind: assetKind(file),
      hash: size.hash,
      raw,
      gzip: size.gzip,
      brotli: size.brotli,
      initial: initial.has(file),
      sourceMap: /\.map$/i.test(file),
    }
  })
  return { assets, contents }
}
