import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { type CacheSection, contentHash } from './content-cache.js'

/** Bytes of a file compressed as static hosts that precompress do: gzip level 9, brotli quality 11. */
export interface CompressedSize {
  gzip: number
  brotli: number
}

export function isCompressedSize(value: unknown): value is CompressedSize {
  const v = value as Partial<CompressedSize> | null
  return typeof v === 'object' && v !== null && typeof v.gzip === 'number' && typeof v.brotli === 'number'
}

// The worker is plain CommonJS given as text, so that it runs the same from sources (tests) and from dist.
// One message is a batch of files: a round trip per small file costs about as much as compressing it.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const zlib = require('node:zlib')
parentPort.on('message', (items) => {
  try {
    const sizes = items.map((data) => {
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      const gzip = zlib.gzipSync(buf, { level: 9 }).length
      const brotli = zlib.brotliCompressSync(buf, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      } }).length
      return { gzip, brotli }
    })
    parentPort.postMessage({ sizes })
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) })
  }
})
`

/** gzip level 9 and brotli quality 11, the settings of static hosts that precompress, in this thread. */
export function compressedSizeSync(data: Buffer): CompressedSize {
  return {
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  }
}

interface Job {
  items: Uint8Array[]
  resolve: (sizes: CompressedSize[]) => void
  reject: (error: Error) => void
}

/**
 * Worker threads that compress the batches handed in, started lazily, one per waiting batch up to
 * `workers`: a folder with one big file starts one thread. This thread only hands work out, so it stays
 * free for timeouts, signals and progress.
 */
export class CompressionPool {
  private readonly idle: Worker[] = []
  private readonly all: Worker[] = []
  private readonly queue: Job[] = []
  private readonly busy = new Map<Worker, Job>()

  constructor(private readonly workers = availableParallelism()) {}

  size(data: Buffer): Promise<CompressedSize> {
    return this.sizes([data]).then((sizes) => sizes[0])
  }

  /** The sizes of a batch of buffers, compressed by one thread in one message. */
  sizes(items: Uint8Array[]): Promise<CompressedSize[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject })
      this.dispatch()
    })
  }

  /** Ends the threads; jobs not yet done are rejected. */
  async close(): Promise<void> {
    const closed = new Error('compression pool closed')
    for (const job of this.queue.splice(0)) job.reject(closed)
    for (const job of this.busy.values()) job.reject(closed)
    this.busy.clear()
    await Promise.all(this.all.splice(0).map((w) => w.terminate()))
    this.idle.length = 0
  }

  private dispatch() {
    while (this.queue.length > 0) {
      const worker =
        this.idle.pop() ?? (this.all.length < Math.max(1, this.workers) ? this.spawn() : undefined)
      if (!worker) return
      const job = this.queue.shift() as Job
      this.busy.set(worker, job)
      worker.postMessage(job.items)
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    this.all.push(worker)
    worker.on('message', (msg: { sizes?: CompressedSize[]; error?: string }) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      if (msg.error || !msg.sizes) job?.reject(new Error(msg.error ?? 'compression worker sent no sizes'))
      else job?.resolve(msg.sizes)
      this.idle.push(worker)
      this.dispatch()
    })
    worker.on('error', (error) => {
      this.busy.get(worker)?.reject(error)
      this.busy.delete(worker)
      for (const list of [this.all, this.idle]) {
        const at = list.indexOf(worker)
        if (at >= 0) list.splice(at, 1)
      }
      this.dispatch()
    })
    return worker
  }
}

/** Files compressed so far, for a progress line. */
export interface CompressionProgress {
  files: number
  totalFiles: number
  bytes: number
  totalBytes: number
}

export interface CompressOptions {
  /** Threads; default one per core. */
  workers?: number
  signal?: AbortSignal
  /** Called after each batch. */
  onProgress?: (progress: CompressionProgress) => void
  /** Files smaller than this are sent together, up to about this many bytes a message. */
  batchBytes?: number
}

/**
 * Bytes of small files sent to a thread in one message: enough that a message carries many small files
 * (a round trip costs about as much as brotli-11 of a 1 kB file), small enough that the last batches
 * still spread over the threads. On 10 MB of 2,000 files, one file a message, 64 kB and 1 MB ran within
 * this shared machine's noise of each other (1.09×, 1.07×, 0.99× a bare script, 2 rounds each): the
 * message cost is small next to brotli-11. Sweep it with `test/bench/bundle-sizing.bench.ts --batch`.
 */
export const DEFAULT_BATCH_BYTES = 64_000

/** Below this many bytes in all, starting a thread costs more than compressing everything here. */
const INLINE_TOTAL = 64_000

/** Groups buffer indexes, largest first, into batches of about `batchBytes` (a large file is alone). */
export function batchBySize(lengths: number[], batchBytes: number): number[][] {
  const order = lengths.map((_l, i) => i).sort((a, b) => lengths[b] - lengths[a])
  const batches: number[][] = []
  let current: number[] = []
  let bytes = 0
  for (const index of order) {
    current.push(index)
    bytes += lengths[index]
    if (bytes >= batchBytes) {
      batches.push(current)
      current = []
      bytes = 0
    }
  }
  if (current.length > 0) batches.push(current)
  return batches
}

/**
 * Compresses buffers on worker threads, one per core by default, the largest first so that one big file
 * does not end the run alone, small files in batches. Returns sizes in input order.
 */
export async function compressAll(
  buffers: Buffer[],
  options: CompressOptions = {},
): Promise<CompressedSize[]> {
  const { signal, onProgress } = options
  const total = buffers.reduce((sum, b) => sum + b.length, 0)
  const progress: CompressionProgress = { files: 0, totalFiles: buffers.length, bytes: 0, totalBytes: total }
  if (buffers.length === 0) return []
  if (total < INLINE_TOTAL) {
    const sizes = buffers.map((data) => {
      signal?.throwIfAborted()
      return compressedSizeSync(data)
    })
    onProgress?.({ ...progress, files: buffers.length, bytes: total })
    return sizes
  }
  signal?.throwIfAborted()
  const pool = new CompressionPool(options.workers ?? availableParallelism())
  // An abort ends the threads at once: brotli-11 of a large file takes seconds.
  const onAbort = () => void pool.close()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const batches = batchBySize(
      buffers.map((b) => b.length),
      options.batchBytes ?? DEFAULT_BATCH_BYTES,
    )
    const results: CompressedSize[] = new Array(buffers.length)
    await Promise.all(
      batches.map(async (batch) => {
        const sizes = await pool.sizes(batch.map((i) => buffers[i]))
        batch.forEach((index, at) => {
          results[index] = sizes[at]
          progress.bytes += buffers[index].length
        })
        progress.files += batch.length
        onProgress?.({ ...progress })
      }),
    )
    return results
  } catch (error) {
    signal?.throwIfAborted()
    throw error
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await pool.close()
  }
}

/** A file's compressed sizes with the content hash they are cached under. */
export interface MeasuredSize extends CompressedSize {
  hash: string
}

/**
 * gzip-9 and brotli-11 sizes of each buffer, in input order. Content measured before is read from
 * `cache` (by sha256); the rest is compressed once per distinct content, on worker threads, and stored
 * there. `cache` null measures everything. `hashes` (sha256 hex of each buffer) saves hashing again.
 */
export async function measureCompressed(
  buffers: Buffer[],
  cache: CacheSection<CompressedSize> | null,
  options: CompressOptions & { hashes?: string[] } = {},
): Promise<MeasuredSize[]> {
  const hashes = options.hashes ?? buffers.map((data) => contentHash(data))
  const known = new Map<string, CompressedSize>()
  const missing = new Map<string, Buffer>()
  for (const [i, hash] of hashes.entries()) {
    const cached = cache?.get(hash)
    if (cached) known.set(hash, cached)
    else if (!missing.has(hash)) missing.set(hash, buffers[i])
  }
  const sizes = await compressAll([...missing.values()], options)
  for (const [i, hash] of [...missing.keys()].entries()) {
    known.set(hash, sizes[i])
    cache?.set(hash, sizes[i])
  }
  return hashes.map((hash) => {
    const { gzip, brotli } = known.get(hash) as CompressedSize
    return { hash, gzip, brotli }
  })
}
