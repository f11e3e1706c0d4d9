import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { type AstNode, findAst, keyName } from '../../core/toolkit/ast.js'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import type { FrameworkRoutes, RouteEntries, ViteManifest, ViteManifestChunk } from './routes.js'

// React Router 7 (framework mode, formerly Remix) writes its own record of the browser's files:
// `build/client/assets/manifest-<hash>.js`, `window.__reactRouterManifest={entry:{module,imports,css},
// routes:{<id>:{id,parentId,path,index,module,imports,css,clientLoaderModule,…}},url,version}`, each
// route's `imports` already the transitive static imports of its module (from Vite's manifest, which the
// build then deletes). A first load of a URL (`<Scripts>`, `<Links>`) fetches the entry module and its
// imports, then for each matched route from the root down to the leaf its module, split client modules
// and imports, and its css. The manifest file itself is fetched only when lazy route discovery is off
// (`ssr: false`, or `routeDiscovery: { mode: 'initial' }`): otherwise the server inlines the matched part.

/** What the browser manifest declares, as far as a first load needs it. */
export interface ReactRouterManifest {
  entry: { module: string; imports: string[]; css: string[] }
  routes: ReactRouterRoute[]
  /** The manifest file's own URL (`/assets/manifest-1a2b3c4d.js`). */
  url: string | null
}

export interface ReactRouterRoute {
  id: string
  parentId?: string
  path?: string
  index?: boolean
  /** False for a resource route (no component): nothing renders, nothing loads in a browser. */
  hasDefaultExport?: boolean
  /** The route module and, with `v8_splitRouteModules`, its split client modules. */
  modules: string[]
  imports: string[]
  css: string[]
}

const MANIFEST_FILE = /^manifest-[0-9a-f]+\.js$/i
const SPLIT_MODULES = [
  'clientActionModule',
  'clientLoaderModule',
  'clientMiddlewareModule',
  'hydrateFallbackModule',
] as const

export async function readReactRouterRoutes(dir: string, cwd: string): Promise<FrameworkRoutes | null> {
  const file = await findManifestFile(dir)
  if (!file) return null
  const declared = await parseReactRouterManifest(await readText(file), file)
  if (!declared.url)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `React Router's browser manifest ${relative(cwd, file) || file} has no \`url\`: this React Router version writes it differently, so its files cannot be found in ${dir}.`,
      { hint: 'Set `routes: false` in bundlePlugin() and report the React Router version.' },
    )
  const { toFile, webRoot } = urlToFile(declared.url, relative(dir, file).split(sep).join('/'))
  const withManifest = await loadsManifestFile(join(dir, webRoot), dir)
  for (const route of declared.routes)
    route.css = [...new Set([...route.css, ...(await linkedStylesheets(route.modules, toFile, dir))])]
  const { manifest, routes } = routeEntries(declared, toFile, withManifest, file)
  // Cast until routes.ts widens `FrameworkRoutes.framework` to include 'react-router'.
  return { framework: 'react-router', source: file, manifest, routes }
}

/**
 * The newest `manifest-<hash>.js` that is React Router's (a leftover of an older build may sit beside
 * it), in `dir` or a folder in it (`assets/`, any `build.assetsDir`), or in `dir/client/*` when `dir` is
 * the whole build folder: not deeper, so a large static site costs a readdir per top-level folder.
 */
async function findManifestFile(dir: string): Promise<string | null> {
  const list = (folder: string): Dirent[] => {
    try {
      return readdirSync(folder, { withFileTypes: true })
    } catch {
      return []
    }
  }
  const subfolders = (folder: string) =>
    list(folder)
      .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
      .map((e) => join(folder, e.name))
  const found = [dir, ...subfolders(dir), ...subfolders(join(dir, 'client'))].flatMap((folder) =>
    list(folder)
      .filter((e) => e.isFile() && MANIFEST_FILE.test(e.name))
      .map((e) => join(folder, e.name)),
  )
  const ours: Array<{ file: string; mtime: number }> = []
  for (const file of found) {
    const head = (await readText(file)).slice(0, 200)
    if (/__reactRouterManifest\s*=/.test(head)) ours.push({ file, mtime: statSync(file).mtimeMs })
  }
  ours.sort((a, b) => b.mtime - a.mtime || a.file.localeCompare(b.file))
  return ours[0]?.file ?? null
}

