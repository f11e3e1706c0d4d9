import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeStarterConfig } from '../../../core/config/init.js'
import type { Metric, MetricInput, PluginOutput, RunReport } from '../../../core/model/types.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { judge, startServerCommand } from '../../../core/toolkit/index.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { copyFixture, createTestContext } from './helpers.js'

// A real SvelteKit 2 app (adapter-node) built by its own `vite build`: `/` and `/pricing` (in a group),
// `/about` importing dayjs, `/blog/[slug]` with a click-time `import()`, and an endpoint.

const cleanups: Array<() => void> = []
let app: string
let cacheDir: string
afterAll(() => {
  for (const cleanup of cleanups) cleanup()
})

async function build() {
  const vite = join(REPO_ROOT, 'node_modules/vite/bin/vite.js')
  // As a project's `npm run build`: vitest's NODE_ENV=test would make a development build.
  const env = { ...process.env, NODE_ENV: 'production' }
  const result = await runProcess(process.execPath, [vite, 'build'], { cwd: app, env })
  if (result.code !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`)
}

let warnings: string[] = []

async function collect(options = {}): Promise<PluginOutput> {
  const { ctx, logger, cleanup } = createTestContext(app)
  cleanups.push(cleanup)
  const raw = await bundlePlugin({
    dir: 'build/client',
    cache: cacheDir,
    images: { analyze: false },
    ...options,
  }).collect(ctx)
  warnings = logger.lines.filter((line) => /^warn/.test(line))
  return validatePluginOutput('perfgate:bundle', raw)
}

const value = (output: PluginOutput, id: string) => {
  const metric = output.metrics?.find((m) => m.id === id)
  if (!metric)
    throw new Error(
      `no metric ${id}; have ${output.metrics?.map((m) => m.id).filter((i) => i.includes('route'))}`,
    )
  return metric.value as number
}

/** What SvelteKit itself preloads for a route: client.imports plus each of its nodes' imports (server/nodes/<n>.js). */
function svelteKitPreloads(nodes: number[]): string[] {
  const server = join(app, '.svelte-kit/output/server')
  const manifest = readFileSync(join(server, 'manifest-full.js'), 'utf8')
  const list = (text: string) =>
    JSON.parse(/imports\s*[:=]\s*(\[[^\]]*\])/.exec(text)?.[1] ?? '[]') as string[]
  const files = new Set(list(manifest))
  for (const n of nodes)
    for (const f of list(readFileSync(join(server, `nodes/${n}.js`), 'utf8'))) files.add(f)
  return [...files]
}

/** The nodes (layouts and leaf) SvelteKit's manifest gives a route id. */
function nodesOf(route: string): number[] {
  const manifest = readFileSync(join(app, '.svelte-kit/output/server/manifest-full.js'), 'utf8')
  const at = manifest.indexOf(`id: ${JSON.stringify(route)}`)
  const page = /page:\s*\{\s*layouts:\s*\[([^\]]*)\][^}]*leaf:\s*(\d+)/.exec(manifest.slice(at))
  if (!page) throw new Error(`no page for ${route}`)
  return [
    ...page[1]
      .split(',')
      .filter((n) => n.trim() !== '')
      .map(Number),
    Number(page[2]),
  ]
}

const rawSize = (files: string[]) =>
  files.reduce((sum, f) => sum + statSync(join(app, 'build/client', f)).size, 0)

let first: PluginOutput

/** A run's report of this plugin's output alone, as core judges it. */
function asReport(output: PluginOutput, commit = 'a'.repeat(40)): RunReport {
  const metrics: Metric[] = (output.metrics ?? []).map((m) => ({
    ...m,
    plugin: 'perfgate:bundle',
    value: m.value as number,
    verdict: 'new' as const,
  }))
  const plugins = [{ name: 'perfgate:bundle', status: 'ok' as const, durationMs: 1, data: output.data }]
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: 'test' },
    createdAt: new Date(0).toISOString(),
    commit,
    branch: null,
    baseCommit: null,
    host: {},
    plugins,
    metrics,
    findings: [],
    artifacts: [],
  } as unknown as RunReport
}

beforeAll(async () => {
  const copy = copyFixture('sveltekit-app')
  const cache = tempDir('perfgate-bundle-cache-')
  cleanups.push(copy.cleanup, cache.cleanup)
  app = copy.dir
  cacheDir = cache.dir
  // With perfgate/vite (the built package, as a project imports it): module data for the breakdowns.
  const vitePlugin = join(REPO_ROOT, 'dist/plugins/vite.js')
  writeFileSync(
    join(app, 'vite.config.js'),
    `import { sveltekit } from '@sveltejs/kit/vite'\nimport { defineConfig } from 'vite'\nimport perfgate from ${JSON.stringify(vitePlugin)}\n\nexport default defineConfig({ plugins: [sveltekit(), perfgate({ table: false, cache: ${JSON.stringify(cacheDir)} })], logLevel: 'warn' })\n`,
  )
  await build()
  first = await collect()
}, 120_000)

describe('per-route sizes of a real SvelteKit build', { timeout: 120_000 }, () => {
  it('names each page route readably: / is index, groups leave the path, [slug] becomes _slug_; endpoints have none', () => {
    const keys = new Set(
      (first.metrics ?? []).flatMap((m) => /^bundle\/route\/(.+)\/initial-js\/brotli$/.exec(m.id)?.[1] ?? []),
    )
    expect([...keys].sort()).toEqual(['about', 'blog/_slug_', 'index', 'pricing'])
  })

  it('counts what SvelteKit preloads for the route, byte for byte: its entries, nodes and their static imports', () => {
    for (const [route, key] of [
      ['/', 'index'],
      ['/about', 'about'],
      ['/blog/[slug]', 'blog/_slug_'],
      ['/(marketing)/pricing', 'pricing'],
    ]) {
      const files = svelteKitPreloads(nodesOf(route))
      expect(value(first, `bundle/route/${key}/initial-js/raw`), route).toBe(rawSize(files))
    }
  })

  it('keeps a route’s import() out, and its heavy static import in that route only', () => {
    const lazy = readdirSync(join(app, 'build/client/_app/immutable/chunks')).find((f) =>
      readFileSync(join(app, 'build/client/_app/immutable/chunks', f), 'utf8').includes('lazy paragraph'),
    )
    expect(lazy).toBeDefined()
    const blog = svelteKitPreloads(nodesOf('/blog/[slug]'))
    expect(blog.some((f) => f.endsWith(lazy as string))).toBe(false)
    // dayjs (about 7 kB raw minified) is in /about's first load and nobody else's.
    const about = value(first, 'bundle/route/about/initial-js/raw')
    const home = value(first, 'bundle/route/index/initial-js/raw')
    expect(about - home).toBeGreaterThan(6_000)
    expect(Math.abs(value(first, 'bundle/route/pricing/initial-js/raw') - home)).toBeLessThan(1_000)
  })

  it('breaks a route down by npm package with perfgate/vite data (read despite the adapter leaving .vite/ out)', () => {
    expect(warnings).toEqual([])
    const parts = first.metrics?.find((m) => m.id === 'bundle/route/about/initial-js/brotli')?.breakdown ?? []
    expect(parts.find((p) => p.key === 'dayjs')).toMatchObject({ location: 'src/routes/about/+page.svelte' })
    const home = first.metrics?.find((m) => m.id === 'bundle/route/index/initial-js/brotli')?.breakdown ?? []
    expect(home.some((p) => p.key === 'dayjs')).toBe(false)
  })

  it('gates the chosen compression of each route as the site-wide figures, with a breakdown', () => {
    const metric = (id: string) => first.metrics?.find((m) => m.id === id) as MetricInput
    expect(metric('bundle/route/about/initial-js/brotli').role).toBeUndefined()
    expect(metric('bundle/route/about/initial-css/brotli').role).toBeUndefined()
    expect(metric('bundle/route/about/initial-js/gzip').role).toBe('detail')
    expect(metric('bundle/route/about/initial-js/raw').role).toBe('detail')
    const parts = metric('bundle/route/about/initial-js/brotli').breakdown ?? []
    // Each file's share among its modules is rounded: the parts add up within a byte or two per file.
    const sum = parts.reduce((s, p) => s + p.value, 0)
    expect(Math.abs(sum - value(first, 'bundle/route/about/initial-js/brotli'))).toBeLessThan(parts.length)
    expect(parts.map((p) => p.key)).toContain('svelte')
    // The route's own stylesheet (the page's <style>) and the layout's.
    expect(value(first, 'bundle/route/about/initial-css/raw')).toBeGreaterThan(
      value(first, 'bundle/route/pricing/initial-css/raw'),
    )
  })

  it('makes the site-wide initial JS the union of the routes’ first loads when the build has no HTML', () => {
    const union = new Set(
      ['/', '/about', '/blog/[slug]', '/(marketing)/pricing'].flatMap((r) => svelteKitPreloads(nodesOf(r))),
    )
    expect(value(first, 'bundle/initial-js/raw')).toBe(rawSize([...union]))
    // Server chunks are never measured: only the client output is.
    expect(value(first, 'bundle/total/raw')).toBeLessThan(rawSize([...union]) + 50_000)
  })

  it('judges a glob budget on one route’s figures only', () => {
    const budgets = [{ pattern: 'bundle/route/blog/**', max: 1, source: 'config' }]
    const judged = judge(asReport(first), null, { budgets, failOn: 'budget' })
    const exceeded = judged.metrics.filter((m) => m.budget?.status === 'exceeded').map((m) => m.id)
    expect(exceeded.length).toBeGreaterThan(0)
    expect(exceeded.every((id) => id.startsWith('bundle/route/blog/_slug_/'))).toBe(true)
  })

  it('with routes: false, measures as before (no route figures, nothing initial without HTML)', async () => {
    const output = await collect({ routes: false })
    expect(output.metrics?.some((m) => m.id.startsWith('bundle/route/'))).toBe(false)
    expect(value(output, 'bundle/initial-js/raw')).toBe(0)
  })

  it('perfgate init writes a config whose server command serves every page it lists, with no hand edits', async () => {
    const { facts } = await writeStarterConfig(app)
    const fw = facts.framework
    expect(fw).toMatchObject({ clientDir: 'build/client', pages: ['/', '/about', '/pricing'] })
    const serve = fw?.serve as { startServerCommand: string }
    const { ctx } = createTestContext(app)
    const server = await startServerCommand({ command: serve.startServerCommand, timeout: 20_000 }, ctx)
    try {
      for (const page of fw?.pages ?? []) {
        const response = await fetch(`${server.origin}${page}`)
        expect(response.status, page).toBe(200)
        // Its own modulepreloads (a Link header): the files this route's figure counts.
        expect(response.headers.get('link'), page).toMatch(/entry\/start\.[^>]+\.js>; rel="modulepreload"/)
      }
    } finally {
      await server.stop()
    }
  })

  it('after a heavy import is added to one route, only that route’s figure changes', async () => {
    const page = join(app, 'src/routes/(marketing)/pricing/+page.svelte')
    writeFileSync(
      page,
      `<script>\n  import uPlot from 'uplot'\n</script>\n\n${readFileSync(page, 'utf8')}<p>{typeof uPlot}</p>\n`,
    )
    await build()
    const second = await collect()
    const route = (o: PluginOutput, key: string) => value(o, `bundle/route/${key}/initial-js/brotli`)
    expect(route(second, 'pricing') - route(first, 'pricing')).toBeGreaterThan(10_000)
    // Every route loads SvelteKit's app entry, which names each node's file: the new hash of /pricing's
    // node moves the others by a few bytes, under the 100-byte floor below which a size is unchanged.
    for (const key of ['index', 'about', 'blog/_slug_'])
      expect(Math.abs(route(second, key) - route(first, key)), key).toBeLessThan(100)
    // As core judges the pull request against the first build: that route's figure regressed, no other route's.
    const judged = judge(
      asReport(second, 'b'.repeat(40)),
      judge(asReport(first), null, { budgets: [], failOn: 'regression' }),
      {
        budgets: [],
        failOn: 'regression',
      },
    )
    const regressed = judged.metrics.filter((m) => m.verdict === 'regressed' && !m.role).map((m) => m.id)
    expect(regressed.filter((id) => id.startsWith('bundle/route/'))).toEqual([
      'bundle/route/pricing/initial-js/brotli',
    ])
  })
})
