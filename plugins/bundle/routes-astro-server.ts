import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, extname, isAbsolute, join } from 'node:path'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import { EAGER_HYDRATION, type Island, importGraph, islandReader } from './astro-islands.js'
import type { ViteManifest } from './routes.js'

// An Astro server build (`output: 'server'` or `'hybrid'`, an adapter) has the browser's files in
// `dist/client` and no HTML for the pages it renders on request. Its route manifest,
// `dist/server/manifest_<hash>.mjs` (the object Astro's `deserializeManifest(…)` gets, JSON as written),
// names each page's scripts and stylesheets and, in `entryModules`, the browser file each island
// component and renderer was built to. Which islands a page renders is in its server chunk: every
// `renderComponent(…, { "client:component-path": …, "client:component-hydration": "load" })` of the page
// module and the server modules it imports (its layouts and components). They are read with a parser,
// never run: an island rendered only under a condition is counted as if rendered.

/** A renderer's browser entry in `entryModules`: `@astrojs/preact/client.js`, `@astrojs/react/client-v17.js`. */
const RENDERER = /^@astrojs\/([a-z-]+)\/client(?:-v\d+)?\.js$/

/** The renderers whose components a file extension names, for a site with more than one. */
const BY_EXTENSION: Record<string, string[]> = {
  '.vue': ['vue'],
  '.svelte': ['svelte'],
  '.jsx': ['react', 'preact', 'solid-js'],
  '.tsx': ['react', 'preact', 'solid-js'],
}

interface AstroManifest {
  base?: string
  routes: Array<{
    routeData: { route: string; type: string; component: string }
    scripts?: Array<{ type: string; value?: string }>
    styles?: Array<{ type: string; src?: string }>
  }>
  entryModules: Record<string, string>
}

export interface AstroServerPage {
  route: string
  /** Browser files (paths in the client folder) the page names or its eager islands load. */
  entries: string[]
}

/** The server folder of an Astro server build whose client folder is `dir`, or null. */
export function astroServerDir(dir: string): string | null {
  const server = join(dir, '..', 'server')
  return existsSync(join(server, 'entry.mjs')) && manifestFile(server) ? server : null
}

function manifestFile(server: string): string | null {
  try {
    return readdirSync(server).find((f) => /^manifest_.*\.mjs$/.test(f)) ?? null
  } catch {
    return null
  }
}

/**
 * Each page route of the server build with the browser files a first load of it fetches up front (its
 * scripts, stylesheets and eager islands' component and renderer), and the static imports of those files
 * as manifest chunks. `files`: the client folder's files; `cwd`: the project (an island's source file).
 */
