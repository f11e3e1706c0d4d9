import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, relative, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { PerfgateError } from '../../core/model/errors.js'

export interface StaticServer {
  origin: string
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}
/** Types worth gzipping (images and fonts are already compressed). */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|wasm)|image\/svg)/

/** Throws CONFIG_INVALID (exit 2) naming the folder when it is not a directory. */
export async function checkDistDir(dir: string, option = 'staticDistDir'): Promise<void> {
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory())
    throw new PerfgateError('CONFIG_INVALID', `lighthousePlugin: \`${option}\` ${dir} is not a folder.`, {
      hint: 'Build the app first, or point `staticDistDir` at its output folder (relative to the config file).',
    })
}

/** Serves `root` on 127.0.0.1 at a free port, gzip-compressed like a production host. */
export async function serveStatic(root: string, options: { spa: boolean }): Promise<StaticServer> {
  const base = resolve(root)
  const server = createServer((request, response) => {
    void handle(base, options.spa, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })
  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(0, '127.0.0.1', () => res())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((res) => {
        server.closeAllConnections()
        server.close(() => res())
      }),
  }
}

async function handle(base: string, spa: boolean, request: IncomingMessage, response: ServerResponse) {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
  const file = await findFile(base, pathname, spa)
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    response.end(`Not found: ${pathname}`)
    return
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
  response.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-cache',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  const body = createReadStream(file)
  await (gzip ? pipeline(body, createGzip(), response) : pipeline(body, response))
}

/** The file a path names: itself, its `index.html`, `<path>.html`, or (SPA) the root `index.html`. */
async function findFile(base: string, pathname: string, spa: boolean): Promise<string | null> {
  const target = resolve(base, `.${pathname}`)
  if (target !== base && !target.startsWith(base + sep)) return null
  for (const candidate of [target, join(target, 'index.html'), `${target}.html`]) {
    const info = await stat(candidate).catch(() => null)
    if (info?.isFile()) return candidate
  }
  // Only navigations fall back: a missing asset stays a 404.
  if (spa && extname(pathname) === '') {
    const index = join(base, 'index.html')
    if ((await stat(index).catch(() => null))?.isFile()) return index
  }
  return null
}

const SKIPPED_DIRS = new Set(['node_modules', '.git'])

/**
 * Up to `limit` HTML pages of a built folder as URL paths, shallowest first and `index.html` before its
 * siblings (LHCI audits at most 5 by default).
 */
export async function discoverPages(root: string, limit: number): Promise<string[]> {
  const found: string[] = []
  let level = [resolve(root)]
  while (level.length > 0 && found.length < limit) {
    const next: string[] = []
    for (const dir of level) {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        rank(a.name) === rank(b.name) ? a.name.localeCompare(b.name) : rank(a.name) - rank(b.name),
      )
      for (const entry of entries) {
        const full = join(dir, entry.name)
        if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) next.push(full)
        else if (entry.isFile() && /\.html?$/i.test(entry.name) && found.length < limit)
          found.push(toUrlPath(relative(resolve(root), full)))
      }
    }
    level = next
  }
  return found
}

function rank(name: string): number {
  return name === 'index.html' ? 0 : 1
}

function toUrlPath(file: string): string {
  const path = `/${file.split(sep).join('/')}`
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path
}
