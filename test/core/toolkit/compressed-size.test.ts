import { randomBytes } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'
import {
  batchBySize,
  type CompressedSize,
  CompressionPool,
  type CompressionProgress,
  compressAll,
  measureCompressed,
} from '../../../core/toolkit/compressed-size.js'
import { type CacheSection, contentHash } from '../../../core/toolkit/content-cache.js'

/** Text that compresses like code: repeated words with some noise. */
function codeLike(bytes: number, seed: number): Buffer {
  const words = ['const', 'function', 'return', 'import', `name${seed}`, 'export', '=>', '{', '}', ';']
  let text = ''
  for (let i = 0; text.length < bytes; i++) text += `${words[(i * 7 + seed) % words.length]} ${i % 97} `
  return Buffer.from(text.slice(0, bytes))
}

const independent = (data: Buffer) => ({
  gzip: gzipSync(data, { level: 9 }).length,
  brotli: brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length,
})

describe('compression', () => {
  it('gives gzip-9 and brotli-11 sizes as zlib computes them, on threads, in input order', async () => {
    const buffers = [codeLike(200_000, 1), codeLike(500, 2), randomBytes(40_000), codeLike(90_000, 3)]
    expect(await compressAll(buffers, { workers: 2 })).toEqual(buffers.map(independent))
    expect(await compressAll(buffers, { workers: 1 })).toEqual(buffers.map(independent))
    // Every file in its own message, and all in one: the same sizes in the same order.
    expect(await compressAll(buffers, { workers: 2, batchBytes: 1 })).toEqual(buffers.map(independent))
    expect(await compressAll(buffers, { workers: 2, batchBytes: 1e9 })).toEqual(buffers.map(independent))
  }, 30_000)

  it('sends small files in batches, largest first, and big files alone', () => {
    const lengths = [10, 500_000, 30_000, 40_000, 20_000, 5, 70_000]
    expect(batchBySize(lengths, 64_000)).toEqual([[1], [6], [3, 2], [4, 0, 5]])
    expect(batchBySize(lengths, 1)).toEqual([[1], [6], [3], [2], [4], [0], [5]])
    expect(batchBySize([], 64_000)).toEqual([])
  })

  it('compresses small files on the threads too, batched, and reports progress per batch', async () => {
    const small = Array.from({ length: 40 }, (_, i) => codeLike(3_000, i))
    const seen: CompressionProgress[] = []
    const pool = CompressionPool.prototype as unknown as { spawn: () => unknown }
    const spawned = vi.spyOn(pool, 'spawn')
    try {
      const sizes = await compressAll(small, {
        workers: 2,
        batchBytes: 30_000,
        onProgress: (p) => seen.push(p),
      })
      expect(sizes).toEqual(small.map(independent))
      expect(spawned).toHaveBeenCalledTimes(2)
    } finally {
      spawned.mockRestore()
    }
    // 40 files of 3 kB in batches of 30 kB: 4 messages, each advancing files and bytes.
    expect(seen.map((p) => p.files)).toEqual([10, 20, 30, 40])
    expect(seen.at(-1)).toEqual({ files: 40, totalFiles: 40, bytes: 120_000, totalBytes: 120_000 })
  }, 30_000)

  it('starts threads one per waiting batch up to the limit, and ends them on close', async () => {
    const pool = new CompressionPool(2)
    const internals = pool as unknown as { all: unknown[] }
    expect(await pool.size(codeLike(1000, 4))).toEqual(independent(codeLike(1000, 4)))
    expect(internals.all).toHaveLength(1)
    const big = [codeLike(120_000, 5), codeLike(80_000, 6), codeLike(60_000, 7)]
    expect(await Promise.all(big.map((b) => pool.size(b)))).toEqual(big.map(independent))
    expect(internals.all).toHaveLength(2)
    await pool.close()
    expect(internals.all).toHaveLength(0)
  }, 30_000)

  it('rejects jobs still waiting when the pool is closed', async () => {
    const pool = new CompressionPool(2)
    const jobs = Promise.allSettled([0, 1, 2, 3].map((i) => pool.size(codeLike(300_000, i))))
    await pool.close()
    const settled = await jobs
    expect(settled.filter((s) => s.status === 'rejected').length).toBeGreaterThan(0)
    for (const s of settled) if (s.status === 'rejected') expect(String(s.reason)).toContain('pool closed')
  }, 30_000)

  it('stops at an aborted signal, inline and on threads, with the abort reason', async () => {
    const aborted = AbortSignal.abort(new Error('run interrupted'))
    await expect(compressAll([codeLike(500, 1)], { workers: 2, signal: aborted })).rejects.toThrow(
      'run interrupted',
    )
    const controller = new AbortController()
    const big = [0, 1, 2, 3].map((i) => codeLike(400_000, i))
    const pending = compressAll(big, { workers: 2, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('stopped mid-way')), 20)
    await expect(pending).rejects.toThrow('stopped mid-way')
  }, 30_000)
})

/** A cache in a Map that counts what is stored: each store is one compression. */
function countingCache(): CacheSection<CompressedSize> & {
  stored: Map<string, CompressedSize>
  sets: number
} {
  const stored = new Map<string, CompressedSize>()
  const cache = {
    stored,
    sets: 0,
    get: (hash: string) => stored.get(hash),
    set: (hash: string, size: CompressedSize) => {
      cache.sets++
      stored.set(hash, size)
    },
  }
  return cache
}

describe('measureCompressed', () => {
  it('measures each distinct content once and returns sizes with hashes in input order', async () => {
    const a = codeLike(30_000, 1)
    const b = codeLike(2_000, 2)
    const cache = countingCache()
    const sizes = await measureCompressed([a, b, Buffer.from(a)], cache)
    expect(sizes).toEqual([
      { hash: contentHash(a), ...independent(a) },
      { hash: contentHash(b), ...independent(b) },
      { hash: contentHash(a), ...independent(a) },
    ])
    expect(cache.sets).toBe(2)
    expect([...cache.stored.keys()].sort()).toEqual([contentHash(a), contentHash(b)].sort())
  })

  it('takes sizes of content it has seen from the cache instead of compressing again', async () => {
    const a = codeLike(30_000, 3)
    const b = codeLike(3_000, 4)
    const cache = countingCache()
    // Sizes no compressor would give: they can only come from the cache.
    cache.stored.set(contentHash(a), { gzip: 1, brotli: 2 })
    const sizes = await measureCompressed([a, b], cache)
    expect(sizes[0]).toEqual({ hash: contentHash(a), gzip: 1, brotli: 2 })
    expect(sizes[1]).toEqual({ hash: contentHash(b), ...independent(b) })
    expect(cache.sets).toBe(1)
    const again = await measureCompressed([a, b], cache)
    expect(again).toEqual(sizes)
    expect(cache.sets).toBe(1)
  })

  it('without a cache measures everything', async () => {
    const a = codeLike(1_000, 5)
    expect(await measureCompressed([a], null)).toEqual([{ hash: contentHash(a), ...independent(a) }])
  })
})
