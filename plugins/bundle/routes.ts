import type { Logger, MetricInput } from '../../core/model/types.js'
import { PerfgateError, toIdPath } from '../../core/toolkit/index.js'
import { subsetBreakdown } from './breakdowns.js'
import { sizeMetrics, sumSizes } from './metrics.js'
import type { Compression } from './options.js'
import { readAstroRoutes } from './routes-astro.js'
import { readNuxtRoutes } from './routes-nuxt.js'
import { readReactRouterRoutes } from './routes-react-router.js'
import { readSvelteKitRoutes } from './routes-sveltekit.js'
import type { AssetSize, ViteBundleData } from './types.js'

/** One chunk of Vite's `.vite/manifest.json` (`build.manifest`), keyed by source path or `_<file>`. */
export interface ViteManifestChunk {
  file: string
  src?: string
  name?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
  assets?: string[]
}

export type ViteManifest = Record<string, ViteManifestChunk>

/** A route and the manifest keys a first load of it starts from. */
export interface RouteEntries {
  /** The framework's route id: `/`, `/blog/[slug]`, `/(app)/settings`. */
  route: string
  entries: string[]
}

/** What a framework reader finds: its route manifest (`source`), Vite's client manifest and each page route's entries. */
export interface FrameworkRoutes {
  framework: RouteFramework
  source: string
  manifest: ViteManifest
  routes: RouteEntries[]
}

/** One route's first-load files, as paths in the measured folder. */
export interface RouteFiles {
  route: string
  /** The metric segment(s): `index`, `blog/_slug_`. */
  key: string
  js: string[]
  css: string[]
}

export const FRAMEWORKS = ['sveltekit', 'nuxt', 'react-router', 'astro'] as const
export type RouteFramework = (typeof FRAMEWORKS)[number]
export type RoutesOption = 'auto' | false | RouteFramework

/** Each framework's build output that holds its routes, and the build that writes it. */
const BUILD_OUTPUT: Record<RouteFramework, [string, string]> = {
  sveltekit: ['SvelteKit build output (.svelte-kit/output)', 'vite build'],
  nuxt: ['Nuxt build output (.nuxt/dist)', 'nuxt build'],
  'react-router': ['React Router build output (assets/manifest-<hash>.js)', 'react-router build'],
  astro: [
    'Astro build (_astro/ with HTML pages, or with dist/server beside it; an astro.config.* or astro dependency in the working folder)',
    'astro build',
  ],
}

/** Each framework's reader: its routes, or null when its build output is not there. */
const READERS: Record<RouteFramework, (dir: string, cwd: string) => Promise<FrameworkRoutes | null>> = {
  sveltekit: readSvelteKitRoutes,
  nuxt: readNuxtRoutes,
  'react-router': readReactRouterRoutes,
  astro: readAstroRoutes,
}

/**
 * The framework's routes with their first-load files, or null when there are none to read (`false`, or
 * `auto` and no framework's build output found). A framework named in the option must be there.
 */
export async function readRoutes(
  option: RoutesOption,
  dir: string,
  cwd: string,
  assets: AssetSize[],
  logger: Logger,
): Promise<RouteFiles[] | null> {
  if (option === false) return null
  let found: FrameworkRoutes | null = null
  for (const framework of option === 'auto' ? FRAMEWORKS : [option]) {
    found = await READERS[framework](dir, cwd)
    if (found) break
  }
  if (!found) {
    if (option === 'auto') return null
    const [output, build] = BUILD_OUTPUT[option]
    throw new PerfgateError(
      'USAGE',
      `bundlePlugin: \`routes: '${option}'\` but no ${output} was found in ${dir} or a folder above it up to ${cwd}.`,
      {
        hint: `Build the app first (\`${build}\`), or set \`routes: false\`.`,
      },
    )
  }
  const files = new Set(assets.map((a) => a.file))
  const routes = routeFiles(found)
  const missing = routes.flatMap((r) => [...r.js, ...r.css]).find((f) => !files.has(f))
  if (missing !== undefined) {
    // Another build's manifest, or `dir` is not the client output: sizes would be of the wrong files.
    logger.warn(
      `No per-route sizes: ${found.source} names ${missing}, which is not in ${dir}. Point \`dir\` at the client output of the same build (for SvelteKit: build/client with adapter-node, build with adapter-static, else .svelte-kit/output/client; for Nuxt: .output/public; for React Router: build/client), or build again.`,
    )
    return null
  }
  logger.debug(`Per-route sizes of ${routes.length} ${found.framework} route(s) from ${found.source}.`)
  return routes
}

