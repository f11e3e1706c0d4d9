import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorMessage, measureCompressed, PerfgateError } from '../../core/toolkit/index.js'
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
}

export interface Analysis {
  assets: AssetSize[]
  /** The content of every measured file, by path, for the insights that read it. */
  contents: Map<string, Buffer>
}

/** Reads every emitted file of `dir` and measures it: raw, gzip-9 and brotli-11 bytes, initial or not. */
export async function analyzeDir(dir: string, options: AnalyzeOptions): Promise<Analysis> {
  const listed = await listFiles(dir)
  const all = new Set(listed)
  const files = listed.filter((f) => !isPrecompressedCopy(f, all))
  const contents = new Map<string, Buffer>()
  for (const file of files) {
    options.signal?.throwIfAborted()
    const known = options.known?.get(file)
    if (known) {
      contents.set(file, known)
      continue
    }
    try {
      contents.set(file, await readFile(join(dir, file)))
    } catch (error) {
      throw new PerfgateError('PLUGIN_FAILED', `Cannot read ${join(dir, file)}: ${errorMessage(error)}`, {
        cause: error,
        hint: 'Check the file’s permissions, or rebuild the folder.',
      })
    }
  }
  const sizes = await measureCompressed(
    files.map((f) => contents.get(f)!),
    options.cache.sizes,
    { workers: options.workers, signal: options.signal },
  )

  const fileSet = new Set(files)
  const pages = files.filter((f) => assetKind(f) === 'html')
  const initial = initialFiles(pages, (f) => contents.get(f)?.toString('utf8') ?? '', fileSet)
  const names = assignNames(files.map((f) => ({ file: f, raw: contents.get(f)!.length })))
  const assets = files.map((file, i): AssetSize => {
    const size = sizes[i]
    return {
      file,
      name: names.get(file)!,
      kind: assetKind(file),
      hash: size.hash,
      raw: contents.get(file)!.length,
      gzip: size.gzip,
      brotli: size.brotli,
      initial: initial.has(file),
      sourceMap: /\.map$/i.test(file),
    }
  })
  return { assets, contents }
}
