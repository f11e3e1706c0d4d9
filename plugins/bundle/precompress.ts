import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { isCompressible } from '../../core/toolkit/index.js'

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/**
 * Writes `x.gz` (gzip -9) and `x.br` (brotli -11) next to each compressible file, for static hosts that serve
 * precompressed files (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`). Source maps are skipped.
 */
export async function precompress(dir: string, contents: Map<string, Buffer>): Promise<string[]> {
  const written: string[] = []
  const work = [...contents].filter(([file]) => isCompressible(file) && !file.endsWith('.map'))
  await Promise.all(
    work.map(async ([file, data]) => {
      const [gz, br] = await Promise.all([
        gzipAsync(data, { level: 9 }),
        brotliAsync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        }),
      ])
      await Promise.all([writeFile(join(dir, `${file}.gz`), gz), writeFile(join(dir, `${file}.br`), br)])
      written.push(`${file}.gz`, `${file}.br`)
    }),
  )
  return written.sort()
}