/**
 * Each route's first-load JS and CSS: its entries' files plus every static import, transitively, and the
 * CSS of each of those. `dynamicImports` are lazy and stay out.
 */
export function routeFiles(found: FrameworkRoutes): RouteFiles[] {
  const keys = routeKeys(found.routes.map((r) => r.route))
  return found.routes
    .map((r, i) => {
      const { js, css } = closure(found.manifest, r.entries)
      return { route: r.route, key: keys[i], js: [...js], css: [...css] }
    })
    .sort((a, b) => a.key.localeCompare(b.key))
}

export function closure(manifest: ViteManifest, entries: string[]): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>()
  const css = new Set<string>()
  const seen = new Set<string>()
  const queue = [...entries]
  while (queue.length > 0) {
    const key = queue.shift() as string
    if (seen.has(key)) continue
    seen.add(key)
    const chunk = manifest[key]
    if (!chunk) continue
    if (/\.css$/i.test(chunk.file)) css.add(chunk.file)
    else js.add(chunk.file)
    for (const file of chunk.css ?? []) css.add(file)
    queue.push(...(chunk.imports ?? []))
  }
  return { js, css }
}

/**
 * Metric segments for route ids, stable and readable: groups `(name)` dropped (they are not in the URL),
 * `[slug]` → `_slug_` (ids allow only `[a-z0-9._-]`), `/` → `index`. Two routes that would share a key
 * get `-2`, `-3` in the order of their ids.
 */
export function routeKeys(routes: string[]): string[] {
  const base = routes.map((route) => {
    const path = route
      .split('/')
      .filter((s) => !/^\(.*\)$/.test(s))
      .join('/')
    return toIdPath(path) || 'index'
  })
  const order = routes.map((_, i) => i).sort((a, b) => (routes[a] < routes[b] ? -1 : 1))
  const taken = new Set<string>()
  const keys: string[] = []
  for (const i of order) {
    let key = base[i]
    for (let n = 2; taken.has(key); n++) key = `${base[i]}-${n}`
    taken.add(key)
    keys[i] = key
  }
  return keys
}

/** `bundle/route/<key>/initial-{js,css}/{raw,gzip,brotli}`: gated in the chosen compression, as the site-wide ones. */
export function routeMetrics(
  routes: RouteFiles[],
  assets: AssetSize[],
  compression: Compression,
  vite: ViteBundleData | null,
): MetricInput[] {
  const byFile = new Map(assets.map((a) => [a.file, a]))
  return routes.flatMap((r) => {
    const js = r.js.flatMap((f) => byFile.get(f) ?? [])
    const css = r.css.flatMap((f) => byFile.get(f) ?? [])
    const prefix = `bundle/route/${r.key}`
    return [
      ...sizeMetrics(
        `${prefix}/initial-js`,
        `Initial JavaScript of ${r.route}`,
        sumSizes(js),
        compression,
        subsetBreakdown(js, vite),
      ),
      ...sizeMetrics(
        `${prefix}/initial-css`,
        `Initial CSS of ${r.route}`,
        sumSizes(css),
        compression,
        subsetBreakdown(css, vite),
      ),
    ]
  })
}

/** The files any route loads first: the site-wide initial JS and CSS of a build without HTML entries. */
export function routeInitialFiles(routes: RouteFiles[]): Set<string> {
  return new Set(routes.flatMap((r) => [...r.js, ...r.css]))
}
