import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { isCompressible } from '../../../core/toolkit/index.js'
import { analyzeDir } from '../../../plugins/bundle/analyze.js'
import { openSizeCache } from '../../../plugins/bundle/cache.js'
import { processImages } from '../../../plugins/bundle/images.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { tempDir } from '../../helpers/paths.js'
import { createTestContext as progressContext } from '../../helpers/plugin-context.js'

const cleanups: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** Text that any compressor shrinks several times: a compressed size can never equal its length. */
function repetitive(bytes: number, seed: string): Buffer {
  return Buffer.from(`function ${seed}(a){return a+1};`.repeat(Math.ceil(bytes / 30)).slice(0, bytes))
}

const SENT_COMPRESSED = [
  'index.html',
  'assets/app.js',
  'assets/worker.mjs',
  'server/entry.cjs',
  'assets/style.css',
  'icon.svg',
  'favicon.ico',
  'data.json',
  'site.webmanifest',
  'sitemap.xml',
  'robots.txt',
  'assets/module.wasm',
  'fonts/a.ttf',
  'fonts/b.otf',
  'fonts/c.eot',
]
const SENT_AS_IS = [
  'img/a.png',
  'img/b.jpg',
  'img/c.jpeg',
  'img/d.webp',
  'img/e.avif',
  'img/f.gif',
  'fonts/d.woff',
  'fonts/e.woff2',
  'media/clip.mp4',
  'media/clip.webm',
  'media/song.mp3',
  'download.zip',
  'LICENSE',
]

function makeDist(): string {
  const { dir, cleanup } = tempDir('perfgate-served-')
  cleanups.push(cleanup)
  for (const [i, file] of [...SENT_COMPRESSED, ...SENT_AS_IS].entries()) {
    mkdirSync(join(dir, 'dist', file, '..'), { recursive: true })
    writeFileSync(join(dir, 'dist', file), repetitive(5_000 + i * 100, `f${i}`))
  }
  return dir
}

describe('sizes as servers send them', () => {
  it('takes the compressible types from mime-db: text, JS, SVG, JSON, WASM, ICO, TTF/OTF/EOT; not images, WOFF, media', () => {
    for (const file of SENT_COMPRESSED) expect([file, isCompressible(file)]).toEqual([file, true])
    for (const file of SENT_AS_IS) expect([file, isCompressible(file)]).toEqual([file, false])
    expect(isCompressible('IMG/PHOTO.PNG')).toBe(false)
    expect(isCompressible('APP.JS')).toBe(true)
  })

  it('gzips and brotlis only what servers compress; the rest counts its raw bytes in every column', async () => {
    const cwd = makeDist()
    const test = progressContext(cwd)
    cleanups.push(test.cleanup)
    const output = validatePluginOutput(
      'perfgate:bundle',
      await bundlePlugin({ dir: 'dist', cache: false, images: { analyze: false } }).collect(test.ctx),
    )
    const value = (id: string) => output.metrics?.find((m) => m.id === id)?.value
    for (const file of SENT_AS_IS) {
      const name = file.toLowerCase()
      const raw = value(`bundle/asset/${name}/raw`)
      expect(raw).toBeGreaterThan(3_000)
      expect([file, value(`bundle/asset/${name}/gzip`), value(`bundle/asset/${name}/brotli`)]).toEqual([
        file,
        raw,
        raw,
      ])
    }
    let gzip = 0
    let brotli = 0
    let raw = 0
    for (const [i, file] of [...SENT_COMPRESSED, ...SENT_AS_IS].entries()) {
      const data = repetitive(5_000 + i * 100, `f${i}`)
      raw += data.length
      if (!SENT_COMPRESSED.includes(file)) {
        gzip += data.length
        brotli += data.length
        continue
      }
      const g = gzipSync(data, { level: 9 }).length
      const b = brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }).length
      expect(value(`bundle/asset/${file}/gzip`)).toBe(g)
      expect(value(`bundle/asset/${file}/brotli`)).toBe(b)
      gzip += g
      brotli += b
    }
    expect(value('bundle/total/raw')).toBe(raw)
    expect(value('bundle/total/gzip')).toBe(gzip)
    expect(value('bundle/total/brotli')).toBe(brotli)
    // Of the images, only SVG and ICO shrink.
    const saved = (name: string) =>
      (value(`bundle/asset/${name}/raw`) as number) - (value(`bundle/asset/${name}/brotli`) as number)
    expect((value('bundle/images/raw') as number) - (value('bundle/images/brotli') as number)).toBe(
      saved('icon.svg') + saved('favicon.ico'),
    )
    // Progress names files and megabytes; the last line counts every compressed file.
    expect(test.progress.at(-1)).toBe(`compressing 15/15 files · 0.1/0.1 MB`)
  }, 30_000)

  it('keeps in memory only what servers compress, and gives every file its content hash', async () => {
    const cwd = makeDist()
    const cache = await openSizeCache(null)
    const { assets, contents } = await analyzeDir(join(cwd, 'dist'), { cache, workers: 2 })
    expect([...contents.keys()].sort()).toEqual([...SENT_COMPRESSED].sort())
    expect(new Set(assets.map((a) => a.hash)).size).toBe(assets.length)
    for (const a of assets) expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
  }, 30_000)

  it('a file that cannot be read while the threads compress fails the analysis naming it', async () => {
    const cwd = makeDist()
    // A dangling link is listed and read like the file it points to (an image: read after compression starts).
    const gone = join(cwd, 'dist', 'img', 'gone.png')
    symlinkSync(join(cwd, 'nowhere.png'), gone)
    const cache = await openSizeCache(null)
    await expect(analyzeDir(join(cwd, 'dist'), { cache, workers: 2 })).rejects.toThrow(`Cannot read ${gone}`)
  }, 30_000)

  it('stops analysing new images when the plugin’s timeout is near, with one warning', async () => {
    const cwd = makeDist()
    const logger = createMemoryLogger()
    const cache = await openSizeCache(null)
    const { assets, contents } = await analyzeDir(join(cwd, 'dist'), { cache })
    const result = await processImages(
      join(cwd, 'dist'),
      assets,
      contents,
      { analyze: true },
      cache,
      logger,
      Date.now() - 1,
    )
    expect(result.findings).toEqual([])
    const warnings = logger.lines.filter((l) => l.includes('Image analysis stopped'))
    expect(warnings).toEqual([expect.stringContaining('stopped before 5 of 5 image(s)')])
  }, 30_000)
})
