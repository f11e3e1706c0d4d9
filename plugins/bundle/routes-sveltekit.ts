import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { type AstNode, keyName, propertyValue, stringPropertyValue, walkAst } from '../../core/toolkit/ast.js'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import type { FrameworkRoutes, RouteEntries, ViteManifest } from './routes.js'

// SvelteKit's own record of its routes, as its build writes it (kit 2.x):
// - `.svelte-kit/output/client/.vite/manifest.json`: Vite's manifest of the client build (adapters copy
//   the client files elsewhere, `build/client` for adapter-node, but not that folder);
// - `.svelte-kit/output/server/manifest-full.js`: `client: { start, app, … }` (the two entry files every
//   page loads) and `routes: [{ id: '/blog/[slug]', page: { layouts: [0,,2], errors: […], leaf: 5 } }]`,
//   the numbers being nodes, each a client entry `.svelte-kit/generated/client(-optimized)/nodes/<n>.js`.
// A first load runs start + app, then imports the route's layouts and leaf; errors nodes load only on error.

const OUTPUT = join('.svelte-kit', 'output')

/** The folder holding `.svelte-kit/output`: the measured folder or one above it, up to the config's folder. */
export function findSvelteKitRoot(dir: string, cwd: string): string | null {
  const candidates: string[] = [cwd]
  for (let d = dir; ; d = dirname(d)) {
    candidates.unshift(d)
    if (d === cwd || dirname(d) === d || relative(cwd, d).startsWith('..')) break
  }
  return candidates.find((c) => existsSync(join(c, OUTPUT, 'server'))) ?? null
}

export async function readSvelteKitRoutes(dir: string, cwd: string): Promise<FrameworkRoutes | null> {
  const root = findSvelteKitRoot(dir, cwd)
  if (!root) return null
  const server = join(root, OUTPUT, 'server')
  const routeFile = ['manifest-full.js', 'manifest.js'].map((f) => join(server, f)).find((f) => existsSync(f))
  const manifestFile = [
    join(dir, '.vite', 'manifest.json'),
    join(root, OUTPUT, 'client', '.vite', 'manifest.json'),
    // Vite 4 (SvelteKit 1) wrote it at the client output's root.
    join(root, OUTPUT, 'client', 'manifest.json'),
  ].find((f) => existsSync(f))
  if (!routeFile || !manifestFile)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `SvelteKit's build output in ${join(root, OUTPUT)} lacks ${routeFile ? '.vite/manifest.json of the client build' : 'server/manifest-full.js'}, so per-route sizes cannot be read.`,
      {
        hint: 'Run the whole SvelteKit build again (`vite build`), or set `routes: false` in bundlePlugin().',
      },
    )
  const manifest = await readJson<ViteManifest>(manifestFile)
  const declared = await parseSvelteKitManifest(await readFile(routeFile, 'utf8'), routeFile)
  return { framework: 'sveltekit', source: routeFile, manifest, routes: routeEntries(declared, manifest) }
}

/** What `manifest-full.js` declares: the two client entry files and each page route's nodes. */
export interface SvelteKitManifest {
  start: string
  app: string
  routes: Array<{ id: string; nodes: number[] }>
}

/** Reads `manifest-full.js` with acorn (not by running it: it is the project's code). */
export async function parseSvelteKitManifest(code: string, file: string): Promise<SvelteKitManifest> {
  let program: AstNode
  try {
    // Lazily: acorn is needed only for a SvelteKit build.
    const { parse } = await import('acorn')
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AstNode
  } catch (error) {
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `Cannot parse SvelteKit's route manifest ${file}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Build the app again; if it persists, set `routes: false` in bundlePlugin() and report the SvelteKit version.',
      },
    )
  }
  let client: AstNode | undefined
  let routes: AstNode | undefined
  walkAst(program, (node) => {
    if (node.type !== 'Property') return
    const name = keyName(node)
    const value = node.value as AstNode
    if (name === 'client' && value.type === 'ObjectExpression' && !client) client = value
    if (name === 'routes' && value.type === 'ArrayExpression' && !routes) routes = value
  })
  const start = client && stringPropertyValue(client, 'start')
  const app = client && stringPropertyValue(client, 'app')
  if (!start || !app || !routes)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `SvelteKit's route manifest ${file} has no ${!routes ? '`routes` list' : '`client.start`/`client.app` entry'}: this SvelteKit version writes it differently.`,
      { hint: 'Set `routes: false` in bundlePlugin() and report the SvelteKit version.' },
    )
  const out: SvelteKitManifest['routes'] = []
  for (const element of routes.elements as Array<AstNode | null>) {
    if (element?.type !== 'ObjectExpression') continue
    const id = stringPropertyValue(element, 'id')
    const page = propertyValue(element, 'page')
    // Endpoints (`+server.js`) have `page: null`: nothing loads in a browser.
    if (!id || page?.type !== 'ObjectExpression') continue
    const layouts = propertyValue(page, 'layouts')
    const leaf = propertyValue(page, 'leaf')
    const nodes = [
      ...(layouts?.type === 'ArrayExpression' ? (layouts.elements as Array<AstNode | null>) : []),
      leaf,
    ].flatMap((n) => (n?.type === 'Literal' && typeof n.value === 'number' ? [n.value] : []))
    out.push({ id, nodes })
  }
  return { start, app, routes: out }
}

/** Each route's manifest keys: SvelteKit's start and app entries, then its layout and leaf nodes. */
function routeEntries(declared: SvelteKitManifest, manifest: ViteManifest): RouteEntries[] {
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]))
  const nodeKey = new Map<number, string>()
  for (const [key, chunk] of Object.entries(manifest)) {
    const n = /(?:^|\/)\.svelte-kit\/generated\/client(?:-optimized)?\/nodes\/(\d+)\.js$/.exec(
      chunk.src ?? key,
    )
    if (n) nodeKey.set(Number(n[1]), key)
  }
  const entries = [byFile.get(declared.start), byFile.get(declared.app)]
  if (entries.some((e) => e === undefined))
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `SvelteKit's entries (${declared.start}, ${declared.app}) are not in the client build's Vite manifest: the two come from different builds.`,
      { hint: 'Run the whole SvelteKit build again (`vite build`), then perfgate.' },
    )
  return declared.routes.map(({ id, nodes }) => ({
    route: id,
    entries: [
      ...(entries as string[]),
      // A node missing from the manifest is bundled into the app entry (bundleStrategy 'single' or 'inline').
      ...nodes.flatMap((n) => nodeKey.get(n) ?? []),
    ],
  }))
}

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T
  } catch (error) {
    throw new PerfgateError('PLUGIN_FAILED', `Cannot read ${file}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'Run the build again so the file is complete.',
    })
  }
}
