import { randomBytes } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CompressionPool, compressAll } from '../../../plugins/bundle/compress.js'

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
  it('gives gzip-9 and brotli-11 sizes as zlib computes them, on threads and inline, in input order', async () => {
    const buffers = [codeLike(200_000, 1), codeLike(500, 2), randomBytes(40_000), codeLike(90_000, 3)]
    expect(await compressAll(buffers, 2)).toEqual(buffers.map(independent))
    expect(await compressAll(buffers, 1)).toEqual(buffers.map(independent))
  }, 30_000)

  it('starts threads only for files big enough to need one, and ends them on close', async () => {
    const pool = new CompressionPool(2)
    const internals = pool as unknown as { all: unknown[] }
    expect(await pool.size(codeLike(1000, 4))).toEqual(independent(codeLike(1000, 4)))
    expect(internals.all).toHaveLength(0)
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
})
