import { existsSync, readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EAGER_HYDRATION, importGraph } from './astro-islands.js'
import { listFiles } from './files.js'
import { htmlEntryReferences, resolveReference } from './initial.js'
import type { FrameworkRoutes, RouteEntries } from './routes.js'
import { astroServerDir, readAstroServerPages } from './routes-astro-server.js'

// A static Astro build (`output: 'static'`, the default) is `dist/` with an HTML file per page and the
// browser's files in `dist/_astro/` (`build.assets`). Astro writes no route manifest for it (and keeps no
// Vite manifest), so each page's HTML is its route record: its `<script src>`, modulepreloads and
// stylesheets, plus its islands. An island is `<astro-island component-url renderer-url client="…">`,
// whose script Astro's inline loader imports: at once for `client:load` and `client:only`, at the first
// idle moment for `client:idle` (both before any interaction); `client:visible` and `client:media` wait
// for a scroll or a media query, like a lazy import, and stay out. Static imports are read from the built
// JS with es-module-lexer, as for the site-wide initial files.

const ASTRO_CONFIGS = [
  'astro.config.mjs',
  'astro.config.ts',
  'astro.config.js',
  'astro.config.mts',
  'astro.config.cjs',
]
const ISLAND_URLS = ['component-url', 'renderer-url', 'before-hydration-url']

/**
 * The routes of an Astro build whose browser files are in `dir`, or null when `dir` is not one: it needs
 * Astro's `_astro/` folder, an `astro.config.*` or an `astro` dependency in `cwd`, and at least one HTML
 * page (a static build) or the server build beside it (`output: 'server'`: routes-astro-server.ts).
 */
export async function readAstroRoutes(dir: string, cwd: string): Promise<FrameworkRoutes | null> {
  if (!isDir(join(dir, '_astro')) || !isAstroProject(cwd)) return null
  const list = await listFiles(dir)
  const files = new Set(list)
  const server = astroServerDir(dir)
  if (server) {
    const { manifest, pages, source } = await readAstroServerPages(dir, server, files, cwd)
    return { framework: 'astro', source: `${source} (server build)`, manifest, routes: pages }
  }
  const pages = list.filter((f) => /\.html$/i.test(f))
  if (pages.length === 0) return null
  const routes: RouteEntries[] = []
  for (const page of pages) {
    const html = await readFile(join(dir, page), 'utf8')
    const entries = [
      ...(await htmlEntryReferences(html, page, files)),
      ...(await islandScripts(html, page, files)),
    ]
    routes.push({ route: pageRoute(page), entries: [...new Set(entries)] })
  }
  // Every file a page names becomes a manifest chunk with its static imports, so `closure()` follows them.
  const manifest = await importGraph(
    dir,
    routes.flatMap((r) => r.entries),
    files,
  )
  return { framework: 'astro', source: `${dir} (HTML pages)`, manifest, routes }
}

/** The URL path an HTML file serves: `index.html` → `/`, `about/index.html` and `about.html` → `/about`. */
export function pageRoute(page: string): string {
  const path = page.replace(/\.html$/i, '').replace(/(^|\/)index$/, '')
  return `/${path}`
}

/** The scripts of a page's islands that load before any interaction (`client:load`, `client:idle`, `client:only`). */
export async function islandScripts(html: string, page: string, files: Set<string>): Promise<string[]> {
  const out: string[] = []
  for (const { tag, attributes } of await htmlIslands(html)) {
    if (tag !== 'astro-island' || !EAGER_HYDRATION.has((attributes.client ?? '').trim())) continue
    for (const name of ISLAND_URLS) {
      const url = attributes[name]
      const path = url ? resolveReference(url, page, files) : null
      if (path) out.push(path)
    }
  }
  return out
}

/** Every `<astro-island>`'s attributes outside `<template>` and `<noscript>`, by the parser the HTML references use. */
async function htmlIslands(
  html: string,
): Promise<Array<{ tag: string; attributes: Record<string, string> }>> {
  const { Parser } = await import('htmlparser2')
  const out: Array<{ tag: string; attributes: Record<string, string> }> = []
  let inert = 0
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'template' || name === 'noscript') inert++
      else if (inert === 0 && name === 'astro-island') out.push({ tag: name, attributes })
    },
    onclosetag(name) {
      if ((name === 'template' || name === 'noscript') && inert > 0) inert--
    },
  })
  parser.end(html)
  return out
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function isAstroProject(cwd: string): boolean {
  if (ASTRO_CONFIGS.some((f) => existsSync(join(cwd, f)))) return true
  try {
    const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as Record<string, unknown>
    const deps = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) } as Record<
      string,
      unknown
    >
    return 'astro' in deps
  } catch {
    return false
  }
}
