import { cpSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { PerfgateError } from '../../../core/toolkit/index.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { routeFiles } from '../../../plugins/bundle/routes.js'
import { readAstroRoutes } from '../../../plugins/bundle/routes-astro.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { createTestContext } from './helpers.js'

// A real Astro server build (lucasKoyama/astro-tutorial with @astrojs/node, `output: 'server'`), and
// what Chromium downloaded on a first load of each page from the build's own server (see the README).

const browser = JSON.parse(
  readFileSync(join(fixture('astro-server'), 'browser-first-load.json'), 'utf8'),
) as Record<string, Record<string, number>>

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** The fixture in a temp folder as the build wrote it (`built/` back to `dist/`). */
function site(): string {
  const temp = tempDir('perfgate-astro-server-')
  cleanups.push(temp.cleanup)
  cpSync(fixture('astro-server'), temp.dir, { recursive: true })
  renameSync(join(temp.dir, 'built'), join(temp.dir, 'dist'))
  return temp.dir
}

async function read(root: string) {
  const found = await readAstroRoutes(join(root, 'dist/client'), root)
  if (!found) throw new Error('no Astro build found')
  return { found, routes: routeFiles(found) }
}

const ISLAND = [
  '_astro/Greeting.0G4x7omX.js',
  '_astro/client.5wFXtxsr.js',
  '_astro/preact.module.nRdpJdZK.js',
]

describe('readAstroRoutes (a real Astro server build)', () => {
  it('reads the pages from the server manifest, endpoints left out', async () => {
    const { found, routes } = await read(site())
    expect(found.source).toMatch(/dist\/server\/manifest_\w+\.mjs \(server build\)$/)
    const ids = routes.map((r) => r.route)
    expect(ids).toEqual(expect.arrayContaining(['/', '/about', '/404', '/tags/[tag]', '/posts/[...slug]']))
    expect(ids).not.toContain('/_image')
    expect(ids).not.toContain('/rss.xml')
  })

  it('counts, for each page, exactly the JS files Chromium downloads on a first load', async () => {
    const { routes } = await read(site())
    const pages = Object.keys(browser)
    expect(pages.length).toBeGreaterThanOrEqual(17)
    for (const page of pages) {
      const route = routes.find((r) => r.route === page)
      expect([...(route?.js ?? [])].sort(), page).toEqual(Object.keys(browser[page]).sort())
    }
  })

  it('finds the island of the one page that renders it, though four pages share a server chunk', async () => {
    const { routes } = await read(site())
    const js = (route: string) => routes.find((r) => r.route === route)?.js ?? []
    expect(js('/')).toEqual(expect.arrayContaining([...ISLAND, '_astro/hooks.module.fuNvVxED.js']))
    for (const sibling of ['/learn-astro', '/learn-astro/pages', '/tags'])
      for (const file of ISLAND) expect(js(sibling), sibling).not.toContain(file)
    // An `.html` page is sent as written: none of the scripts the manifest lists for it.
    expect(js('/learn-astro/pages/document')).toEqual([])
  })

  it('leaves out an island that waits for the viewport (client:visible)', async () => {
    const root = site()
    const chunk = join(root, 'dist/server/chunks/pages/index_MghD7QMp.mjs')
    const built = readFileSync(chunk, 'utf8')
    expect(built).toContain('"client:component-hydration": "load"')
    writeFileSync(
      chunk,
      built.replace('"client:component-hydration": "load"', '"client:component-hydration": "visible"'),
    )
    const { routes } = await read(root)
    const index = routes.find((r) => r.route === '/')
    for (const file of ISLAND) expect(index?.js).not.toContain(file)
    expect(index?.js).toContain('_astro/hoisted.HxU9T4Qn.js')
  })

  it('names the manifest and the fix when it cannot be read', async () => {
    const root = site()
    const server = join(root, 'dist/server')
    const manifest = readdirSync(server).find((f) => f.startsWith('manifest_')) as string
    writeFileSync(join(server, manifest), 'export const manifest = deserializeManifest({ "routes": 1 })\n')
    const error = await readAstroRoutes(join(root, 'dist/client'), root).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PerfgateError)
    expect((error as PerfgateError).message).toMatch(
      /^Cannot read Astro's route manifest .*dist\/server\/manifest_\w+\.mjs: .*no routes or entryModules/,
    )
    expect((error as PerfgateError).hint).toMatch(/astro build.*routes: false/)
  })

  it("gives the bundle plugin per-route metrics for dist/client with routes: 'auto'", async () => {
    const root = site()
    const { ctx, cleanup } = createTestContext(root)
    cleanups.push(cleanup)
    const raw = await bundlePlugin({ dir: 'dist/client', images: { analyze: false } }).collect(ctx)
    const output = validatePluginOutput('perfgate:bundle', raw)
    const sum = (route: string) => Object.values(browser[route]).reduce((total, n) => total + n, 0)
    const value = (id: string) => output.metrics?.find((m) => m.id === id)?.value
    expect(value('bundle/route/index/initial-js/raw')).toBe(sum('/'))
    expect(value('bundle/route/learn-astro/initial-js/raw')).toBe(sum('/learn-astro'))
    expect(value('bundle/route/about/initial-js/raw')).toBe(sum('/about'))

    // Without the server build beside it, the client folder alone has no routes.
    rmSync(join(root, 'dist/server'), { recursive: true })
    expect(await readAstroRoutes(join(root, 'dist/client'), root)).toBeNull()
  })
})
