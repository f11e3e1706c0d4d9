import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import type { AstNode } from '../../core/toolkit/ast.js'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import type { FrameworkRoutes, RouteEntries, ViteManifest, ViteManifestChunk } from './routes.js'

// Nuxt's own record of its client build (Nuxt 3 and 4 on Vite):
// - `.nuxt/dist/server/client.manifest.mjs` (older 3.x: `client.manifest.json`): Vite's client manifest
//   normalised by vue-bundle-renderer, keyed by source path relative to srcDir (`pages/index.vue`;
//   the entry `node_modules/nuxt/dist/app/entry.js`, `../node_modules/…` in Nuxt 4's `app/`), files relative to
//   `app.buildAssetsDir` (`_nuxt/`). Nuxt's renderer preloads from it what the server rendered.
// - Routes come from the `pages/` files, as Nuxt makes them: `pages/blog/[slug].vue` is `/blog/[slug]`,
//   `pages/parent.vue` wraps `pages/parent/*.vue`. Every page is a dynamic entry of Nuxt's entry chunk,
//   as is every layout: a first load runs the entry, then imports the route's layout, parents and page.

const BUILD_DIRS = ['.nuxt', join('node_modules', '.cache', 'nuxt', '.nuxt')]
const MANIFESTS = ['client.manifest.mjs', 'client.manifest.json']

/** The Nuxt root (holding `.nuxt/dist/server`): the measured folder or one above it, up to the config's folder. */
export function findNuxtRoot(dir: string, cwd: string): { root: string; server: string } | null {
  const candidates: string[] = [cwd]
  for (let d = dir; ; d = dirname(d)) {
    candidates.unshift(d)
    if (d === cwd || dirname(d) === d || relative(cwd, d).startsWith('..')) break
  }
  for (const root of candidates)
    for (const build of BUILD_DIRS) {
      const server = join(root, build, 'dist', 'server')
      if (existsSync(server)) return { root, server }
    }
  return null
}

export async function readNuxtRoutes(dir: string, cwd: string): Promise<FrameworkRoutes | null> {
  const found = findNuxtRoot(dir, cwd)
  if (!found) return null
  const file = MANIFESTS.map((f) => join(found.server, f)).find((f) => existsSync(f))
  if (!file)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `Nuxt's build output in ${found.server} lacks client.manifest.mjs, so per-route sizes cannot be read.`,
      { hint: 'Run the whole Nuxt build again (`nuxt build`), or set `routes: false` in bundlePlugin().' },
    )
  const raw = await parseNuxtManifest(await readFile(file, 'utf8'), file)
  const prefix = assetsPrefix(dir, raw)
  const manifest = withPrefix(raw, prefix)
  const srcDir = sourceDir(found.root, Object.keys(raw))
  const routes = nuxtRouteEntries(manifest, (key) => readSource(join(srcDir, key)))
  return { framework: 'nuxt', source: file, manifest, routes }
}

/** The client manifest: JSON, or an ES module whose default export is an object literal (read, never run). */
export async function parseNuxtManifest(code: string, file: string): Promise<ViteManifest> {
  const fail = (why: string, cause?: unknown) =>
    new PerfgateError('PLUGIN_FAILED', `Cannot read Nuxt's client manifest ${file}: ${why}`, {
      cause,
      hint: 'Build the app again; if it persists, set `routes: false` in bundlePlugin() and report the Nuxt version.',
    })
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(code) as ViteManifest
    } catch (error) {
      throw fail(errorMessage(error), error)
    }
  }
  let program: AstNode
  try {
    const { parse } = await import('acorn')
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AstNode
  } catch (error) {
    throw fail(errorMessage(error), error)
  }
  const exported = (program.body as AstNode[]).find((n) => n.type === 'ExportDefaultDeclaration')
  const value = exported && literal(exported.declaration as AstNode)
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw fail('its default export is not an object literal (this Nuxt version writes it differently).')
  return value as ViteManifest
}

const NOT_LITERAL = Symbol('not a literal')

/** The value of a literal expression (objects, arrays, strings, numbers, `!0`/`!1`); NOT_LITERAL for code. */
function literal(node: AstNode): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value
    case 'UnaryExpression': {
      const arg = literal(node.argument as AstNode)
      if (arg === NOT_LITERAL) return NOT_LITERAL
      if (node.operator === '!') return !arg
      if (node.operator === 'void') return undefined
      if (node.operator === '-' && typeof arg === 'number') return -arg
      return NOT_LITERAL
    }
    case 'ArrayExpression':
      return (node.elements as Array<AstNode | null>).map((e) => (e ? literal(e) : undefined))
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {}
      for (const p of node.properties as AstNode[]) {
        if (p.type !== 'Property' || p.computed) return NOT_LITERAL
        const key = p.key as AstNode
        const name = key.type === 'Identifier' ? (key.name as string) : String(key.value)
        const value = literal(p.value as AstNode)
        if (value === NOT_LITERAL) return NOT_LITERAL
        out[name] = value
      }
      return out
    }
    default:
      return NOT_LITERAL
  }
}

/**
 * Where the manifest's files are in the measured folder: `_nuxt/` (`app.buildAssetsDir`, under
 * `app.baseURL`'s folder when the output is laid out so), found by the entry's file.
 */
function assetsPrefix(dir: string, manifest: ViteManifest): string {
  const entry = Object.values(manifest).find((c) => c.isEntry)
  if (!entry) return '_nuxt/'
  if (existsSync(join(dir, '_nuxt', entry.file))) return '_nuxt/'
  let files: string[] = []
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  } catch {
    return '_nuxt/'
  }
  const match = files.map((f) => f.split('\\').join('/')).find((f) => f.endsWith(`/${entry.file}`))
  return match ? match.slice(0, -entry.file.length) : '_nuxt/'
}

