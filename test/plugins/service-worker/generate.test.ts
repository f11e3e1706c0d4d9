import { randomBytes } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PerfgatePlugin } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { run } from '../../../core/run/index.js'
import { runPlugin } from '../../../core/testing/index.js'
import { type ServiceWorkerData, serviceWorkerPlugin } from '../../../plugins/service-worker/index.js'
import { tempDir } from '../../helpers/paths.js'
import { copyApp } from './helpers.js'

const cleanups: Array<() => void> = []
let built: string

/** A fresh copy of the fixture app's Vite build (no worker in it). */
function copyBuilt(): string {
  const { dir, cleanup } = tempDir('perfgate-sw-gen-')
  cleanups.push(cleanup)
  cpSync(built, join(dir, 'dist'), { recursive: true })
  return dir
}

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    return e.isDirectory() ? walk(dir, rel) : [rel]
  })
}

beforeAll(async () => {
  const app = copyApp('service-worker-app')
  cleanups.push(app.cleanup)
  const { build } = await import('vite')
  await build({ root: app.dir, configFile: false, logLevel: 'silent', build: { outDir: 'dist' } })
  built = join(app.dir, 'dist')
}, 60_000)

afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('generate mode (Workbox generateSW)', () => {
  it('writes the worker and its Workbox runtime, precaches every matched file and measures it', async () => {
    const cwd = copyBuilt()
    const dist = join(cwd, 'dist')
    // An image servers send as it is: its raw bytes are what a visitor downloads, never its brotli size.
    writeFileSync(join(dist, 'photo.png'), randomBytes(4096))
    const files = walk(dist)
    const result = await runPlugin(serviceWorkerPlugin({ api: ['/api/'], skipWaiting: true }), { cwd })
    expect(result.result.status, String(result.error)).toBe('ok')
    expect(result.findings).toEqual([])

    const written = walk(dist).filter((f) => !files.includes(f))
    expect(written).toEqual(expect.arrayContaining(['sw.js', expect.stringMatching(/^workbox-\w+\.js$/)]))
    expect(written).toHaveLength(2) // no source maps by default

    // Independently: every file of the build is precached; sizes from fs, brotli from zlib.
    expect(result.metric('service-worker/precache/entries').value).toBe(files.length)
    const raw = files.reduce((sum, f) => sum + readFileSync(join(dist, f)).length, 0)
    expect(result.metric('service-worker/precache/bytes').value).toBe(raw)
    const brotli = files.reduce(
      (sum, f) =>
        sum +
        (f.endsWith('.png')
          ? readFileSync(join(dist, f)).length
          : brotliCompressSync(readFileSync(join(dist, f)), {
              params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
            }).length),
      0,
    )
    expect(result.metric('service-worker/precache/brotli').value).toBe(brotli)
    // Navigation fallback, the API route and the hashed-assets route.
    expect(result.metric('service-worker/routes').value).toBe(3)

    const sw = readFileSync(join(dist, 'sw.js'), 'utf8')
    expect(sw).toContain('self.skipWaiting()')
    expect(sw).toMatch(/new \w+\.NetworkFirst\(\{cacheName:"perfgate-api",networkTimeoutSeconds:3,/)
    expect(sw).toMatch(
      /new \w+\.CacheFirst\(\{cacheName:"perfgate-assets",plugins:\[new \w+\.ExpirationPlugin/,
    )
    expect(sw).toContain('denylist:[/^\\/api\\//]')

    const data = result.result.data as unknown as ServiceWorkerData
    const byUrl = Object.fromEntries(data.manifest.map((e) => [e.url, e]))
    const chunk = files.find((f) => /^assets\/index-.+\.js$/.test(f)) as string
    expect(byUrl[chunk]).toEqual({ url: chunk, revision: null, size: readFileSync(join(dist, chunk)).length })
    expect(byUrl['index.html'].revision).toMatch(/^[0-9a-f]{32}$/)
    expect(data.worker.map((w) => w.file)).toEqual(['sw.js', expect.stringMatching(/^workbox-\w+\.js$/)])
  }, 60_000)

  it('an entry chunk over the size limit is left out and reported as an error', async () => {
    const cwd = copyBuilt()
    const chunk = walk(join(cwd, 'dist')).find((f) => /^assets\/index-.+\.js$/.test(f)) as string
    const result = await runPlugin(serviceWorkerPlugin({ maximumFileSizeToCacheInBytes: 600 }), { cwd })
    const data = result.result.data as unknown as ServiceWorkerData
    expect(data.manifest.map((e) => e.url)).not.toContain(chunk)
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'service-worker/file-too-large',
        severity: 'error',
        message: expect.stringMatching(
          new RegExp(`^${chunk} \\(1\\.\\d+ kB\\) is over maximumFileSizeToCacheInBytes \\(600 B\\)`),
        ),
      }),
    ])
  }, 60_000)

  it('a glob with a typo: the pattern that matched nothing, and the fallback page it left out', async () => {
    const cwd = copyBuilt()
    const result = await runPlugin(serviceWorkerPlugin({ globPatterns: ['**/*.{js,css}', '**/*.htm'] }), {
      cwd,
    })
    expect(result.result.status).toBe('ok')
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['service-worker/glob-matched-nothing', 'warning'],
      ['service-worker/fallback-not-precached', 'error'],
    ])
    expect(result.findings[0].message).toBe('The precache glob "**/*.htm" matched no file in dist/.')
  }, 60_000)

  it('no built folder: one finding, and the other plugins still report', async () => {
    const { dir, cleanup } = tempDir('perfgate-sw-nobuild-')
    cleanups.push(cleanup)
    const other: PerfgatePlugin = {
      name: 'perfgate:other',
      collect: () => ({
        metrics: [{ id: 'other/value', title: 'v', unit: 'count', better: 'lower', value: 1 }],
      }),
    }
    const result = await run({
      cwd: dir,
      config: { plugins: [serviceWorkerPlugin(), other] },
      outDir: join(dir, '.perfgate'),
      compare: false,
      progress: false,
      logger: createMemoryLogger(),
    })
    expect(result.report.plugins.map((p) => [p.name, p.status])).toEqual([
      ['perfgate:service-worker', 'ok'],
      ['perfgate:other', 'ok'],
    ])
    expect(result.report.metrics.map((m) => m.id)).toEqual(['other/value'])
    expect(result.report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'service-worker/no-build',
        severity: 'error',
        message: 'The built folder dist/ does not exist, so there is no service worker to generate.',
      }),
    ])
    expect(existsSync(join(dir, 'dist'))).toBe(false)
  })

  it('check mode writes nothing', async () => {
    const cwd = copyBuilt()
    await runPlugin(serviceWorkerPlugin(), { cwd })
    const sw = join(cwd, 'dist/sw.js')
    const before = readFileSync(sw, 'utf8')
    writeFileSync(join(cwd, 'dist/late-file.js'), 'export {}\n')
    const files = walk(join(cwd, 'dist')).sort()
    const result = await runPlugin(serviceWorkerPlugin({ mode: 'check' }), { cwd })
    expect(walk(join(cwd, 'dist')).sort()).toEqual(files)
    expect(readFileSync(sw, 'utf8')).toBe(before)
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'service-worker/file-not-precached', severity: 'warning' }),
    ])
  }, 60_000)

  it('brotli sizes are cached by content: a second run reads them instead of compressing again', async () => {
    const cwd = copyBuilt()
    const { dir: cache, cleanup } = tempDir('perfgate-sw-cache-')
    cleanups.push(cleanup)
    const first = await runPlugin(serviceWorkerPlugin({ cache }), { cwd })
    const file = join(cache, 'service-worker-brotli.json')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number
      sizes: Record<string, { gzip: number; brotli: number }>
    }
    expect(Object.keys(stored.sizes)).toHaveLength(first.metric('service-worker/precache/entries').value)
    // Doctor the cache: the next figure can only come from it.
    for (const hash of Object.keys(stored.sizes)) stored.sizes[hash] = { gzip: 1, brotli: 1 }
    writeFileSync(file, JSON.stringify(stored))
    const second = await runPlugin(serviceWorkerPlugin({ cache, mode: 'check' }), { cwd })
    expect(second.metric('service-worker/precache/brotli').value).toBe(Object.keys(stored.sizes).length)
  }, 60_000)
})