/** Reads `manifest-<hash>.js` with acorn (not by running it): the object assigned to `window.__reactRouterManifest`. */
export async function parseReactRouterManifest(code: string, file: string): Promise<ReactRouterManifest> {
  let value: unknown
  try {
    // Lazily: acorn is needed only for a framework build.
    const { parse } = await import('acorn')
    value = manifestLiteral(
      parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AstNode,
    )
  } catch (error) {
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `Cannot parse React Router's browser manifest ${file}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Build the app again (`react-router build`); if it persists, set `routes: false` in bundlePlugin() and report the React Router version.',
      },
    )
  }
  const object = value as {
    entry?: Record<string, unknown>
    routes?: Record<string, Record<string, unknown>>
  }
  const entry = object?.entry
  if (!entry || typeof entry.module !== 'string' || !object.routes || typeof object.routes !== 'object')
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `React Router's browser manifest ${file} has no ${entry ? '`routes`' : '`entry.module`'}: this React Router version writes it differently.`,
      { hint: 'Set `routes: false` in bundlePlugin() and report the React Router version.' },
    )
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
  const routes = Object.entries(object.routes).map(([id, r]) => ({
    id: typeof r.id === 'string' ? r.id : id,
    parentId: typeof r.parentId === 'string' ? r.parentId : undefined,
    path: typeof r.path === 'string' ? r.path : undefined,
    index: r.index === true,
    hasDefaultExport: typeof r.hasDefaultExport === 'boolean' ? r.hasDefaultExport : undefined,
    modules: [r.module, ...SPLIT_MODULES.map((k) => r[k])].filter((m): m is string => typeof m === 'string'),
    imports: strings(r.imports),
    css: strings(r.css),
  }))
  return {
    entry: { module: entry.module, imports: strings(entry.imports), css: strings(entry.css) },
    routes,
    url: typeof (value as { url?: unknown }).url === 'string' ? (value as { url: string }).url : null,
  }
}

/** The literal assigned to `window.__reactRouterManifest`, as a plain value. */
function manifestLiteral(program: AstNode): unknown {
  const assigned = findAst(program, (node) => {
    if (node.type !== 'AssignmentExpression') return undefined
    const left = node.left as AstNode
    const property = left.type === 'MemberExpression' ? (left.property as AstNode) : undefined
    return property?.type === 'Identifier' && property.name === '__reactRouterManifest'
      ? (node.right as AstNode)
      : undefined
  })
  if (!assigned) throw new Error('no `window.__reactRouterManifest = {…}` assignment')
  return literalValue(assigned)
}

/** A JSON-like literal (objects, arrays, strings, numbers, booleans, null, `void 0`) as a value. */
function literalValue(node: AstNode): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value
    case 'ArrayExpression':
      return (node.elements as Array<AstNode | null>).map((e) => (e ? literalValue(e) : undefined))
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {}
      for (const p of node.properties as AstNode[]) {
        const name = p.type === 'Property' ? keyName(p) : undefined
        if (name !== undefined) out[name] = literalValue(p.value as AstNode)
      }
      return out
    }
    case 'UnaryExpression':
      if (node.operator === 'void') return undefined
      if (node.operator === '-' && (node.argument as AstNode).type === 'Literal')
        return -((node.argument as AstNode).value as number)
      if (node.operator === '!') return !literalValue(node.argument as AstNode)
      return undefined
    case 'TemplateLiteral':
      return (node.quasis as AstNode[]).length === 1
        ? ((node.quasis as AstNode[])[0].value as { cooked: string }).cooked
        : undefined
    default:
      return undefined
  }
}

/**
 * URL → file under the measured folder. The manifest's own URL and where its file is tell the public
 * path (`/`, `/app/`, a CDN origin) and where the web root is in `dir` (`dir` itself, or `client/` when
 * `dir` is the whole build folder). Undefined for a URL outside the public path.
 */