function withPrefix(manifest: ViteManifest, prefix: string): ViteManifest {
  const out: ViteManifest = {}
  for (const [key, chunk] of Object.entries(manifest)) {
    const c: ViteManifestChunk = { ...chunk, file: prefix + chunk.file }
    if (chunk.css) c.css = chunk.css.map((f) => prefix + f)
    out[key] = c
  }
  return out
}

/**
 * The folder the manifest's keys are relative to: Vite's root, Nuxt's `srcDir` (the root in Nuxt 3,
 * `app/` in Nuxt 4, where the entry's key is `../node_modules/…`): the first that holds its pages.
 */
function sourceDir(root: string, keys: string[]): string {
  const pages = keys.filter((k) => PAGE.test(k) && !k.includes('node_modules/'))
  const candidates = [root, join(root, 'app'), join(root, 'src')]
  return candidates.find((dir) => pages.some((k) => existsSync(join(dir, k)))) ?? root
}

function readSource(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

const PAGE = /^(?<root>(?:[^/]+\/)*?)pages\/(?<path>.+)\.(?:vue|tsx|jsx|ts|js|mjs)$/
const LAYOUT = /^(?:[^/]+\/)*?layouts\/(?<path>.+)\.(?:vue|tsx|jsx|ts|js|mjs)$/

/**
 * Each page route's manifest keys: Nuxt's entry, the route's layout, its parent pages and its page.
 * `source` gives a page's code (for `definePageMeta({ layout })` and `<NuxtLayout name>`), null if gone.
 */
export function nuxtRouteEntries(
  manifest: ViteManifest,
  source: (key: string) => string | null,
): RouteEntries[] {
  const keys = Object.keys(manifest).filter((k) => !k.includes('node_modules/'))
  const entries = Object.entries(manifest)
    .filter(([, c]) => c.isEntry)
    .map(([k]) => k)
  const pages = keys.flatMap((key) => {
    const m = PAGE.exec(key)
    return m?.groups && manifest[key].isDynamicEntry
      ? [{ key, root: m.groups.root, path: m.groups.path }]
      : []
  })
  // The app's own pages folder: the shallowest (`pages/`, `app/pages/`, `src/pages/`), not a component's.
  const root = pages.map((p) => p.root).sort((a, b) => a.length - b.length)[0]
  const own = pages.filter((p) => p.root === root)
  const layouts = new Map<string, string>()
  for (const key of keys) {
    const m = LAYOUT.exec(key)
    if (m?.groups && key.startsWith(root ?? '')) layouts.set(layoutName(m.groups.path), key)
  }
  // A page file's path without suffixes: `blog/[slug]`, `index`, `parent`.
  const byPath = new Map(own.map((p) => [p.path.replace(/\.(client|server)$/, ''), p.key]))
  // An app without pages (`app.vue` alone) has one route, its entry (app.vue is in it).
  if (byPath.size === 0) return entries.length > 0 ? [{ route: '/', entries }] : []
  // Pages get their layout from `<NuxtLayout>` around `<NuxtPage>` in app.vue (Nuxt's own app.vue, without one).
  const app = source(`${root}app.vue`)
  const wrapped = app === null || /<NuxtLayout\b|<nuxt-layout\b/.test(app)
  const routes: RouteEntries[] = []
  for (const [path, key] of byPath) {
    // A parent (`parent.vue` beside `parent/`) is its own route only without an index child.
    if ([...byPath.keys()].some((p) => p.startsWith(`${path}/`)) && byPath.has(`${path}/index`)) continue
    const segments = path.split('/')
    const parents = segments
      .slice(0, -1)
      .map((_, i) => byPath.get(segments.slice(0, i + 1).join('/')))
      .filter((k): k is string => k !== undefined)
    const chain = [...parents, key]
    routes.push({
      route: `/${segments.filter((s, i) => !(s === 'index' && i === segments.length - 1)).join('/')}`,
      entries: [...entries, ...routeLayouts(chain, layouts, source, wrapped), ...chain],
    })
  }
  return routes
}

/** `layouts/admin/panel.vue` is Nuxt's `admin-panel`; `layouts/admin/index.vue` is `admin`. */
function layoutName(path: string): string {
  return path
    .replace(/(^|\/)index$/, '')
    .split('/')
    .join('-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
}

/**
 * The layouts a route renders: when app.vue wraps pages in `<NuxtLayout>`, the one its page (or a parent)
 * names in `definePageMeta`, else `default` when there is one, none with `layout: false`. A page's own
 * `<NuxtLayout name="x">` renders x too.
 */
function routeLayouts(
  chain: string[],
  layouts: Map<string, string>,
  source: (key: string) => string | null,
  wrapped: boolean,
) {
  let chosen: string | false = 'default'
  const named = new Set<string>()
  for (const key of chain) {
    const code = source(key)
    if (!code) continue
    const meta = /definePageMeta\s*\(\s*\{[^)]*?\blayout\s*:\s*(?:(false)|['"`]([\w-]+)['"`])/.exec(code)
    if (meta) chosen = meta[1] ? false : meta[2]
    for (const m of code.matchAll(/<NuxtLayout\b[^>]*?\sname\s*=\s*["']([\w-]+)["']/g)) named.add(m[1])
  }
  if (chosen && wrapped) named.add(chosen)
  return [...named].flatMap((name) => layouts.get(name) ?? [])
}
