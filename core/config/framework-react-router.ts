import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { type AstNode, keyName } from '../toolkit/ast.js'
import type { FrameworkFacts } from './frameworks.js'
import { binaryCommand, type PackageJson, type PackageManager } from './project.js'

// React Router 7 in framework mode (formerly Remix): `react-router build` writes the browser's files to
// `<buildDirectory>/client` and, unless `ssr: false`, a server build that `react-router-serve` runs.
// Read from the project's files alone (init runs before any build): react-router.config.* with a few
// patterns, and app/routes.ts parsed (never run) for pages without parameters.

const CONFIGS = [
  'react-router.config.ts',
  'react-router.config.js',
  'react-router.config.mjs',
  'react-router.config.mts',
]
const ROUTE_FILES = ['routes.ts', 'routes.tsx', 'routes.mts', 'routes.js', 'routes.jsx', 'routes.mjs']

export function reactRouterFacts(
  cwd: string,
  pkg: PackageJson | null,
  manager: PackageManager,
): FrameworkFacts | null {
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies }
  const configFile = CONFIGS.find((f) => existsSync(join(cwd, f))) ?? null
  if (!deps['@react-router/dev'] && !configFile) return null
  const config = configFile ? readFileSync(join(cwd, configFile), 'utf8') : ''
  const build = option(config, 'buildDirectory', 'build')
  const appDir = option(config, 'appDirectory', 'app')
  const basename = option(config, 'basename', '/').replace(/^\/*/, '/').replace(/\/*$/, '')
  const spa = /\bssr\s*:\s*false\b/.test(config)
  const prerender = /\bprerender\s*:/.test(config)
  const clientDir = `${build}/client`
  const where = `${spa ? `ssr: false${prerender ? ', prerender' : ''}` : 'server rendering'} in ${configFile ?? 'package.json'}`
  const found = reactRouterPages(join(cwd, appDir))
  // A static build without prerendered pages is one index.html: only `/` is there to serve.
  // react-router-serve serves the app under its basename; perfgate's static server serves the folder at `/`.
  const prefix = spa ? '' : basename
  const pages = (spa && !prerender ? ['/'] : found)
    .slice(0, 3)
    .map((p) => (p === '/' ? `${prefix}/` : `${prefix}${p}`))
  const base = {
    name: 'react-router' as const,
    description: `React Router (${where})`,
    clientDir,
    pages,
  }
  if (spa) return { ...base, serve: { staticDistDir: clientDir } }
  // react-router-serve listens on HOST and PORT (PORT is set by perfgate); without HOST, on every interface.
  const command = `HOST=127.0.0.1 ${binaryCommand(manager, 'react-router-serve')} ./${build}/server/index.js`
  return { ...base, serve: { startServerCommand: command } }
}

/** URL paths of the page routes without parameters, `/` first, then by depth: from app/routes.ts, else app/routes/ file names. */
export function reactRouterPages(appDir: string): string[] {
  const routesFile = ROUTE_FILES.map((f) => join(appDir, f)).find((f) => existsSync(f))
  let paths: string[] = []
  if (routesFile) {
    const program = parseTs(readFileSync(routesFile, 'utf8'))
    if (program) paths = configPaths(program, appDir)
  } else {
    // Without app/routes.ts React Router 7 has no routes; Remix-era apps name them by file.
    paths = flatRoutePaths(join(appDir, 'routes'))
  }
  return sortPaths([...new Set(paths)])
}

/** routes.ts as an ESTree syntax tree (TypeScript through @babel/parser), or null when it does not parse. */
function parseTs(code: string): AstNode | null {
  try {
    // Synchronously: init's project reading is synchronous; @babel/parser is CommonJS.
    const babel = createRequire(import.meta.url)('@babel/parser') as typeof import('@babel/parser')
    const file = babel.parse(code, { sourceType: 'module', plugins: ['typescript', 'estree', 'jsx'] })
    return file.program as unknown as AstNode
  } catch {
    return null
  }
}

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'AwaitExpression',
])
const unwrap = (node: AstNode): AstNode =>
  WRAPPERS.has(node.type) ? unwrap((node.expression ?? node.argument) as AstNode) : node
const stringOf = (node: AstNode | undefined): string | undefined =>
  node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined

/**
 * The pages the default export declares: `index()`, `route(path, file, children?)`, `layout(file,
 * children)`, `...prefix(path, children)`, `{ path, index, children }` objects and `flatRoutes()`.
 * Only what is written literally counts; paths with `:param`, `*` or `?` are left out.
 */
