import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { PerfgateError } from '../../../core/toolkit/index.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { routeFiles, routeMetrics } from '../../../plugins/bundle/routes.js'
import { readReactRouterRoutes } from '../../../plugins/bundle/routes-react-router.js'
import type { AssetSize } from '../../../plugins/bundle/types.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { createTestContext } from './helpers.js'

// A real React Router 7 build (Zach677/zaxh.org, server rendering, nested pathless layouts, a `:slug`
// and a `*` route): its browser manifest as built, the client files at their built sizes, and what
// Chromium downloaded on a first load of each URL from react-router-serve (see the fixture's README).

const FIXTURE = fixture('react-router-ssr')
const sizes = JSON.parse(readFileSync(join(FIXTURE, 'client-files.json'), 'utf8')) as Record<string, number>
const browser = JSON.parse(readFileSync(join(FIXTURE, 'browser-first-load.json'), 'utf8')) as Record<
  string,
  Record<string, number>
>
/** The URL each route pattern was loaded at. */
const URLS: Record<string, string> = {
  '/': '/',
  '/about': '/about',
  '/learn': '/learn',
  '/toolkit': '/toolkit',
  '/:slug': '/react-router-data-apis',
  '/*': '/no/such/page',
}

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A fixture in a temp folder: `.txt` names restored, each client file written at its built size. */
function app(name = 'react-router-ssr'): string {
  const temp = tempDir('perfgate-react-router-')
  cleanups.push(temp.cleanup)
  cpSync(fixture(name), temp.dir, { recursive: true })
  const sizes = JSON.parse(readFileSync(join(temp.dir, 'client-files.json'), 'utf8')) as Record<
    string,
    number
  >
  const restore = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name)
      if (e.isDirectory()) restore(path)
      else if (e.name.endsWith('.txt')) renameSync(path, path.slice(0, -'.txt'.length))
    }
  }
  restore(temp.dir)
  for (const [file, size] of Object.entries(sizes)) {
    const path = join(temp.dir, 'build/client', file)
    mkdirSync(dirname(path), { recursive: true })
    if (!file.startsWith('assets/manifest-')) writeFileSync(path, Buffer.alloc(size, 'a'))
  }
  return temp.dir
}

async function read(root: string, dir = 'build/client') {
  const found = await readReactRouterRoutes(join(root, dir), root)
  if (!found) throw new Error('no React Router build found')
  return routeFiles(found)
}

const manifestFile = (root: string) => join(root, 'build/client/assets/manifest-f2a0d320.js')
const editManifest = (root: string, edit: (text: string) => string) =>
  writeFileSync(manifestFile(root), edit(readFileSync(manifestFile(root), 'utf8')))

