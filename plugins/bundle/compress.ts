import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

export interface CompressedSize {
  gzip: number
  brotli: number
}

// The worker is plain CommonJS given as text, so that it runs the same from sources (tests) and from dist.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const zlib = require('node:zlib')
parentPort.on('message', ({ id, data }) => {
  try {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const gzip = zlib.gzipSync(buf, { level: 9 }).length
    const brotli = zlib.brotliCompressSync(buf, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    } }).length
    parentPort.postMessage({ id, gzip, brotli })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) })
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
  id: number
  data: Uint8Array
  resolve: (size: CompressedSize) => void
  reject: (error: Error) => void
}

/**
 * Compresses buffers on worker threads, one per core by default, the largest first so that one big file
 * does not end the run alone. Returns sizes in input order.
 */
export async function compressAll(
  buffers: Buffer[],
  workers = availableParallelism(),
): Promise<CompressedSize[]> {
  if (buffers.length === 0) return []
  const total = buffers.reduce((sum, b) => sum + b.length, 0)
  // Below ~64 kB in all, starting threads costs more than it saves.
  if (buffers.length === 1 || total < 64_000 || workers <= 1) return buffers.map(compressedSizeSync)
  const order = buffers.map((_b, i) => i).sort((a, b) => buffers[b].length - buffers[a].length)
  const results: CompressedSize[] = new Array(buffers.length)
  const queue: Job[] = []
  const pending = order.map(
    (index) =>
      new Promise<void>((resolve, reject) => {
        queue.push({
          id: index,
          data: buffers[index],
          resolve: (size) => {
            results[index] = size
            resolve()
          },
          reject,
        })
      }),
  )
  const pool = Array.from(
    { length: Math.min(workers, buffers.length) },
    () => new Worker(WORKER_SOURCE, { eval: true }),
  )
  const inFlight = new Map<number, Job>()
  const feed = (worker: Worker) => {
    const job = queue.shift()
    if (!job) return
    inFlight.set(job.id, job)
    worker.postMessage({ id: job.id, data: job.data })
  }
  for (const worker of pool) {
    worker.on('message', (msg: { id: number; gzip: number; brotli: number; error?: string }) => {
      const job = inFlight.get(msg.id)
      inFlight.delete(msg.id)
      if (msg.error) job?.reject(new Error(msg.error))
      else job?.resolve({ gzip: msg.gzip, brotli: msg.brotli })
      feed(worker)
    })
    worker.on('error', (error) => {
      for (const job of inFlight.values()) job.reject(error)
      for (const job of queue.splice(0)) job.reject(error)
    })
    feed(worker)
  }
  try {
    await Promise.all(pending)
    return results
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
}
