import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Metric, MetricInput, PluginOutput, RunReport } from '../../../core/model/types.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import perfgate from '../../../plugins/bundle/vite.js'
import { tempDir } from '../../helpers/paths.js'
import { captureLogger, copyFixture, createTestContext, independentSizes, walk } from './helpers.js'

const cleanups: Array<() => void> = []
let app: string
let cacheDir: string

function asReport(output: PluginOutput): RunReport {
  const metrics: Metric[] = (output.metrics ?? []).map((m) => ({
    ...m,
    plugin: 'perfgate:bundle',
    value: m.value!,
    verdict: 'new',
  }))
  const plugins = [{ name: 'perfgate:bundle', status: 'ok' as const, durationMs: 1, data: output.data }]
  return { metrics, plugins } as RunReport
}

function value(output: PluginOutput, id: string): number {
  const metric = output.metrics?.find((m) => m.id === id)
  if (!metric) throw new Error(`no metric ${id}`)
  return metric.value!
}

async function build(): Promise<string[]> {
  const vite = await import('vite')
  const { logger, lines } = captureLogger()
  await vite.build({
    root: app,
    configFile: false,
    customLogger: logger,
    logLevel: 'silent',
    build: { outDir: 'dist', emptyOutDir: true },
    plugins: [perfgate({ cache: cacheDir, treemap: true })],
  })
  return lines
}

async function collect(options = {}) {
  const { ctx, logger, cleanup } = createTestContext(app)
  cleanups.push(cleanup)
  const raw = await bundlePlugin({ dir: 'dist', cache: cacheDir, ...options }).collect(ctx)
  return { output: validatePluginOutput('perfgate:bundle', raw), logger, outDir: ctx.outDir }
}

beforeAll(async () => {
  const copy = copyFixture('bundle-vite-app')
  const cache = tempDir('perfgate-bundle-cache-')
  cleanups.push(copy.cleanup, cache.cleanup)
  app = copy.dir
  cacheDir = cache.dir
  await build()
}, 60_000)

afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('bundlePlugin on a Vite 8 build', () => {
  it('measures what was emitted: raw by fs.stat, gzip -9 and brotli -11 by zlib', async () => {
    const { output } = await collect()
    const dist = join(app, 'dist')
    const files = walk(dist).filter((f) => !f.endsWith('.map'))
    const expected = independentSizes(dist, files)
    expect(value(output, 'bundle/total/raw')).toBe(expected.raw)
    expect(value(output, 'bundle/total/gzip')).toBe(expected.gzip)
    expect(value(output, 'bundle/total/brotli')).toBe(expected.brotli)
    const js = files.filter((f) => f.endsWith('.js'))
    expect(js.length).toBe(2)
    expect(value(output, 'bundle/chunks/count')).toBe(2)
    expect(value(output, 'bundle/js/raw')).toBe(independentSizes(dist, js).raw)
    expect(value(output, 'bundle/images/raw')).toBe(
      independentSizes(
        dist,
        files.filter((f) => f.endsWith('.png')),
      ).raw,
    )
    expect(value(output, 'bundle/other/raw')).toBe(independentSizes(dist, ['robots.txt']).raw)
    for (const m of output.metrics ?? []) {
      expect(m.samples).toBeUndefined()
      if (m.unit === 'bytes') expect(m.better).toBe('lower')
    }
  })

  it('tells initial from lazy JavaScript: the dynamic import is not initial', async () => {
    const { output } = await collect()
    const dist = join(app, 'dist')
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    const entry = html.match(/src="\/(assets\/[^"]+\.js)"/)![1]
    const css = html.match(/href="\/(assets\/[^"]+\.css)"/)![1]
    const lazy = walk(dist).find((f) => f.endsWith('.js') && f !== entry)!
    expect(lazy).toMatch(/^assets\/lazy-/)
    expect(value(output, 'bundle/initial-js/raw')).toBe(independentSizes(dist, [entry]).raw)
    expect(value(output, 'bundle/initial-js/brotli')).toBe(independentSizes(dist, [entry]).brotli)
    expect(value(output, 'bundle/initial-css/raw')).toBe(independentSizes(dist, [css]).raw)
    expect(value(output, 'bundle/js/raw')).toBe(independentSizes(dist, [entry, lazy]).raw)
  })

  it('uses hash-free ids that stay the same when a rebuild changes every hash', async () => {
    const before = await collect()
    const filesBefore = walk(join(app, 'dist')).sort()
    const ids = (o: PluginOutput) => (o.metrics ?? []).map((m: MetricInput) => m.id).sort()
    expect(ids(before.output)).toContain('bundle/asset/assets/index.js/raw')
    expect(ids(before.output)).toContain('bundle/asset/assets/lazy.js/brotli')
    expect(ids(before.output)).toContain('bundle/asset/assets/logo.png/raw')
    expect(ids(before.output).some((id) => /-[A-Za-z0-9_-]{8}\./.test(id))).toBe(false)

    const saved = tempDir('perfgate-bundle-before-')
    cleanups.push(saved.cleanup)
    cpSync(join(app, 'dist'), saved.dir, { recursive: true })
    appendFileSync(join(app, 'src/lazy.js'), '\nexport const changed = globalThis.location?.href\n')
    appendFileSync(join(app, 'src/main.js'), '\nglobalThis.rebuilt = 2\n')
    await build()
    const after = await collect()
    const filesAfter = walk(join(app, 'dist')).sort()
    expect(filesAfter).not.toEqual(filesBefore)
    expect(ids(after.output)).toEqual(ids(before.output))

    // derive(): bytes a returning visitor downloads again — files at a new URL or with new content at the
    // same URL — counted independently by comparing the two folders' files.
    const dist = join(app, 'dist')
    let changed = 0
    let total = 0
    for (const file of filesAfter) {
      const now = readFileSync(join(dist, file))
      total += now.length
      const cached = filesBefore.includes(file) && readFileSync(join(saved.dir, file)).equals(now)
      if (!cached) changed += now.length
    }
    expect(changed).toBeGreaterThan(0)
    expect(changed).toBeLessThan(total)
    const derived = validatePluginOutput(
      'perfgate:bundle',
      await bundlePlugin().derive!(asReport(after.output), asReport(before.output), {} as never),
    )
    expect(value(derived, 'bundle/cache/invalidated-bytes')).toBe(changed)
    expect(value(derived, 'bundle/cache/invalidated')).toBeCloseTo((changed / total) * 100, 2)
  }, 30_000)

  it('reads perfgate/vite data: packages, large initial dependencies, treemap, assets.json', async () => {
    const { output, outDir } = await collect({ largeDependency: 1000 })
    expect(value(output, 'bundle/package/dayjs/rendered')).toBeGreaterThan(1000)
    const large = output.findings?.find((f) => f.ruleId === 'bundle/large-initial-dependency')
    expect(large?.message).toContain('dayjs')
    expect(large?.help).toContain("import('dayjs')")
    expect(output.artifacts).toEqual(
      expect.arrayContaining([
        { kind: 'json', path: 'assets.json' },
        { kind: 'treemap', path: 'treemap.html' },
      ]),
    )
    expect(readFileSync(join(outDir, 'treemap.html'), 'utf8')).toContain('<html')
    const assets = JSON.parse(readFileSync(join(outDir, 'assets.json'), 'utf8'))
    expect(assets.assets.find((a: { file: string }) => a.file === 'index.html').hash).toMatch(
      /^[0-9a-f]{64}$/,
    )
  })

  it('caches compressed sizes by content hash in the cache folder', async () => {
    expect(existsSync(join(cacheDir, 'bundle-sizes.json'))).toBe(true)
    const cached = JSON.parse(readFileSync(join(cacheDir, 'bundle-sizes.json'), 'utf8'))
    const first = await collect()
    const uncached = await collect({ cache: false })
    expect(uncached.output.metrics).toEqual(first.output.metrics)
    expect(Object.keys(cached.sizes).length).toBeGreaterThan(3)
  })

  it('keeps perfgate/vite data when a later build step only adds files (a service worker)', async () => {
    const worker = join(app, 'dist/sw.js')
    writeFileSync(worker, 'self.addEventListener("install", () => {})\n')
    try {
      const { output, logger } = await collect()
      expect(logger.lines.join('\n')).not.toMatch(/Ignoring stale/)
      expect(output.metrics?.some((m) => m.id.startsWith('bundle/package/'))).toBe(true)
      expect(output.metrics?.some((m) => m.id === 'bundle/asset/sw.js/raw')).toBe(true)
    } finally {
      rmSync(worker)
    }
  })

  it('ignores stale perfgate/vite data with a warning', async () => {
    const dist = join(app, 'dist')
    const html = join(dist, 'index.html')
    writeFileSync(html, `${readFileSync(html, 'utf8')}<!-- edited after the build -->\n`)
    const { output, logger } = await collect()
    expect(logger.lines.join('\n')).toMatch(/Ignoring stale .*bundle\.json.*index\.html/)
    expect(output.metrics?.some((m) => m.id.startsWith('bundle/package/'))).toBe(false)
  })

  it('reports shipped source maps with a fix', async () => {
    writeFileSync(join(app, 'dist/assets/extra.js.map'), '{"version":3,"sources":[],"mappings":""}')
    const { output } = await collect()
    const finding = output.findings?.find((f) => f.ruleId === 'bundle/source-map-shipped')
    expect(finding?.file).toBe('assets/extra.js.map')
    expect(finding?.help).toContain("sourcemap: 'hidden'")
    expect(output.metrics?.some((m) => m.id.includes('.map'))).toBe(false)
  })
})
