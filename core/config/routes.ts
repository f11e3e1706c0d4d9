import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { PackageJson } from './project.js'

// The routes of a Node HTTP server, read from its source: the entry its start script runs (or `main`)
// and the local files it imports, scanned for Express/Koa/Fastify/Hono GET routes (`app.get('/x'`,
// `router.get(`), with the prefixes they are mounted under (`app.use('/api', router)`,
// `register(routes, { prefix: '/api' })`). Text patterns, not a parser: a route written another way is
// missed, never invented.

/** Paths health checks are usually served at. */
export const HEALTH_PATHS = ['/health', '/healthz', '/api/health', '/status', '/ping']

const SOURCE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/
const EXTENSIONS = ['', '.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.js', '/index.mjs']
const MAX_FILES = 60

/** The file a start script runs (`node src/server.js`, `tsx watch src/index.ts`), else `main`, else a usual name. */
export function serverEntry(cwd: string, script: string | undefined, pkg: PackageJson | null): string | null {
  for (const word of (script ?? '').split(/\s+/)) {
    const file = word.replace(/^['"]|['"]$/g, '')
    if (SOURCE.test(file) && isFile(join(cwd, file))) return join(cwd, file)
  }
  const candidates = [
    pkg?.main,
    ...['server', 'app', 'index'].flatMap((n) => [`${n}.js`, `${n}.mjs`, `src/${n}.ts`, `src/${n}.js`]),
  ]
  for (const file of candidates) if (file && isFile(join(cwd, file))) return join(cwd, file)
  return null
}

/** GET routes without parameters, found in `entry` and the local files it imports (transitively). */
export function scanRoutes(entry: string): string[] {
  const routes: string[] = []
  const seen = new Set<string>()
  const queue: Array<{ file: string; prefix: string }> = [{ file: entry, prefix: '' }]
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const { file, prefix } = queue.shift()!
    if (seen.has(file)) continue
    seen.add(file)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    const imports = localImports(text, dirname(file))
    const mounted = mountPrefixes(text, imports)
    for (const match of text.matchAll(/\.(?:get|all)\(\s*(['"`])(\/[^'"`]*)\1/g))
      routes.push(joinPath(prefix, match[2]!))
    for (const target of new Set(imports.values())) {
      const sub = mounted.get(target)
      queue.push({ file: target, prefix: sub === undefined ? prefix : joinPath(prefix, sub) })
    }
  }
  return [...new Set(routes.filter((route) => !/[:*()[\]{}?]/.test(route)))]
}

/** `import x, { y as z } from './x'`, `const x = require('./x')`, `import('./x')`: each name (or the path) → file. */
function localImports(text: string, dir: string): Map<string, string> {
  const found = new Map<string, string>()
  const add = (names: string[], spec: string) => {
    const file = resolveLocal(dir, spec)
    if (file) for (const name of [...names, spec]) found.set(name, file)
  }
  for (const m of text.matchAll(
    /import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+(\w+))?\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  )) {
    // `{ a, b as c }`: the local names are a and c.
    const named = (m[2] ?? '').split(',').map((part) =>
      part
        .trim()
        .split(/\s+as\s+/)
        .pop()!
        .trim(),
    )
    add(
      [m[1], m[3], ...named].filter((name): name is string => Boolean(name)),
      m[4]!,
    )
  }
  for (const m of text.matchAll(
    /(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*=\s*require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  )) {
    const named = (m[2] ?? '').split(',').map((part) =>
      part
        .trim()
        .split(/\s*:\s*/)
        .pop()!
        .trim(),
    )
    add(
      [m[1], ...named].filter((name): name is string => Boolean(name)),
      m[3]!,
    )
  }
  for (const m of text.matchAll(/(?:require|import)\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) add([], m[1]!)
  return found
}

/** `app.use('/api', router)`, `app.use('/api', require('./r'))`, `register(r, { prefix: '/api' })`: file → prefix. */
function mountPrefixes(text: string, imports: Map<string, string>): Map<string, string> {
  const prefixes = new Map<string, string>()
  const mount = (target: string, prefix: string) => {
    const file = imports.get(target)
    if (file) prefixes.set(file, prefix)
  }
  for (const m of text.matchAll(
    /\.(?:use|route)\(\s*['"](\/[^'"]*)['"]\s*,\s*(?:[\w.]+\s*,\s*)*(\w+)\s*[,)]/g,
  ))
    mount(m[2]!, m[1]!)
  for (const m of text.matchAll(/\.use\(\s*['"](\/[^'"]*)['"]\s*,\s*require\(\s*['"](\.{1,2}\/[^'"]+)['"]/g))
    mount(m[2]!, m[1]!)
  for (const m of text.matchAll(/\.register\(\s*(\w+)\s*,\s*\{[^}]*prefix\s*:\s*['"](\/[^'"]*)['"]/g))
    mount(m[1]!, m[2]!)
  return prefixes
}

function resolveLocal(dir: string, spec: string): string | null {
  const base = resolve(dir, spec)
  // TypeScript sources import './x.js' for './x.ts'.
  const bases = /\.[cm]?js$/.test(base) ? [base, base.replace(/\.([cm]?)js$/, '.$1ts')] : [base]
  for (const b of bases)
    for (const ext of EXTENSIONS) if (SOURCE.test(b + ext) && isFile(b + ext)) return b + ext
  return null
}

function joinPath(prefix: string, path: string): string {
  if (!prefix || prefix === '/') return path
  const joined = `${prefix.replace(/\/+$/, '')}${path === '/' ? '' : path}`
  return joined || '/'
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile()
}

/** Paths the scripts name on a local server: `wait-on http://localhost:3000/api/health`, a curl check. */
export function scriptPaths(pkg: PackageJson | null): string[] {
  const paths: string[] = []
  for (const script of Object.values(pkg?.scripts ?? {}))
    for (const m of script.matchAll(
      /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+|:\$\{?PORT\}?)?(\/[^\s'"`;&|)]*)/g,
    ))
      if (m[1] !== '/' && !paths.includes(m[1]!)) paths.push(m[1]!)
  return paths
}
