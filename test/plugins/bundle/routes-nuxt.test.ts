import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { PluginOutput } from '../../../core/model/types.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import type { ViteManifest } from '../../../plugins/bundle/routes.js'
import { nuxtRouteEntries, parseNuxtManifest, readNuxtRoutes } from '../../../plugins/bundle/routes-nuxt.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { createTestContext } from './helpers.js'

// A real Nuxt 3 build (test/fixtures/nuxt-portfolio/README.md): its client manifest and its client files'
// sizes, laid out as the build leaves them: `.nuxt/dist/server/` and `.output/public/_nuxt/`.

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const cleanup of cleanups) cleanup()
})

/** A Nuxt app folder holding the fixture's build: the manifest, the client files (of their real sizes), its page. */
function nuxtBuild(name: string): string {
  const { dir, cleanup } = tempDir('perfgate-nuxt-')
  cleanups.push(cleanup)
  const from = fixture(name)
  const write = (path: string, text: string | Buffer) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  write('.nuxt/dist/server/client.manifest.mjs', readFileSync(join(from, 'client.manifest.mjs')))
  const sizes = JSON.parse(readFileSync(join(from, 'client-files.json'), 'utf8')) as Record<string, number>
  for (const [file, size] of Object.entries(sizes)) write(`.output/public/_nuxt/${file}`, noise(file, size))
  write('.output/public/favicon.ico', Buffer.alloc(100))
  write('pages/projects.vue', readFileSync(fixture('nuxt-portfolio/pages/projects.vue')))
  return dir
}

/** `size` bytes of seeded noise in code's alphabet: compressed sizes then grow with the raw ones, as code's do. */
function noise(seed: string, size: number): Buffer {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789(){};=,.: '
  let state = [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    out[i] = alphabet.charCodeAt((state >>> 16) % alphabet.length)
  }
  return out
}

async function collect(app: string, options = {}): Promise<PluginOutput> {
  const { ctx, cleanup } = createTestContext(app)
  cleanups.push(cleanup)
  const raw = await bundlePlugin({ dir: '.output/public', images: { analyze: false }, ...options }).collect(
    ctx,
  )
  return validatePluginOutput('perfgate:bundle', raw)
}

const value = (output: PluginOutput, id: string) => {
  const metric = output.metrics?.find((m) => m.id === id)
  if (!metric) throw new Error(`no metric ${id}; have ${output.metrics?.map((m) => m.id).join(', ')}`)
  return metric.value as number
}

const sizes = (name: string) =>
  JSON.parse(readFileSync(join(fixture(name), 'client-files.json'), 'utf8')) as Record<string, number>

describe('per-route sizes of a real Nuxt build', () => {
  it('reads the client manifest module as the renderer does (a literal, never run)', async () => {
    const file = join(fixture('nuxt-portfolio'), 'client.manifest.mjs')
    const parsed = await parseNuxtManifest(readFileSync(file, 'utf8'), file)
    const imported = (await import(file)).default
    expect(parsed).toEqual(JSON.parse(JSON.stringify(imported)))
    expect(await parseNuxtManifest(JSON.stringify(imported), 'client.manifest.json')).toEqual(parsed)
  })

  it('gives each page its routes’ first-load files: the entry, the layout a page renders, the page, their imports', async () => {
    const app = nuxtBuild('nuxt-portfolio')
    const found = await readNuxtRoutes(join(app, '.output/public'), app)
    expect(found?.framework).toBe('nuxt')
    expect(found?.routes.map((r) => r.route).sort()).toEqual(['/', '/projects', '/stack'])
    const output = await collect(app, { routes: 'nuxt' })
    // Byte for byte what Chromium fetched on a first load of each route from Nuxt's own server.
    const firstLoad = JSON.parse(readFileSync(join(fixture('nuxt-portfolio'), 'first-load.json'), 'utf8'))
    const size = sizes('nuxt-portfolio')
    for (const [route, files] of Object.entries(firstLoad as Record<string, string[]>)) {
      const key = route === '/' ? 'index' : route.slice(1)
      const sum = (re: RegExp) => files.filter((f) => re.test(f)).reduce((n, f) => n + size[f], 0)
      expect(value(output, `bundle/route/${key}/initial-js/raw`), route).toBe(sum(/\.js$/))
      expect(value(output, `bundle/route/${key}/initial-css/raw`), route).toBe(sum(/\.css$/))
    }
    expect(value(output, 'bundle/route/index/initial-js/raw')).toBe(209_537)
    // No server chunk and no lazy chunk counts: the error pages load only on an error.
    expect(value(output, 'bundle/initial-js/raw')).toBe(
      209_537 + size['CGqbdeA-.js'] + size['CkKTWjjE.js'] + size['CRUHUy-L.js'],
    )
  })

  it('a heavy import added to one page grows that route’s figure only', async () => {
    const before = await collect(nuxtBuild('nuxt-portfolio'))
    const after = await collect(nuxtBuild('nuxt-portfolio-lodash'))
    const change = (key: string) => {
      const id = `bundle/route/${key}/initial-js/brotli`
      return value(after, id) / value(before, id) - 1
    }
    expect(change('stack')).toBeGreaterThan(0.2)
    // The entry names the new chunk: a few bytes, far under a regression.
    expect(Math.abs(change('index'))).toBeLessThan(0.005)
    expect(Math.abs(change('projects'))).toBeLessThan(0.005)
  })

  it("routes: 'nuxt' without a Nuxt build is an error naming the build; auto finds none and measures as before", async () => {
    const { dir, cleanup } = tempDir('perfgate-nuxt-none-')
    cleanups.push(cleanup)
    mkdirSync(join(dir, '.output/public'), { recursive: true })
    writeFileSync(join(dir, '.output/public/app.js'), 'console.log(1)\n')
    await expect(collect(dir, { routes: 'nuxt' })).rejects.toThrow(/no Nuxt build output \(\.nuxt\/dist\)/)
    const output = await collect(dir)
    expect(output.metrics?.some((m) => m.id.startsWith('bundle/route/'))).toBe(false)
  })
})