export function urlToFile(
  manifestUrl: string,
  manifestFile: string,
): { toFile: (url: string) => string | undefined; webRoot: string } {
  const urlParts = manifestUrl.split('/')
  const fileParts = manifestFile.split('/')
  let common = 0
  while (
    common < Math.min(urlParts.length, fileParts.length) &&
    urlParts[urlParts.length - 1 - common] === fileParts[fileParts.length - 1 - common]
  )
    common++
  const urlPrefix = urlParts.slice(0, urlParts.length - common).join('/')
  const filePrefix = fileParts.slice(0, fileParts.length - common).join('/')
  const toFile = (url: string) => {
    const path = url.split(/[?#]/)[0]
    if (urlPrefix !== '' && !path.startsWith(`${urlPrefix}/`)) return undefined
    const rest = path.slice(urlPrefix.length).replace(/^\/+/, '')
    return decodeURI(filePrefix ? `${filePrefix}/${rest}` : rest)
  }
  return { toFile, webRoot: filePrefix }
}

/**
 * Whether a first load fetches the manifest file: not with lazy route discovery on a server (the
 * default), which inlines the matched routes. Read from the server build beside the client folder
 * (`const ssr = …`, `const routeDiscovery = …`); none there means a static (`ssr: false`) build.
 */
async function loadsManifestFile(webRoot: string, dir: string): Promise<boolean> {
  // The server build sits beside the client folder (`build/server`, `build/client`).
  const candidates = [join(dirname(webRoot), 'server'), join(dirname(dir), 'server')]
  for (const server of candidates) {
    const build = serverBuildFile(server)
    if (!build) continue
    const code = await readText(build)
    if (/\bconst\s+ssr\s*=\s*false\b/.test(code)) return true
    const discovery = /\bconst\s+routeDiscovery\s*=\s*\{[^}]*["']?mode["']?\s*:\s*["'](\w+)["']/.exec(
      code,
    )?.[1]
    return discovery === 'initial'
  }
  return true
}

/** `server/index.js`, or the first server bundle's (`serverBundles`, presets: `server/<bundle>/index.js`). */
function serverBuildFile(server: string): string | null {
  if (existsSync(join(server, 'index.js'))) return join(server, 'index.js')
  try {
    for (const e of readdirSync(server, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)))
      if (e.isDirectory() && existsSync(join(server, e.name, 'index.js')))
        return join(server, e.name, 'index.js')
  } catch {
    // No server folder.
  }
  return null
}

/** URL pattern of a route: its ancestors' paths joined (`/blog/:slug`, `/`, `/*`). */
function routePattern(route: ReactRouterRoute, byId: Map<string, ReactRouterRoute>): string {
  const segments: string[] = []
  for (let r: ReactRouterRoute | undefined = route; r; r = r.parentId ? byId.get(r.parentId) : undefined)
    if (r.path) segments.unshift(r.path.replace(/^\/+|\/+$/g, ''))
  return `/${segments.filter(Boolean).join('/')}`
}

/**
 * The routes as a Vite-manifest-shaped graph for `closure()`: a chunk per file (key = its path in the
 * measured folder), `entry` (entry module, imports, css), a `route:<id>` chunk per route, and each page
 * route's entries: `entry`, the manifest file when it is fetched, then its routes from the root down.
 */
function routeEntries(
  declared: ReactRouterManifest,
  toFile: (url: string) => string | undefined,
  withManifest: boolean,
  source: string,
): { manifest: ViteManifest; routes: RouteEntries[] } {
  const manifest: ViteManifest = {}
  const files = (urls: string[]) =>
    urls.flatMap((url) => {
      const file = toFile(url)
      // Another origin's file (a URL outside the public path): not in this build, not counted.
      if (file === undefined) return []
      manifest[file] ??= { file }
      return [file]
    })
  const chunk = (modules: string[], imports: string[], css: string[]): ViteManifestChunk | null => {
    const [main, ...rest] = files(modules)
    if (main === undefined) return null
    return { file: main, imports: [...rest, ...files(imports)], css: files(css) }
  }
  const entry = chunk([declared.entry.module], declared.entry.imports, declared.entry.css)
  if (!entry)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `React Router's browser manifest ${source} names its entry ${declared.entry.module}, outside the public path of the manifest's own URL (${declared.url}).`,
      { hint: 'Build the app again (`react-router build`), or set `routes: false` in bundlePlugin().' },
    )
  manifest.entry = entry
  const entries = ['entry']
  if (withManifest && declared.url) entries.push(...files([declared.url]))
  const byId = new Map(declared.routes.map((r) => [r.id, r]))
  const parents = new Set(declared.routes.flatMap((r) => (r.parentId ? [r.parentId] : [])))
  for (const r of declared.routes) {
    const c = chunk(r.modules, r.imports, r.css)
    if (c) manifest[`route:${r.id}`] = c
  }
  const seen = new Set<string>()
  const routes: RouteEntries[] = []
  for (const r of declared.routes) {
    // A page: a leaf with a path or index and a component (layouts count in their children's loads).
    if (parents.has(r.id) || (r.path === undefined && !r.index) || r.hasDefaultExport === false) continue
    const pattern = routePattern(r, byId)
    // Two routes with one URL pattern: React Router matches the first declared, the other never loads.
    if (seen.has(pattern)) continue
    seen.add(pattern)
    const chain: string[] = []
    for (let c: ReactRouterRoute | undefined = r; c; c = c.parentId ? byId.get(c.parentId) : undefined)
      chain.unshift(`route:${c.id}`)
    routes.push({ route: pattern, entries: [...entries, ...chain] })
  }
  return { manifest, routes }
}

/**
 * Stylesheets a route adds through its `links()` export (`import href from './app.css?url'`), which React
 * Router knows only by running the module: Vite writes each such URL into the module as a string
 * (`"/assets/app-1a2b3c.css"`). A CSS URL of this build written in the route's own module counts as
 * linked by it.
 */
async function linkedStylesheets(
  modules: string[],
  toFile: (url: string) => string | undefined,
  dir: string,
): Promise<string[]> {
  const urls: string[] = []
  for (const url of modules) {
    const file = toFile(url)
    if (file === undefined || !existsSync(join(dir, file))) continue
    const code = await readText(join(dir, file))
    for (const match of code.matchAll(/["'`](\/[^"'`\s]+\.css)["'`]/g)) {
      const css = toFile(match[1])
      if (css !== undefined && existsSync(join(dir, css))) urls.push(match[1])
    }
  }
  return urls
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new PerfgateError('PLUGIN_FAILED', `Cannot read ${file}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'Run the build again so the file is complete.',
    })
  }
}
