import { cpSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { PerfgateError } from '../../../core/toolkit/index.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { routeFiles } from '../../../plugins/bundle/routes.js'
import { pageRoute, readAstroRoutes } from '../../../plugins/bundle/routes-astro.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { createTestContext } from './helpers.js'

// A real static Astro build (lucasKoyama/astro-tutorial, Astro 4.3.5, a Preact island with client:load on
// `/`): six of its pages and every `_astro` file as built, and what Chromium downloaded on a first load
// of each page (see the fixture's README).

const browser = JSON.parse(
  readFileSync(join(fixture('astro-tutorial'), 'browser-first-load.json'), 'utf8'),
) as Record<string, Record<string, number>>

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** The fixture in a temp folder as the build wrote it: `built/` back to `dist/`, `.txt` names restored. */
function site(): string {
  const temp = tempDir('perfgate-astro-')
  cleanups.push(temp.cleanup)
  cpSync(fixture('astro-tutorial'), temp.dir, { recursive: true })
  // Kept as `built/` in the repository: its .gitignore leaves fixtures' `dist/` out.
  renameSync(join(temp.dir, 'built'), join(temp.dir, 'dist'))
  const restore = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name)
      if (e.isDirectory()) restore(path)
      else if (e.name.endsWith('.txt')) renameSync(path, path.slice(0, -'.txt'.length))
    }
  }
  restore(join(temp.dir, 'dist'))
  renameSync(join(temp.dir, 'astro.config.mjs.txt'), join(temp.dir, 'astro.config.mjs'))
  return temp.dir
}

async function read(root: string) {
  const found = await readAstroRoutes(join(root, 'dist'), root)
  if (!found) throw new Error('no Astro build found')
  return routeFiles(found)
}

describe('readAstroRoutes (a real static Astro build)', () => {
  it('finds a route per HTML page with id-safe keys', async () => {
    const routes = await read(site())
    expect(routes.map((r) => [r.route, r.key])).toEqual([
      ['/404', '404'],
      ['/about', 'about'],
      ['/', 'index'],
      ['/learn-astro/pages/document', 'learn-astro/pages/document'],
      ['/learn-astro/pages/markdown', 'learn-astro/pages/markdown'],
      ['/tags/learning in public', expect.stringMatching(/^tags\/learning[a-z0-9._-]+public$/)],
    ])
    expect(pageRoute('about.html')).toBe('/about')
    expect(pageRoute('blog/index.html')).toBe('/blog')
  })

  it('counts, for each page, exactly the JS and CSS files Chromium downloads on a first load', async () => {
    const routes = await read(site())
    expect(routes).toHaveLength(Object.keys(browser).length)
    for (const r of routes) {
      const downloaded = Object.keys(browser[r.route] ?? {})
      expect([...r.js].sort(), r.route).toEqual(downloaded.filter((f) => f.endsWith('.js')).sort())
      expect([...r.css].sort(), r.route).toEqual(downloaded.filter((f) => f.endsWith('.css')).sort())
    }
  })

  it("counts a client:load island's component, its renderer and their static imports; client:idle and client:only too; a client:visible one stays out", async () => {
    const root = site()
    const index = (await read(root)).find((r) => r.route === '/')
    const islandOnly = [
      '_astro/Greeting.0G4x7omX.js',
      '_astro/client.5wFXtxsr.js',
      '_astro/preact.module.nRdpJdZK.js',
    ]
    expect(index?.js).toEqual(expect.arrayContaining([...islandOnly, '_astro/hooks.module.fuNvVxED.js']))
    // signals.module is imported by `import()` only: lazy.
    expect(index?.js).not.toContain('_astro/signals.module.pYoptIw5.js')

    const html = join(root, 'dist/index.html')
    const built = readFileSync(html, 'utf8')
    for (const eager of ['idle', 'only']) {
      writeFileSync(html, built.replace('client="load"', `client="${eager}"`))
      const route = (await read(root)).find((r) => r.route === '/')
      expect(route?.js, eager).toEqual(expect.arrayContaining(islandOnly))
    }
    writeFileSync(html, built.replace('client="load"', 'client="visible"'))
    const visible = (await read(root)).find((r) => r.route === '/')
    for (const file of islandOnly) expect(visible?.js).not.toContain(file)
    expect(visible?.js).toContain('_astro/hoisted.HxU9T4Qn.js')
  })

  it('is null without an Astro project or without _astro/', async () => {
    const root = site()
    expect(await readAstroRoutes(join(root, 'dist'), join(root, 'dist'))).toBeNull()
    rmSync(join(root, 'dist/_astro'), { recursive: true })
    expect(await readAstroRoutes(join(root, 'dist'), root)).toBeNull()
  })

  it("gives the bundle plugin per-route metrics with routes: 'auto', and names the build when routes: 'astro' finds none", async () => {
    const root = site()
    const { ctx, cleanup } = createTestContext(root)
    cleanups.push(cleanup)
    const raw = await bundlePlugin({ dir: 'dist', images: { analyze: false } }).collect(ctx)
    const output = validatePluginOutput('perfgate:bundle', raw)
    const sum = (route: string) =>
      Object.entries(browser[route])
        .filter(([f]) => f.endsWith('.js'))
        .reduce((total, [, n]) => total + n, 0)
    expect(output.metrics?.find((m) => m.id === 'bundle/route/index/initial-js/raw')?.value).toBe(sum('/'))
    expect(output.metrics?.find((m) => m.id === 'bundle/route/about/initial-js/raw')?.value).toBe(
      sum('/about'),
    )

    rmSync(join(root, 'dist/_astro'), { recursive: true })
    const error = await Promise.resolve()
      .then(() => bundlePlugin({ dir: 'dist', routes: 'astro', images: { analyze: false } }).collect(ctx))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PerfgateError)
    expect((error as PerfgateError).message).toMatch(
      /Astro build \(_astro\/ with HTML pages, or with dist\/server beside it/,
    )
  })
})