// Keys as Nuxt 4 writes them: relative to srcDir (app/), the entry under ../node_modules.
describe('Nuxt routes from the client manifest', () => {
  const chunk = (file: string, more = {}) => ({ file, isDynamicEntry: true, imports: ['entry.js'], ...more })
  const MANIFEST: ViteManifest = {
    '../node_modules/nuxt/dist/app/entry.js': { file: 'entry.js', isEntry: true },
    'pages/index.vue': chunk('index.js'),
    'pages/blog.vue': chunk('blog.js'),
    'pages/blog/index.vue': chunk('blog-index.js'),
    'pages/blog/[slug].vue': chunk('slug.js'),
    'pages/shop.vue': chunk('shop.js'),
    'pages/shop/[id].client.vue': chunk('item.js'),
    'pages/(legal)/terms.vue': chunk('terms.js'),
    'layouts/default.vue': chunk('default.js'),
    'layouts/admin/panel.vue': chunk('panel.js'),
    'components/pages/Card.vue': chunk('card.js'),
    '../node_modules/some-layer/pages/x.vue': chunk('x.js'),
  }
  const SOURCES: Record<string, string> = {
    'pages/shop.vue':
      "<script setup>\ndefinePageMeta({ middleware: 'auth', layout: 'admin-panel' })\n</script>",
    'pages/(legal)/terms.vue': '<script setup lang="ts">definePageMeta({ layout: false })</script>',
  }

  it('maps pages to routes with their parents and layout, from the app’s own pages folder only', () => {
    const routes = nuxtRouteEntries(MANIFEST, (key) => SOURCES[key] ?? null)
    const entry = '../node_modules/nuxt/dist/app/entry.js'
    expect(Object.fromEntries(routes.map((r) => [r.route, r.entries]))).toEqual({
      '/': [entry, 'layouts/default.vue', 'pages/index.vue'],
      // A parent with an index child is the index route, the parent wrapping it.
      '/blog': [entry, 'layouts/default.vue', 'pages/blog.vue', 'pages/blog/index.vue'],
      '/blog/[slug]': [entry, 'layouts/default.vue', 'pages/blog.vue', 'pages/blog/[slug].vue'],
      // A parent without one is a route of its own; its layout holds for its children.
      '/shop': [entry, 'layouts/admin/panel.vue', 'pages/shop.vue'],
      '/shop/[id]': [entry, 'layouts/admin/panel.vue', 'pages/shop.vue', 'pages/shop/[id].client.vue'],
      '/(legal)/terms': [entry, 'pages/(legal)/terms.vue'],
    })
  })

  it('an app.vue without <NuxtLayout> renders no layout but the one a page renders itself', () => {
    const routes = nuxtRouteEntries(MANIFEST, (key) =>
      key === 'app.vue' ? '<template><NuxtPage /></template>' : (SOURCES[key] ?? null),
    )
    expect(routes.find((r) => r.route === '/')?.entries).toEqual([
      '../node_modules/nuxt/dist/app/entry.js',
      'pages/index.vue',
    ])
    const withOwn = nuxtRouteEntries(MANIFEST, (key) =>
      key === 'app.vue'
        ? '<template><NuxtPage /></template>'
        : key === 'pages/index.vue'
          ? '<template><NuxtLayout name="admin-panel"><p /></NuxtLayout></template>'
          : null,
    )
    expect(withOwn.find((r) => r.route === '/')?.entries).toContain('layouts/admin/panel.vue')
  })

  it('an app without pages (app.vue alone) has one route: its entry', () => {
    const manifest: ViteManifest = {
      'node_modules/nuxt/dist/app/entry.js': { file: 'entry.js', isEntry: true },
      'components/Chart.vue': chunk('chart.js'),
    }
    expect(nuxtRouteEntries(manifest, () => null)).toEqual([
      { route: '/', entries: ['node_modules/nuxt/dist/app/entry.js'] },
    ])
  })
})
