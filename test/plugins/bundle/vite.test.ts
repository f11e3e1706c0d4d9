import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ViteBundleData } from '../../../plugins/bundle/index.js'
import perfgate, { type PerfgateViteOptions } from '../../../plugins/bundle/vite.js'
import { tempDir } from '../../helpers/paths.js'
import { captureLogger, copyFixture } from './helpers.js'

type ViteModule = typeof import('vite')

const cleanups: Array<() => void> = []
let cacheDir: string
beforeAll(() => {
  const cache = tempDir('perfgate-vite-cache-')
  cleanups.push(cache.cleanup)
  cacheDir = cache.dir
})
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

async function buildApp(
  vite: ViteModule,
  options: PerfgateViteOptions,
  ssr?: string,
  after: import('vite').Plugin[] = [],
  build: import('vite').BuildOptions = {},
) {
  const copy = copyFixture('bundle-vite-app')
  cleanups.push(copy.cleanup)
  const { logger, lines } = captureLogger()
  const promise = vite.build({
    root: copy.dir,
    configFile: false,
    logLevel: 'silent',
    customLogger: logger,
    build: { outDir: 'dist', emptyOutDir: true, ...(ssr ? { ssr } : {}), ...build },
    plugins: [perfgate({ cache: cacheDir, ...options }), ...after],
  })
  return { app: copy.dir, lines, promise }
}

const VERSIONS: Array<[string, () => Promise<ViteModule>]> = [
  ['Vite 8', () => import('vite')],
  ['Vite 7', () => import('vite7') as unknown as Promise<ViteModule>],
]

describe.each(VERSIONS)('perfgate/vite on %s', (_label, load) => {
  it('writes bundle.json with file hashes and chunk/module data, and prints the size table', async () => {
    const vite = await load()
    const { app, lines, promise } = await buildApp(vite, {
      budgets: { 'bundle/initial-js/gzip': { max: 500_000 } },
      treemap: true,
    })
    await promise
    const data = JSON.parse(readFileSync(join(app, '.perfgate/bundle.json'), 'utf8')) as ViteBundleData
    expect(data.ssr).toBe(false)
    expect(data.viteVersion.split('.')[0]).toBe(vite.version.split('.')[0])
    expect(data.files['index.html'].hash).toMatch(/^[0-9a-f]{64}$/)
    const entry = data.chunks.find((c) => c.isEntry)!
    const lazy = data.chunks.find((c) => c.isDynamicEntry)!
    expect(entry.dynamicImports).toContain(lazy.fileName)
    const dayjs = entry.modules.filter((m) => m.package?.name === 'dayjs')
    expect(dayjs[0].package?.version).toMatch(/^1\./)
    // The import that pulled the package in, from the bundler's module graph (Rollup and Rolldown).
    expect(dayjs.map((m) => m.importedBy)).toContain('src/main.js')
    expect(dayjs.reduce((s, m) => s + m.renderedLength, 0)).toBeGreaterThan(1000)
    expect(existsSync(join(app, '.perfgate/treemap.html'))).toBe(true)
    const table = lines.find((l) => l.includes('perfgate: bundle sizes'))!
    expect(table).toContain('initial JS')
    expect(table).toContain(entry.fileName)
    expect(table).toMatch(/initial JS .*✔ gzip ≤ 500 kB/)
  }, 30_000)

  it('measures the files as written, also when a later plugin changes a chunk in generateBundle', async () => {
    const vite = await load()
    const rewriter: import('vite').Plugin = {
      name: 'test:rewrite-after-perfgate',
      enforce: 'post',
      generateBundle(_options, bundle) {
        for (const output of Object.values(bundle))
          if (output.type === 'chunk') output.code += `\n/* ${'appended after perfgate '.repeat(400)} */\n`
      },
    }
    const { app, promise } = await buildApp(vite, { treemap: false, table: false }, undefined, [rewriter])
    await promise
    const data = JSON.parse(readFileSync(join(app, '.perfgate/bundle.json'), 'utf8')) as ViteBundleData
    const sizes = JSON.parse(readFileSync(join(cacheDir, 'bundle-sizes.json'), 'utf8')) as {
      sizes: Record<string, { gzip: number; brotli: number }>
    }
    const js = Object.keys(data.files).filter((f) => f.endsWith('.js'))
    expect(js.length).toBeGreaterThan(0)
    for (const file of js) {
      const content = readFileSync(join(app, 'dist', file))
      expect(content.toString()).toContain('appended after perfgate')
      const hash = createHash('sha256').update(content).digest('hex')
      expect(data.files[file]).toEqual({ hash, raw: content.length })
      expect(sizes.sizes[hash]).toEqual({
        gzip: gzipSync(content, { level: 9 }).length,
        brotli: brotliCompressSync(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }).length,
      })
    }
  }, 30_000)

  it('fails the build on an exceeded budget with failOnBudget', async () => {
    const vite = await load()
    const { promise } = await buildApp(vite, {
      treemap: false,
      failOnBudget: true,
      budgets: { 'bundle/initial-js/gzip': { max: 100 } },
    })
    await expect(promise).rejects.toThrow(
      /budget\(s\) exceeded: bundle\/initial-js\/gzip [\d.]+ kB \(≤ 100 B\)/,
    )
  }, 30_000)

  it("lists the files the build wrote, without Vite's own manifests or another build's files in outDir", async () => {
    const vite = await load()
    // Astro's server build leaves a file in outDir until its client build is done; Nuxt moves its
    // manifest.json off the deployed folder, SvelteKit drops .vite/.
    const leftover: import('vite').Plugin = {
      name: 'server-build-leftover',
      buildStart() {
        mkdirSync(join(this.environment?.config.root ?? '', 'dist'), { recursive: true })
        writeFileSync(
          join(this.environment?.config.root ?? '', 'dist', '_noop-middleware.mjs'),
          'export {}\n',
        )
      },
    }
    for (const manifest of [true, 'manifest.json']) {
      const { app, promise } = await buildApp(vite, { table: false }, undefined, [leftover], {
        manifest,
        emptyOutDir: false,
      })
      await promise
      const file = manifest === true ? '.vite/manifest.json' : 'manifest.json'
      expect(existsSync(join(app, 'dist', file))).toBe(true)
      expect(existsSync(join(app, 'dist', '_noop-middleware.mjs'))).toBe(true)
      const data = JSON.parse(readFileSync(join(app, '.perfgate/bundle.json'), 'utf8')) as ViteBundleData
      expect(Object.keys(data.files)).not.toContain(file)
      expect(Object.keys(data.files)).not.toContain('_noop-middleware.mjs')
      expect(Object.keys(data.files)).toContain('index.html')
    }
  }, 30_000)

  it('keeps SSR builds apart: skipped by default, bundle.ssr.json with ssr: true', async () => {
    const vite = await load()
    const skipped = await buildApp(vite, { treemap: false }, 'src/entry-server.js')
    await skipped.promise
    expect(existsSync(join(skipped.app, '.perfgate'))).toBe(false)
    const kept = await buildApp(vite, { treemap: false, ssr: true }, 'src/entry-server.js')
    await kept.promise
    expect(existsSync(join(kept.app, '.perfgate/bundle.json'))).toBe(false)
    const data = JSON.parse(
      readFileSync(join(kept.app, '.perfgate/bundle.ssr.json'), 'utf8'),
    ) as ViteBundleData
    expect(data.ssr).toBe(true)
    expect(Object.keys(data.files)).toContain('entry-server.mjs')
    expect(Object.keys(data.files)).not.toContain('index.html')
    expect(kept.lines.join('\n')).toContain('SSR bundle sizes')
  }, 30_000)
})