export async function readAstroServerPages(
  dir: string,
  server: string,
  files: Set<string>,
  cwd: string,
): Promise<{ manifest: ViteManifest; pages: AstroServerPage[]; source: string }> {
  const source = join(server, manifestFile(server) as string)
  let astro: AstroManifest
  try {
    astro = await readManifest(source)
  } catch (error) {
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `Cannot read Astro's route manifest ${source}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Build the site again (`astro build`); if it persists, set `routes: false` in bundlePlugin() and report the Astro version.',
      },
    )
  }
  // `base: '/docs'` or `'/docs/'`: URLs are `/docs/_astro/…`.
  const base = (astro.base ?? '/').replace(/\/?$/, '/')
  const client = (file: string | undefined) => {
    if (!file) return null
    const path = file.startsWith(base) ? file.slice(base.length) : file.replace(/^\//, '')
    return files.has(path) ? path : null
  }
  const renderers = Object.entries(astro.entryModules).flatMap(([key, file]) => {
    const name = RENDERER.exec(key)?.[1]
    const path = client(file)
    return name && path ? [{ name, path }] : []
  })
  const beforeHydration = client(astro.entryModules['astro:scripts/before-hydration.js'])
  const islandsOf = islandReader(server)
  const pages: AstroServerPage[] = []
  for (const { routeData, scripts = [], styles = [] } of astro.routes) {
    if (routeData.type !== 'page') continue
    // An `.html` page is sent as written: Astro injects none of the scripts and styles it lists for it.
    if (routeData.component.endsWith('.html')) {
      pages.push({ route: routeData.route, entries: [] })
      continue
    }
    const entries = [
      ...scripts.map((s) => (s.type === 'external' ? client(s.value) : null)),
      ...styles.map((s) => (s.type === 'external' ? client(s.src) : null)),
    ].filter((f): f is string => f !== null)
    // Astro 4.x names a page's server entry `\0@astro-page:src/pages/index@_@astro` (earlier, its path).
    const chunk =
      astro.entryModules[`\0@astro-page:${routeData.component.replace(/\.(\w+)$/, '@_@$1')}`] ??
      astro.entryModules[`/${routeData.component}`]
    const islands = chunk ? (await islandsOf(chunk)).filter((i) => EAGER_HYDRATION.has(i.hydration)) : []
    for (const island of islands) {
      const component = client(astro.entryModules[island.path])
      if (!component) continue
      entries.push(component)
      const renderer = rendererOf(island, renderers, cwd)
      if (renderer) entries.push(renderer)
      if (beforeHydration) entries.push(beforeHydration)
    }
    pages.push({ route: routeData.route, entries: [...new Set(entries)] })
  }
  return {
    manifest: await importGraph(
      dir,
      pages.flatMap((p) => p.entries),
      files,
    ),
    pages,
    source,
  }
}

/**
 * The object literal `deserializeManifest(…)` is called with, parsed as the JSON Astro wrote it as. The
 * module is most of Astro's runtime: only the call's argument is parsed (with acorn, to find its end).
 */
async function readManifest(file: string): Promise<AstroManifest> {
  const text = await readFile(file, 'utf8')
  const call = /\bdeserializeManifest\(\s*\{/g
  // The first match is the function's own declaration in some versions; the call has an object literal.
  const { parseExpressionAt } = await import('acorn')
  for (const match of text.matchAll(call)) {
    const start = match.index + match[0].length - 1
    const literal = parseExpressionAt(text, start, { ecmaVersion: 'latest' })
    if (literal.type !== 'ObjectExpression') continue
    const manifest = JSON.parse(text.slice(literal.start, literal.end)) as AstroManifest
    if (!Array.isArray(manifest.routes) || !manifest.entryModules)
      throw new Error(`${file}: no routes or entryModules`)
    return manifest
  }
  throw new Error(`${file}: no deserializeManifest({ … }) call`)
}

/**
 * The renderer's browser entry an island hydrates with: the one `client:only` names; the site's only
 * renderer; or the one its source file's extension allows. Null when that leaves a choice.
 */
function rendererOf(
  island: Island,
  renderers: Array<{ name: string; path: string }>,
  cwd: string,
): string | null {
  if (island.only)
    return renderers.find((r) => r.name === island.only || r.name === `${island.only}-js`)?.path ?? null
  if (renderers.length === 1) return renderers[0].path
  const source = sourceFile(island.path, cwd)
  const names = source ? (BY_EXTENSION[extname(source)] ?? []) : []
  const matching = renderers.filter((r) => names.includes(r.name))
  return matching.length === 1 ? matching[0].path : null
}

/** The island's source file: Astro writes its path without the extension (`/abs/src/components/Greeting`). */
function sourceFile(path: string, cwd: string): string | null {
  const absolute = isAbsolute(path) && existsSync(dirname(path)) ? path : join(cwd, path)
  if (BY_EXTENSION[extname(absolute)] && existsSync(absolute)) return absolute
  return (
    Object.keys(BY_EXTENSION)
      .map((ext) => `${absolute}${ext}`)
      .find((f) => existsSync(f)) ?? null
  )
}