describe('per-route files of a real React Router 7 build', () => {
  it('counts, for each page route, exactly the JS and CSS files Chromium downloads on a first load', async () => {
    const root = app()
    const routes = await read(root)
    expect(routes.map((r) => r.route).sort()).toEqual(Object.keys(URLS).sort())
    for (const r of routes) {
      const loaded = browser[URLS[r.route]]
      expect([...r.js, ...r.css].map((f) => `/${f}`).sort(), r.route).toEqual(Object.keys(loaded).sort())
      const bytes = r.js.reduce((sum, f) => sum + statSync(join(root, 'build/client', f)).size, 0)
      const downloaded = Object.entries(loaded)
        .filter(([f]) => f.endsWith('.js'))
        .reduce((sum, [, n]) => sum + n, 0)
      expect(bytes, r.route).toBe(downloaded)
    }
  })

  it('a real SPA-mode build under a public path (translate-exchange): the entry, the manifest file and the routes, as Chromium loads them', async () => {
    const root = app('react-router-spa')
    const routes = await read(root)
    const loaded = JSON.parse(readFileSync(join(root, 'browser-first-load.json'), 'utf8'))[
      '/translate-exchange/'
    ]
    expect(routes.map((r) => [r.route, r.key])).toEqual([['/', 'index']])
    const files = [...routes[0].js, ...routes[0].css].map((f) => `/translate-exchange/${f}`)
    expect(files.sort()).toEqual(Object.keys(loaded).sort())
    expect(routes[0].js).toContain('assets/manifest-1ce2b632.js')
    const bytes = routes[0].js.reduce((sum, f) => sum + statSync(join(root, 'build/client', f)).size, 0)
    expect(bytes).toBe(Object.values(loaded as Record<string, number>).reduce((a, b) => a + b, 0))
  })

  it('names routes by URL pattern with id-safe keys; layouts count only in their children, and a second `/` index is dropped', async () => {
    const routes = await read(app())
    expect(routes.map((r) => [r.route, r.key])).toEqual([
      ['/*', '_'],
      ['/:slug', '_slug'],
      ['/about', 'about'],
      ['/', 'index'],
      ['/learn', 'learn'],
      ['/toolkit', 'toolkit'],
    ])
    const slug = routes.find((r) => r.route === '/:slug')
    // root, the pathless `_app` and `blog/_layout` layouts, then the leaf: each one's module.
    expect(slug?.js).toEqual(
      expect.arrayContaining([
        'assets/root-BdlXxwoD.js',
        'assets/_app-nld_nuRv.js',
        'assets/_layout-CZh807Px.js',
        'assets/_slug-Dqf6q6Fh.js',
      ]),
    )
    expect(slug?.js).not.toContain('assets/index-4EnEwKue.js')
  })

  it('gives the bundle plugin per-route metrics of those files', async () => {
    const root = app()
    const routes = await read(root)
    const assets = Object.entries(sizes).map(
      ([file, raw]) =>
        ({ file, raw, gzip: raw, brotli: raw, name: file, kind: 'js' }) as unknown as AssetSize,
    )
    const metrics = routeMetrics(routes, assets, 'brotli', null)
    const about = metrics.find((m) => m.id === 'bundle/route/about/initial-js/raw')
    const expected = Object.entries(browser['/about'])
      .filter(([f]) => f.endsWith('.js'))
      .reduce((sum, [, n]) => sum + n, 0)
    expect(about?.value).toBe(expected)
    expect(metrics.find((m) => m.id === 'bundle/route/_slug/initial-css/raw')?.value).toBe(33513)
  })

  it('counts the manifest file itself when the browser fetches it: ssr: false (no server build) or routeDiscovery "initial"', async () => {
    const spa = app()
    rmSync(join(spa, 'build/server'), { recursive: true })
    for (const r of await read(spa)) expect(r.js, r.route).toContain('assets/manifest-f2a0d320.js')

    const initial = app()
    const server = join(initial, 'build/server/index.js')
    writeFileSync(server, readFileSync(server, 'utf8').replace('"mode": "lazy"', '"mode": "initial"'))
    for (const r of await read(initial)) expect(r.js, r.route).toContain('assets/manifest-f2a0d320.js')
  })

  it('maps URLs under a public path (`base: "/app/"`) and reads a whole build folder as dir', async () => {
    const root = app()
    editManifest(root, (text) => text.replaceAll('"/assets/', '"/app/assets/'))
    const expected = await read(app())
    expect(await read(root)).toEqual(expected)
    const whole = await read(root, 'build')
    expect(whole.find((r) => r.route === '/about')?.js).toContain('client/assets/about-b11a4BOI.js')
  })

  it('counts a stylesheet the root links with links() and `?url`, which the manifest does not list', async () => {
    const root = app()
    // As the same app built with `import appHref from "./app.css?url"` in root.tsx: the manifest lists no
    // css for root, and Vite writes the URL into root's module (`"/assets/app-C0h86Owb.css"`).
    editManifest(root, (text) => text.replace('"css":["/assets/root-C0h86Owb.css"]', '"css":[]'))
    const rootModule = join(root, 'build/client/assets/root-BdlXxwoD.js')
    writeFileSync(
      rootModule,
      `const appHref = "/assets/root-C0h86Owb.css";\n${readFileSync(rootModule, 'utf8')}`,
    )
    const routes = await read(root)
    for (const r of routes) expect(r.css, r.route).toEqual(['assets/root-C0h86Owb.css'])
    // A CSS URL of another origin, or of no file in this build, is not counted.
    writeFileSync(rootModule, 'const a = "/assets/gone-123.css", b = "https://cdn.example/x.css";\n')
    for (const r of await read(root)) expect(r.css, r.route).toEqual([])
  })

  it('counts split route modules and leaves resource routes (no component) out', async () => {
    const root = app()
    writeFileSync(join(root, 'build/client/assets/about-loader.js'), 'export {}')
    editManifest(root, (text) =>
      text
        .replace(
          '"module":"/assets/about-b11a4BOI.js"',
          '"module":"/assets/about-b11a4BOI.js","clientLoaderModule":"/assets/about-loader.js"',
        )
        .replace(/("id":"routes\/learn".*?"hasDefaultExport":)true/, '$1false'),
    )
    const routes = await read(root)
    expect(routes.find((r) => r.route === '/about')?.js).toContain('assets/about-loader.js')
    expect(routes.map((r) => r.route)).not.toContain('/learn')
  })

  it('reads the newest manifest when an older build left one beside it', async () => {
    const root = app()
    const old = join(root, 'build/client/assets/manifest-00000000.js')
    writeFileSync(old, readFileSync(manifestFile(root), 'utf8').replaceAll('about-b11a4BOI', 'about-OLD'))
    utimesSync(old, new Date(2000, 0, 1), new Date(2000, 0, 1))
    const routes = await read(root)
    expect(routes.find((r) => r.route === '/about')?.js).toContain('assets/about-b11a4BOI.js')
  })

  it('is null without a React Router build, and a PerfgateError naming the file when its manifest is unreadable', async () => {
    const plain = tempDir('perfgate-react-router-none-')
    cleanups.push(plain.cleanup)
    writeFileSync(join(plain.dir, 'index.html'), '<script type="module" src="/assets/index.js"></script>')
    expect(await readReactRouterRoutes(plain.dir, plain.dir)).toBeNull()

    const root = app()
    editManifest(root, (text) => text.slice(0, 1500))
    const error = await readReactRouterRoutes(join(root, 'build/client'), root).catch((e) => e)
    expect(error).toBeInstanceOf(PerfgateError)
    expect(error.message).toContain(manifestFile(root))
    expect(error.hint).toMatch(/react-router build|routes: false/)

    const empty = app()
    editManifest(empty, () => 'window.__reactRouterManifest={"routes":{}};')
    await expect(readReactRouterRoutes(join(empty, 'build/client'), empty)).rejects.toThrow(/entry\.module/)
  })
})

describe('the bundle plugin on a React Router build', () => {
  it('finds it with routes: auto and gates each route at what Chromium fetched on its first load', async () => {
    const root = app()
    const { ctx, cleanup } = createTestContext(root)
    cleanups.push(cleanup)
    const raw = await bundlePlugin({ dir: 'build/client', images: { analyze: false } }).collect(ctx)
    const output = validatePluginOutput('perfgate:bundle', raw)
    const browser = JSON.parse(readFileSync(join(root, 'browser-first-load.json'), 'utf8')) as Record<
      string,
      Record<string, number>
    >
    const about = Object.entries(browser['/about'])
      .filter(([file]) => file.endsWith('.js'))
      .reduce((sum, [, size]) => sum + size, 0)
    expect(output.metrics?.find((m) => m.id === 'bundle/route/about/initial-js/raw')?.value).toBe(about)
  })
})