function configPaths(program: AstNode, appDir: string): string[] {
  const body = program.body as AstNode[]
  const declared = new Map<string, AstNode>()
  for (const statement of body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? (statement.declaration as AstNode) : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const d of declaration.declarations as AstNode[])
      if ((d.id as AstNode).type === 'Identifier' && d.init)
        declared.set((d.id as AstNode).name as string, d.init as AstNode)
  }
  const exported = body.find((s) => s.type === 'ExportDefaultDeclaration')?.declaration as AstNode | undefined
  if (!exported) return []
  const paths: string[] = []
  const resolve = (node: AstNode, depth = 0): AstNode => {
    const n = unwrap(node)
    return n.type === 'Identifier' && declared.has(n.name as string) && depth < 5
      ? resolve(declared.get(n.name as string) as AstNode, depth + 1)
      : n
  }
  const visitList = (node: AstNode, prefix: string[]): void => {
    const list = resolve(node)
    const elements = list.type === 'ArrayExpression' ? (list.elements as Array<AstNode | null>) : [list]
    for (const element of elements) if (element) visitEntry(element, prefix)
  }
  const visitEntry = (node: AstNode, prefix: string[]): void => {
    const n = resolve(node.type === 'SpreadElement' ? (node.argument as AstNode) : node)
    if (n.type === 'ArrayExpression') visitList(n, prefix)
    else if (n.type === 'ObjectExpression') visitObject(n, prefix)
    if (n.type !== 'CallExpression') return
    const callee = n.callee as AstNode
    const name = callee.type === 'Identifier' ? (callee.name as string) : undefined
    const args = (n.arguments as AstNode[]).map((a) => resolve(a))
    if (name === 'index') paths.push(urlPath(prefix))
    else if (name === 'layout' && args[1]) visitList(args[1], prefix)
    else if (name === 'prefix' && args[1]) {
      const path = stringOf(args[0])
      if (path !== undefined) visitList(args[1], [...prefix, path])
    } else if (name === 'route') {
      const path = stringOf(args[0])
      if (path === undefined) return
      const children = args.slice(2).find((a) => a.type === 'ArrayExpression')
      if (children) visitList(children, [...prefix, path])
      else paths.push(urlPath([...prefix, path]))
    } else if (name === 'flatRoutes') {
      const options = args[0]?.type === 'ObjectExpression' ? args[0] : undefined
      const rootDirectory = options && stringOf(propertyOf(options, 'rootDirectory'))
      for (const p of flatRoutePaths(join(appDir, rootDirectory ?? 'routes')))
        paths.push(urlPath([...prefix, p]))
    }
  }
  const visitObject = (node: AstNode, prefix: string[]): void => {
    const path = stringOf(propertyOf(node, 'path'))
    const children = propertyOf(node, 'children')
    const segments = path === undefined ? prefix : [...prefix, path]
    if (children) visitList(children, segments)
    else if (path !== undefined || (propertyOf(node, 'index') as AstNode | undefined)?.value === true)
      paths.push(urlPath(segments))
  }
  visitList(exported, [])
  return paths.filter((p) => !/[:*?]/.test(p))
}

function propertyOf(object: AstNode, name: string): AstNode | undefined {
  const found = (object.properties as AstNode[]).find((p) => p.type === 'Property' && keyName(p) === name)
  return found?.value as AstNode | undefined
}

function urlPath(segments: string[]): string {
  return `/${segments
    .flatMap((s) => s.split('/'))
    .filter(Boolean)
    .join('/')}`
}

const MODULE = /\.(tsx|ts|jsx|js|mdx|md)$/

/**
 * URL paths of `@react-router/fs-routes` (Remix v2 flat routes) under a routes folder: `about.tsx` →
 * `/about`, `blog._index.tsx` → `/blog`, `_auth.login.tsx` → `/login` (pathless `_` layouts),
 * `blog_.new.tsx` → `/blog/new`, `about/route.tsx` (folder routes); `$param`, `$` and `(optional)`
 * are left out, and so are modules without a default export (resource routes: nothing renders).
 */
export function flatRoutePaths(routesDir: string): string[] {
  let entries: Dirent[]
  try {
    entries = readdirSync(routesDir, { withFileTypes: true })
  } catch {
    return []
  }
  const paths: string[] = []
  for (const e of entries) {
    let name: string | undefined
    let file: string | undefined
    if (e.isFile() && MODULE.test(e.name) && !/\.(test|spec)\.[^.]+$/.test(e.name)) {
      name = e.name.replace(MODULE, '')
      file = join(routesDir, e.name)
    } else if (e.isDirectory()) {
      const route = readdirSync(join(routesDir, e.name)).find((f) =>
        /^route\.(tsx|ts|jsx|js|mdx|md)$/.test(f),
      )
      if (route) {
        name = e.name
        file = join(routesDir, e.name, route)
      }
    }
    if (!name || !file) continue
    const path = flatRoutePath(name)
    if (path === null) continue
    if (!/\.mdx?$/.test(file) && !/\bexport\s+default\b/.test(readFileSync(file, 'utf8'))) continue
    paths.push(path)
  }
  return paths
}

/** `blog._index` → `/blog`; null for a route with parameters or optional segments. */
export function flatRoutePath(name: string): string | null {
  // Dots inside `[…]` are literal (`[sitemap.xml]`), not separators.
  const segments = name.match(/(?:\[[^\]]*\]|[^.])+/g) ?? []
  const out: string[] = []
  for (const [i, raw] of segments.entries()) {
    if (raw.startsWith('$') || raw.startsWith('(')) return null
    if (raw === '_index' && i === segments.length - 1) continue
    if (raw.startsWith('_')) continue
    out.push(raw.replace(/_$/, '').replace(/\[([^\]]*)\]/g, '$1'))
  }
  return `/${out.join('/')}`
}

function sortPaths(paths: string[]): string[] {
  const depth = (p: string) => (p === '/' ? 0 : p.split('/').length - 1)
  return paths.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))
}

/** A string option of the config (`buildDirectory: 'dist'`), else the default. */
function option(config: string, name: string, fallback: string): string {
  const match = new RegExp(`\\b${name}\\s*:\\s*['"\`]([^'"\`]*)['"\`]`).exec(config)
  const value = (match?.[1] ?? fallback).replace(/^\.\//, '')
  return name === 'basename' ? value : value.replace(/\/+$/, '') || fallback
}
