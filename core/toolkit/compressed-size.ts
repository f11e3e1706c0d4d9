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
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const zlib = require('node:zlib')
parentPort.on('message', (data) => {
  try {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const gzip = zlib.gzipSync(buf, { level: 9 }).length
    const brotli = zlib.brotliCompressSync(buf, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    } }).length
    parentPort.postMessage({ gzip, brotli })
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
  data: Uint8Array
  resolve: (size: CompressedSize) => void
  reject: (error: Error) => void
}

/** Below this many bytes a file is compressed in this thread: a message round trip costs more. */
const INLINE_LIMIT = 16_000

/**
 * Worker threads that compress the buffers handed in, started lazily, one per waiting job up to
 * `workers`: a folder with one big file starts one thread. Files under INLINE_LIMIT are compressed in
 * this thread meanwhile.
 */
export class CompressionPool {
  private readonly idle: Worker[] = []
  private readonly all: Worker[] = []
  private readonly queue: Job[] = []
  private readonly busy = new Map<Worker, Job>()

  constructor(private readonly workers = availableParallelism()) {}

  size(data: Buffer): Promise<CompressedSize> {
    if (data.length < INLINE_LIMIT || this.workers <= 1) {
      try {
        return Promise.resolve(compressedSizeSync(data))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ data, resolve, reject })
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
      const worker = this.idle.pop() ?? (this.all.length < this.workers ? this.spawn() : undefined)
      if (!worker) return
      const job = this.queue.shift() as Job
      this.busy.set(worker, job)
      worker.postMessage(job.data)
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    this.all.push(worker)
    worker.on('message', (msg: { gzip: number; brotli: number; error?: string }) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      if (msg.error) job?.reject(new Error(msg.error))
      else job?.resolve({ gzip: msg.gzip, brotli: msg.brotli })
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

/**
 * Compresses buffers on worker threads, one per core by default, the largest first so that one big file
 * does not end the run alone. Returns sizes in input order.
 */
export async function compressAll(
  buffers: Buffer[],
  workers = availableParallelism(),
  signal?: AbortSignal,
): Promise<CompressedSize[]> {
  const total = buffers.reduce((sum, b) => sum + b.length, 0)
  // Below ~64 kB in all, starting threads costs more than it saves.
  if (buffers.length <= 1 || total < 64_000 || workers <= 1)
    return buffers.map((data) => {
      signal?.throwIfAborted()
      return compressedSizeSync(data)
    })
  signal?.throwIfAborted()
  const pool = new CompressionPool(workers)
  // An abort ends the threads at once: brotli-11 of a large file takes seconds.
  const onAbort = () => void pool.close()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const order = buffers.map((_b, i) => i).sort((a, b) => buffers[b].length - buffers[a].length)
    const results: CompressedSize[] = new Array(buffers.length)
    await Promise.all(
      order.map(async (index) => {
        results[index] = await pool.size(buffers[index])
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
 * there. `cache` null measures everything.
 */
export async function measureCompressed(
  buffers: Buffer[],
  cache: CacheSection<CompressedSize> | null,
  options: { workers?: number; signal?: AbortSignal } = {},
): Promise<MeasuredSize[]> {
  const hashes = buffers.map((data) => contentHash(data))
  const known = new Map<string, CompressedSize>()
  const missing = new Map<string, Buffer>()
  for (const [i, hash] of hashes.entries()) {
    const cached = cache?.get(hash)
    if (cached) known.set(hash, cached)
    else if (!missing.has(hash)) missing.set(hash, buffers[i])
  }
  const sizes = await compressAll([...missing.values()], options.workers, options.signal)
  for (const [i, hash] of [...missing.keys()].entries()) {
    known.set(hash, sizes[i])
    cache?.set(hash, sizes[i])
  }
  return hashes.map((hash) => {
    const { gzip, brotli } = known.get(hash) as CompressedSize
    return { hash, gzip, brotli }
  })
}
